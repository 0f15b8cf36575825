// Package check runs the compromise checks vendors publish for one product
// over a copy of its files and logs. Exchange is Microsoft's Test-ProxyLogon
// (the 2021 Exchange Server campaign: CVE-2021-26855, -26857, -26858 and
// -27065), in accord's own code, over an install tree or a collected copy
// of its Logging folder.
package check

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/hunt"
)

// The CVEs of the 2021 Exchange campaign that Exchange checks for.
const (
	CVE26855 = "CVE-2021-26855"
	CVE26857 = "CVE-2021-26857"
	CVE26858 = "CVE-2021-26858"
	CVE27065 = "CVE-2021-27065"
)

// The checks, each a Finding's Check.
const (
	CheckServerInfo  = "httpproxy-serverinfo" // CVE-2021-26855: AnchorMailbox ServerInfo~*/* in an HttpProxy log
	CheckUMCast      = "um-invalidcast"       // CVE-2021-26857: a Unified Messaging InvalidCastException error event
	CheckOABDownload = "oab-download"         // CVE-2021-26858: an OAB download to a path outside ClientAccess\OAB
	CheckSetVDir     = "ecp-set-vdir-script"  // CVE-2021-27065: Set-*VirtualDirectory with a script in a URL
	CheckResetVDir   = "httpproxy-reset-vdir" // CVE-2021-27065: ServerInfo~*/*Reset*VirtualDirectory# answered 200
	CheckLsassDump   = "lsass-dump"           // follow-up: a memory dump of lsass anywhere in the tree
	CheckArchive     = "programdata-archive"  // follow-up: a .7z, .zip or .rar under ProgramData
)

// Options control a check.
type Options struct {
	// Also names more directories to walk like the root: where the
	// Application event log, ProgramData or Windows\Temp were collected,
	// when they are not under the root.
	Also []string
	// InstallPath is the Exchange install directory as the server knew it
	// (C:\Program Files\Microsoft\Exchange Server\V15). When given, an OAB
	// download is benign only under its ClientAccess\OAB; otherwise under
	// any ...\ClientAccess\OAB\ folder.
	InstallPath string
	// Workers is the number of files read at once; 0 means one per core.
	Workers int
	// Progress is called with the bytes of the logs read so far and in
	// all, from several goroutines at once; may be nil.
	Progress func(done, total int64)
	// Malformed is called for each line a reader could not read, from
	// several goroutines at once; may be nil.
	Malformed func(*hunt.MalformedError)
}

// Report is what a check found and how far back the logs it read reach.
type Report struct {
	Findings []Finding // in order of check, then file and line
	Logs     []LogAge  // every log kind Test-ProxyLogon reads, found or not, then any other HttpProxy folder
	Skipped  []Skipped // what could not be read, and why
}

// Finding is one sign of exploitation, or one file a follow-up lists.
type Finding struct {
	CVE      string    `json:"cve,omitempty"` // "" for a follow-up
	Check    string    `json:"check"`
	File     string    `json:"file"`
	Line     int       `json:"line,omitempty"` // 0 for a file found; the EventRecordID in an .evtx
	Time     time.Time `json:"time,omitzero"`
	Host     string    `json:"host,omitempty"`
	Evidence Evidence  `json:"evidence"`
}

// Evidence is what a finding rests on, as the log wrote it.
type Evidence struct {
	ClientIP      string `json:"client_ip,omitempty"`
	AnchorMailbox string `json:"anchor_mailbox,omitempty"`
	URLHost       string `json:"url_host,omitempty"`
	URL           string `json:"url,omitempty"` // UrlStem and UrlQuery
	RoutingHint   string `json:"routing_hint,omitempty"`
	UserAgent     string `json:"user_agent,omitempty"`
	Status        string `json:"http_status,omitempty"`
	Method        string `json:"method,omitempty"`
	User          string `json:"user,omitempty"`
	Protocol      string `json:"protocol,omitempty"`
	Cmdlet        string `json:"cmdlet,omitempty"`   // Set-OabVirtualDirectory
	Script        string `json:"script,omitempty"`   // the tag found in a URL parameter
	Path          string `json:"path,omitempty"`     // the OAB download's path; the file a follow-up found
	Size          int64  `json:"size,omitempty"`     // of the file a follow-up found
	Provider      string `json:"provider,omitempty"` // of an event
	EventID       string `json:"event_id,omitempty"`
	Message       string `json:"message,omitempty"` // the event's text holding the exception, cut to 300 bytes
}

// LogAge says how far back one kind of log reaches.
type LogAge struct {
	Kind      string    `json:"kind"` // "HttpProxy/Ecp", "ECP/Server", "OABGeneratorLog", "Application"
	Files     int       `json:"files"`
	Lines     int64     `json:"lines"` // records read
	Malformed int64     `json:"malformed,omitempty"`
	Oldest    time.Time `json:"oldest,omitzero"`
	Newest    time.Time `json:"newest,omitzero"`
}

// Skipped is a file or directory that could not be read.
type Skipped struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// Exchange runs Test-ProxyLogon's checks over root, an Exchange install
// tree (...\Exchange Server\V15) or a collected copy of its Logging folder,
// and over opts.Also:
//
//   - CVE-2021-26855: HttpProxy logs (Logging\HttpProxy\<protocol>\*.log)
//     whose AnchorMailbox is like ServerInfo~*/*, except ServerInfo~*/autodiscover*
//     and ServerInfo~localhost*/* (PowerShell's -like: case-insensitive);
//   - CVE-2021-27065: HttpProxy\Ecp logs whose AnchorMailbox is like
//     ServerInfo~*/*Reset*VirtualDirectory# with HttpStatus 200, and ECP
//     server logs (Logging\ECP\Server\*.log) with a Set-*VirtualDirectory
//     whose Url parameter holds a tag (<script …>…</script>);
//   - CVE-2021-26858: OABGenerator logs (Logging\OABGeneratorLog\*.log) with
//     "Download failed and temporary file PATH needs to be removed", PATH
//     outside ClientAccess\OAB;
//   - CVE-2021-26857: Application events (.evtx files, or Windows events as
//     JSON lines in .json, .jsonl or .ndjson files) of the provider
//     MSExchange Unified Messaging at level Error that mention
//     System.InvalidCastException;
//   - follow-ups: lsass*dmp files anywhere, .7z, .zip and .rar files under a
//     ProgramData folder.
//
// Folder names are matched without regard to case, wherever they are under
// root. A root that is missing or no directory is an EINVALID error; a
// file or folder under it that cannot be read is Skipped, not fatal.
func Exchange(ctx context.Context, root string, opts Options) (Report, error) {
	var rep Report
	var files []logFile
	for _, dir := range append([]string{root}, opts.Also...) {
		st, err := os.Stat(dir)
		if err != nil {
			return Report{}, accord.Errorf(accord.EINVALID, "check exchange: %v", err)
		}
		if !st.IsDir() {
			return Report{}, accord.Errorf(accord.EINVALID, "check exchange: %s is not a directory", dir)
		}
		found, err := walk(ctx, dir, &rep)
		if err != nil {
			return Report{}, err
		}
		files = append(files, found...)
	}
	results, err := readAll(ctx, files, opts)
	if err != nil {
		return Report{}, err
	}
	rep.Logs = ages(files, results)
	for _, r := range results {
		rep.Findings = append(rep.Findings, r.findings...)
		rep.Skipped = append(rep.Skipped, r.skipped...)
	}
	sortFindings(rep.Findings)
	slices.SortFunc(rep.Skipped, func(a, b Skipped) int { return cmp.Compare(a.Path, b.Path) })
	return rep, nil
}

// checkOrder ranks the checks for a report: by CVE, then the follow-ups.
var checkOrder = map[string]int{CheckServerInfo: 1, CheckUMCast: 2, CheckOABDownload: 3, CheckSetVDir: 4,
	CheckResetVDir: 5, CheckLsassDump: 6, CheckArchive: 7}

func sortFindings(fs []Finding) {
	slices.SortFunc(fs, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(checkOrder[a.Check], checkOrder[b.Check]),
			cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
	})
}

// String names a finding's place: file:line, or the file.
func (f Finding) String() string {
	if f.Line == 0 {
		return f.File
	}
	return fmt.Sprintf("%s:%d", f.File, f.Line)
}
