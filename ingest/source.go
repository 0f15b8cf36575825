package ingest

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/accord-cti/accord"
)

// Source is one input to import: a file's name (for messages) and content.
type Source struct {
	Name string
	Data []byte
}

// Open reads a path given on the command line into a Source: "-" is
// standard input, gzip is decompressed by its magic bytes whatever the name.
func Open(path string, stdin io.Reader) (Source, error) {
	var data []byte
	var err error
	if path == "-" {
		data, err = io.ReadAll(stdin)
		path = "<stdin>"
	} else {
		data, err = os.ReadFile(path)
	}
	if err != nil {
		return Source{}, accord.Errorf(accord.EINVALID, "%s: %v", path, unwrapPathError(err))
	}
	data, err = gunzip(data)
	if err != nil {
		return Source{}, accord.Errorf(accord.EINVALID, "%s: %v", path, err)
	}
	return Source{Name: path, Data: data}, nil
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

func gunzip(data []byte) ([]byte, error) {
	if len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b {
		return data, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	return out, nil
}

// importable lists the file names a directory walk picks up.
var importable = []string{".json", ".jsonl", ".ndjson", ".json.gz", ".jsonl.gz", ".ndjson.gz"}

// Expand turns command-line paths into the files to read: a directory
// becomes its importable files, recursively, in name order; a file or "-"
// stays as it is, whatever its name. A path that does not exist is an error.
func Expand(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		if p == "-" {
			out = append(out, p)
			continue
		}
		st, err := os.Stat(p)
		if err != nil {
			return nil, accord.Errorf(accord.EINVALID, "%s: %v", p, unwrapPathError(err))
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		files, err := walk(p)
		if err != nil {
			return nil, err
		}
		out = append(out, files...)
	}
	return out, nil
}

func walk(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return accord.Errorf(accord.EINVALID, "%s: %v", p, unwrapPathError(err))
		}
		if d.Type().IsRegular() && hasSuffix(strings.ToLower(d.Name()), importable) {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	return files, err
}

func hasSuffix(name string, suffixes []string) bool {
	for _, s := range suffixes {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}
