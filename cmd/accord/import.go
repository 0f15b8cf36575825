package main

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/ingest"
)

func (m *Main) runImport(ctx context.Context, args []string) error {
	fs := newFlags("import")
	skip := fs.Bool("skip-invalid", false, "keep the valid objects of a file that has invalid ones")
	asJSON := fs.Bool("json", false, "print the results as JSON")
	format := fs.String("format", "", "read every file as this format: "+strings.Join(ingest.Formats, ", ")+" (default: detect)")
	strict := fs.Bool("strict", false, "reject a whole feed when one of its entries cannot be converted")
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		return usageErr("import: name at least one file or directory, or - for stdin")
	}
	if err := checkFormat(*format, paths); err != nil {
		return err
	}
	stixPaths, sigmaPaths := splitSigmaPaths(paths, *format)
	files, err := ingest.Expand(stixPaths)
	if err != nil {
		return err
	}
	opts := ingest.Options{SkipInvalid: *skip, Format: *format, Strict: *strict}
	// An import is mostly allocation that dies young (parsed JSON trees):
	// collecting less often saves a tenth of the time for a fifth more peak
	// memory, about 210 MiB for ATT&CK.
	debug.SetGCPercent(200)
	start := time.Now()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sources := m.readAhead(ctx, files)
	db, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()

	var results []ingest.Result
	var failed error
	for _, f := range files {
		res, err := m.importFile(ctx, db, f, <-sources, opts)
		results = append(results, res)
		if err != nil {
			m.reportFailure(f, err)
			failed = errSilent
			if accord.ErrorCode(err) != accord.EINVALID {
				return err
			}
		}
	}
	// The rules come last, so that their links find the ATT&CK objects
	// imported with them.
	if len(sigmaPaths) > 0 {
		res, err := m.importSigma(ctx, db, sigmaPaths, *skip)
		if res != nil {
			results = append(results, *res)
		}
		if err != nil {
			if err != errSilent {
				m.reportFailure("sigma rules", err)
			}
			failed = errSilent
			if err != errSilent && accord.ErrorCode(err) != accord.EINVALID {
				return err
			}
		}
	}
	if *asJSON {
		return writeJSON(m.Stdout, results)
	}
	m.printImport(results, time.Since(start))
	return failed
}

// loaded is a file read ahead of its import.
type loaded struct {
	src ingest.Source
	err error
}

// readAhead reads the files in order in the background, each while the one
// before it is imported (the first while the database opens): the channel
// is unbuffered, so one file at most waits, read, beside the one imported.
func (m *Main) readAhead(ctx context.Context, files []string) <-chan loaded {
	out := make(chan loaded)
	go func() {
		defer close(out)
		for _, f := range files {
			src, err := ingest.Open(f, m.Stdin)
			select {
			case out <- loaded{src, err}:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

func (m *Main) importFile(ctx context.Context, db accord.Store, path string, l loaded, opts ingest.Options) (ingest.Result, error) {
	src, err := l.src, l.err
	if err != nil {
		return ingest.Result{File: path}, err
	}
	bar := newProgress(m.Stderr, src.Name, "objects")
	defer bar.done()
	opts.Progress = bar.update
	res, err := ingest.Import(ctx, db, src, opts)
	if err == nil && len(res.Invalid) > 0 {
		bar.done()
		for _, p := range res.Invalid {
			fmt.Fprintln(m.Stderr, "skipped:", p)
		}
	}
	return res, err
}

func (m *Main) reportFailure(path string, err error) {
	fmt.Fprintln(m.Stderr, err)
	if accord.ErrorCode(err) == accord.EINVALID {
		fmt.Fprintf(m.Stderr, "%s: not imported: nothing from this file was stored (use --skip-invalid to keep the valid objects)\n", path)
	}
}

// printImport writes the summary: per file, then counts by type.
func (m *Main) printImport(results []ingest.Result, took time.Duration) {
	byType := map[string]int{}
	var added, skipped, invalid, upgraded int
	for _, r := range results {
		fmt.Fprintf(m.Stdout, "%s: %d objects, %d versions added, %d already present", r.File, r.Objects, r.Added, r.Skipped)
		if r.Upgraded > 0 {
			fmt.Fprintf(m.Stdout, ", %d upgraded from STIX 2.0", r.Upgraded)
		}
		if len(r.Invalid) > 0 {
			fmt.Fprintf(m.Stdout, ", %d problems", len(r.Invalid))
		}
		if r.Duplicates > 0 {
			fmt.Fprintf(m.Stdout, ", %d duplicate entries", r.Duplicates)
		}
		fmt.Fprintf(m.Stdout, " (%s)\n", r.Duration.Round(time.Millisecond))
		for t, n := range r.ByType {
			byType[t] += n
		}
		added, skipped, invalid, upgraded = added+r.Added, skipped+r.Skipped, invalid+len(r.Invalid), upgraded+r.Upgraded
	}
	if len(byType) > 0 {
		fmt.Fprintln(m.Stdout, "added by type:")
		for _, t := range slices.Sorted(maps.Keys(byType)) {
			fmt.Fprintf(m.Stdout, "  %-28s %7d\n", t, byType[t])
		}
	}
	fmt.Fprintf(m.Stdout, "total: %d versions added, %d already present, %d invalid, in %s\n",
		added, skipped, invalid, took.Round(time.Millisecond))
}

func writeJSON(w interface{ Write([]byte) (int, error) }, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
