package ingest

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/accord-cti/accord/stix"
)

// kevVulnerability is the vulnerability made for a CVE the store lacks.
type kevVulnerability struct {
	Type         string   `json:"type"`
	SpecVersion  string   `json:"spec_version"`
	ID           string   `json:"id"`
	Created      string   `json:"created"`
	Modified     string   `json:"modified"`
	CreatedByRef string   `json:"created_by_ref"`
	Name         string   `json:"name"`
	Description  string   `json:"description,omitempty"`
	ExternalRefs []extRef `json:"external_references"`
	MarkingRefs  []string `json:"object_marking_refs"`
}

// kevNote is the KEV entry of a CVE, a note on its vulnerability.
type kevNote struct {
	Type         string   `json:"type"`
	SpecVersion  string   `json:"spec_version"`
	ID           string   `json:"id"`
	Created      string   `json:"created"`
	Modified     string   `json:"modified"`
	CreatedByRef string   `json:"created_by_ref"`
	Abstract     string   `json:"abstract"`
	Content      string   `json:"content"`
	ObjectRefs   []string `json:"object_refs"`
	ExternalRefs []extRef `json:"external_references"`
	MarkingRefs  []string `json:"object_marking_refs"`

	CatalogVersion    string   `json:"x_kev_catalog_version"`
	CVE               string   `json:"x_kev_cve_id"`
	VendorProject     string   `json:"x_kev_vendor_project"`
	Product           string   `json:"x_kev_product"`
	VulnerabilityName string   `json:"x_kev_vulnerability_name"`
	DateAdded         string   `json:"x_kev_date_added"`
	ShortDescription  string   `json:"x_kev_short_description"`
	RequiredAction    string   `json:"x_kev_required_action"`
	DueDate           string   `json:"x_kev_due_date"`
	RansomwareUse     string   `json:"x_kev_known_ransomware_campaign_use,omitempty"`
	Notes             string   `json:"x_kev_notes,omitempty"`
	CWEs              []string `json:"x_kev_cwes,omitempty"`
}

// addKEV writes the note of entry e and, when known has no vulnerability
// for its CVE, the vulnerability it is about. The note is created when
// CISA added the entry and modified when the catalog was released, so that
// a later catalog that changes an entry adds a version of its note.
func (o *feedOut) addKEV(cat *kevCatalog, e kevEntry, known map[string]string) {
	if _, dup := o.seen[e.CVE]; dup {
		o.dups = append(o.dups, e.line)
		return
	}
	o.seen[e.CVE] = e.line
	added := kevDate(e.DateAdded)
	modified := max(added, cat.released)
	vulnID, objs := known[e.CVE], []any{}
	if vulnID == "" {
		vulnID = kevVulnerabilityID(e.CVE)
		objs = append(objs, &kevVulnerability{
			Type: "vulnerability", SpecVersion: "2.1", ID: vulnID, Created: added, Modified: added,
			CreatedByRef: producerCISA.identityID(), Name: e.CVE, Description: e.ShortDescription,
			ExternalRefs: []extRef{{SourceName: "cve", ExternalID: e.CVE, URL: "https://nvd.nist.gov/vuln/detail/" + e.CVE}},
			MarkingRefs:  []string{stix.TLPClear},
		})
	}
	objs = append(objs, &kevNote{
		Type: "note", SpecVersion: "2.1", ID: KEVNoteID(e.CVE), Created: added, Modified: modified,
		CreatedByRef: producerCISA.identityID(),
		Abstract:     "CISA KEV: " + e.VulnerabilityName,
		Content:      e.ShortDescription + "\n\nRequired action: " + e.RequiredAction + " (due " + e.DueDate + ").",
		ObjectRefs:   []string{vulnID},
		ExternalRefs: []extRef{{SourceName: "cisa-kev", Description: "Known Exploited Vulnerabilities catalog " + cat.version + ", entry " + e.CVE, URL: kevCatalogURL}},
		MarkingRefs:  []string{stix.TLPClear},

		CatalogVersion: cat.version, CVE: e.CVE, VendorProject: e.VendorProject, Product: e.Product,
		VulnerabilityName: e.VulnerabilityName, DateAdded: e.DateAdded, ShortDescription: e.ShortDescription,
		RequiredAction: e.RequiredAction, DueDate: e.DueDate, RansomwareUse: e.RansomwareUse, Notes: e.Notes, CWEs: e.CWEs,
	})
	o.writeKEV(e, objs)
}

// writeKEV checks the objects made from entry e as the STIX decoder will
// and writes them with the marking and identity they refer to, or, when
// one is invalid, writes none and reports it against the entry's line and
// path.
func (o *feedOut) writeKEV(e kevEntry, objs []any) {
	raws := make([][]byte, len(objs))
	for i, v := range objs {
		raw, err := json.Marshal(v)
		msg := ""
		if err != nil {
			msg = err.Error()
		} else {
			msg = checkFeedObject(raw)
		}
		if msg != "" {
			o.problems = append(o.problems, stix.Problem{File: o.name, Line: e.line, Path: "/vulnerabilities/" + strconv.Itoa(e.index), Message: msg})
			return
		}
		raws[i] = raw
	}
	marking, _ := stix.TLPMarkingJSON("clear")
	o.emit(stix.TLPClear, marking)
	o.emitIdentity(producerCISA)
	for _, raw := range raws {
		o.buf = append(append(o.buf, raw...), '\n')
	}
	o.count++
}

// kevDate turns a checked YYYY-MM-DD date into a STIX timestamp.
func kevDate(d string) string {
	t, _ := time.Parse(time.DateOnly, d)
	return stixTime(t)
}
