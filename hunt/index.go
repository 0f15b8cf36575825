package hunt

import (
	"bytes"
	"net/netip"
	"strings"
	"unsafe"

	"github.com/accord-cti/accord/pattern"
	"github.com/gaissmai/bart"
)

// pathIndex holds the atoms of one object path.
type pathIndex struct {
	// domain: equality keys are lower-cased, and a value's parent domains
	// are looked up too. url: keys with an upper-case host are also filed
	// with it lower-cased.
	domain, url bool
	eq          map[string][]eqRef
	ip          map[netip.Addr][]eqRef
	cidr        *bart.Table[[]int32] // each block's list includes its supernets'
	cidrs       map[netip.Prefix][]int32
	lits        *acBuilder
	ac          *acMatcher
}

// eqRef is an equality atom: the indicator, and the atom's own text.
type eqRef struct {
	ind  int32
	text string
}

func newPathIndex(path string) *pathIndex {
	return &pathIndex{
		domain: strings.HasPrefix(path, "domain-name:"),
		url:    strings.HasPrefix(path, "url:"),
	}
}

func (ix *pathIndex) add(i int32, a pattern.Atom) {
	switch a.Op {
	case pattern.AtomEqual:
		ix.addEqual(i, a.Text)
	case pattern.AtomCIDR:
		if ix.cidrs == nil {
			ix.cidrs = map[netip.Prefix][]int32{}
		}
		ix.cidrs[a.CIDR] = append(ix.cidrs[a.CIDR], i)
	case pattern.AtomContains: // a single address, see Engine.index
		ix.addEqual(i, a.CIDR.Addr().String())
	default:
		if ix.lits == nil {
			ix.lits = newACBuilder()
		}
		ix.lits.add(a.Text, acRef{ind: i, op: a.Op})
	}
}

func (ix *pathIndex) addEqual(i int32, text string) {
	ref := eqRef{ind: i, text: text}
	if addr, err := netip.ParseAddr(text); err == nil && addr.Zone() == "" {
		if ix.ip == nil {
			ix.ip = map[netip.Addr][]eqRef{}
		}
		addr = addr.Unmap()
		ix.ip[addr] = append(ix.ip[addr], ref)
		return
	}
	if ix.eq == nil {
		ix.eq = map[string][]eqRef{}
	}
	key := text
	if ix.domain {
		key = strings.ToLower(text)
	}
	ix.eq[key] = append(ix.eq[key], ref)
	if ix.url {
		if low := string(lowerURLHost(nil, []byte(text))); low != text {
			ix.eq[low] = append(ix.eq[low], ref)
		}
	}
}

// finish builds the CIDR table and the literal matcher.
func (ix *pathIndex) finish() {
	if ix.cidrs != nil {
		ix.cidr = new(bart.Table[[]int32])
		for p, inds := range ix.cidrs {
			ix.cidr.Insert(p, inds)
		}
		// A lookup returns the longest match only: give each block the
		// indicators of the blocks that hold it.
		merged := map[netip.Prefix][]int32{}
		for p := range ix.cidrs {
			var all []int32
			for _, inds := range ix.cidr.Supernets(p) {
				all = append(all, inds...)
			}
			merged[p] = all
		}
		for p, all := range merged {
			ix.cidr.Insert(p, all)
		}
		ix.cidrs = nil
	}
	if ix.lits != nil {
		ix.ac = ix.lits.build()
		ix.lits = nil
	}
}

// probe looks field f (number field of its record) up and adds the
// candidates to st.
func (ix *pathIndex) probe(st *matchState, field int32, f *Field) {
	v := f.Value
	if ix.eq != nil {
		ix.probeEqual(st, field, v)
	}
	if ix.ip != nil || ix.cidr != nil {
		ix.probeIP(st, field, v)
	}
	if ix.ac != nil {
		ix.ac.scan(st, field, v)
	}
}

func (ix *pathIndex) probeEqual(st *matchState, field int32, v []byte) {
	switch {
	case ix.domain:
		st.buf = lowerASCII(st.buf[:0], v)
		d := st.buf
		for {
			addEqual(st, field, v, ix.eq[string(d)])
			dot := bytes.IndexByte(d, '.')
			if dot < 0 {
				return
			}
			d = d[dot+1:]
		}
	case ix.url:
		addEqual(st, field, v, ix.eq[string(v)])
		st.buf = lowerURLHost(st.buf[:0], v)
		if string(st.buf) != string(v) {
			addEqual(st, field, v, ix.eq[string(st.buf)])
		}
	default:
		addEqual(st, field, v, ix.eq[string(v)])
	}
}

func addEqual(st *matchState, field int32, v []byte, refs []eqRef) {
	for _, r := range refs {
		st.add(r.ind, field, r.text != string(v), r.text)
	}
}

func (ix *pathIndex) probeIP(st *matchState, field int32, v []byte) {
	addr, ok := parseAddr(v)
	if !ok {
		return
	}
	addEqual(st, field, v, ix.ip[addr])
	if ix.cidr != nil {
		inds, _ := ix.cidr.Lookup(addr)
		for _, i := range inds {
			st.add(i, field, false, "")
		}
	}
}

// parseAddr parses an IP address without allocating; IPv4-mapped IPv6
// addresses are unmapped.
func parseAddr(v []byte) (netip.Addr, bool) {
	if len(v) == 0 || len(v) > 64 {
		return netip.Addr{}, false
	}
	if a, ok := parseIPv4(v); ok {
		return a, true
	}
	if bytes.IndexByte(v, ':') < 0 {
		return netip.Addr{}, false
	}
	// The string does not outlive the call: ParseAddr keeps no reference
	// to it on success, and the error is dropped.
	a, err := netip.ParseAddr(unsafe.String(&v[0], len(v)))
	if err != nil || a.Zone() != "" {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}

// parseIPv4 parses dotted-decimal IPv4 without leading zeros.
func parseIPv4(v []byte) (netip.Addr, bool) {
	var b [4]byte
	n, part, digits := 0, 0, 0
	for i := 0; i <= len(v); i++ {
		if i == len(v) || v[i] == '.' {
			if digits == 0 || n == 4 {
				return netip.Addr{}, false
			}
			b[n], n, part, digits = byte(part), n+1, 0, 0
			continue
		}
		c := v[i]
		if c < '0' || c > '9' || digits > 0 && part == 0 {
			return netip.Addr{}, false
		}
		part, digits = part*10+int(c-'0'), digits+1
		if part > 255 {
			return netip.Addr{}, false
		}
	}
	if n != 4 {
		return netip.Addr{}, false
	}
	return netip.AddrFrom4(b), true
}

func lowerASCII(dst, v []byte) []byte {
	for _, c := range v {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// lowerURLHost appends v to dst with the host of "scheme://host/…"
// lower-cased; a URL without "://" is copied as it is.
func lowerURLHost(dst, v []byte) []byte {
	start := -1
	for i := 0; i+2 < len(v) && i < 16; i++ {
		if v[i] == ':' && v[i+1] == '/' && v[i+2] == '/' {
			start = i + 3
			break
		}
	}
	if start < 0 {
		return append(dst, v...)
	}
	end := start
	for end < len(v) && v[end] != '/' && v[end] != '?' && v[end] != '#' {
		end++
	}
	dst = append(dst, v[:start]...)
	dst = lowerASCII(dst, v[start:end])
	return append(dst, v[end:]...)
}
