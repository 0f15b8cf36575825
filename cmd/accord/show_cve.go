package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/ingest"
	"github.com/accord-cti/accord/stix"
)

// cveView is a vulnerability as the story tells it: who exploited it, from
// when, against the date it was patched, and CISA's KEV entry for it.
type cveView struct {
	CVE         string      `json:"cve"`
	ID          string      `json:"id"`
	Name        string      `json:"name"`
	Description string      `json:"description,omitempty"`
	PatchDate   string      `json:"patch_date,omitempty"` // YYYY-MM-DD, from x_patch_date
	ExploitedBy []exploiter `json:"exploited_by"`
	KEV         *kevEntry   `json:"kev,omitempty"`
	// Others are the other vulnerability objects for the same CVE (from
	// other producers), whose exploiters are merged into ExploitedBy.
	Others []string `json:"other_ids,omitempty"`

	base *view // the primary vulnerability with its other relationships
}

// exploiter is an actor, campaign or malware that exploited the CVE, by one
// relationship.
type exploiter struct {
	ID               string `json:"id"`
	Type             string `json:"type"`
	Name             string `json:"name"`
	ExternalID       string `json:"external_id,omitempty"`
	RelationshipID   string `json:"relationship_id"`
	RelationshipType string `json:"relationship_type"`
	FirstSeen        string `json:"first_seen,omitempty"` // YYYY-MM-DD, the relationship's start_time
	// DaysBeforePatch is how many days before the patch it was first seen
	// (negative: after), when both dates are known.
	DaysBeforePatch *int   `json:"days_before_patch,omitempty"`
	ZeroDay         bool   `json:"zero_day"` // exploited before the patch existed
	Claim           string `json:"claim,omitempty"`
}

// kevEntry is the KEV entry of the CVE, from its note (ingest/kev.go).
type kevEntry struct {
	NoteID            string   `json:"note_id"`
	CatalogVersion    string   `json:"catalog_version"`
	VulnerabilityName string   `json:"vulnerability_name"`
	DateAdded         string   `json:"date_added"`
	DueDate           string   `json:"due_date"`
	RequiredAction    string   `json:"required_action"`
	RansomwareUse     string   `json:"known_ransomware_campaign_use,omitempty"`
	CWEs              []string `json:"cwes,omitempty"`
	Notes             string   `json:"notes,omitempty"`
}

// exploitTypes are the relationship types by which an object exploits a
// vulnerability: STIX 2.1 says "targets"; "exploits" is common elsewhere.
var exploitTypes = []string{"targets", "exploits"}

// exploiterTypes are the types whose targeting of a vulnerability is
// exploitation by someone (an attack pattern's is not).
var exploiterTypes = []string{"intrusion-set", "campaign", "threat-actor", "malware", "tool"}

var cveRef = regexp.MustCompile(`^CVE-[0-9]{4}-[0-9]{4,19}$`)

// cveOf returns ref as a CVE id in upper case, or "" when it is none.
func cveOf(ref string) string {
	ref = strings.ToUpper(strings.TrimSpace(ref))
	if !cveRef.MatchString(ref) {
		return ""
	}
	return ref
}

// newCVEView builds the view of cve from the vulnerabilities that name it,
// the first of which is shown in full.
func newCVEView(ctx context.Context, db accord.Store, cve string, vulns []*accord.Object) (*cveView, error) {
	base, err := newView(ctx, db, vulns[0])
	if err != nil {
		return nil, err
	}
	c := &cveView{CVE: cve, ID: vulns[0].ID, Name: vulns[0].Name, Description: vulns[0].Description, base: base}
	for _, o := range vulns {
		if o.ID != c.ID {
			c.Others = append(c.Others, o.ID)
		}
		raw, err := stix.Parse(o.Raw)
		if err != nil {
			return nil, fmt.Errorf("stored object %s: %w", o.ID, err)
		}
		if d := raw.GetString("x_patch_date"); d != "" && c.PatchDate == "" {
			c.PatchDate = d[:min(10, len(d))]
		}
	}
	for _, o := range vulns {
		if err := c.addExploiters(ctx, db, o.ID); err != nil {
			return nil, err
		}
	}
	c.dropExploitGroups()
	slices.SortFunc(c.ExploitedBy, func(a, b exploiter) int {
		return cmp.Or(cmp.Compare(undated(a), undated(b)), cmp.Compare(a.FirstSeen, b.FirstSeen),
			cmp.Compare(a.Name, b.Name), cmp.Compare(a.RelationshipID, b.RelationshipID))
	})
	switch kev, err := findKEV(ctx, db, cve); {
	case err == nil:
		c.KEV = kev
	case accord.ErrorCode(err) != accord.ENOTFOUND:
		return nil, err
	}
	return c, nil
}

// undated sorts the exploiters with a first date before those without.
func undated(e exploiter) int {
	if e.FirstSeen == "" {
		return 1
	}
	return 0
}

// addExploiters adds who exploits the vulnerability id by its incoming
// relationships.
func (c *cveView) addExploiters(ctx context.Context, db accord.Store, id string) error {
	rels, err := db.Relationships(ctx, id, accord.Incoming)
	if err != nil {
		return err
	}
	for _, r := range rels {
		if r.Revoked || r.TargetRef != id || !slices.Contains(exploitTypes, r.RelationshipType) {
			continue
		}
		src, err := db.Get(ctx, r.SourceRef)
		if accord.ErrorCode(err) == accord.ENOTFOUND {
			continue
		} else if err != nil {
			return err
		}
		if !slices.Contains(exploiterTypes, src.Type) {
			continue
		}
		e, err := c.exploiterOf(ctx, db, r, src)
		if err != nil {
			return err
		}
		c.ExploitedBy = append(c.ExploitedBy, e)
	}
	return nil
}

// exploiterOf reads relationship r from src: its first date, against the
// patch date, and who claims it.
func (c *cveView) exploiterOf(ctx context.Context, db accord.Store, r, src *accord.Object) (exploiter, error) {
	raw, err := stix.Parse(r.Raw)
	if err != nil {
		return exploiter{}, fmt.Errorf("stored object %s: %w", r.ID, err)
	}
	e := exploiter{
		ID: src.ID, Type: src.Type, Name: cmp.Or(src.Name, src.ID), ExternalID: firstOr(src.ExternalIDs, ""),
		RelationshipID: r.ID, RelationshipType: r.RelationshipType, Claim: claim(ctx, db, r),
	}
	if e.ExternalID == e.Name {
		e.ExternalID = ""
	}
	if t := raw.GetString("start_time"); len(t) >= 10 {
		e.FirstSeen = t[:10]
	}
	if b := raw.Get("x_exploited_before_patch"); b != nil && b.Kind == stix.Bool && b.Bool {
		e.ZeroDay = true
	}
	if days, ok := daysBetween(e.FirstSeen, c.PatchDate); ok {
		e.DaysBeforePatch = &days
		e.ZeroDay = days > 0
	}
	return e, nil
}

// daysBetween returns the days from first to patch (YYYY-MM-DD dates),
// false when either is missing or malformed.
func daysBetween(first, patch string) (int, bool) {
	f, err1 := time.Parse(time.DateOnly, first)
	p, err2 := time.Parse(time.DateOnly, patch)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return int(p.Sub(f).Hours() / 24), true
}

// dropExploitGroups leaves out of the base view the relationship groups
// that ExploitedBy shows.
func (c *cveView) dropExploitGroups() {
	c.base.groups = slices.DeleteFunc(c.base.groups, func(g *group) bool {
		for _, rt := range exploitTypes {
			for _, t := range exploiterTypes {
				if g.title == "← "+rt+" from "+t {
					return true
				}
			}
		}
		return false
	})
}

// findKEV returns the KEV entry of cve that a KEV import recorded.
// Codes: ENOTFOUND when the store has none.
func findKEV(ctx context.Context, db accord.Store, cve string) (*kevEntry, error) {
	o, err := db.Get(ctx, ingest.KEVNoteID(cve))
	if err != nil {
		return nil, err
	}
	var n struct {
		CatalogVersion    string   `json:"x_kev_catalog_version"`
		VulnerabilityName string   `json:"x_kev_vulnerability_name"`
		DateAdded         string   `json:"x_kev_date_added"`
		DueDate           string   `json:"x_kev_due_date"`
		RequiredAction    string   `json:"x_kev_required_action"`
		RansomwareUse     string   `json:"x_kev_known_ransomware_campaign_use"`
		CWEs              []string `json:"x_kev_cwes"`
		Notes             string   `json:"x_kev_notes"`
	}
	if err := json.Unmarshal(o.Raw, &n); err != nil {
		return nil, fmt.Errorf("stored object %s: %w", o.ID, err)
	}
	return &kevEntry{NoteID: o.ID, CatalogVersion: n.CatalogVersion, VulnerabilityName: n.VulnerabilityName,
		DateAdded: n.DateAdded, DueDate: n.DueDate, RequiredAction: n.RequiredAction, RansomwareUse: n.RansomwareUse,
		CWEs: n.CWEs, Notes: n.Notes}, nil
}
