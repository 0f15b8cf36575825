package main

import (
	"fmt"
	"time"

	"github.com/accord-cti/accord/hunt"
	"github.com/accord-cti/accord/ingest"
	"github.com/accord-cti/accord/sigma"
)

// storedRule is an indicator of the knowledge base whose pattern is a
// Sigma rule.
type storedRule struct {
	id, name, text string
}

// huntRules is the Sigma side of a hunt, as the command builds it.
type huntRules struct {
	sigma *hunt.Sigma
	n     int                    // the rules compiled
	files map[string]*sigma.Rule // the rules of --rules files, by the id of the indicator made for them
}

// huntRules compiles the rules of the --rules paths and those stored as
// indicators (pattern_type sigma) into the Sigma side of a hunt, or nil
// when there are none; placeholders names the file of the values of the
// rules' %placeholders%, or is empty. A rule that does not load or compile
// is said on stderr, with its path (or indicator id) and why; --rules
// paths that give no rule to match are a usage error (exit 2). A rule id
// both stored and in a file is matched once, as the file has it.
func (m *Main) huntRules(stored []storedRule, paths []string, placeholders string) (*huntRules, error) {
	fileRules, _, err := m.loadRules(paths, "rule left out:")
	if err != nil {
		return nil, err
	}
	if len(paths) > 0 && len(fileRules) == 0 {
		return nil, usageErr("hunt: --rules: no Sigma rule loaded from %v", paths)
	}
	hr := &huntRules{files: map[string]*sigma.Rule{}}
	inds := map[*sigma.Rule]*hunt.Indicator{}
	seen := map[string]bool{}
	var all []*sigma.Rule
	for _, r := range fileRules {
		if r.ID != "" && seen[r.ID] {
			continue
		}
		seen[r.ID] = true
		id := ingest.SigmaIndicatorID(r)
		hr.files[id] = r
		inds[r] = &hunt.Indicator{ID: id, Name: r.Title, Pattern: string(r.Text)}
		all = append(all, r)
	}
	all = append(all, m.storedRules(stored, seen, inds)...)
	if len(all) == 0 {
		return nil, nil
	}
	engine, left, fromFiles, err := m.compileRules(all, stored, placeholders)
	if err != nil {
		return nil, err
	}
	if len(paths) > 0 && fromFiles >= len(hr.files) {
		return nil, usageErr("hunt: --rules: no Sigma rule of %v compiles", paths)
	}
	hr.n = len(all) - left
	hr.sigma = hunt.NewSigma(engine, func(r *sigma.Rule) *hunt.Indicator { return inds[r] })
	return hr, nil
}

// compileRules compiles the rules, with the values of the placeholders
// file (when named), saying on stderr which are left out and why; it
// returns how many are, and how many of those came from files (not from
// the stored indicators).
func (m *Main) compileRules(all []*sigma.Rule, stored []storedRule, placeholders string) (e *sigma.Engine, left, fromFiles int, err error) {
	var opts sigma.Options
	if placeholders != "" {
		if opts.Placeholders, err = sigma.LoadPlaceholders(placeholders); err != nil {
			return nil, 0, 0, err
		}
	}
	engine, rejected := sigma.Compile(all, opts)
	storedIDs := map[string]bool{}
	for _, s := range stored {
		storedIDs[s.id] = true
	}
	for _, r := range rejected {
		fmt.Fprintln(m.Stderr, "rule left out:", rejectedText(r))
		if !storedIDs[r.Path] {
			fromFiles++
		}
	}
	return engine, len(rejected), fromFiles, nil
}

// storedRules parses the rules stored as indicators, leaving out those
// whose id seen has (a file gave them) and saying which do not parse.
func (m *Main) storedRules(stored []storedRule, seen map[string]bool, inds map[*sigma.Rule]*hunt.Indicator) []*sigma.Rule {
	var out []*sigma.Rule
	for _, s := range stored {
		rules, err := sigma.Parse(s.id, []byte(s.text))
		if err != nil {
			fmt.Fprintf(m.Stderr, "indicator left out: %s: %v\n", s.id, err)
			continue
		}
		for _, r := range rules {
			if r.ID != "" && seen[r.ID] {
				continue
			}
			seen[r.ID] = true
			inds[r] = &hunt.Indicator{ID: s.id, Name: s.name, Pattern: s.text}
			out = append(out, r)
		}
	}
	return out
}

// ruleIndicators returns the STIX indicators of the --rules rules that
// findings name, for a bundle of sightings of them.
func (hr *huntRules) ruleIndicators(findings []hunt.Finding, now time.Time) []map[string]any {
	if hr == nil {
		return nil
	}
	var out []map[string]any
	done := map[string]bool{}
	for _, f := range findings {
		r, ok := hr.files[f.Indicator.ID]
		if !ok || done[f.Indicator.ID] {
			continue
		}
		done[f.Indicator.ID] = true
		out = append(out, ingest.SigmaIndicator(r, now))
	}
	return out
}
