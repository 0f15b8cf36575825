package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/accord-cti/accord/hunt"
)

// TestPlanted generates a small corpus and hunts it with accord's hunt
// package: the findings are exactly the planted lines.
func TestPlanted(t *testing.T) {
	dir := t.TempDir()
	o := options{IISBytes: 48 << 10, ZeekBytes: 24 << 10, Indicators: 300, CIDRs: 20, Planted: 25, FileBytes: 16 << 10, Seed: 7}
	plants, err := generate(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(plants) != 2*o.Planted {
		t.Fatalf("%d planted hits, want %d", len(plants), 2*o.Planted)
	}
	list, err := os.ReadFile(filepath.Join(dir, "iocs.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(list, []byte("\n")); n != o.Indicators+o.CIDRs {
		t.Fatalf("iocs.txt has %d lines, want %d", n, o.Indicators+o.CIDRs)
	}
	inds, err := hunt.LoadIntel("iocs.txt", list)
	if err != nil {
		t.Fatal(err)
	}
	engine, errs := hunt.NewEngine(inds)
	if len(errs) > 0 {
		t.Fatal(errs)
	}

	var want []string
	for _, p := range plants {
		want = append(want, fmt.Sprintf("%s:%d %s", p.File, p.Line, p.Indicator))
	}
	var got []string
	files, _ := filepath.Glob(filepath.Join(dir, "iis", "*.log"))
	if len(files) != 3 {
		t.Fatalf("%d IIS files, want 3", len(files))
	}
	zeek, _ := filepath.Glob(filepath.Join(dir, "zeek", "*.log"))
	for _, f := range append(files, zeek...) {
		rel, _ := filepath.Rel(dir, f)
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var rd hunt.Reader
		if strings.HasPrefix(rel, "iis") {
			rd = hunt.NewIIS(rel, bytes.NewReader(data))
		} else {
			rd = hunt.NewZeek(rel, bytes.NewReader(data))
		}
		var rec hunt.Record
		records := 0
		for {
			err := rd.Next(&rec)
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", rel, err)
			}
			records++
			seen := map[string]bool{}
			engine.Match(&rec, func(f hunt.Finding) {
				k := fmt.Sprintf("%s:%d %s", f.File, f.Line, f.Indicator.Name)
				if !seen[k] {
					seen[k] = true
					got = append(got, k)
				}
			})
		}
		if records < 10 {
			t.Errorf("%s: %d records", rel, records)
		}
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("findings differ from the planted hits:\n got %q\nwant %q", got, want)
	}

	// planted.txt says the same, and the same seed writes the same corpus.
	txt, err := os.ReadFile(filepath.Join(dir, "planted.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(txt, []byte("\n")); n != len(plants) {
		t.Errorf("planted.txt has %d lines, want %d", n, len(plants))
	}
	dir2 := t.TempDir()
	if _, err := generate(dir2, o); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"iocs.txt", "planted.txt", "iis/u_ex260102.log", "zeek/dns.log"} {
		a, err1 := os.ReadFile(filepath.Join(dir, name))
		b, err2 := os.ReadFile(filepath.Join(dir2, name))
		if err := errors.Join(err1, err2); err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between two runs with the same seed (%v)", name, err)
		}
	}
}
