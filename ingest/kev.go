package ingest

import (
	"bytes"
	"context"
	"time"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/stix"
)

// CISA's Known Exploited Vulnerabilities catalog (cisagov/kev-data) is one
// JSON object: catalogVersion, dateReleased, count and the vulnerabilities,
// one entry per CVE. Each entry becomes, created by CISA and marked TLP
// CLEAR:
//
//   - a vulnerability named by the CVE id, unless the store already has
//     one for that CVE (the starter pack has five): the catalog adds to
//     what the store knows of a CVE and never duplicates it;
//   - a note on that vulnerability, the KEV entry itself, whose x_kev_*
//     properties keep every field of the entry. Its id is KEVNoteID(cve),
//     so that a view of the vulnerability finds it.
//
// An entry that breaks the catalog's schema (a required field missing or
// not a string, a malformed CVE id, date or CWE) is reported with its line
// and JSON path, /vulnerabilities/N/field, and left out.

// FormatKEV names the KEV catalog among the import formats.
const FormatKEV = "kev"

// kevCatalogURL is where CISA publishes the catalog.
const kevCatalogURL = "https://www.cisa.gov/known-exploited-vulnerabilities-catalog"

// KEVNoteID returns the id of the note that holds the KEV entry of cve
// (e.g. "CVE-2021-26855").
func KEVNoteID(cve string) string {
	return "note--" + stix.NameUUID(feedNamespace, "kev-note:"+cve)
}

// kevVulnerabilityID returns the id of the vulnerability the catalog makes
// for cve when the store has none.
func kevVulnerabilityID(cve string) string {
	return "vulnerability--" + stix.NameUUID(feedNamespace, "kev-vulnerability:"+cve)
}

// IsKEV reports whether data is a KEV catalog: a JSON object with a
// "catalogVersion" and a "vulnerabilities" member in its first 64 KiB.
func IsKEV(data []byte) bool {
	head := bytes.TrimLeft(data[:min(len(data), 64<<10)], " \t\r\n\ufeff")
	return len(head) > 0 && head[0] == '{' &&
		bytes.Contains(head, []byte(`"catalogVersion"`)) && bytes.Contains(head, []byte(`"vulnerabilities"`))
}

// prepareSource converts src to STIX when it is a KEV catalog or an
// indicator feed, and returns any other source as it is. store, when not
// nil, is asked which CVEs already have a vulnerability.
func prepareSource(ctx context.Context, store accord.Store, src Source, opts Options, now time.Time) (Source, feedReport, error) {
	isKEV := opts.Format == FormatKEV || opts.Format == "" && IsKEV(src.Data)
	if !isKEV {
		return prepareFeed(src, opts, now)
	}
	out := newFeedOut(src.Name, now)
	out.lines = bytes.Count(src.Data, []byte("\n")) + 1
	cat := decodeKEV(out, src.Data)
	if out.fatal != nil {
		return src, feedReport{rejected: out.problems}, out.fatal
	}
	known, err := knownCVEs(ctx, store)
	if err != nil {
		return src, feedReport{}, err
	}
	for _, e := range cat.entries {
		out.addKEV(cat, e, known)
	}
	rep := feedReport{rejected: out.problems, duplicates: len(out.dups)}
	if opts.Strict && len(out.problems) > 0 {
		return src, rep, out.problems
	}
	if len(out.buf) == 0 {
		out.buf = []byte("[]")
	}
	return Source{Name: src.Name, Data: out.buf}, rep, nil
}

// knownCVEs maps each CVE id that a vulnerability in store names (by
// external id or name) to that vulnerability's id, the first one added
// winning. A nil store knows none.
func knownCVEs(ctx context.Context, store accord.Store) (map[string]string, error) {
	known := map[string]string{}
	if store == nil {
		return known, nil
	}
	err := store.Find(ctx, accord.Filter{Types: []string{"vulnerability"}, ExcludeRevoked: true}, func(o *accord.Object) error {
		for _, name := range append([]string{o.Name}, o.ExternalIDs...) {
			if cve := normalCVE(name); cve != "" && known[cve] == "" {
				known[cve] = o.ID
			}
		}
		return nil
	})
	return known, err
}
