package hunt

import (
	"fmt"
	"io"
	"os"
)

// readFile reads the size bytes of f whole, for where it cannot be mapped.
func readFile(f *os.File, path string, size int64) ([]byte, func(), error) {
	data := make([]byte, size)
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, nil, fmt.Errorf("prebuilt index %s: %w", path, err)
	}
	return data, func() {}, nil
}
