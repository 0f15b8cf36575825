package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/hunt"
)

// A hunt keeps the engine it builds in a prebuilt index next to the
// database (<db>.hunt-index), under a key naming what it was built from:
// the store's revision and the --intel files' paths, sizes and times. The
// next hunt with the same key maps the index rather than loading and
// indexing every indicator again. The index is a cache: any fault with it
// means building the engine as without it, with a note.

// huntIndexPath is the prebuilt index of the database at db.
func huntIndexPath(db string) string { return db + ".hunt-index" }

// huntIndexKey returns the key of the engine over db's indicators and
// those of the intel files, and false when there is none: a list read
// from standard input, or a file that cannot be looked at.
func huntIndexKey(ctx context.Context, db accord.Store, intel []string) (string, bool, error) {
	rev, err := db.Revision(ctx, "indicator")
	if err != nil {
		return "", false, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "accord %s; indicators last added %d", buildVersion(), rev.LastAdded.UnixMicro())
	for _, path := range intel {
		if path == "-" {
			return "", false, nil
		}
		fi, err := os.Stat(path)
		if err != nil {
			return "", false, nil
		}
		abs, err := filepath.Abs(path)
		if err != nil {
			return "", false, nil
		}
		fmt.Fprintf(&b, "; intel %q %d bytes, modified %d", abs, fi.Size(), fi.ModTime().UnixNano())
	}
	return b.String(), true, nil
}

// buildVersion names the build of this binary (its module version and
// commit, when it knows them), so that another build, which may index
// indicators otherwise, does not trust this one's index.
func buildVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown build)"
	}
	v := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" || s.Key == "vcs.time" {
			v += " " + s.Value
		}
	}
	return v
}

// huntIndexExtra is what a prebuilt index keeps beside the engine: what
// loading the indicators found that a hunt from the index still needs.
type huntIndexExtra struct {
	Count   int          `json:"count"`    // STIX indicators
	Rules   []storedRule `json:"rules"`    // the Sigma rules of the store
	LeftOut []string     `json:"left_out"` // the indicators that did not compile, and why
}

// MarshalJSON and UnmarshalJSON let a storedRule travel in the index.
func (r storedRule) MarshalJSON() ([]byte, error) {
	return json.Marshal([3]string{r.id, r.name, r.text})
}

func (r *storedRule) UnmarshalJSON(b []byte) error {
	var v [3]string
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	r.id, r.name, r.text = v[0], v[1], v[2]
	return nil
}

// loadHuntIndex returns the engine of the prebuilt index at path if it was
// built under key; nil, with a note for any fault but a missing or stale
// index.
func (m *Main) loadHuntIndex(path, key string) (*hunt.Engine, *huntIndexExtra) {
	e, extra, err := hunt.LoadEngine(path, key)
	if err == nil {
		x := new(huntIndexExtra)
		if err = json.Unmarshal(extra, x); err == nil {
			return e, x
		}
		err = fmt.Errorf("prebuilt index %s: %w", path, err)
	}
	if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, hunt.ErrIndexStale) {
		fmt.Fprintf(m.Stderr, "note: %v; building the index again\n", err)
	}
	return nil, nil
}

// saveHuntIndex writes the prebuilt index, or says why it could not.
func (m *Main) saveHuntIndex(path, key string, e *hunt.Engine, x *huntIndexExtra) bool {
	extra, err := json.Marshal(x)
	if err == nil {
		err = hunt.SaveEngine(path, key, extra, e)
	}
	if err != nil {
		fmt.Fprintf(m.Stderr, "note: no prebuilt index for the next hunt: %v\n", err)
	}
	return err == nil
}
