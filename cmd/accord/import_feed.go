package main

import (
	"os"
	"strings"

	"github.com/accord-cti/accord/ingest"
)

// checkFormat checks an import's --format: one of ingest.Formats, and,
// other than stix, given with files only, since a directory's walk picks
// its STIX (.json) files.
func checkFormat(format string, paths []string) error {
	if !ingest.IsFormat(format) {
		return usageErr("import: --format %q: want one of %s", format, strings.Join(ingest.Formats, ", "))
	}
	if format == "" || format == ingest.FormatSTIX {
		return nil
	}
	for _, p := range paths {
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return usageErr("import: --format %s applies to files: name them, not the directory %s", format, p)
		}
	}
	return nil
}
