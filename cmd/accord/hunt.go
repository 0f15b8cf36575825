package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/hunt"
	"github.com/accord-cti/accord/ingest"
	"github.com/accord-cti/accord/stix"
)

// errFound is the result of a hunt that found something: exit 1.
var errFound = fmt.Errorf("found")

func (m *Main) runHunt(ctx context.Context, args []string) error {
	fs := newFlags("hunt")
	output := fs.String("output", "text", "text; json (one finding per line); or stix (a bundle of the sightings)")
	noRecord := fs.Bool("no-record", false, "do not record the sightings in the knowledge base")
	noCache := fs.Bool("no-index-cache", false, "build the indicators' index afresh, neither using nor writing the prebuilt one kept next to the database")
	org := fs.String("org", m.Getenv("ACCORD_ORG"), "the organisation the sightings are reported by (env ACCORD_ORG)")
	var intel stringList
	fs.Var(&intel, "intel", "also hunt for the indicators in this file: STIX, CSV or a plain list (repeatable)")
	var rules stringList
	fs.Var(&rules, "rules", "also match these Sigma rules: a .yml file or a directory of them (repeatable)")
	placeholders := fs.String("placeholders", "", "the values of the Sigma rules' %placeholders%: a YAML file of name: [values]")
	format := fs.String("format", "", "the logs' format (iis, exchange, zeek, winevent, evtx, jsonl, csv, syslog); detected per file when not given")
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usageErr("hunt: name the log files or directories to sweep")
	}
	if *output != "text" && *output != "json" && *output != "stix" {
		return usageErr("hunt: --output is text, json or stix, not %q", *output)
	}
	if *org == "" {
		host, _ := os.Hostname()
		*org = "accord on " + cmp.Or(host, "this host")
	}
	db, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	engine, sr, n, how, err := m.huntEngine(ctx, db, intel, rules, *placeholders, !*noCache)
	if err != nil {
		return err
	}
	var (
		mu       sync.Mutex
		findings []hunt.Finding
		enc      = json.NewEncoder(m.Stdout)
		bar      = newProgress(m.Stderr, "hunt", "findings")
	)
	opts := hunt.SweepOptions{
		Format: hunt.Format(*format),
		Stdin:  m.Stdin,
		Sigma:  sr.engine(),
		Finding: func(f hunt.Finding) {
			mu.Lock()
			defer mu.Unlock()
			findings = append(findings, f)
			if *output == "json" {
				enc.Encode(findingJSON(f))
			}
		},
		Malformed: func(e *hunt.MalformedError) {
			bar.done() // a message takes the bar's line; the next update draws it again
			fmt.Fprintln(m.Stderr, "malformed:", e)
		},
		Progress: func(done, total int64) {
			mu.Lock()
			n := len(findings)
			mu.Unlock()
			bar.update(int(done), int(total), n)
		},
		Skipped: func(f string, err error) {
			bar.done()
			fmt.Fprintf(m.Stderr, "skipped %s: not a log format accord reads\n", f)
		},
	}
	start := time.Now()
	res, err := hunt.Sweep(ctx, engine, paths, opts)
	bar.done()
	if err != nil {
		return err
	}
	for _, n := range res.Notes {
		fmt.Fprintln(m.Stderr, "note:", n)
	}
	if *output == "text" {
		m.printHunt(ctx, db, findings)
	}
	if len(findings) > 0 && (*output == "stix" || !*noRecord) {
		if err := m.reportSightings(ctx, db, findings, sr, *org, *output == "stix", !*noRecord); err != nil {
			return err
		}
	}
	fmt.Fprintf(m.Stderr, "%d files, %d records, %d malformed lines, %.1f MB in %s; %d indicators (%s), %d Sigma rules; %d findings\n",
		res.Files, res.Records, res.Malformed, float64(res.Bytes)/1e6, time.Since(start).Round(time.Millisecond), n, how, sr.count(), len(findings))
	if len(findings) > 0 {
		return errFound
	}
	return nil
}

// huntEngine builds the engine over the knowledge base's indicators and
// those of the --intel files, and the Sigma rules stored and of the
// --rules paths, and says what it leaves out; n counts the STIX
// indicators. With cache, it maps the prebuilt index instead when that
// was built from the same indicators, and writes it when not; how says
// which it did.
func (m *Main) huntEngine(ctx context.Context, db accord.Store, intel, rulePaths []string, placeholders string, cache bool) (e *hunt.Engine, sr *huntRules, n int, how string, err error) {
	indexPath, key := "", ""
	if cache {
		// The key is read before the indicators: an import in between
		// makes the saved index look older than it is, never newer.
		indexPath, key = m.huntIndexWhere(ctx, db, intel)
	}
	var x *huntIndexExtra
	how = "index from the prebuilt one"
	if indexPath != "" {
		e, x = m.loadHuntIndex(indexPath, key)
	}
	if e == nil {
		if e, x, err = m.buildHuntEngine(ctx, db, intel); err != nil {
			return nil, nil, 0, "", err
		}
		how = "index built"
		if indexPath != "" && m.saveHuntIndex(indexPath, key, e, x) {
			how = "index built and saved"
		}
	}
	if sr, err = m.huntRules(x.Rules, rulePaths, placeholders); err != nil {
		return nil, nil, 0, "", err
	}
	for _, msg := range x.LeftOut {
		fmt.Fprintln(m.Stderr, "indicator left out:", msg)
	}
	// Indicators without an atom run on the records with a value at the
	// paths they compare; say what this version cannot hunt for yet,
	// rather than skip it silently.
	if n := len(e.Unindexed()) - e.MatchUnindexed(); n > 0 {
		fmt.Fprintf(m.Stderr, "%d indicators have nothing an index can look up (an EXISTS, or an observation without one among several) and are not matched yet\n", n)
	}
	return e, sr, x.Count, how, nil
}

// huntIndexWhere returns the path and key of the prebuilt index, or ""
// when there is to be none.
func (m *Main) huntIndexWhere(ctx context.Context, db accord.Store, intel []string) (path, key string) {
	dbPath, err := m.dbPath()
	if err != nil {
		return "", ""
	}
	key, ok, err := huntIndexKey(ctx, db, intel)
	if err != nil {
		fmt.Fprintf(m.Stderr, "note: no prebuilt index: %v\n", err)
	}
	if !ok {
		return "", ""
	}
	return huntIndexPath(dbPath), key
}

// buildHuntEngine loads the indicators of the store and the intel files
// and builds the engine over them.
func (m *Main) buildHuntEngine(ctx context.Context, db accord.Store, intel []string) (*hunt.Engine, *huntIndexExtra, error) {
	inds, stored, err := loadIndicators(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	for _, path := range intel {
		src, err := ingest.Open(path, m.Stdin)
		if err != nil {
			return nil, nil, err
		}
		more, err := hunt.LoadIntel(src.Name, src.Data)
		if err != nil {
			return nil, nil, err
		}
		inds = append(inds, more...)
	}
	engine, errs := hunt.NewEngine(inds)
	x := &huntIndexExtra{Count: len(inds), Rules: stored}
	for _, e := range errs {
		x.LeftOut = append(x.LeftOut, e.Error())
	}
	return engine, x, nil
}

// reportSightings turns the findings into STIX sightings, prints them as a
// bundle and records them in the knowledge base (through the importer, so
// they are validated like any other STIX).
func (m *Main) reportSightings(ctx context.Context, db accord.Store, findings []hunt.Finding, sr *huntRules, org string, print, record bool) error {
	// Indicators from --intel lists are no STIX objects of the knowledge
	// base: their findings are reported, not sighted.
	known := slices.DeleteFunc(slices.Clone(findings), func(f hunt.Finding) bool {
		return !strings.HasPrefix(f.Indicator.ID, "indicator--")
	})
	if n := len(findings) - len(known); n > 0 {
		fmt.Fprintf(m.Stderr, "%d findings of --intel indicators are reported but not recorded as sightings\n", n)
	}
	if len(known) == 0 {
		return nil
	}
	now := time.Now()
	// The sighted rules of --rules files become indicators too.
	objs := append(hunt.Sightings(known, hunt.Reporter{Name: org}, now), sr.ruleIndicators(known, now)...)
	return m.writeSightings(ctx, db, "hunt sightings", objs, org, print, record)
}

// loadIndicators returns the unrevoked indicators with a STIX pattern, and
// those whose pattern is a Sigma rule. It reads the store's text without
// copies (RawOnly) and only the members an indicator needs
// (stix.TopStrings): a knowledge base may hold a million.
func loadIndicators(ctx context.Context, db accord.Store) ([]hunt.Indicator, []storedRule, error) {
	// The indicators go into chunks, joined once at the end: appending a
	// million to one slice copied them five times over (append grows a
	// large slice by a quarter).
	var chunks [][]hunt.Indicator
	inds := make([]hunt.Indicator, 0, 1024)
	var rules []storedRule
	keys := []string{"pattern_type", "pattern_version", "pattern", "name"}
	v := make([]string, len(keys))
	f := accord.Filter{Types: []string{"indicator"}, ExcludeRevoked: true, RawOnly: true}
	err := db.Find(ctx, f, func(o *accord.Object) error {
		if err := stix.TopStrings(o.Raw, keys, v); err != nil {
			return fmt.Errorf("%s: %w", o.ID, err)
		}
		if v[0] == "sigma" {
			rules = append(rules, storedRule{id: strings.Clone(o.ID), name: strings.Clone(v[3]), text: strings.Clone(v[2])})
			return nil
		}
		if v[0] != "stix" {
			return nil
		}
		version := "2.1"
		if strings.HasPrefix(v[1], "2.0") {
			version = "2.0"
		}
		if len(inds) == cap(inds) {
			chunks = append(chunks, inds)
			inds = make([]hunt.Indicator, 0, 2*cap(inds))
		}
		inds = append(inds, hunt.Indicator{ID: strings.Clone(o.ID), Name: strings.Clone(v[3]),
			Pattern: strings.Clone(v[2]), Version: version})
		return nil
	})
	if len(chunks) > 0 {
		inds = slices.Concat(append(chunks, inds)...)
	}
	return inds, rules, err
}

// findingJSON is a finding as one line of --output json; a Sigma rule's
// also names the rule (rule_id, rule_title, level) and, for a
// correlation, the count of its events.
func findingJSON(f hunt.Finding) map[string]any {
	out := map[string]any{
		"indicator_id": f.Indicator.ID, "indicator": f.Indicator.Name, "value": f.Value,
		"path": f.Path, "file": f.File, "line": f.Line,
	}
	if f.Rule != nil {
		out["rule_id"], out["rule_title"], out["level"] = f.Rule.ID, f.Rule.Title, f.Rule.Level
		if f.Count > 0 {
			out["count"] = f.Count
		}
	} else {
		obs, _, _ := strings.Cut(f.Path, ":")
		out["observable_type"] = obs
	}
	if !f.Time.IsZero() {
		out["time"] = f.Time.UTC().Format(time.RFC3339Nano)
	}
	if f.Host != "" {
		out["host"] = f.Host
	}
	return out
}

// printHunt writes the findings grouped by indicator, with what each
// indicator indicates, its counts, first and last seen, hosts and sample
// locations.
func (m *Main) printHunt(ctx context.Context, db accord.Store, findings []hunt.Finding) {
	groups := map[*hunt.Indicator][]hunt.Finding{}
	for _, f := range findings {
		groups[f.Indicator] = append(groups[f.Indicator], f)
	}
	inds := slices.SortedFunc(func(yield func(*hunt.Indicator) bool) {
		for ind := range groups {
			if !yield(ind) {
				return
			}
		}
	}, func(a, b *hunt.Indicator) int { return cmp.Compare(a.Name+a.ID, b.Name+b.ID) })
	for _, ind := range inds {
		fs := groups[ind]
		slices.SortFunc(fs, func(a, b hunt.Finding) int {
			return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
		})
		fmt.Fprintf(m.Stdout, "%s  (%s)\n", cmp.Or(ind.Name, ind.ID), ind.ID)
		if r := fs[0].Rule; r != nil {
			fmt.Fprintf(m.Stdout, "  sigma rule %s, level %s\n", cmp.Or(r.ID, "without id"), cmp.Or(r.Level, "not given"))
		}
		if what := indicates(ctx, db, ind.ID); what != "" {
			fmt.Fprintf(m.Stdout, "  indicates: %s\n", what)
		}
		first, last, hosts := span(fs)
		fmt.Fprintf(m.Stdout, "  %d hits", len(fs))
		if !first.IsZero() {
			fmt.Fprintf(m.Stdout, ", first %s, last %s", first.Format(time.RFC3339), last.Format(time.RFC3339))
		}
		if len(hosts) > 0 {
			fmt.Fprintf(m.Stdout, ", hosts %s", strings.Join(hosts, ", "))
		}
		fmt.Fprintln(m.Stdout)
		for _, f := range fs[:min(len(fs), 5)] {
			fmt.Fprintf(m.Stdout, "    %s  %s = %s\n", place(f), f.Path, truncate(f.Value, 100))
		}
		if len(fs) > 5 {
			fmt.Fprintf(m.Stdout, "    … and %d more\n", len(fs)-5)
		}
		fmt.Fprintln(m.Stdout)
	}
}

// indicates names what an indicator indicates, through its relationships.
func indicates(ctx context.Context, db accord.Store, id string) string {
	rels, err := db.Relationships(ctx, id, accord.Outgoing)
	if err != nil {
		return ""
	}
	var names []string
	for _, r := range rels {
		if r.RelationshipType != "indicates" {
			continue
		}
		if o, err := db.Get(ctx, r.TargetRef); err == nil {
			names = append(names, fmt.Sprintf("%s (%s)", o.Name, o.Type))
		}
	}
	return strings.Join(names, ", ")
}

func span(fs []hunt.Finding) (first, last time.Time, hosts []string) {
	seen := map[string]bool{}
	for _, f := range fs {
		if !f.Time.IsZero() && (first.IsZero() || f.Time.Before(first)) {
			first = f.Time
		}
		if f.Time.After(last) {
			last = f.Time
		}
		if f.Host != "" && !seen[f.Host] {
			seen[f.Host] = true
			hosts = append(hosts, f.Host)
		}
	}
	return first, last, hosts
}

// place is where a finding is: file:line, or "-" for a correlation hit
// that its last event does not place.
func place(f hunt.Finding) string {
	if f.File == "" {
		return "-"
	}
	return fmt.Sprintf("%s:%d", f.File, f.Line)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// engine returns the Sigma side of the sweep, or nil.
func (hr *huntRules) engine() *hunt.Sigma {
	if hr == nil {
		return nil
	}
	return hr.sigma
}

// count returns the rules compiled.
func (hr *huntRules) count() int {
	if hr == nil {
		return 0
	}
	return hr.n
}
