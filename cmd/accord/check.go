package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/netip"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/check"
	"github.com/accord-cti/accord/hunt"
	"github.com/accord-cti/accord/stix"
)

// checkTitles says what each check looks for, for the text report.
var checkTitles = map[string]string{
	check.CheckServerInfo:  "AnchorMailbox ServerInfo~*/* in the HttpProxy logs (server-side request forgery)",
	check.CheckUMCast:      "Unified Messaging errors with System.InvalidCastException in the Application log",
	check.CheckOABDownload: "OAB download to a path outside ClientAccess\\OAB (possible web shell)",
	check.CheckSetVDir:     "Set-*VirtualDirectory with a script in a URL in the ECP server logs",
	check.CheckResetVDir:   "ServerInfo~*/*Reset*VirtualDirectory# answered 200 in the HttpProxy Ecp logs",
	check.CheckLsassDump:   "lsass memory dump (credential theft?)",
	check.CheckArchive:     "archive under ProgramData (data staged for theft?)",
}

// maxMalformed bounds the malformed lines written one by one.
const maxMalformed = 10

func (m *Main) runCheck(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "exchange" {
		return usageErr("check: say what to check: accord check exchange PATH")
	}
	return m.runCheckExchange(ctx, args[1:])
}

func (m *Main) runCheckExchange(ctx context.Context, args []string) error {
	fs := newFlags("check exchange")
	output := fs.String("output", "text", "text; json (one finding per line); or stix (a bundle of the sightings)")
	noRecord := fs.Bool("no-record", false, "do not record the sightings in the knowledge base")
	org := fs.String("org", m.Getenv("ACCORD_ORG"), "the organisation the sightings are reported by (env ACCORD_ORG)")
	install := fs.String("install-path", "", `the Exchange install path on the server (C:\Program Files\Microsoft\Exchange Server\V15)`)
	var also stringList
	fs.Var(&also, "also", "another directory to check, such as collected event logs or ProgramData (repeatable)")
	paths, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(paths) != 1 {
		return usageErr("check exchange: name one Exchange install or Logging directory")
	}
	if *output != "text" && *output != "json" && *output != "stix" {
		return usageErr("check exchange: --output is text, json or stix, not %q", *output)
	}
	if *org == "" {
		host, _ := os.Hostname()
		*org = "accord on " + cmp.Or(host, "this host")
	}
	rep, err := m.checkExchange(ctx, paths[0], check.Options{Also: also, InstallPath: *install})
	if err != nil {
		return err
	}
	switch *output {
	case "text":
		printCheck(m.Stdout, paths[0], rep)
	case "json":
		enc := json.NewEncoder(m.Stdout)
		for _, f := range rep.Findings {
			enc.Encode(f)
		}
		printLogAge(m.Stderr, rep.Logs)
	}
	if *output == "stix" || !*noRecord {
		if err := m.recordCheck(ctx, rep.Findings, *org, *output == "stix", !*noRecord); err != nil {
			return err
		}
	}
	if len(rep.Findings) > 0 {
		return errFound
	}
	return nil
}

// checkExchange runs the checks with a progress bar and the first
// malformed lines on stderr.
func (m *Main) checkExchange(ctx context.Context, root string, opts check.Options) (check.Report, error) {
	bar := newProgress(m.Stderr, "check", "MiB")
	var malformed atomic.Int64
	opts.Progress = func(done, total int64) { bar.update(int(done), int(total), int(done>>20)) }
	opts.Malformed = func(e *hunt.MalformedError) {
		if malformed.Add(1) <= maxMalformed {
			bar.done()
			fmt.Fprintln(m.Stderr, "malformed:", e)
		}
	}
	start := time.Now()
	rep, err := check.Exchange(ctx, root, opts)
	bar.done()
	if err != nil {
		return rep, err
	}
	var files int
	var lines int64
	for _, l := range rep.Logs {
		files += l.Files
		lines += l.Lines
	}
	if n := malformed.Load(); n > maxMalformed {
		fmt.Fprintf(m.Stderr, "… and %d more malformed lines\n", n-maxMalformed)
	}
	fmt.Fprintf(m.Stderr, "%d log files, %d lines in %s; %d findings\n",
		files, lines, time.Since(start).Round(time.Millisecond), len(rep.Findings))
	return rep, nil
}

// printCheck writes the text report: how far back the logs reach, the
// findings grouped by CVE and check with counts and samples, the
// follow-ups, and what could not be read.
func printCheck(w io.Writer, root string, rep check.Report) {
	fmt.Fprintf(w, "Exchange compromise checks (Test-ProxyLogon) of %s\n\n", root)
	printLogAge(w, rep.Logs)
	for _, fs := range groupChecks(rep.Findings) {
		f := fs[0]
		fmt.Fprintf(w, "\n%s  %s\n", cmp.Or(f.CVE, "follow-up"), checkTitles[f.Check])
		first, last := findingSpan(fs)
		fmt.Fprintf(w, "  %d %s", len(fs), plural(len(fs), "finding"))
		if !first.IsZero() {
			fmt.Fprintf(w, ", first %s, last %s", first.Format(time.RFC3339), last.Format(time.RFC3339))
		}
		if ips := clientIPs(fs); len(ips) > 0 {
			fmt.Fprintf(w, ", client IPs %s", strings.Join(ips, ", "))
		}
		fmt.Fprintln(w)
		for _, f := range fs[:min(len(fs), 5)] {
			fmt.Fprintf(w, "    %s  %s\n", f, evidenceLine(f))
		}
		if len(fs) > 5 {
			fmt.Fprintf(w, "    … and %d more\n", len(fs)-5)
		}
	}
	if len(rep.Skipped) > 0 {
		fmt.Fprintln(w, "\nNot read:")
		for _, s := range rep.Skipped {
			fmt.Fprintf(w, "  %s: %s\n", s.Path, s.Reason)
		}
	}
	if len(rep.Findings) == 0 {
		fmt.Fprintln(w, "\nNothing suspicious found in the logs that were read.")
	}
}

// printLogAge writes how far back each kind of log reaches.
func printLogAge(w io.Writer, logs []check.LogAge) {
	fmt.Fprintln(w, "Log age (how far back the logs reach):")
	for _, l := range logs {
		if l.Files == 0 {
			fmt.Fprintf(w, "  %-22s  not found\n", l.Kind)
			continue
		}
		fmt.Fprintf(w, "  %-22s  %4d %-5s %9d %s", l.Kind, l.Files, plural(l.Files, "file"), l.Lines, plural(int(l.Lines), "line"))
		if !l.Oldest.IsZero() {
			fmt.Fprintf(w, "  %s … %s (%.1f days)", l.Oldest.Format(time.RFC3339), l.Newest.Format(time.RFC3339),
				l.Newest.Sub(l.Oldest).Hours()/24)
		}
		if l.Malformed > 0 {
			fmt.Fprintf(w, "  %d malformed", l.Malformed)
		}
		fmt.Fprintln(w)
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// groupChecks splits the findings (in the order of check.Report) by check.
func groupChecks(fs []check.Finding) [][]check.Finding {
	var out [][]check.Finding
	for i := 0; i < len(fs); {
		j := i + 1
		for j < len(fs) && fs[j].Check == fs[i].Check {
			j++
		}
		out = append(out, fs[i:j])
		i = j
	}
	return out
}

func findingSpan(fs []check.Finding) (first, last time.Time) {
	for _, f := range fs {
		if !f.Time.IsZero() && (first.IsZero() || f.Time.Before(first)) {
			first = f.Time
		}
		if f.Time.After(last) {
			last = f.Time
		}
	}
	return first, last
}

// clientIPs lists the findings' client addresses, each once, at most ten.
func clientIPs(fs []check.Finding) []string {
	var ips []string
	for _, f := range fs {
		if ip := f.Evidence.ClientIP; ip != "" && !slices.Contains(ips, ip) && len(ips) < 10 {
			ips = append(ips, ip)
		}
	}
	return ips
}

// evidenceLine is a finding's evidence on one line.
func evidenceLine(f check.Finding) string {
	e := f.Evidence
	var parts []string
	add := func(name, v string) {
		if v != "" {
			parts = append(parts, name+" "+truncate(v, 120))
		}
	}
	if !f.Time.IsZero() && f.Line > 0 {
		parts = append(parts, f.Time.Format(time.RFC3339))
	}
	add("client", e.ClientIP)
	add("anchor", e.AnchorMailbox)
	add("url", e.URL)
	add("status", e.Status)
	add("ua", e.UserAgent)
	add("cmdlet", e.Cmdlet)
	add("script", e.Script)
	add("provider", e.Provider)
	add("message", e.Message)
	if f.Line > 0 {
		add("path", e.Path)
	} else {
		parts = append(parts, fmt.Sprintf("%d bytes, modified %s", e.Size, f.Time.Format(time.RFC3339)))
	}
	return strings.Join(parts, "  ")
}

// checkNamespace is the UUIDv5 namespace of the ids accord derives from
// names (the same as hunt's), for the vulnerability objects made here.
const checkNamespace = "5f0d2f6e-6c4a-4b6e-9d7e-0a3c1e2b4d5f"

// recordCheck turns the CVE findings into sightings of the CVEs'
// vulnerability objects (made, with a deterministic id, when the knowledge
// base has none), prints them as a bundle and records them.
func (m *Main) recordCheck(ctx context.Context, findings []check.Finding, org string, print, record bool) error {
	cves := slices.DeleteFunc(slices.Clone(findings), func(f check.Finding) bool { return f.CVE == "" })
	if n := len(findings) - len(cves); n > 0 {
		fmt.Fprintf(m.Stderr, "%d follow-up files are reported but not recorded as sightings\n", n)
	}
	if len(cves) == 0 {
		return nil
	}
	db, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	var objs []map[string]any
	inds := map[string]*hunt.Indicator{} // by CVE
	names := map[string]string{}         // CVE by vulnerability id
	var sighted []hunt.Finding
	for _, f := range cves {
		ind, ok := inds[f.CVE]
		if !ok {
			id, made, err := checkVulnerability(ctx, db, f.CVE)
			if err != nil {
				return err
			}
			if made != nil {
				objs = append(objs, made)
			}
			ind = &hunt.Indicator{ID: id, Name: f.CVE}
			inds[f.CVE], names[id] = ind, f.CVE
		}
		sighted = append(sighted, checkSightable(f, ind))
	}
	for _, o := range hunt.Sightings(sighted, hunt.Reporter{Name: org}, time.Now()) {
		if o["type"] == "sighting" {
			o["description"] = fmt.Sprintf("accord check exchange (Test-ProxyLogon's checks): signs of %s on %d log lines.",
				names[o["sighting_of_ref"].(string)], o["count"])
		}
		objs = append(objs, o)
	}
	return m.writeSightings(ctx, db, "check sightings", objs, org, print, record)
}

// checkVulnerability returns the id of the knowledge base's vulnerability
// object for cve or, when it has none, a new one (made, with an id
// derived from the CVE, so that every run makes the same object).
func checkVulnerability(ctx context.Context, db accord.Store, cve string) (id string, made map[string]any, err error) {
	objs, err := db.Resolve(ctx, cve)
	if err != nil && accord.ErrorCode(err) != accord.ENOTFOUND {
		return "", nil, err
	}
	for _, o := range objs {
		if o.Type == "vulnerability" {
			return o.ID, nil, nil
		}
	}
	const stamp = "2021-03-02T00:00:00.000Z" // the day the CVEs were published
	id = "vulnerability--" + stix.NameUUID(checkNamespace, "vulnerability:"+cve)
	return id, map[string]any{
		"type": "vulnerability", "spec_version": "2.1", "id": id, "created": stamp, "modified": stamp, "name": cve,
		"external_references": []map[string]any{{"source_name": "cve", "external_id": cve,
			"url": "https://nvd.nist.gov/vuln/detail/" + cve}},
	}, nil
}

// checkSightable is a CVE finding as hunt.Sightings takes it: its client
// address as the value, when it has one, so that the sighting's
// observed-data names it.
func checkSightable(f check.Finding, ind *hunt.Indicator) hunt.Finding {
	hf := hunt.Finding{Indicator: ind, Path: "x-accord:check", Value: f.Check, File: f.File, Line: f.Line, Time: f.Time, Host: f.Host}
	if ip, err := netip.ParseAddr(f.Evidence.ClientIP); err == nil {
		ip = ip.Unmap()
		hf.Path, hf.Value = "ipv4-addr:value", ip.String()
		if ip.Is6() {
			hf.Path = "ipv6-addr:value"
		}
	}
	return hf
}
