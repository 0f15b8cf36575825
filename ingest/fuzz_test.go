package ingest

import (
	"context"
	"testing"
)

// FuzzCheck runs arbitrary bytes through the whole decoder: split, parse,
// upgrade, validate, extract. It must never panic, and every problem must
// say which file it is in.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{
		`{"type":"bundle","id":"bundle--1","spec_version":"2.0","objects":[{"type":"malware","id":"malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","created":"2017-01-01T00:00:00Z","modified":"2017-01-01T00:00:00Z","name":"x","labels":["remote-access-trojan"]}]}`,
		indicator(0, "") + "\n" + indicator(1, `,"confidence":200`),
		`[{"type":"ipv4-addr","value":"10.0.0.1"}]`,
		`{"type":"bundle","objects":[{}, 1, "x"]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, problems, _ := Check(context.Background(), Source{Name: "f.json", Data: data}, Options{})
		for _, p := range problems {
			if p.File != "f.json" {
				t.Fatalf("problem without its file: %+v", p)
			}
		}
	})
}
