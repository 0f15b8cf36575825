package sigma

import "bytes"

// alias gives an attribute a second name: To, for the part Cut of its
// value.
type alias struct {
	To  string
	Cut cut
}

// cut is the part of a value an alias takes.
type cut uint8

const (
	cutAll   cut = iota // the whole value
	cutStem             // a URL's path: up to the first '?'
	cutQuery            // a URL's query: after the first '?' (none without one)
	cutExt              // a URL's path's extension, after its last '.' (none without one)
	cutQMark            // all but a leading '?'
)

// aliasTable gives attributes, by name, their aliases. A nameFilter
// turns most names away before the map is asked, as most attributes of
// an event have no alias.
type aliasTable struct {
	filter nameFilter
	names  map[string][]alias
}

// newAliasTable returns the table of the aliases of the names of the maps
// ms, a later map's overriding an earlier's.
func newAliasTable(ms ...map[string][]alias) *aliasTable {
	t := &aliasTable{names: map[string][]alias{}}
	for _, m := range ms {
		for name, as := range m {
			t.names[name] = as
			t.filter.add(name)
		}
	}
	return t
}

// of returns the aliases of the attribute named name.
func (t *aliasTable) of(name string) []alias {
	if !t.filter.mayHave(name) {
		return nil
	}
	return t.names[name]
}

// addAliases appends to dst an alias of each of the attributes
// dst.Attrs[:n] that t names.
func addAliases(dst *Routed, n int, t *aliasTable) {
	for i := 0; i < n; i++ {
		a := dst.Attrs[i]
		for _, al := range t.of(a.Name) {
			if v, ok := al.Cut.apply(a.Value); ok {
				dst.Attrs = append(dst.Attrs, Attr{Name: al.To, Value: v})
			}
		}
	}
}

// nameFilter is a set of names that may answer yes for a name it has
// not (a bit per length and hash of the first and last bytes), never no
// for one it has: a test cheaper than hashing the whole name.
type nameFilter [32]uint64

func (f *nameFilter) add(name string) {
	if name != "" {
		i, bit := filterPos(name)
		f[i] |= bit
	}
}

func (f *nameFilter) mayHave(name string) bool {
	if name == "" {
		return false
	}
	i, bit := filterPos(name)
	return f[i]&bit != 0
}

func filterPos(name string) (int, uint64) {
	h := uint(name[0])*31 + uint(name[len(name)-1])
	return len(name) & 31, 1 << (h & 63)
}

// apply returns the part c of value v, and whether it has one.
func (c cut) apply(v []byte) ([]byte, bool) {
	switch c {
	case cutStem:
		if q := bytes.IndexByte(v, '?'); q >= 0 {
			return v[:q:q], true
		}
	case cutQuery:
		q := bytes.IndexByte(v, '?')
		if q < 0 {
			return nil, false
		}
		return v[q+1:], true
	case cutExt:
		return extension(v)
	case cutQMark:
		if len(v) > 0 && v[0] == '?' {
			return v[1:], true
		}
	}
	return v, true
}

// extension returns the extension of the path of URL v: after the last
// '.' of its last segment, before any query.
func extension(v []byte) ([]byte, bool) {
	if q := bytes.IndexByte(v, '?'); q >= 0 {
		v = v[:q:q]
	}
	for i := len(v) - 1; i >= 0; i-- {
		switch v[i] {
		case '.':
			if i+1 < len(v) {
				return v[i+1:], true
			}
			return nil, false
		case '/':
			return nil, false
		}
	}
	return nil, false
}
