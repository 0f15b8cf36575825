package check

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/accord-cti/accord/hunt"
)

// logType says which reader and checks a file gets.
type logType uint8

const (
	typeHTTPProxy logType = iota + 1 // CSV with #Fields:, read by hunt.NewExchangeCSV
	typeECP                          // ECP server log, read line by line
	typeOAB                          // OABGenerator log, read line by line
	typeEvtx                         // Windows event log file
	typeEventJSON                    // Windows events as JSON lines, if Detect agrees
)

// logFile is a log found under a root.
type logFile struct {
	path  string
	typ   logType
	kind  string // the LogAge kind
	proto string // the HttpProxy protocol folder, canonical ("Ecp")
	size  int64
}

// The log kinds of the log-age report.
const (
	kindECP    = "ECP/Server"
	kindOAB    = "OABGeneratorLog"
	kindEvents = "Application"
)

// httpProxyProtocols are the HttpProxy folders Test-ProxyLogon reports the
// age of, by lower-case name.
var httpProxyProtocols = map[string]string{
	"autodiscover": "Autodiscover", "eas": "Eas", "ecp": "Ecp", "ews": "Ews", "mapi": "Mapi", "oab": "Oab",
	"owa": "Owa", "owacalendar": "OwaCalendar", "powershell": "PowerShell", "rpchttp": "RpcHttp",
}

// walk finds the logs under root, adding the follow-ups' findings and
// what it cannot read to rep.
func walk(ctx context.Context, root string, rep *Report) ([]logFile, error) {
	var files []logFile
	abs, err := filepath.Abs(root)
	if err != nil {
		abs = root
	}
	start := root
	if st, err := os.Lstat(root); err == nil && st.Mode()&fs.ModeSymlink != 0 {
		start += string(filepath.Separator) // WalkDir follows no link, but "link/" is the folder
	}
	err = filepath.WalkDir(start, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			rep.Skipped = append(rep.Skipped, Skipped{Path: path, Reason: unwrapPath(err)})
			if d != nil && d.IsDir() && path != start {
				return fs.SkipDir
			}
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		dirs := folders(abs, root, path)
		if f, ok := classify(path, dirs); ok {
			if info, err := d.Info(); err == nil {
				f.size = info.Size()
			}
			files = append(files, f)
			return nil
		}
		if check := followUp(d.Name(), dirs); check != "" {
			rep.Findings = append(rep.Findings, followUpFinding(path, d, check))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return files, nil
}

// folders returns the names of the folders a file is in, from the file
// system's root (of abs, root made absolute) down.
func folders(abs, root, path string) []string {
	rel, err := filepath.Rel(root, filepath.Dir(path))
	if err != nil {
		rel = filepath.Dir(path)
	}
	full := filepath.Join(abs, rel)
	return strings.Split(filepath.ToSlash(full), "/")
}

// classify tells the log a file is, by its folders and extension.
func classify(path string, dirs []string) (logFile, bool) {
	ext := strings.ToLower(filepath.Ext(path))
	f := logFile{path: path}
	switch {
	case ext == ".evtx":
		f.typ, f.kind = typeEvtx, kindEvents
	case ext == ".json" || ext == ".jsonl" || ext == ".ndjson":
		f.typ, f.kind = typeEventJSON, kindEvents
	case ext != ".log":
		return f, false
	case has(dirs, "httpproxy") >= 0:
		i := has(dirs, "httpproxy")
		f.typ, f.kind = typeHTTPProxy, "HttpProxy"
		if i+1 < len(dirs) {
			f.proto = dirs[i+1]
			if p, ok := httpProxyProtocols[strings.ToLower(f.proto)]; ok {
				f.proto = p
			}
			f.kind += "/" + f.proto
		}
	case has(dirs, "ecp") >= 0 && has(dirs[has(dirs, "ecp"):], "server") > 0:
		f.typ, f.kind = typeECP, kindECP
	case has(dirs, "oabgeneratorlog") >= 0:
		f.typ, f.kind = typeOAB, kindOAB
	default:
		return f, false
	}
	return f, true
}

// has returns the index of the last name in dirs equal to name (lower
// case) regardless of case, or -1.
func has(dirs []string, name string) int {
	for i := len(dirs) - 1; i >= 0; i-- {
		if strings.EqualFold(dirs[i], name) {
			return i
		}
	}
	return -1
}

// followUp tells the follow-up check a file answers, or "".
func followUp(name string, dirs []string) string {
	lower := strings.ToLower(name)
	if strings.HasPrefix(lower, "lsass") && strings.HasSuffix(lower, "dmp") {
		return CheckLsassDump
	}
	switch filepath.Ext(lower) {
	case ".7z", ".zip", ".rar":
		if has(dirs, "programdata") >= 0 {
			return CheckArchive
		}
	}
	return ""
}

func followUpFinding(path string, d fs.DirEntry, check string) Finding {
	f := Finding{Check: check, File: path, Evidence: Evidence{Path: path}}
	if info, err := d.Info(); err == nil {
		f.Time = info.ModTime().UTC()
		f.Evidence.Size = info.Size()
	}
	return f
}

// unwrapPath says what went wrong without repeating the path, which the
// Skipped names.
func unwrapPath(err error) string {
	var pe *fs.PathError
	var me *hunt.MalformedError
	switch {
	case errors.As(err, &pe):
		return pe.Op + ": " + pe.Err.Error()
	case errors.As(err, &me):
		return fmt.Sprintf("line %d: %s", me.Line, me.Msg)
	}
	return err.Error()
}
