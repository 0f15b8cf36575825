package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/hunt"
	"github.com/accord-cti/accord/ingest"
	"github.com/accord-cti/accord/stix"
	"github.com/accord-cti/accord/sweep"
)

// sweepFlags are the options of accord sweep.
type sweepFlags struct {
	output, org, drive string
	noRecord           bool
	intel, loki        stringList
	maxSize            int64
}

func (m *Main) runSweep(ctx context.Context, args []string) error {
	sf, roots, err := m.parseSweep(args)
	if err != nil {
		return err
	}
	db, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	rules, err := m.sweepRules(ctx, db, sf)
	if err != nil {
		return err
	}
	var (
		mu       sync.Mutex
		findings []sweep.Finding
		enc      = json.NewEncoder(m.Stdout)
		bar      = newProgress(m.Stderr, "sweep", "findings")
	)
	opts := sweep.Options{
		MaxSize: sf.maxSize, Drive: sf.drive,
		Finding: func(f sweep.Finding) {
			mu.Lock()
			defer mu.Unlock()
			findings = append(findings, f)
			if sf.output == "json" {
				enc.Encode(sweepJSON(f))
			}
		},
		Skipped: func(k sweep.Skip) {
			bar.done()
			fmt.Fprintf(m.Stderr, "skipped %s: %s\n", k.Path, k.Reason)
		},
		Progress: func(done, total int64) {
			mu.Lock()
			n := len(findings)
			mu.Unlock()
			bar.update(int(done), int(total), n)
		},
	}
	start := time.Now()
	res, err := sweep.Sweep(ctx, rules, roots, opts)
	bar.done()
	if err != nil {
		return err
	}
	if sf.output == "text" {
		m.printSweep(ctx, db, findings)
	}
	if len(findings) > 0 && (sf.output == "stix" || !sf.noRecord) {
		if err := m.recordSweep(ctx, db, findings, sf); err != nil {
			return err
		}
	}
	st := rules.Stats()
	fmt.Fprintf(m.Stderr, "%d files, %.1f MB read in %s; %d skipped; %d file indicators, %d Loki lines, %d content rules; %d findings\n",
		res.Files, float64(res.Bytes)/1e6, time.Since(start).Round(time.Millisecond), res.Skipped,
		st.Indicators, st.Names, st.Content, len(findings))
	if len(findings) > 0 {
		return errFound
	}
	return nil
}

// parseSweep reads the command line of accord sweep.
func (m *Main) parseSweep(args []string) (*sweepFlags, []string, error) {
	sf := &sweepFlags{}
	fs := newFlags("sweep")
	fs.StringVar(&sf.output, "output", "text", "text; json (one finding per line); or stix (a bundle of the sightings)")
	fs.BoolVar(&sf.noRecord, "no-record", false, "do not record the sightings in the knowledge base")
	fs.StringVar(&sf.org, "org", m.Getenv("ACCORD_ORG"), "the organisation the sightings are reported by (env ACCORD_ORG)")
	fs.Var(&sf.intel, "intel", "also look for the indicators in this file: STIX, CSV or a plain list (repeatable)")
	fs.Var(&sf.loki, "loki-filenames", "also check paths against this Loki filename-iocs list: regex;score[;fp-regex] lines (repeatable)")
	maxSize := fs.String("max-size", "", "do not read files larger than this (bytes, or with K, M or G); their names are still checked")
	fs.StringVar(&sf.drive, "drive", "", "also match each DIR's files as if DIR were the root of this Windows drive (C:)")
	roots, err := parse(fs, args)
	if err != nil {
		return nil, nil, err
	}
	if len(roots) == 0 {
		return nil, nil, usageErr("sweep: name the directories or files to sweep")
	}
	if sf.output != "text" && sf.output != "json" && sf.output != "stix" {
		return nil, nil, usageErr("sweep: --output is text, json or stix, not %q", sf.output)
	}
	if sf.maxSize, err = parseSize(*maxSize); err != nil {
		return nil, nil, usageErr("sweep: --max-size: %v", err)
	}
	if sf.drive != "" && !isDrive(sf.drive) {
		return nil, nil, usageErr("sweep: --drive is a Windows drive such as C:, not %q", sf.drive)
	}
	if sf.org == "" {
		host, _ := os.Hostname()
		sf.org = "accord on " + cmp.Or(host, "this host")
	}
	return sf, roots, nil
}

// parseSize reads a size in bytes, with an optional K, M or G (binary
// multiples); "" is no limit.
func parseSize(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	mult := int64(1)
	switch strings.ToUpper(s[len(s)-1:]) {
	case "K":
		mult = 1 << 10
	case "M":
		mult = 1 << 20
	case "G":
		mult = 1 << 30
	}
	if mult > 1 {
		s = s[:len(s)-1]
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/mult {
		return 0, fmt.Errorf("%q is not a positive size such as 1048576, 512K or 100M", s)
	}
	return n * mult, nil
}

func isDrive(s string) bool {
	s = strings.TrimSuffix(s, `\`)
	return len(s) == 2 && s[1] == ':' && (s[0]|0x20) >= 'a' && (s[0]|0x20) <= 'z'
}

// sweepRules compiles the knowledge base's file indicators, the --intel
// and --loki-filenames lists and accord's web-shell rules, and says what it
// leaves out.
func (m *Main) sweepRules(ctx context.Context, db accord.Store, sf *sweepFlags) (*sweep.Rules, error) {
	inds, conf, err := fileIndicators(ctx, db)
	if err != nil {
		return nil, err
	}
	in := sweep.Intel{Indicators: inds, Confidence: conf, Content: sweep.WebShellRules()}
	for _, path := range sf.intel {
		src, err := ingest.Open(path, m.Stdin)
		if err != nil {
			return nil, err
		}
		more, err := hunt.LoadIntel(src.Name, src.Data)
		if err != nil {
			return nil, err
		}
		in.Indicators = append(in.Indicators, more...)
	}
	for _, path := range sf.loki {
		src, err := ingest.Open(path, m.Stdin)
		if err != nil {
			return nil, err
		}
		names, err := sweep.ParseLokiFilenames(src.Name, src.Data)
		if err != nil {
			return nil, err
		}
		in.Names = append(in.Names, names...)
	}
	rules, errs := sweep.Compile(in)
	for _, e := range errs {
		fmt.Fprintln(m.Stderr, "indicator left out:", e)
	}
	if n := rules.Stats().Unmatched; n > 0 {
		fmt.Fprintf(m.Stderr, "%d file indicators need several observations, which one file is not: not matched\n", n)
	}
	return rules, nil
}

// fileIndicators returns the unrevoked indicators whose STIX patterns are
// about files, and their confidence by id (the score of their findings).
func fileIndicators(ctx context.Context, db accord.Store) ([]hunt.Indicator, map[string]int, error) {
	var inds []hunt.Indicator
	conf := map[string]int{}
	keys := []string{"pattern_type", "pattern_version", "pattern", "name"}
	v := make([]string, len(keys))
	f := accord.Filter{Types: []string{"indicator"}, ExcludeRevoked: true, RawOnly: true}
	err := db.Find(ctx, f, func(o *accord.Object) error {
		if err := stix.TopStrings(o.Raw, keys, v); err != nil {
			return fmt.Errorf("%s: %w", o.ID, err)
		}
		if v[0] != "stix" || !strings.Contains(v[2], "file:") {
			return nil
		}
		version := "2.1"
		if strings.HasPrefix(v[1], "2.0") {
			version = "2.0"
		}
		id := strings.Clone(o.ID)
		inds = append(inds, hunt.Indicator{ID: id, Name: strings.Clone(v[3]), Pattern: strings.Clone(v[2]), Version: version})
		var c struct{ Confidence *int }
		if json.Unmarshal(o.Raw, &c) == nil && c.Confidence != nil {
			conf[id] = *c.Confidence
		}
		return nil
	})
	return inds, conf, err
}

// recordSweep turns the findings into STIX sightings, prints them as a
// bundle and records them in the knowledge base, through the importer.
func (m *Main) recordSweep(ctx context.Context, db accord.Store, findings []sweep.Finding, sf *sweepFlags) error {
	targets := map[string]string{}
	unsighted := 0
	for _, f := range findings {
		switch {
		case f.Kind == sweep.KindContent && f.Content.AttackID != "":
			if _, ok := targets[f.ID]; !ok {
				targets[f.ID] = softwareID(ctx, db, f.Content.AttackID)
			}
		case f.Kind == sweep.KindName || f.Kind == sweep.KindIndicator && !strings.HasPrefix(f.ID, "indicator--"):
			unsighted++
		}
	}
	if unsighted > 0 {
		fmt.Fprintf(m.Stderr, "%d findings of Loki lists and --intel indicators are reported but not recorded as sightings\n", unsighted)
	}
	objs := sweep.Sightings(findings, sf.org, targets, time.Now())
	if len(objs) < 2 {
		return nil
	}
	return m.writeSightings(ctx, db, "sweep sightings", objs, sf.org, sf.output == "stix", !sf.noRecord)
}

// softwareID returns the id of the malware or tool the knowledge base
// knows by an ATT&CK id, or "".
func softwareID(ctx context.Context, db accord.Store, attackID string) string {
	objs, err := db.Resolve(ctx, attackID)
	if err != nil {
		return ""
	}
	for _, o := range objs {
		if o.Type == "malware" || o.Type == "tool" {
			return o.ID
		}
	}
	return ""
}

// printSweep writes the findings grouped by rule, highest score first: what
// the rule is, what it indicates, and each file with what matched.
func (m *Main) printSweep(ctx context.Context, db accord.Store, findings []sweep.Finding) {
	groups := map[string][]sweep.Finding{}
	for _, f := range findings {
		k := string(f.Kind) + " " + f.ID
		groups[k] = append(groups[k], f)
	}
	keys := slices.Collect(maps.Keys(groups))
	slices.SortFunc(keys, func(a, b string) int {
		return cmp.Or(-cmp.Compare(groups[a][0].Score, groups[b][0].Score), cmp.Compare(a, b))
	})
	for _, k := range keys {
		fs := groups[k]
		slices.SortFunc(fs, func(a, b sweep.Finding) int { return cmp.Compare(a.File, b.File) })
		m.printSweepGroup(ctx, db, fs)
	}
}

func (m *Main) printSweepGroup(ctx context.Context, db accord.Store, fs []sweep.Finding) {
	f := fs[0]
	switch f.Kind {
	case sweep.KindContent:
		fmt.Fprintf(m.Stdout, "%s  (content rule, score %d)\n  %s\n", f.ID, f.Score, f.Name)
		if f.Content.Family != "" {
			fmt.Fprintf(m.Stdout, "  family: %s %s\n", f.Content.Family, f.Content.AttackID)
		}
	case sweep.KindName:
		fmt.Fprintf(m.Stdout, "%s  (Loki line %s, score %d)\n", f.Name, f.ID, f.Score)
		if f.NameRule.Description != "" {
			fmt.Fprintf(m.Stdout, "  %s\n", f.NameRule.Description)
		}
	default:
		fmt.Fprintf(m.Stdout, "%s  (%s, score %d)\n", cmp.Or(f.Name, f.ID), f.ID, f.Score)
		if what := indicates(ctx, db, f.ID); what != "" {
			fmt.Fprintf(m.Stdout, "  indicates: %s\n", what)
		}
	}
	if len(fs) == 1 {
		fmt.Fprintln(m.Stdout, "  1 file")
	} else {
		fmt.Fprintf(m.Stdout, "  %d files\n", len(fs))
	}
	for _, f := range fs[:min(len(fs), 10)] {
		if f.Kind == sweep.KindContent {
			fmt.Fprintf(m.Stdout, "    %s:%d  %s\n", f.File, f.Line, truncate(f.Value, 100))
		} else {
			fmt.Fprintf(m.Stdout, "    %s  %s = %s\n", f.File, f.Field, truncate(f.Value, 100))
		}
	}
	if len(fs) > 10 {
		fmt.Fprintf(m.Stdout, "    … and %d more\n", len(fs)-10)
	}
	fmt.Fprintln(m.Stdout)
}

// sweepJSON is a finding as one line of --output json.
func sweepJSON(f sweep.Finding) map[string]any {
	out := map[string]any{
		"kind": f.Kind, "id": f.ID, "name": f.Name, "score": f.Score, "file": f.File,
		"field": f.Field, "value": f.Value, "size": f.Size,
	}
	if f.Hashes.SHA256 != "" {
		out["md5"], out["sha1"], out["sha256"] = f.Hashes.MD5, f.Hashes.SHA1, f.Hashes.SHA256
	}
	if f.Kind == sweep.KindContent {
		out["offset"], out["line"] = f.Offset, f.Line
		if f.Content.Family != "" {
			out["family"] = f.Content.Family
		}
	}
	return out
}
