package hunt

import (
	"bytes"
	"encoding/binary"
	"math"
	"math/bits"
	"net/netip"
	"slices"
	"strings"
	"unsafe"

	"github.com/accord-cti/accord/pattern"
	"github.com/gaissmai/bart"
)

// pathIndex holds the atoms of one object path.
type pathIndex struct {
	// domain: equality keys are lower-cased, and a value's parent domains
	// are looked up too. url: keys with an upper-case host are also filed
	// with it lower-cased. hash: keys and values are compared lower-cased
	// (hex digests: Sysmon writes them in upper case, feeds in lower).
	domain, url, hash bool
	eq                *strTable
	minDots           int // domain: the fewest and the most dots of a key
	maxDots           int
	has4              bool // IPv4 equality atoms, in eq by their canonical text
	ip6               map[netip.Addr][]eqRef
	cidr              *bart.Table[[]int32] // each block's list includes its supernets'
	cidr4             *cidr16              // the /16 blocks that meet one of cidr's IPv4 blocks
	eq16              *cidr16              // the /16 blocks of the equality keys that read as dotted IPv4
	by8               bool                 // probe skips an address by its /8 first (see derive)
	scan              []int32              // indicators tried on every value of the path (MatchUnindexed)
	cidr6             bool                 // cidr has IPv6 blocks
	ac                *litMatcher

	// Filled while the index is built, and turned by finish into the
	// tables above.
	eqs   []eqAtom
	cidrs map[netip.Prefix][]int32
	lits  *acBuilder
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
		hash:   strings.HasPrefix(path, "file:hashes."),
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
	if ix.addAddr(text, ref) {
		return
	}
	key := text
	if ix.domain || ix.hash {
		key = strings.ToLower(text)
	}
	ix.addAtom(eqAtom{key, ref})
	if ix.url {
		if low := string(lowerURLHost(nil, []byte(text))); low != text {
			ix.addAtom(eqAtom{low, ref})
		}
	}
}

// addAddr files an equality atom whose text is an IP address, and
// reports whether it was one. Only what looks like an address is parsed
// (maybeAddr): a failed parse allocates its error.
func (ix *pathIndex) addAddr(text string, ref eqRef) bool {
	if !maybeAddr(text) {
		return false
	}
	addr, err := netip.ParseAddr(text)
	if err != nil || addr.Zone() != "" {
		return false
	}
	addr = addr.Unmap()
	if !addr.Is4() {
		if ix.ip6 == nil {
			ix.ip6 = map[netip.Addr][]eqRef{}
		}
		ix.ip6[addr] = append(ix.ip6[addr], ref)
		return true
	}
	// Logs write IPv4 in its one canonical form, which is looked up as
	// text (a hash is cheaper than parsing the address); probeIP turns
	// other forms (::ffff:a.b.c.d) into it.
	key := text
	if _, ok := parseIPv4Key([]byte(text)); !ok {
		key = addr.String()
	}
	ix.addAtom(eqAtom{key, ref})
	ix.has4 = true
	return true
}

// addAtom appends a to ix.eqs, doubling its room when full: append grows
// a large slice by a quarter, which copied a million atoms five times
// over (a sixth of building the engine).
func (ix *pathIndex) addAtom(a eqAtom) {
	if len(ix.eqs) == cap(ix.eqs) {
		ix.eqs = slices.Grow(ix.eqs, len(ix.eqs)+16)
	}
	ix.eqs = append(ix.eqs, a)
}

// eqAtom is an equality atom on its way into a table.
type eqAtom struct {
	key string
	ref eqRef
}

func ip4Key(a netip.Addr) uint32 {
	b := a.As4()
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

// derive sets what follows from the tables, once they are built or
// loaded: by8, when the keys and blocks are all the lookups there are for
// a value that reads as dotted IPv4 (no literals, no lower-casing or
// parent domains, which could turn it into some other key).
func (ix *pathIndex) derive() {
	ix.by8 = ix.eq16 != nil && ix.ac == nil && !ix.domain && !ix.url && !ix.hash && len(ix.scan) == 0
}

// finish builds the lookup tables, the CIDR table and the literal matcher.
func (ix *pathIndex) finish() {
	if ix.eqs != nil {
		ix.minDots, ix.maxDots = math.MaxInt, 0
		for _, a := range ix.eqs {
			n := strings.Count(a.key, ".")
			ix.minDots, ix.maxDots = min(ix.minDots, n), max(ix.maxDots, n)
		}
		ix.eq = newStrTable(ix.eqs)
		if ix.has4 {
			ix.eq16 = new(cidr16)
			for _, a := range ix.eqs {
				ix.eq16.markKey([]byte(a.key))
			}
		}
		ix.eqs = nil
	}
	if ix.cidrs != nil {
		ix.cidr4 = new(cidr16)
		for p := range ix.cidrs {
			if p.Addr().Is4() {
				ix.cidr4.mark(ip4Key(p.Addr()), p.Bits())
			} else {
				ix.cidr6 = true
			}
		}
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
		ix.ac = ix.lits.buildMatcher()
		ix.lits = nil
	}
	ix.derive()
}

// starts returns the first bytes a value must start with to hit one of
// ix's atoms, or nil when it may start with any: known for URLs that only
// equality atoms name, from the first bytes of their keys. probeEqual
// also looks a URL up with its scheme and host in lower case, so an
// upper-case letter may start a value that hits a key starting with its
// lower case.
func (ix *pathIndex) starts() *[4]uint64 {
	if !ix.url || ix.eq == nil || ix.eq.empty || ix.ac != nil || ix.has4 || ix.ip6 != nil || ix.cidr != nil || len(ix.scan) > 0 {
		return nil
	}
	set := ix.eq.first
	for c := byte('a'); c <= 'z'; c++ {
		if set[c>>6]&(1<<(c&63)) != 0 {
			u := c - 'a' + 'A'
			set[u>>6] |= 1 << (u & 63)
		}
	}
	return &set
}

// probe looks field f (number field of its record) up and adds the
// candidates to st.
func (ix *pathIndex) probe(st *matchState, field int32, f *Field) {
	v := f.Value
	for _, i := range ix.scan {
		st.hits = append(st.hits, hit{ind: i, field: field, scan: true})
	}
	if ix.by8 {
		// Dotted IPv4 whose /8 no key and no block is in: nothing to
		// look up (probeEqual and probeIP would each find that out).
		if o, ok := ipv4FirstOctet(v); ok && !ix.eq16.has8(o) && (ix.cidr4 == nil || !ix.cidr4.has8(o)) {
			return
		}
	}
	if ix.eq != nil {
		ix.probeEqual(st, field, v)
	}
	if ix.has4 || ix.ip6 != nil || ix.cidr != nil {
		ix.probeIP(st, field, v)
	}
	if ix.ac != nil {
		ix.ac.scan(st, field, v)
	}
}

func (ix *pathIndex) probeEqual(st *matchState, field int32, v []byte) {
	switch {
	case ix.domain:
		ix.probeDomain(st, field, v)
	case ix.url:
		ix.eq.addFound(st, field, v, ix.eq.find(v))
		if lo, hi := urlHost(v); hasUpper(v[lo:hi]) {
			st.buf = lowerURLHost(st.buf[:0], v)
			ix.eq.addFound(st, field, v, ix.eq.find(st.buf))
		}
	case ix.hash && hasUpper(v):
		st.buf = lowerASCII(st.buf[:0], v)
		ix.eq.addFound(st, field, v, ix.eq.find(st.buf))
	default:
		// An address is looked up only when its /16 is that of some key
		// (8 KiB, in the nearest cache): a log's addresses are mostly its
		// own network's, which no indicator names, and with a million
		// indicators the table's filter is a miss of every cache.
		if ix.eq16 != nil {
			if o, ok := ipv4FirstOctet(v); ok && !ix.eq16.has8(o) {
				return // its /8, from the first number alone
			}
			if top, ok := ipv4Top16(v); ok && !ix.eq16.has(top<<16) {
				return
			}
		}
		ix.eq.addFound(st, field, v, ix.eq.find(v))
	}
}

// probeDomain looks a domain up, lower-cased, and its parents: only
// those with as many labels as some key (no key is a bare "com"). One pass
// over its words finds its dots and any upper-case letter.
func (ix *pathIndex) probeDomain(st *matchState, field int32, v []byte) {
	memo := st.misses.slot(v)
	if memo != nil && memo.is(ix, v) {
		return // it missed a moment ago
	}
	n := len(st.hits)
	ix.probeDomainFresh(st, field, v)
	if memo != nil && len(st.hits) == n {
		memo.set(ix, v)
	}
}

// probeDomainFresh is probeDomain without the memo of misses.
func (ix *pathIndex) probeDomainFresh(st *matchState, field int32, v []byte) {
	var at [domainMaxDots]uint8
	dots, upper := domainScan(v, &at)
	if dots > domainMaxDots {
		ix.probeDomainSlow(st, field, v)
		return
	}
	d := v
	if upper {
		st.buf = lowerASCII(st.buf[:0], v)
		d = st.buf
	}
	for k := 0; dots-k >= ix.minDots; k++ {
		s := d
		if k > 0 {
			s = d[int(at[k-1])+1:]
		}
		if dots-k <= ix.maxDots {
			ix.eq.addFound(st, field, v, ix.eq.find(s))
		}
	}
}

// probeDomainSlow is probeDomain for a name of many labels.
func (ix *pathIndex) probeDomainSlow(st *matchState, field int32, v []byte) {
	d := v
	if hasUpper(v) {
		st.buf = lowerASCII(st.buf[:0], v)
		d = st.buf
	}
	dots := bytes.Count(d, []byte{'.'})
	for ; dots >= ix.minDots; dots-- {
		if dots <= ix.maxDots {
			ix.eq.addFound(st, field, v, ix.eq.find(d))
		}
		dot := bytes.IndexByte(d, '.')
		if dot < 0 {
			return
		}
		d = d[dot+1:]
	}
}

// domainMaxDots is the most dots domainScan notes the places of.
const domainMaxDots = 16

// domainScan returns the number of dots of v, noting where the first
// domainMaxDots are in at, and whether v has an ASCII upper-case letter,
// eight bytes at a time. A name longer than 255 bytes counts as too many
// dots (at holds bytes).
func domainScan(v []byte, at *[domainMaxDots]uint8) (dots int, upper bool) {
	if len(v) > 255 {
		return domainMaxDots + 1, false
	}
	var up uint64
	n := len(v)
	for k := 0; k < n; k += 8 {
		var x uint64
		switch {
		case k+8 <= n:
			x = binary.LittleEndian.Uint64(v[k:])
		case k+8 <= cap(v):
			// The last bytes, read on into the buffer the value is a
			// slice of, and the bytes past it made zeros.
			x = binary.LittleEndian.Uint64(v[k:k+8]) & (1<<(8*(n-k)) - 1)
		default:
			var t [8]byte
			copy(t[:], v[k:])
			x = binary.LittleEndian.Uint64(t[:])
		}
		up |= upperBytes(x)
		for m := bytesOf(x, 0x2e2e2e2e2e2e2e2e); m != 0; m &= m - 1 {
			if dots < domainMaxDots {
				at[dots] = uint8(k + bits.TrailingZeros64(m)>>3)
			}
			dots++
		}
	}
	return dots, up != 0
}

// addFound adds the atoms of t found for the value v (under v or its
// normal form).
func (t *strTable) addFound(st *matchState, field int32, v []byte, refs []tabRef) {
	for _, r := range refs {
		text := t.str(r.text)
		st.add(r.ind, field, text != string(v), text)
	}
}

// addEqual adds the IPv6 atoms found for the value v.
func addEqual(st *matchState, field int32, v []byte, refs []eqRef) {
	for _, r := range refs {
		st.add(r.ind, field, r.text != string(v), r.text)
	}
}

func (ix *pathIndex) probeIP(st *matchState, field int32, v []byte) {
	if o, ok := ipv4FirstOctet(v); ok && (ix.cidr4 == nil || !ix.cidr4.has8(o)) {
		// What starts as dotted IPv4 can be no other address; its
		// equality atoms were found by probeEqual, and its /8 meets no
		// block: nothing is left to look up.
		return
	}
	if top, ok := ipv4Top16(v); ok {
		// Dotted IPv4: its equality atoms were found by probeEqual under
		// the canonical text; only the blocks are left, and only when the
		// address's /16 meets one.
		if ix.cidr4 == nil || !ix.cidr4.has(top<<16) {
			return
		}
		if k, ok := parseIPv4Key(v); ok {
			inds, _ := ix.cidr.Lookup(netip.AddrFrom4([4]byte{byte(k >> 24), byte(k >> 16), byte(k >> 8), byte(k)}))
			for _, i := range inds {
				st.add(i, field, false, "")
			}
		}
		return
	}
	addr, ok := parseAddr(v)
	if !ok {
		return
	}
	if addr.Is4() { // a form such as ::ffff:1.2.3.4
		if ix.has4 {
			st.buf = addr.AppendTo(st.buf[:0])
			ix.eq.addFound(st, field, v, ix.eq.find(st.buf))
		}
	} else {
		addEqual(st, field, v, ix.ip6[addr])
	}
	if ix.cidr != nil && (addr.Is6() && ix.cidr6 || addr.Is4() && ix.cidr4.has(ip4Key(addr))) {
		inds, _ := ix.cidr.Lookup(addr)
		for _, i := range inds {
			st.add(i, field, false, "")
		}
	}
}

// ipv4FirstOctet reads the first number of what looks like dotted IPv4:
// one to three digits, at most 255, and a dot, in a value of at least 7
// bytes.
func ipv4FirstOctet(v []byte) (uint8, bool) {
	if len(v) < 7 {
		return 0, false
	}
	n := uint32(0)
	for i, c := range v[:4] {
		if c == '.' && i > 0 && n <= 255 {
			return uint8(n), true
		}
		if c-'0' > 9 {
			return 0, false
		}
		n = n*10 + uint32(c-'0')
	}
	return 0, false
}

// ipv4Top16 reads the first two numbers of what looks like dotted IPv4 (a
// digit first, no ':'), as the top 16 bits of the address. It does not
// check the rest: parseIPv4Key does, when the block index wants the whole.
func ipv4Top16(v []byte) (uint32, bool) {
	if len(v) < 7 || len(v) > 15 || v[0] < '0' || v[0] > '9' {
		return 0, false
	}
	var top, part uint32
	n := 0
	for _, c := range v {
		switch {
		case c == '.':
			if n++; n == 2 {
				return top<<8 | part, true
			}
			top, part = part, 0
		case c >= '0' && c <= '9':
			part = part*10 + uint32(c-'0')
			if part > 255 {
				return 0, false
			}
		default:
			return 0, false
		}
	}
	return 0, false
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
	k, ok := parseIPv4Key(v)
	if !ok {
		return netip.Addr{}, false
	}
	return netip.AddrFrom4([4]byte{byte(k >> 24), byte(k >> 16), byte(k >> 8), byte(k)}), true
}

// parseIPv4Key parses dotted-decimal IPv4 without leading zeros into the
// address as a big-endian number.
func parseIPv4Key(v []byte) (uint32, bool) {
	if len(v) < 7 || len(v) > 15 {
		return 0, false
	}
	var key uint32
	n, part, digits := 0, uint32(0), 0
	for i := 0; i <= len(v); i++ {
		if i == len(v) || v[i] == '.' {
			if digits == 0 || n == 4 {
				return 0, false
			}
			key, n, part, digits = key<<8|part, n+1, 0, 0
			continue
		}
		c := v[i]
		if c < '0' || c > '9' || digits > 0 && part == 0 {
			return 0, false
		}
		part, digits = part*10+uint32(c-'0'), digits+1
		if part > 255 {
			return 0, false
		}
	}
	return key, n == 4
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
	lo, hi := urlHost(v)
	dst = append(dst, v[:lo]...)
	dst = lowerASCII(dst, v[lo:hi])
	return append(dst, v[hi:]...)
}

// urlHost returns where the host of "scheme://host/…" is in v: empty when
// v has no "://" in its first 16 bytes.
func urlHost(v []byte) (lo, hi int) {
	if len(v) > 0 && v[0] == '/' { // a path, as web servers log it
		return 0, 0
	}
	for i := 0; i+2 < len(v) && i < 16; i++ {
		if v[i] == ':' && v[i+1] == '/' && v[i+2] == '/' {
			lo = i + 3
			hi = lo
			for hi < len(v) && v[hi] != '/' && v[hi] != '?' && v[hi] != '#' {
				hi++
			}
			return lo, hi
		}
	}
	return 0, 0
}

// hasUpper reports whether v has an ASCII upper-case letter, eight bytes
// at a time: it is asked of every domain a log names.
func hasUpper(v []byte) bool {
	k := 0
	for ; k+8 <= len(v); k += 8 {
		if upperBytes(binary.LittleEndian.Uint64(v[k:])) != 0 {
			return true
		}
	}
	for _, c := range v[k:] {
		if 'A' <= c && c <= 'Z' {
			return true
		}
	}
	return false
}
