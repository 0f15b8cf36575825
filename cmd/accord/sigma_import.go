package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/ingest"
	"github.com/accord-cti/accord/sigma"
)

// isSigmaFile reports whether a file name is a Sigma rule's (YAML).
func isSigmaFile(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, ".yml") || strings.HasSuffix(n, ".yaml")
}

// splitSigmaPaths splits the paths of an import: YAML files are Sigma
// rules, other files STIX or feeds; a directory is searched for both. A
// YAML feed (CHIRP) is no rule, nor is any file when the import is given
// a --format.
func splitSigmaPaths(paths []string, format string) (stixPaths, sigmaPaths []string) {
	for _, p := range paths {
		st, err := os.Stat(p)
		switch {
		case err == nil && st.IsDir():
			stixPaths, sigmaPaths = append(stixPaths, p), append(sigmaPaths, p)
		case err == nil && format == "" && isSigmaFile(p) && !isFeed(p):
			sigmaPaths = append(sigmaPaths, p)
		default:
			stixPaths = append(stixPaths, p) // ingest.Expand says what is wrong with it
		}
	}
	return stixPaths, sigmaPaths
}

// isFeed reports whether the file at path is a feed of indicators that
// ingest converts (a CHIRP YAML file), by its first 64 KiB.
func isFeed(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 64<<10)
	n, _ := io.ReadFull(f, head)
	return ingest.DetectFeed(path, head[:n]) != ""
}

// sigmaFiles returns the rule files under paths: the files named, and the
// YAML files of the directories that are no feed, recursively, in name
// order, hidden ones left out.
func sigmaFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, accord.Errorf(accord.EINVALID, "%s: %v", p, unwrapPath(err))
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return accord.Errorf(accord.EINVALID, "%s: %v", path, unwrapPath(err))
			}
			if d.IsDir() && path != p && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if d.Type().IsRegular() && !strings.HasPrefix(d.Name(), ".") && isSigmaFile(d.Name()) && !isFeed(path) {
				out = append(out, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// loadRules loads the Sigma rules of paths (files and directories),
// writing each rule that does not load, with its path and why, to stderr
// after the word given.
func (m *Main) loadRules(paths []string, word string) ([]*sigma.Rule, []sigma.Rejected, error) {
	files, err := sigmaFiles(paths)
	if err != nil || len(files) == 0 {
		return nil, nil, err
	}
	rules, rejected, err := sigma.Load(files)
	if err != nil {
		return nil, nil, err
	}
	for _, r := range rejected {
		fmt.Fprintln(m.Stderr, word, rejectedText(r))
	}
	return rules, rejected, nil
}

// rejectedText says where a rule was rejected and why: its reason, which
// names the file and line, else path: reason.
func rejectedText(r sigma.Rejected) string {
	if strings.HasPrefix(r.Reason, r.Path) {
		return r.Reason
	}
	return r.Path + ": " + r.Reason
}

// importSigma imports the Sigma rules under paths as STIX indicators,
// with their links to ATT&CK, in one transaction: a rule that does not
// load rejects them all unless skip is set. It returns nil, nil when paths
// hold no rule file.
func (m *Main) importSigma(ctx context.Context, db accord.Store, paths []string, skip bool) (*ingest.Result, error) {
	word := "not loaded:"
	if skip {
		word = "skipped:"
	}
	rules, rejected, err := m.loadRules(paths, word)
	if err != nil {
		return nil, err
	}
	if len(rules) == 0 && len(rejected) == 0 {
		return nil, nil
	}
	name := fmt.Sprintf("sigma rules (%d)", len(rules)+len(rejected))
	if len(rejected) > 0 && !skip {
		fmt.Fprintf(m.Stderr, "%s: not imported: %d rules do not load, nothing of the rules was stored (use --skip-invalid to keep the others)\n", name, len(rejected))
		return &ingest.Result{File: name}, errSilent
	}
	src, sum, err := ingest.SigmaSource(ctx, db, name, rules, time.Now())
	if err != nil {
		return nil, err
	}
	res, err := ingest.Import(ctx, db, src, ingest.Options{SkipInvalid: skip})
	if err != nil {
		return &res, err
	}
	m.printSigmaSummary(sum, len(rejected))
	return &res, nil
}

// printSigmaSummary says what the rules became, and the first of the
// notes on tags without an ATT&CK object.
func (m *Main) printSigmaSummary(sum ingest.SigmaSummary, rejected int) {
	fmt.Fprintf(m.Stderr, "sigma: %d rules as indicators, %d indicates links to ATT&CK", sum.Rules, sum.Links)
	if rejected > 0 {
		fmt.Fprintf(m.Stderr, ", %d rules skipped", rejected)
	}
	fmt.Fprintln(m.Stderr)
	const shown = 10
	for _, n := range sum.Notes[:min(len(sum.Notes), shown)] {
		fmt.Fprintln(m.Stderr, "note:", n)
	}
	if len(sum.Notes) > shown {
		fmt.Fprintf(m.Stderr, "note: … and %d more tags without an ATT&CK object (import ATT&CK first to link them)\n", len(sum.Notes)-shown)
	}
}
