// Command huntgen writes a synthetic corpus for the hunt benchmark
// (bench/hunt.sh): IIS W3C logs of an Exchange server, Zeek JSON logs
// (conn, http, dns), a plain list of indicators and the list of the hits
// planted in the logs.
//
//	go run ./bench/huntgen -out DIR -iis-mib 1024 -zeek-mib 256 -indicators 10000 -cidrs 500 -seed 1
//
// writes DIR/iis/u_ex*.log, DIR/zeek/{conn,http,dns}.log, DIR/iocs.txt (the
// indicators: IPv4 addresses, domains, URLs with a scheme and SHA-256
// hashes, then the CIDR blocks, one a line), DIR/iocs.json (the same
// indicators as a STIX 2.1 bundle) and DIR/planted.txt (one planted
// hit a line: "file:line<TAB>indicator", file relative to DIR).
//
// Only the planted lines can hit: indicator addresses are drawn from
// 198.0.0.0/7 and the CIDR blocks from 100.64.0.0/10, while benign
// addresses are private (10/8, 172.16/12, 192.168/16); indicator domains
// end in ".zz-ioc", which benign traffic never uses. URLs and hashes are in
// the list (they load and are indexed) but are not planted: the readers
// give url:value as the logged path and query, without scheme and host, and
// conn, http and dns logs carry no hashes. The output depends only on the
// flags.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"
)

type options struct {
	IISBytes   int64
	ZeekBytes  int64
	Indicators int // IPs, domains, URLs and hashes
	CIDRs      int
	Planted    int   // hits planted in each corpus (IIS, Zeek)
	FileBytes  int64 // the largest IIS file
	Seed       uint64
}

// plant is one planted hit.
type plant struct {
	File      string // relative to the output directory
	Line      int
	Indicator string
}

func main() {
	out := flag.String("out", "", "the directory to write the corpus to (required)")
	iisMiB := flag.Float64("iis-mib", 1024, "MiB of IIS logs")
	zeekMiB := flag.Float64("zeek-mib", 256, "MiB of Zeek JSON logs")
	n := flag.Int("indicators", 10000, "indicators (IPv4s, domains, URLs, SHA-256 hashes)")
	cidrs := flag.Int("cidrs", 500, "CIDR blocks, after the indicators")
	planted := flag.Int("planted", 100, "hits planted in each corpus (IIS, Zeek)")
	fileMiB := flag.Float64("file-mib", 64, "MiB of the largest IIS file")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	if *planted > 0 && *n < 10 {
		fmt.Fprintln(os.Stderr, "huntgen: planting hits takes at least 10 indicators")
		os.Exit(2)
	}
	if *out == "" || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	o := options{
		IISBytes: int64(*iisMiB * (1 << 20)), ZeekBytes: int64(*zeekMiB * (1 << 20)),
		Indicators: *n, CIDRs: *cidrs, Planted: *planted, FileBytes: int64(*fileMiB * (1 << 20)), Seed: *seed,
	}
	start := time.Now()
	plants, err := generate(*out, o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "huntgen:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "huntgen: %s: %d indicators + %d CIDRs, %d planted hits, in %s\n",
		*out, o.Indicators, o.CIDRs, len(plants), time.Since(start).Round(time.Millisecond))
}

// iocs holds the indicators by kind.
type iocs struct {
	ips     []string
	domains []string
	urls    []string
	hashes  []string
	cidrs   []cidr
}

type cidr struct {
	base uint32
	bits int
}

func (c cidr) String() string { return ipString(c.base) + "/" + strconv.Itoa(c.bits) }

// random returns an address inside c.
func (c cidr) random(r *rand.Rand) uint32 {
	return c.base | r.Uint32()&(1<<(32-c.bits)-1)
}

func ipString(a uint32) string {
	return string(appendIP(nil, a))
}

func appendIP(b []byte, a uint32) []byte {
	b = strconv.AppendUint(b, uint64(a>>24), 10)
	b = append(b, '.')
	b = strconv.AppendUint(b, uint64(a>>16&255), 10)
	b = append(b, '.')
	b = strconv.AppendUint(b, uint64(a>>8&255), 10)
	b = append(b, '.')
	return strconv.AppendUint(b, uint64(a&255), 10)
}

const alnum = "abcdefghijklmnopqrstuvwxyz0123456789"

func label(r *rand.Rand, min, max int) string {
	b := make([]byte, min+r.IntN(max-min+1))
	b[0] = alnum[r.IntN(26)]
	for i := 1; i < len(b); i++ {
		b[i] = alnum[r.IntN(len(alnum))]
	}
	return string(b)
}

// makeIOCs draws n indicators (40% IPv4, 30% domains, 15% URLs, 15%
// SHA-256) and the CIDR blocks, all distinct.
func makeIOCs(r *rand.Rand, n, ncidr int) *iocs {
	x := &iocs{}
	seenIP := map[uint32]bool{}
	seen := map[string]bool{}
	uniq := func(f func() string) string {
		for {
			if s := f(); !seen[s] {
				seen[s] = true
				return s
			}
		}
	}
	for i := range n {
		switch k := i % 20; {
		case k < 8:
			a := 198<<24 | r.Uint32()&(1<<25-1) // 198.0.0.0/7
			for seenIP[a] {
				a = 198<<24 | r.Uint32()&(1<<25-1)
			}
			seenIP[a] = true
			x.ips = append(x.ips, ipString(a))
		case k < 14:
			x.domains = append(x.domains, uniq(func() string { return label(r, 6, 12) + "." + label(r, 3, 8) + ".zz-ioc" }))
		case k < 17:
			x.urls = append(x.urls, uniq(func() string {
				return "https://" + label(r, 6, 12) + ".zz-ioc/" + label(r, 4, 10) + "/" + label(r, 4, 12) + ".php?id=" + strconv.Itoa(r.IntN(100000))
			}))
		default:
			x.hashes = append(x.hashes, uniq(func() string {
				var b [64]byte
				for j := range b {
					b[j] = "0123456789abcdef"[r.IntN(16)]
				}
				return string(b[:])
			}))
		}
	}
	seenC := map[cidr]bool{}
	for range ncidr {
		bits := 16 + r.IntN(13) // /16 to /28
		c := cidr{bits: bits}
		for {
			c.base = (100<<24 | 64<<16 | r.Uint32()&(1<<22-1)) &^ (1<<(32-bits) - 1) // in 100.64.0.0/10
			if !seenC[c] {
				break
			}
		}
		seenC[c] = true
		x.cidrs = append(x.cidrs, c)
	}
	return x
}

func (x *iocs) write(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	// Interleaved by kind as makeIOCs drew them, then the CIDR blocks.
	var ip, d, u, h int
	for i := range len(x.ips) + len(x.domains) + len(x.urls) + len(x.hashes) {
		switch k := i % 20; {
		case k < 8 && ip < len(x.ips):
			w.WriteString(x.ips[ip])
			ip++
		case k >= 8 && k < 14 && d < len(x.domains):
			w.WriteString(x.domains[d])
			d++
		case k >= 14 && k < 17 && u < len(x.urls):
			w.WriteString(x.urls[u])
			u++
		case h < len(x.hashes):
			w.WriteString(x.hashes[h])
			h++
		}
		w.WriteByte('\n')
	}
	for _, c := range x.cidrs {
		w.WriteString(c.String())
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// generate writes the corpus into dir and returns the planted hits.
func generate(dir string, o options) ([]plant, error) {
	for _, sub := range []string{"iis", "zeek"} {
		if err := os.RemoveAll(filepath.Join(dir, sub)); err != nil {
			return nil, err
		}
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return nil, err
		}
	}
	r := rand.New(rand.NewPCG(o.Seed, 0x6875_6e74))
	x := makeIOCs(r, o.Indicators, o.CIDRs)
	if err := x.write(filepath.Join(dir, "iocs.txt")); err != nil {
		return nil, err
	}
	// The same indicators as STIX, from a generator of their own so that
	// the logs do not depend on it.
	if err := x.writeSTIX(filepath.Join(dir, "iocs.json"), rand.New(rand.NewPCG(o.Seed, 0x7374_6978))); err != nil {
		return nil, err
	}
	var plants []plant

	// IIS: files of at most FileBytes, one a day; the planted hits spread
	// over all of them by byte offset.
	if o.FileBytes <= 0 {
		o.FileBytes = 64 << 20
	}
	nfiles := int((o.IISBytes + o.FileBytes - 1) / o.FileBytes)
	perFile := spread(r, o.Planted, nfiles, func(i int) int64 { return min(o.FileBytes, o.IISBytes-int64(i)*o.FileBytes) })
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range nfiles {
		size := min(o.FileBytes, o.IISBytes-int64(i)*o.FileBytes)
		d := day.AddDate(0, 0, i)
		name := filepath.Join("iis", "u_ex"+d.Format("060102")+".log")
		g := &iisGen{r: r, x: x, day: d, step: int64(86400e6 / max(size/260, 1))}
		p, err := writeLog(dir, name, size, perFile[i], r, g.header(), g.line)
		if err != nil {
			return nil, err
		}
		plants = append(plants, p...)
	}

	// Zeek: conn half, http 30%, dns 20%.
	zg := &zeekGen{r: r, x: x, ts: day.UnixMicro()}
	logs := []struct {
		name  string
		share int64
		line  func([]byte, bool) ([]byte, string)
	}{
		{"conn.log", 50, zg.conn},
		{"http.log", 30, zg.http},
		{"dns.log", 20, zg.dns},
	}
	zPlants := spread(r, o.Planted, len(logs), func(i int) int64 { return logs[i].share })
	for i, l := range logs {
		zg.ts = day.UnixMicro()
		p, err := writeLog(dir, filepath.Join("zeek", l.name), o.ZeekBytes*l.share/100, zPlants[i], r, nil, l.line)
		if err != nil {
			return nil, err
		}
		plants = append(plants, p...)
	}

	f, err := os.Create(filepath.Join(dir, "planted.txt"))
	if err != nil {
		return nil, err
	}
	w := bufio.NewWriter(f)
	for _, p := range plants {
		fmt.Fprintf(w, "%s:%d\t%s\n", p.File, p.Line, p.Indicator)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return nil, err
	}
	return plants, f.Close()
}

// spread deals n hits over k parts in proportion to weight, at random.
func spread(r *rand.Rand, n, k int, weight func(int) int64) []int {
	out := make([]int, k)
	var total int64
	for i := range k {
		total += max(weight(i), 0)
	}
	if total == 0 {
		return out
	}
	for range n {
		x := r.Int64N(total)
		for i := range k {
			if x -= max(weight(i), 0); x < 0 {
				out[i]++
				break
			}
		}
	}
	return out
}

// writeLog writes header, then lines of line() until size bytes, planting
// hits lines at random byte offsets.
func writeLog(dir, name string, size int64, hits int, r *rand.Rand, header []byte, line func([]byte, bool) ([]byte, string)) ([]plant, error) {
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		return nil, err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	targets := make([]int64, hits)
	for i := range targets {
		targets[i] = r.Int64N(max(size, 1))
	}
	slices.Sort(targets)
	w.Write(header)
	written := int64(len(header))
	lineNo := bytesCount(header, '\n')
	var plants []plant
	var buf []byte
	for written < size || len(targets) > 0 {
		hit := len(targets) > 0 && targets[0] <= written
		var ind string
		buf, ind = line(buf[:0], hit)
		buf = append(buf, '\n')
		w.Write(buf)
		written += int64(len(buf))
		lineNo++
		if hit {
			targets = targets[1:]
			plants = append(plants, plant{File: name, Line: lineNo, Indicator: ind})
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return nil, err
	}
	return plants, f.Close()
}

func bytesCount(b []byte, c byte) int {
	n := 0
	for _, x := range b {
		if x == c {
			n++
		}
	}
	return n
}

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

// benignIP returns a private address: a client in 10/8, 172.16/12 or
// 192.168/16.
func benignIP(r *rand.Rand) uint32 {
	switch x := r.Uint32(); x % 4 {
	case 0, 1:
		return 10<<24 | x>>8
	case 2:
		return 172<<24 | 16<<16 | x>>12
	default:
		return 192<<24 | 168<<16 | x>>16
	}
}
