package ingest

import (
	"errors"
	"strings"

	"github.com/accord-cti/accord/pattern"
	"github.com/accord-cti/accord/stix"
)

// checkPattern parses the pattern of an indicator whose pattern_type is
// stix: an indicator with a pattern that does not parse is invalid. The
// pattern_version chooses the grammar (2.0 patterns differ a little).
func checkPattern(v *stix.Value) []stix.Problem {
	if v.GetString("type") != "indicator" || v.GetString("pattern_type") != "stix" {
		return nil
	}
	text := v.GetString("pattern")
	if text == "" {
		return nil // a missing pattern is the validator's to report
	}
	version := "2.1"
	if strings.HasPrefix(v.GetString("pattern_version"), "2.0") {
		version = "2.0"
	}
	_, err := pattern.Parse(text, pattern.WithVersion(version))
	if err == nil {
		return nil
	}
	var se *pattern.SyntaxError
	if !errors.As(err, &se) {
		return []stix.Problem{{ObjectID: v.GetString("id"), Path: "/pattern", Message: err.Error()}}
	}
	return []stix.Problem{{ObjectID: v.GetString("id"), Path: "/pattern", Message: "invalid STIX pattern: " + se.Error()}}
}
