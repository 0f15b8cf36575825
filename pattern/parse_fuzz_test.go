package pattern

import (
	"errors"
	"testing"
	"unicode/utf8"
)

// fuzzSeeds are patterns, good and bad, covering every production; the
// files in testdata/fuzz/FuzzParse add inputs the fuzzer found.
var fuzzSeeds = []string{
	"[file:size = 1280]",
	"[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
	"[email-message:from_ref.value MATCHES '.+\\\\@example\\\\.com$']",
	"[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]",
	"[x:y_refs[*].value = 'a' AND x:z[-1] != -2 OR x:w[0] <= +3.5]",
	"[a:x NOT IN ('a', 1, -2.5, true, h'00ff', b'QQ==', t'2020-01-01T00:00:00.5Z')]",
	"[a:x IN ()]",
	"[a:x LIKE 'a%_' AND a:y ISSUBSET '10.0.0.0/8' AND a:z NOT ISSUPERSET '::1']",
	"[EXISTS a:x OR NOT EXISTS a:y]",
	"[(a:x = 1 OR a:y = 2) AND (a:z = 3)]",
	"[a:x = 1] AND [b:x = 2] OR [c:x = 3] FOLLOWEDBY [d:x = 4]",
	"([a:x = 1] FOLLOWEDBY [b:x = 2]) WITHIN 300 SECONDS",
	"[a:x = 1] REPEATS 5 TIMES WITHIN 1800.5 SECONDS",
	"[a:x = 1] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'",
	"[a:x = 1] START '2016-06-01T00:00:00Z' STOP '2016-07-01T00:00:00Z'",
	"([a:x = 1]) WITHIN 5 SECONDS WITHIN 6 SECONDS",
	"[a:x = 1] WITHIN 5 SECONDS WITHIN 6 SECONDS",
	"[a:x == 1] /* comment */ AND // line\n [b:'c d' <> 'e\\'f']",
	"[x:created = t'2024-02-30T12:00:00Z']",
	"[x:created = t'2016-12-31T23:59:60.123456789123Z']",
	"[EXISTS:x = 1]",
	"file:size = 1280",
	"[file:size = ]",
	"[a:x = b'====']",
	"[a:x = h'abc']",
	"[a:x = 1] WITHIN -5 SECONDS",
	"[a:x = 007]",
	"[a:x = 'unterminated]",
	"((((([a:x = 1])))))",
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, v := range []string{"2.0", "2.1"} {
			p, err := Parse(s, WithVersion(v))
			if err != nil {
				checkErrorColumn(t, s, err)
				continue
			}
			checkRoundTrip(t, p)
		}
	})
}

// checkErrorColumn checks err is a *SyntaxError inside s (or just after
// its end).
func checkErrorColumn(t *testing.T, s string, err error) {
	t.Helper()
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("Parse(%q) = %v, want a *SyntaxError", s, err)
	}
	if se.Col < 1 || se.Col > utf8.RuneCountInString(s)+1 {
		t.Fatalf("Parse(%q): column %d outside the pattern", s, se.Col)
	}
}
