package main

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
)

// writeSTIX writes the indicators of x as a STIX 2.1 bundle, one indicator
// a line, for the benchmark of building the index from the knowledge base
// (accord import, then accord hunt without --intel). Ids are drawn from r.
func (x *iocs) writeSTIX(path string, r *rand.Rand) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(`{"type":"bundle","id":"bundle--` + uuid4(r) + `","objects":[` + "\n")
	first := true
	add := func(pattern string) {
		if !first {
			w.WriteString(",\n")
		}
		first = false
		fmt.Fprintf(w, `{"type":"indicator","spec_version":"2.1","id":"indicator--%s","created":"2026-01-01T00:00:00.000Z",`+
			`"modified":"2026-01-01T00:00:00.000Z","pattern":%q,"pattern_type":"stix","valid_from":"2026-01-01T00:00:00Z"}`,
			uuid4(r), pattern)
	}
	for _, ip := range x.ips {
		add("[ipv4-addr:value = '" + ip + "']")
	}
	for _, d := range x.domains {
		add("[domain-name:value = '" + d + "']")
	}
	for _, u := range x.urls {
		add("[url:value = '" + strings.ReplaceAll(strings.ReplaceAll(u, `\`, `\\`), `'`, `\'`) + "']")
	}
	for _, h := range x.hashes {
		add("[file:hashes.'SHA-256' = '" + h + "']")
	}
	for _, c := range x.cidrs {
		add("[ipv4-addr:value ISSUBSET '" + c.String() + "']")
	}
	w.WriteString("\n]}\n")
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// uuid4 draws a random (version 4) UUID from r.
func uuid4(r *rand.Rand) string {
	a, b := r.Uint64(), r.Uint64()
	a = a&^0xf000 | 0x4000 // version 4
	b = b&^(3<<62) | 1<<63 // variant 10
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", a>>32, a>>16&0xffff, a&0xffff, b>>48, b&0xffffffffffff)
}
