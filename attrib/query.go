package attrib

import (
	"fmt"
	"slices"
	"strings"

	"github.com/accord-cti/accord"
)

// Evidence kinds, as they appear in results.
const (
	KindTechnique      = "technique"
	KindSoftware       = "software"
	KindVulnerability  = "vulnerability"
	KindIndicator      = "indicator"
	KindInfrastructure = "infrastructure"
	KindSector         = "sector"
	KindCountry        = "country"
	KindUnmatched      = "unmatched"
)

// Query is the evidence of an attribution question, each item a reference
// as a user writes it: an id, an external id (T1190, S0020, CVE-2021-26855),
// a name or an alias. Sectors are STIX industry sectors ("government").
type Query struct {
	Techniques     []string
	Software       []string
	CVEs           []string
	Indicators     []string
	Infrastructure []string
	Sectors        []string
	Countries      []string
	Top            int // candidates to return; 0 means DefaultTop
}

// DefaultTop is how many candidates a query returns unless told.
const DefaultTop = 5

// item is one piece of evidence resolved to a profile feature.
type item struct {
	kind, ref string   // as reported: the kind and the node's label
	feature   string   // profile feature
	alts      []string // other features it stands for, any of which a profile may have
	weight    float64  // directWeight, or derivedWeight for inferred items
	note      string   // how it was inferred, "" when given
}

// resolve turns the query's references into items. A reference that names
// nothing of the right type is an EINVALID error naming it.
func (e *Engine) resolve(q Query) ([]item, error) {
	var items []item
	kinds := []struct {
		refs  []string
		kind  string
		flag  string
		types []string
	}{
		{q.Techniques, KindTechnique, "--technique", []string{"attack-pattern"}},
		{q.Software, KindSoftware, "--software", []string{"malware", "tool"}},
		{q.CVEs, KindVulnerability, "--cve", []string{"vulnerability"}},
		{q.Indicators, KindIndicator, "--indicator", []string{"indicator"}},
		{q.Infrastructure, KindInfrastructure, "--infrastructure", []string{"infrastructure"}},
		{q.Countries, KindCountry, "--country", []string{"location"}},
	}
	for _, k := range kinds {
		for _, ref := range k.refs {
			nodes := e.lookup(ref, k.types...)
			if k.kind == KindCountry {
				nodes = e.countries(ref)
			}
			if len(nodes) == 0 {
				return nil, accord.Errorf(accord.EINVALID, "%s %q: names no %s in the knowledge base", k.flag, ref, strings.Join(k.types, " or "))
			}
			for _, n := range nodes {
				items = e.expand(items, k.kind, n)
			}
		}
	}
	items = chain(items)
	for _, s := range q.Sectors {
		s = strings.ToLower(strings.TrimSpace(s))
		items = append(items, item{kind: KindSector, ref: s, feature: "sector:" + s, weight: directWeight})
	}
	return dedupe(items), nil
}

// expand adds the items node n stands for: itself, the parent of a
// sub-technique, and what an indicator indicates (techniques, software).
func (e *Engine) expand(items []item, kind string, n *node) []item {
	items = append(items, item{kind: kind, ref: n.label(), feature: n.id, weight: directWeight})
	if p := e.g.parent[n.id]; p != "" && kind == KindTechnique {
		items = append(items, item{kind: kind, ref: e.g.nodes[p].label(), feature: p, weight: derivedWeight,
			note: "parent of " + n.extID})
	}
	if kind != KindIndicator {
		return items
	}
	for _, l := range e.g.out[n.id] {
		to := e.g.nodes[l.to]
		if l.typ != "indicates" {
			continue
		}
		switch to.typ {
		case "attack-pattern":
			items = e.expand(items, KindTechnique, to)
		case "malware", "tool":
			items = e.expand(items, KindSoftware, to)
		default:
			continue
		}
		items[len(items)-1].note = "indicated by " + n.label()
	}
	return items
}

// chain merges the vulnerability items into one: CVEs exploited together
// are one exploit chain, one capability, and which of its CVEs a report
// names for a group is an accident of reporting. The chain is had by every
// set known to exploit any of them, so a CVE that many groups exploited
// makes the whole chain weigh little.
func chain(items []item) []item {
	var out []item
	vuln := -1
	for _, it := range items {
		switch {
		case it.kind != KindVulnerability:
			out = append(out, it)
		case vuln < 0:
			vuln = len(out)
			out = append(out, it)
		default:
			out[vuln].ref += " + " + it.ref
			out[vuln].alts = append(out[vuln].alts, it.feature)
		}
	}
	return out
}

// countries returns the locations ref names, by name, alias or ISO code.
func (e *Engine) countries(ref string) []*node {
	out := e.lookup(ref, "location")
	for _, n := range e.g.nodes {
		if n.typ == "location" && n.country != "" && strings.EqualFold(n.country, ref) && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// dedupe keeps the first item of each feature, with the highest weight.
func dedupe(items []item) []item {
	seen := map[string]int{}
	var out []item
	for _, it := range items {
		if i, ok := seen[it.feature]; ok {
			if it.weight > out[i].weight {
				out[i] = it
			}
			continue
		}
		seen[it.feature] = len(out)
		out = append(out, it)
	}
	return out
}

func (it item) String() string { return fmt.Sprintf("%s %s", it.kind, it.ref) }
