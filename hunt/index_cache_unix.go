//go:build unix

package hunt

import (
	"fmt"
	"os"
	"syscall"
)

// mapFile maps the file at path read-only, or reads it whole where it
// cannot be mapped; unmap releases a mapping (a read copy is left to the
// collector).
func mapFile(path string) (data []byte, unmap func(), err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	size := fi.Size()
	if size < cacheHeaderSize || size != int64(int(size)) {
		return nil, nil, fmt.Errorf("prebuilt index %s: %d bytes: too short", path, size)
	}
	data, err = syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return readFile(f, path, size)
	}
	return data, func() { syscall.Munmap(data) }, nil
}
