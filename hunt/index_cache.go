package hunt

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"time"
	"unsafe"
)

// A prebuilt index is an engine saved to a file, so that the next hunt over
// the same indicators maps it and starts at once instead of building the
// engine again (seconds for a million indicators). The file holds:
//
//	header  48 bytes: magic, format version, the lengths of the key and
//	        of the three parts below, a CRC-32C of those parts and one of
//	        the header and the key
//	key     what the caller built the engine from (such as a store's
//	        revision), padded to 8 bytes
//	meta    the tables: 64-bit little-endian words (index_cache_enc.go)
//	blob    the bytes of every string the tables name
//	extra   the caller's own bytes, returned as they were saved
//
// The file is mapped read-only (or read whole where mapping fails). A
// loaded engine's filters, slots, entries and atoms are slices over its
// bytes (checked, not copied), and every string (ids, names, patterns,
// keys) is over them too; an Indicator is made when a finding first names
// it (mappedInds): nothing is allocated per indicator. The literal automata and the compiled patterns
// of the indicators that are not exact equalities are built again at load:
// feeds have few of them. Nothing in the file is trusted: a file whose magic, version,
// lengths or checksums are wrong is refused, and every count, offset and
// index in the tables is checked before use.

// cacheMagic starts every prebuilt index; cacheFormat is its layout's
// version, to be raised whenever the layout or the way an engine is built
// from indicators changes.
const (
	cacheMagic      = "ACCHUNT\x00"
	cacheFormat     = 2
	cacheHeaderSize = 48
)

// ErrIndexStale is returned by LoadEngine for a prebuilt index built under
// another key: the indicators changed since.
var ErrIndexStale = errors.New("prebuilt index is stale")

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// cacheHeader is the fixed start of a prebuilt index.
type cacheHeader struct {
	keyLen            uint32
	meta, blob, extra uint64
	bodyCRC           uint32
}

func pad8(n uint64) uint64 { return (n + 7) &^ 7 }

// SaveEngine writes e to path as a prebuilt index under key, with extra
// (which LoadEngine returns), atomically: a temporary file in the same
// directory, renamed over path once written. On error path is untouched.
func SaveEngine(path, key string, extra []byte, e *Engine) error {
	if !littleEndian() {
		return errors.New("prebuilt index: a big-endian machine cannot use the format")
	}
	meta, blob, err := encodeEngine(e)
	if err != nil {
		return fmt.Errorf("prebuilt index %s: %w", path, err)
	}
	h := cacheHeader{keyLen: uint32(len(key)), meta: uint64(len(meta)), blob: uint64(len(blob)), extra: uint64(len(extra))}
	crc := crc32.Update(crc32.Update(crc32.Checksum(meta, castagnoli), castagnoli, blob), castagnoli, extra)
	h.bodyCRC = crc
	head := h.bytes(key)
	removeStaleTemps(path)
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("prebuilt index %s: %w", path, err)
	}
	tmp := f.Name()
	for _, b := range [][]byte{head, meta, blob, extra} {
		if err == nil {
			_, err = f.Write(b)
		}
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("prebuilt index %s: %w", path, err)
	}
	return nil
}

// removeStaleTemps removes the temporary files that saves of path left
// behind when they were killed: hundreds of megabytes each for a million
// indicators. A file younger than an hour may be another hunt's, being
// written, and is left alone.
func removeStaleTemps(path string) {
	temps, _ := filepath.Glob(path + ".tmp*")
	for _, t := range temps {
		if fi, err := os.Lstat(t); err == nil && fi.Mode().IsRegular() && time.Since(fi.ModTime()) > time.Hour {
			os.Remove(t)
		}
	}
}

// bytes returns the header and key, padded to 8 bytes.
func (h *cacheHeader) bytes(key string) []byte {
	b := make([]byte, cacheHeaderSize, cacheHeaderSize+pad8(uint64(len(key))))
	copy(b, cacheMagic)
	le := binary.LittleEndian
	le.PutUint32(b[8:], cacheFormat)
	le.PutUint32(b[12:], h.keyLen)
	le.PutUint64(b[16:], h.meta)
	le.PutUint64(b[24:], h.blob)
	le.PutUint64(b[32:], h.extra)
	le.PutUint32(b[40:], h.bodyCRC)
	b = append(b, key...)
	le.PutUint32(b[44:], crc32.Checksum(append(b[:44:44], key...), castagnoli))
	return append(b, make([]byte, pad8(uint64(len(key)))-uint64(len(key)))...)
}

// parseCacheHeader checks the header and the key of data and returns where
// the body starts. A sound header under another key is ErrIndexStale.
func parseCacheHeader(data []byte, key string) (cacheHeader, uint64, error) {
	var h cacheHeader
	if len(data) < cacheHeaderSize || string(data[:8]) != cacheMagic {
		return h, 0, errors.New("not a prebuilt index (no magic)")
	}
	le := binary.LittleEndian
	if v := le.Uint32(data[8:]); v != cacheFormat {
		return h, 0, fmt.Errorf("format version %d, not %d", v, cacheFormat)
	}
	h = cacheHeader{keyLen: le.Uint32(data[12:]), meta: le.Uint64(data[16:]), blob: le.Uint64(data[24:]),
		extra: le.Uint64(data[32:]), bodyCRC: le.Uint32(data[40:])}
	size := uint64(len(data))
	start := cacheHeaderSize + pad8(uint64(h.keyLen))
	if start > size || h.meta > size || h.blob > size || h.extra > size || start+h.meta+h.blob+h.extra != size {
		return h, 0, fmt.Errorf("header lengths (key %d, tables %d, strings %d, extra %d) do not add up to the file's %d bytes",
			h.keyLen, h.meta, h.blob, h.extra, size)
	}
	got := crc32.Checksum(append(append([]byte(nil), data[:44]...), data[cacheHeaderSize:cacheHeaderSize+uint64(h.keyLen)]...), castagnoli)
	if got != le.Uint32(data[44:]) {
		return h, 0, errors.New("header checksum mismatch")
	}
	if string(data[cacheHeaderSize:cacheHeaderSize+uint64(h.keyLen)]) != key {
		return h, 0, ErrIndexStale
	}
	return h, start, nil
}

// LoadEngine returns the engine of the prebuilt index at path and the
// extra bytes saved with it, if the index was saved under key. A missing
// file is an error satisfying errors.Is(err, fs.ErrNotExist); one saved
// under another key is ErrIndexStale; any other fault says what is wrong.
// The engine's memory is the file's, mapped for the life of the process.
func LoadEngine(path, key string) (*Engine, []byte, error) {
	if !littleEndian() {
		return nil, nil, errors.New("prebuilt index: a big-endian machine cannot use the format")
	}
	data, unmap, err := mapFile(path)
	if err != nil {
		return nil, nil, err
	}
	e, extra, err := loadEngineBytes(data, key)
	if err != nil {
		unmap()
		if errors.Is(err, ErrIndexStale) {
			return nil, nil, err
		}
		return nil, nil, fmt.Errorf("prebuilt index %s: %w", path, err)
	}
	return e, extra, nil
}

// loadEngineBytes is LoadEngine over the bytes of a file.
func loadEngineBytes(data []byte, key string) (*Engine, []byte, error) {
	h, start, err := parseCacheHeader(data, key)
	if err != nil {
		return nil, nil, err
	}
	body := data[start:]
	if crc32.Checksum(body, castagnoli) != h.bodyCRC {
		return nil, nil, errors.New("checksum mismatch: the file is damaged")
	}
	meta, blob, extra := body[:h.meta], body[h.meta:h.meta+h.blob], body[h.meta+h.blob:]
	e, err := decodeEngine(meta, blob)
	if err != nil {
		return nil, nil, err
	}
	return e, extra[:len(extra):len(extra)], nil
}

func littleEndian() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}
