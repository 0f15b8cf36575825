package hunt

import (
	"bytes"
	"path/filepath"
	"strings"

	"github.com/accord-cti/accord/sigma"
)

// sigmaFeed turns the records of one reader into the sigma.Event the
// Sigma engine reads: one per worker, its Event and attribute slice reused
// from record to record, so that nothing is allocated per record once
// they have grown.
type sigmaFeed struct {
	ev    sigma.Event
	attrs func(f *sigmaFeed, r *Record) // appends the record's attributes to f.ev.Attrs
	json  sigmaJSON                     // for the readers whose attributes are read again from the line
	zeek  *zeekReader
	iis   *iisReader
	csv   *csvReader
}

// newSigmaFeed returns the feed of the records reader reads from the file
// path: the source and attribute names follow the reader's kind of log.
func newSigmaFeed(reader Reader, path string) *sigmaFeed {
	f := &sigmaFeed{}
	switch r := reader.(type) {
	case *wineventReader, *evtxReader:
		f.ev.Source, f.attrs = sigma.SourceWindows, (*sigmaFeed).windows
	case *iisReader:
		f.ev.Source, f.iis, f.attrs = sigma.SourceWebserver, r, (*sigmaFeed).iisColumns
	case *csvReader:
		f.ev.Source, f.csv, f.attrs = sigma.SourceOther, r, (*sigmaFeed).csvColumns
		if r.exchange {
			f.ev.Source = sigma.SourceWebserver
		}
	case *zeekReader:
		f.ev.Source, f.zeek, f.attrs = sigma.SourceZeek, r, (*sigmaFeed).zeekFields
		f.ev.Log = zeekLogName(path)
	case *syslogReader:
		f.ev.Source, f.attrs = sigma.SourceSyslog, (*sigmaFeed).syslog
	default:
		f.ev.Source, f.attrs = sigma.SourceOther, (*sigmaFeed).jsonFields
	}
	return f
}

// event fills the feed's Event from r and returns it; it is valid until
// the next call.
func (f *sigmaFeed) event(r *Record) *sigma.Event {
	f.ev.Time, f.ev.Host, f.ev.Raw = r.Time, r.Host, r.Raw
	f.ev.Attrs = f.ev.Attrs[:0]
	f.attrs(f, r)
	return &f.ev
}

func (f *sigmaFeed) add(name string, v []byte) {
	f.ev.Attrs = append(f.ev.Attrs, sigma.Attr{Name: name, Value: v})
}

// sigmaEventPrefix is the path prefix of the raw fields of the Windows
// readers.
const sigmaEventPrefix = "x-event:"

// windows takes the "x-event:" fields the Windows readers keep for every
// scalar, named without the prefix. The system fields that Winlogbeat,
// nxlog or the .evtx rendering name otherwise are named as Sigma's
// Windows taxonomy does.
func (f *sigmaFeed) windows(r *Record) {
	for i := range r.Fields {
		fd := &r.Fields[i]
		name, ok := strings.CutPrefix(fd.Path, sigmaEventPrefix)
		if !ok || name == "" {
			continue
		}
		if alias := sigmaWindowsAlias(name); alias != "" {
			name = alias
		}
		f.add(name, fd.Value)
	}
}

// sigmaWindowsAlias returns the taxonomy's name of a Windows system field
// a shipper names its own way, or "".
func sigmaWindowsAlias(name string) string {
	switch name {
	case "winlog.channel":
		return "Channel"
	case "winlog.event_id", "event_id":
		return "EventID"
	case "winlog.provider_name", "Provider.Name", "SourceName":
		return "Provider_Name"
	case "winlog.computer_name":
		return "Computer"
	}
	return ""
}

// iisColumns gives every W3C column of the line under its name, as the
// log writes it ("-" is no value): Sigma's webserver rules match the
// User-Agent with its '+' for spaces.
func (f *sigmaFeed) iisColumns(_ *Record) {
	r := f.iis
	for i := range r.cols {
		v := r.val(i)
		if len(v) == 0 || len(v) == 1 && v[0] == '-' {
			continue
		}
		f.add(r.other[i][len("x-iis:"):], v)
	}
}

// csvColumns gives every column of a CSV or Exchange record under its
// header's name.
func (f *sigmaFeed) csvColumns(_ *Record) {
	r := f.csv
	for i, v := range r.vals {
		if len(v) > 0 && i < len(r.names) && r.names[i] != "" {
			f.add(r.names[i], v)
		}
	}
}

// syslog gives the line as its message: Sigma's Linux rules are mostly
// keywords, which search the event's values, here the line.
func (f *sigmaFeed) syslog(r *Record) {
	f.add("message", r.Raw)
}

// zeekFields gives the fields of a Zeek line under Zeek's names: read
// again from the line, which the projecting reader read only in part.
func (f *sigmaFeed) zeekFields(r *Record) {
	z := f.zeek
	if !z.tsv {
		f.jsonFields(r)
		return
	}
	if z.path != "" {
		f.ev.Log = z.path
	}
	line := r.Raw
	for i := 0; i < len(z.names) && line != nil; i++ {
		name := z.names[i]
		v := line
		if j := bytes.IndexByte(line, z.sep); j >= 0 {
			v, line = line[:j], line[j+1:]
		} else {
			line = nil
		}
		switch {
		case name == "" || bytes.Equal(v, z.unset):
		case bytes.Equal(v, z.empty):
			f.add(name, nil)
		default:
			f.add(name, v)
		}
	}
}

// jsonFields gives every scalar of a JSON line under its dotted path.
func (f *sigmaFeed) jsonFields(r *Record) {
	f.json.ev = &f.ev
	f.json.scan.walk(r.Raw, &f.json)
	f.json.ev = nil
}

// sigmaJSON collects the scalars of a JSON line as attributes.
type sigmaJSON struct {
	scan jsonlScanner
	keys jsonlIntern
	ev   *sigma.Event
}

func (j *sigmaJSON) jsonlValue(key, val []byte, _ bool) {
	if len(key) == 0 {
		return
	}
	j.ev.Attrs = append(j.ev.Attrs, sigma.Attr{Name: j.keys.get(key), Value: val})
}

// zeekLogName returns the Zeek log a file holds by its name: "dns" for
// dns.log, dns.00:00:00-01:00:00.log.gz or dns.json.
func zeekLogName(path string) string {
	base := filepath.Base(path)
	if i := strings.IndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	return base
}
