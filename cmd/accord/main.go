// Command accord is the threat-intelligence system's one binary: it imports
// and validates STIX, shows and searches the knowledge base, and (in later
// versions) hunts, attributes and shares.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"

	"github.com/accord-cti/accord"
)

func main() {
	stopProfile := func() {}
	if path := os.Getenv("ACCORD_CPUPROFILE"); path != "" {
		stopProfile = startProfile(path)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := NewMain()
	err := m.Run(ctx, os.Args[1:])
	stop()
	stopProfile() // before os.Exit, which runs no deferred call
	if path := os.Getenv("ACCORD_MEMPROFILE"); path != "" {
		writeHeapProfile(path)
	}
	if err != nil && !errors.Is(err, errSilent) && !errors.Is(err, errNoMatch) && !errors.Is(err, errFound) {
		fmt.Fprintln(os.Stderr, "accord:", err)
	}
	code := ExitCode(err)
	if code != 0 {
		os.Exit(code)
	}
}

// startProfile writes a CPU profile to path until the returned function is
// called: ACCORD_CPUPROFILE=cpu.prof accord import … shows where time goes.
func startProfile(path string) func() {
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "accord: ACCORD_CPUPROFILE:", err)
		return func() {}
	}
	pprof.StartCPUProfile(f)
	return func() { pprof.StopCPUProfile(); f.Close() }
}

// writeHeapProfile writes the allocations of the whole run (go tool pprof
// -sample_index=alloc_space) and what is in use at its end.
func writeHeapProfile(path string) {
	f, err := os.Create(path)
	if err == nil {
		err = pprof.Lookup("allocs").WriteTo(f, 0)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "accord: ACCORD_MEMPROFILE:", err)
	}
}

// Main is the program: its configuration and where it reads and writes.
// Tests run it in-process with buffers and a temp database.
type Main struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string

	Config Config
}

// Config is accord's configuration, passed down explicitly.
type Config struct {
	DB    string // database path (--db, ACCORD_DB, or under the user's data directory)
	Empty bool   // create a new database without the starter pack
}

// NewMain returns a Main wired to the process's standard streams.
func NewMain() *Main {
	return &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
}

// command is one subcommand.
type command struct {
	name, args, summary string
	run                 func(m *Main, ctx context.Context, args []string) error
}

var commands []command

func init() {
	commands = []command{
		{"import", "PATH...", "import STIX 2.0/2.1 bundles, JSON lines or objects (files, directories, - for stdin, gzip ok), and Sigma rules (.yml) as indicators linked to ATT&CK", (*Main).runImport},
		{"export", "[--type T]... [--all-versions] [--since T] [--org ORG]", "write the knowledge base as a STIX 2.1 bundle on stdout; with --org, only what TLP 2.0 lets go to that organisation", (*Main).runExport},
		{"validate", "PATH...", "check STIX files against the specification without importing them", (*Main).runValidate},
		{"show", "REF", "show an object by id, name, alias or external id (G0125, T1190, CVE-…) with its relationships", (*Main).runShow},
		{"acts", "[REF] [--json]", "list the attribution acts (statements, indictments, sanctions, denials), all or those about REF, newest first", (*Main).runActs},
		{"consensus", "REF [--json]", "who attributes an actor or campaign to whom, when and how surely: where sources agree and dissent, names resolved through aliases, nothing merged", (*Main).runConsensus},
		{"search", "TEXT", "full-text search over names, aliases and descriptions", (*Main).runSearch},
		{"stats", "", "count what the knowledge base holds", (*Main).runStats},
		{"hunt", "PATH... [--output text|json|stix] [--format F] [--rules SIGMA]...", "sweep logs (IIS, Exchange, Zeek, Windows events, JSON lines, CSV, syslog) for every indicator in the knowledge base; exit 1 when something is found", (*Main).runHunt},
		{"check", "exchange PATH [--output text|json|stix] [--no-record] [--also DIR]", "run Test-ProxyLogon's checks (CVE-2021-26855, -26857, -26858, -27065 and follow-ups) over an Exchange install or Logging folder, with the logs' age; exit 1 when something is found", (*Main).runCheck},
		{"sweep", "DIR... [--output text|json|stix] [--intel FILE] [--loki-filenames FILE] [--max-size N]", "check files against the file indicators (hashes, names, paths), Loki filename lists and web-shell rules; exit 1 when something is found", (*Main).runSweep},
		{"sigma", "lint DIR... [--json] [--placeholders FILE]", "load Sigma rules and list every one that cannot be loaded, and why (exit 0 when the paths could be read)", (*Main).runSigma},
		{"pattern", "validate|match 'PATTERN' [FILE] [--stix-version 2.0|2.1] [--json]", "check a STIX pattern (exit 2 with the column of the problem), or match it against observed data in FILE (exit 0 match, 1 none)", (*Main).runPattern},
		{"org", "add NAME | list [--json]", "add or list the organisations that share through this server", (*Main).runOrg},
		{"user", "add NAME --org ORG | list [--json]", "add a user to an organisation, or list the users", (*Main).runUser},
		{"token", "create USER | revoke ID | list USER [--json]", "create a user's API token (its secret is shown once), revoke one, or list them", (*Main).runToken},
		{"collection", "add TITLE [--alias A] [--description D] [--max-marking M] | list | put COLLECTION REF... [--json]", "add or list TAXII collections, or put the latest versions of stored objects into one", (*Main).runCollection},
		{"grant", "COLLECTION (--org ORG | --user USER) [--read] [--write] [--revoke] [--json]", "let an organisation or a user read or write a collection, or take that away", (*Main).runGrant},
		{"attribute", "[--technique T]... [--software S]... [--cve CVE]... [--indicator ID]... [--infrastructure I]... [--sector S]... [--country C]... [--sightings [--since T]] [--top N] [--json] | eval [--holdout none|citation] [--json]", "rank the intrusion sets that the evidence points to, with calibrated probability, estimative phrase, evidence and sponsors; or evaluate the ranking leave-one-campaign-out", (*Main).runAttribute},
		{"feed", "add NAME URL --collection ID [--user U] [--token T | --token-env VAR] [--every 15m] [--insecure-tls-fingerprint SHA256] | list | remove NAME | pull [NAME...] [--loop] | quarantine [NAME] | provenance ID | allow [HOST[:PORT]] [--remove] [--json]", "pull TAXII 2.1 collections of other servers (resuming where a pull stopped, invalid objects quarantined), list them, and keep the outbound allow-list", (*Main).runFeed},
		{"serve", "[--listen ADDR] [--tls-cert F --tls-key F] [--insecure-http]", "serve the knowledge base over TAXII 2.1 (HTTPS, self-signed certificate made on first start unless given; plain HTTP only on loopback) until interrupted", (*Main).runServe},
	}
}

// Run parses the global flags and runs the subcommand named in args.
func (m *Main) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("accord", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&m.Config.DB, "db", "", "database path (env ACCORD_DB)")
	fs.BoolVar(&m.Config.Empty, "empty", false, "create a new database without the starter pack")
	help := fs.Bool("help", false, "")
	fs.BoolVar(help, "h", false, "")
	if err := fs.Parse(args); err != nil {
		return usageErr("%v", err)
	}
	if *help || fs.NArg() == 0 {
		m.usage()
		return nil
	}
	name, rest := fs.Arg(0), fs.Args()[1:]
	for _, c := range commands {
		if c.name == name {
			return c.run(m, ctx, rest)
		}
	}
	if name == "help" {
		m.usage()
		return nil
	}
	return usageErr("unknown command %q (run 'accord help')", name)
}

func (m *Main) usage() {
	fmt.Fprintln(m.Stdout, "accord: a STIX 2.1 threat-intelligence knowledge base")
	fmt.Fprintln(m.Stdout, "\nusage: accord [--db PATH] [--empty] COMMAND [ARGS]\n\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(m.Stdout, "  %-9s %s\n            %s\n", c.name, c.args, c.summary)
	}
	fmt.Fprintln(m.Stdout, "\nThe database is --db, else $ACCORD_DB, else accord.db under the user's data directory.")
	fmt.Fprintln(m.Stdout, "A new database starts with the starter intelligence pack (the 2021 Exchange, SolarWinds")
	fmt.Fprintln(m.Stdout, "and APT40 record) unless --empty is given.")
	fmt.Fprintln(m.Stdout, "\nexit codes: 0 success, 1 found (hunt) or no match (pattern match), 2 bad input or usage (including a REF that names nothing), 3 internal error, 4 refused (unauthorized or forbidden)")
}

// errSilent marks an error whose message was already written.
var errSilent = errors.New("reported")

// usageError is a mistake in the command line.
type usageError struct{ msg string }

func (e *usageError) Error() string     { return e.msg }
func (e *usageError) ErrorCode() string { return accord.EINVALID }

func usageErr(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// exitCodes maps error codes to the process's exit status, in one place.
var exitCodes = map[string]int{
	"":               0,
	accord.ENOTFOUND: 2,
	accord.EINVALID:  2,
	accord.ECONFLICT: 2,
	accord.EINTERNAL: 3,

	accord.EUNAUTHORIZED: 4,
	accord.EFORBIDDEN:    4,
}

// ExitCode returns the exit status for err.
func ExitCode(err error) int {
	if errors.Is(err, context.Canceled) {
		return 130
	}
	if errors.Is(err, errNoMatch) || errors.Is(err, errFound) {
		return 1
	}
	code := accord.ErrorCode(err)
	if errors.Is(err, errSilent) {
		code = accord.EINVALID
	}
	if n, ok := exitCodes[code]; ok {
		return n
	}
	return 3
}
