package sweep

import (
	"context"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"hash"
	"io"
	"sync/atomic"
)

// Hashes are a file's digests in lower-case hex; SHA512 only when some
// indicator asks for it.
type Hashes struct {
	MD5, SHA1, SHA256, SHA512 string
}

// hasher computes the digests of one file in one pass over it, and keeps
// the first keep bytes for the content rules.
type hasher struct {
	md5, sha1, sha256, sha512 hash.Hash
	w                         io.Writer
	buf                       []byte
}

func newHasher(withSHA512 bool) *hasher {
	h := &hasher{md5: md5.New(), sha1: sha1.New(), sha256: sha256.New(), buf: make([]byte, 256<<10)}
	ws := []io.Writer{h.md5, h.sha1, h.sha256}
	if withSHA512 {
		h.sha512 = sha512.New()
		ws = append(ws, h.sha512)
	}
	h.w = io.MultiWriter(ws...)
	return h
}

// hash reads r to its end, streamed, and returns its digests and its
// first keep bytes appended to head. done counts the bytes read, for
// progress. It stops when ctx is done.
func (h *hasher) hash(ctx context.Context, r io.Reader, keep int64, head []byte, done *atomic.Int64) (Hashes, []byte, int64, error) {
	h.md5.Reset()
	h.sha1.Reset()
	h.sha256.Reset()
	if h.sha512 != nil {
		h.sha512.Reset()
	}
	var n int64
	for {
		k, err := r.Read(h.buf)
		if k > 0 {
			h.w.Write(h.buf[:k]) // a hash never fails to write
			if rest := keep - n; rest > 0 {
				head = append(head, h.buf[:min(int64(k), rest)]...)
			}
			n += int64(k)
			done.Add(int64(k))
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return Hashes{}, head, n, err
		}
		if err := ctx.Err(); err != nil {
			return Hashes{}, head, n, err
		}
	}
	out := Hashes{MD5: sum(h.md5), SHA1: sum(h.sha1), SHA256: sum(h.sha256)}
	if h.sha512 != nil {
		out.SHA512 = sum(h.sha512)
	}
	return out, head, n, nil
}

func sum(h hash.Hash) string {
	var b [64]byte
	return hex.EncodeToString(h.Sum(b[:0]))
}
