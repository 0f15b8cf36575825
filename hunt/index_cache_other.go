//go:build !unix

package hunt

import (
	"fmt"
	"os"
)

// mapFile reads the file at path whole: this system is not mapped.
func mapFile(path string) ([]byte, func(), error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if fi.Size() < cacheHeaderSize {
		return nil, nil, fmt.Errorf("prebuilt index %s: %d bytes: too short", path, fi.Size())
	}
	return readFile(f, path, fi.Size())
}
