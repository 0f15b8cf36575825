package hunt

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// lineScannerMax is the longest line a reader accepts. A longer one is a
// malformed line: its bytes are skipped, never held.
const lineScannerMax = 1 << 20

// lineScanner reads a log line by line without allocating: a line is a
// slice of the bufio.Reader's buffer, or of long when it did not fit in it.
type lineScanner struct {
	br   *bufio.Reader
	long []byte // a line longer than br's buffer, reused
	line int    // the 1-based number of the last line returned
	err  error  // a read error to return after the last line
}

// errLineScannerTooLong marks a line past lineScannerMax.
var errLineScannerTooLong = errors.New("line too long")

func newLineScanner(r io.Reader) lineScanner {
	return lineScanner{br: bufio.NewReaderSize(r, 256<<10)}
}

// next returns the next line without its "\n" or "\r\n", valid until the
// next call. It returns errLineScannerTooLong for an overlong line (whose
// number is s.line, and reading goes on after it), io.EOF at the end, and
// any other read error as it comes.
func (s *lineScanner) next() ([]byte, error) {
	if s.err != nil {
		return nil, s.err
	}
	b, err := s.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		b, err = s.readLong(b)
	}
	if err != nil {
		if len(b) == 0 || err == errLineScannerTooLong {
			if err == errLineScannerTooLong {
				s.line++
			}
			return nil, err
		}
		s.err = err // return the last, unterminated line first
	}
	s.line++
	if s.line == 1 {
		b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	}
	return lineScannerTrim(b), nil
}

// buffered returns the bytes read ahead and not returned yet, without a
// read; discard(n) then drops n of them, whose lines the caller has
// counted in s.line itself. Both are for a reader that finds lines in the
// buffer itself.
func (s *lineScanner) buffered() []byte {
	if s.err != nil {
		return nil
	}
	b, _ := s.br.Peek(s.br.Buffered())
	return b
}

func (s *lineScanner) discard(n int) { s.br.Discard(n) }

// readLong gathers a line longer than the buffer into s.long, or skips it
// when it passes lineScannerMax.
func (s *lineScanner) readLong(first []byte) ([]byte, error) {
	s.long = append(s.long[:0], first...)
	for {
		b, err := s.br.ReadSlice('\n')
		if len(s.long)+len(b) > lineScannerMax {
			for err == bufio.ErrBufferFull {
				_, err = s.br.ReadSlice('\n')
			}
			if err != nil && err != io.EOF {
				s.err = err
			}
			return nil, errLineScannerTooLong
		}
		s.long = append(s.long, b...)
		if err != bufio.ErrBufferFull {
			return s.long, err
		}
	}
}

func lineScannerTrim(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b
}
