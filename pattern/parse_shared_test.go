package pattern

import (
	"encoding/json"
	"errors"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/accord-cti/accord/internal/sharedtest"
)

// validatorCases is validator-v21-cases.json: the reference validator's
// own v2.1 test cases.
type validatorCases struct {
	Valid            []string      `json:"valid"`
	Invalid          []invalidCase `json:"invalid"`
	TimestampValid   []string      `json:"timestamp_valid"`
	TimestampInvalid []invalidCase `json:"timestamp_invalid"`
}

// invalidCase is a failing case; Error is a prefix of the reference
// validator's first message.
type invalidCase struct {
	Pattern string `json:"pattern"`
	Error   string `json:"error"`
}

// sameMeaning maps a word of the reference validator's message to the
// words of ours that carry its meaning; a message matches when it holds
// the reference message's quoted input or one of these.
var sameMeaning = map[string][]string{
	"input is missing square brackets":           {"square brackets"},
	"expecting StringLiteral":                    {"string literal"},
	"missing StringLiteral":                      {"string literal"},
	"expecting {IntPosLiteral, FloatPosLiteral}": {"positive number"},
	"expecting 'SECONDS'":                        {"expected SECONDS"},
	"extraneous input 't'":                       {"invalid timestamp literal"},
	"extraneous input 'b'":                       {"invalid binary literal"},
	"extraneous input '?'":                       {"unexpected character '?'"},
	"no viable alternative at input 'file.'":     {`expected ":" after the object type "file"`},
	"Duplicate qualifier type encountered":       {"duplicate qualifier type encountered"},
	"is not a valid SHA-256 hash":                {"'f00' is not a valid SHA-256 hash"},
}

// timestampFailure is the whole reference message of the timestamp cases,
// which name no input.
const timestampFailure = "FAIL: Error found at line 1:"

// refColumn finds the reference's 0-based column in "line 1:N.", and
// refInput the input it names.
var (
	refColumn = regexp.MustCompile(`line 1:(\d+)\.`)
	refInput  = regexp.MustCompile(`(?:mismatched|extraneous) input '([^']*)'`)
)

func readValidatorCases(t *testing.T) validatorCases {
	t.Helper()
	b, err := os.ReadFile(sharedtest.Path(t, "data/patterns/validator-v21-cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var c validatorCases
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestValidatorCasesValid(t *testing.T) {
	t.Parallel()
	c := readValidatorCases(t)
	for _, s := range append(c.Valid, c.TimestampValid...) {
		if _, err := Parse(s); err != nil {
			t.Errorf("Parse(%q): %v", s, err)
		}
	}
	if n := len(c.Valid) + len(c.TimestampValid); n != 37 {
		t.Errorf("read %d valid cases, want 37", n)
	}
}

func TestValidatorCasesInvalid(t *testing.T) {
	t.Parallel()
	c := readValidatorCases(t)
	for _, ic := range append(c.Invalid, c.TimestampInvalid...) {
		t.Run(ic.Pattern, func(t *testing.T) {
			_, err := Parse(ic.Pattern)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse = %v, want a *SyntaxError (reference: %s)", err, ic.Error)
			}
			if m := refColumn.FindStringSubmatch(ic.Error); m != nil {
				if ref, _ := strconv.Atoi(m[1]); se.Col != ref+1 {
					t.Errorf("column %d, want %d (reference: %s)", se.Col, ref+1, ic.Error)
				}
			}
			if !sameMeaningAs(se.Msg, ic.Error) {
				t.Errorf("message %q does not say what the reference says: %s", se.Msg, ic.Error)
			}
		})
	}
	if n := len(c.Invalid) + len(c.TimestampInvalid); n != 27 {
		t.Errorf("read %d invalid cases, want 27", n)
	}
}

// sameMeaningAs reports whether our message says what the reference's
// does: it names the same offending input, or says the same in our words.
func sameMeaningAs(ours, ref string) bool {
	if ref == timestampFailure {
		return strings.Contains(ours, "invalid timestamp literal")
	}
	if m := refInput.FindStringSubmatch(ref); m != nil && strings.Contains(ours, "found "+strconv.Quote(m[1])) {
		return true
	}
	for refWords, words := range sameMeaning {
		if !strings.Contains(ref, refWords) {
			continue
		}
		for _, w := range words {
			if strings.Contains(ours, w) {
				return true
			}
		}
	}
	return false
}

func TestSpecExamples(t *testing.T) {
	t.Parallel()
	examples := specExamples(t)
	for _, s := range examples {
		p, err := Parse(s)
		if err != nil {
			t.Errorf("Parse(%q): %v", s, err)
			continue
		}
		checkRoundTrip(t, p)
	}
	if len(examples) != 23 {
		t.Errorf("read %d examples, want 23", len(examples))
	}
}
