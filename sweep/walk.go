package sweep

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/accord-cti/accord"
)

// job is a regular file to check.
type job struct {
	path string      // as walked
	root string      // the directory swept, for --drive
	info fs.FileInfo // from the walk (Lstat): the file opened must be this one
}

// root is one path to sweep, checked before the walk starts.
type root struct {
	path  string      // as given
	start string      // where the walk starts: path, with a separator when it is a link
	tree  string      // its real absolute path: links out of it are not followed
	file  fs.FileInfo // set when the root is a file
}

// checkRoots resolves the paths to sweep. One that does not exist or is
// neither a file nor a directory is an error (EINVALID).
func checkRoots(paths []string) ([]root, error) {
	var out []root
	for _, p := range paths {
		st, err := os.Stat(p) // a root given as a link is followed: the user named it
		if err != nil {
			return nil, accord.Errorf(accord.EINVALID, "%s: %s", p, reason(err))
		}
		if !st.IsDir() {
			if !st.Mode().IsRegular() {
				return nil, accord.Errorf(accord.EINVALID, "%s: not a regular file or directory", p)
			}
			out = append(out, root{path: p, file: st})
			continue
		}
		tree, err := filepath.EvalSymlinks(p)
		if err != nil {
			return nil, accord.Errorf(accord.EINVALID, "%s: %s", p, reason(err))
		}
		tree, _ = filepath.Abs(tree)
		r := root{path: p, start: p, tree: tree}
		if lst, err := os.Lstat(p); err == nil && lst.Mode()&fs.ModeSymlink != 0 {
			r.start = p + string(filepath.Separator)
		}
		out = append(out, r)
	}
	return out, nil
}

// walk hands the regular files under roots to send, each once, in walk
// order, until send returns false. It never follows a symbolic link (a
// link into the tree leads to files the walk meets anyway; one out of it
// or to nothing is skipped and said) and skips special files and what it
// cannot list, saying why.
func (s *sweeper) walk(roots []root, send func(job) bool) {
	var seen map[string]bool // only several roots can name a file twice
	if len(roots) > 1 {
		seen = map[string]bool{}
	}
	add := func(j job) bool {
		if seen != nil {
			key, err := filepath.Abs(j.path)
			if err != nil {
				key = j.path
			}
			if seen[key] {
				return true
			}
			seen[key] = true
		}
		return send(j)
	}
	for _, r := range roots {
		if r.file != nil {
			if !add(job{path: r.path, root: filepath.Dir(r.path), info: r.file}) {
				return
			}
			continue
		}
		stop := errors.New("stop")
		err := filepath.WalkDir(r.start, func(path string, d fs.DirEntry, err error) error {
			if info, ok := s.entry(path, d, err, r.tree); ok && !add(job{path: path, root: r.path, info: info}) {
				return stop
			}
			return nil
		})
		if err == stop {
			return
		}
	}
}

// entry decides on one entry of a walk: a regular file to check (its
// Lstat info), or something to skip (said) or pass over.
func (s *sweeper) entry(path string, d fs.DirEntry, err error, tree string) (fs.FileInfo, bool) {
	if err != nil {
		s.skipLocked(Skip{Path: path, Reason: "cannot be listed: " + reason(err)})
		return nil, false
	}
	switch t := d.Type(); {
	case d.IsDir():
		return nil, false
	case t&fs.ModeSymlink != 0:
		s.link(path, tree)
		return nil, false
	case !t.IsRegular():
		s.skipLocked(Skip{Path: path, Reason: "not a regular file (" + special(t) + ")"})
		return nil, false
	}
	info, err := d.Info()
	if err != nil {
		s.skipLocked(Skip{Path: path, Reason: "cannot be read: " + reason(err)})
		return nil, false
	}
	return info, true
}

// link skips a symbolic link that leads out of the tree or nowhere, and
// says so; a link into the tree is passed over in silence.
func (s *sweeper) link(path, tree string) {
	target, err := filepath.EvalSymlinks(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		dest, _ := os.Readlink(path)
		s.skipLocked(Skip{Path: path, Reason: "dangling symbolic link to " + dest})
	case err != nil:
		s.skipLocked(Skip{Path: path, Reason: "symbolic link not followed: " + reason(err)})
	default:
		abs, _ := filepath.Abs(target)
		if rel, err := filepath.Rel(tree, abs); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			s.skipLocked(Skip{Path: path, Reason: "symbolic link to " + target + ", outside the swept tree: not followed"})
		}
	}
}

func (s *sweeper) skipLocked(k Skip) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.skip(k)
}

// special names the type of a file that is neither regular, directory
// nor link.
func special(t fs.FileMode) string {
	switch {
	case t&fs.ModeNamedPipe != 0:
		return "named pipe"
	case t&fs.ModeSocket != 0:
		return "socket"
	case t&fs.ModeCharDevice != 0:
		return "character device"
	case t&fs.ModeDevice != 0:
		return "device"
	case t&fs.ModeIrregular != 0:
		return "irregular file"
	}
	return t.String()
}
