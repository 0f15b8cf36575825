package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/ingest"
	"github.com/accord-cti/accord/sqlite"
	"github.com/accord-cti/accord/starter"
)

// dbPath returns the database path: --db, else $ACCORD_DB, else accord.db in
// the user's data directory.
func (m *Main) dbPath() (string, error) {
	if m.Config.DB != "" {
		return m.Config.DB, nil
	}
	if p := m.Getenv("ACCORD_DB"); p != "" {
		return p, nil
	}
	dir, err := dataDir(m.Getenv)
	if err != nil {
		return "", accord.Errorf(accord.EINVALID, "no --db given and %v", err)
	}
	return filepath.Join(dir, "accord", "accord.db"), nil
}

// dataDir is the user's data directory: XDG_DATA_HOME or ~/.local/share on
// Unix, Application Support on macOS, LocalAppData on Windows.
func dataDir(getenv func(string) string) (string, error) {
	switch runtime.GOOS {
	case "windows":
		if d := getenv("LocalAppData"); d != "" {
			return d, nil
		}
		return "", errors.New("%LocalAppData% is not set")
	case "darwin":
		if h := getenv("HOME"); h != "" {
			return filepath.Join(h, "Library", "Application Support"), nil
		}
	default:
		if d := getenv("XDG_DATA_HOME"); d != "" {
			return d, nil
		}
		if h := getenv("HOME"); h != "" {
			return filepath.Join(h, ".local", "share"), nil
		}
	}
	return "", errors.New("$HOME is not set")
}

// openStore opens the database, creating it with the starter pack when it
// does not exist yet (unless --empty). A database whose creation fails is
// removed, so that a half-made file never passes for a new one.
func (m *Main) openStore(ctx context.Context, opts ...sqlite.Option) (*sqlite.DB, error) {
	path, err := m.dbPath()
	if err != nil {
		return nil, err
	}
	_, statErr := os.Stat(path)
	fresh := errors.Is(statErr, fs.ErrNotExist)
	db, err := sqlite.Open(path, opts...)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if !fresh || m.Config.Empty {
		return db, nil
	}
	if _, err := ingest.Import(ctx, db, ingest.Source{Name: "starter pack", Data: starter.Bundle()}, ingest.Options{}); err != nil {
		db.Close()
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(path + suffix)
		}
		return nil, fmt.Errorf("load the starter pack into %s: %w", path, err)
	}
	return db, nil
}
