package access

import "github.com/accord-cti/accord/stix"

// granule is one granular marking the reader may see, kept in the result
// with its selectors moved to follow removed list elements.
type granule struct {
	entry *stix.Value
	sels  []selector
}

// selector is one selector of a granular marking; path is nil when the
// text does not parse.
type selector struct {
	raw  string
	path []seg
}

// granulars is what Policy.granular found in an object's granular_markings.
type granulars struct {
	present bool      // the object has granular_markings
	kept    []granule // the markings the reader may see, and language markings
	dropped bool      // some marking was not kept
}

// protected names the properties an unseen granular marking may not remove
// without the object losing the markings that travel with it.
var protected = map[string]bool{"object_marking_refs": true, "granular_markings": true}

// granular reads obj's granular_markings, marks under root the content
// selected by those r may not see, and returns the others. ok is false when
// the object must be withheld: the markings are malformed, or an unseen one
// has a selector that does not parse or selects the markings themselves.
func (p *Policy) granular(r Reader, obj *stix.Value, s Sharing, root *node) (g granulars, ok bool) {
	gm := obj.Get("granular_markings")
	if gm == nil {
		return g, true
	}
	if gm.Kind != stix.Array {
		return g, false
	}
	g.present = true
	for _, e := range gm.Arr {
		sels, ok := readSelectors(e)
		if !ok {
			return g, false
		}
		if p.allowsGranular(r, e, s) {
			g.kept = append(g.kept, granule{entry: e, sels: sels})
			continue
		}
		g.dropped = true
		for _, sel := range sels {
			if sel.path == nil || protected[sel.path[0].key] {
				return g, false
			}
			root.add(sel.path)
		}
	}
	return g, true
}

// allowsGranular reports whether r may see what granular marking e selects;
// a language marking (no marking_ref) restricts nobody.
func (p *Policy) allowsGranular(r Reader, e *stix.Value, s Sharing) bool {
	ref := e.Get("marking_ref")
	if ref == nil {
		return true
	}
	if ref.Kind != stix.String {
		return p.allows(r, "", s)
	}
	return p.allows(r, ref.Str, s)
}

// readSelectors returns the selectors of granular marking e; ok is false
// when e is not an object or its selectors are not a list of strings.
func readSelectors(e *stix.Value) ([]selector, bool) {
	if e.Kind != stix.Object {
		return nil, false
	}
	v := e.Get("selectors")
	if v == nil {
		return nil, true
	}
	if v.Kind != stix.Array {
		return nil, false
	}
	sels := make([]selector, len(v.Arr))
	for i, s := range v.Arr {
		if s.Kind != stix.String {
			return nil, false
		}
		path, err := parseSelector(s.Str)
		if err != nil {
			path = nil
		}
		sels[i] = selector{raw: s.Str, path: path}
	}
	return sels, true
}

// store sets out's granular_markings to the kept markings, their selectors
// rewritten past what root removed; a marking left with no selector is
// dropped, and so is the property when no marking is left.
func (g *granulars) store(out *stix.Value, root *node) {
	if !g.present {
		return
	}
	list := &stix.Value{Kind: stix.Array}
	for _, k := range g.kept {
		if e, ok := k.rewritten(root); ok {
			list.Arr = append(list.Arr, e)
		}
	}
	if len(list.Arr) == 0 {
		out.Delete("granular_markings")
		return
	}
	out.Set("granular_markings", list)
}

// rewritten returns the marking with its selectors rewritten; ok is false
// when everything it selected was removed.
func (k granule) rewritten(root *node) (*stix.Value, bool) {
	if len(k.sels) == 0 {
		return k.entry, true
	}
	var texts []string
	changed := false
	for _, sel := range k.sels {
		if sel.path == nil {
			texts = append(texts, sel.raw)
			continue
		}
		path, ok := root.rewrite(sel.path)
		if !ok {
			changed = true
			continue
		}
		t := formatSelector(path)
		changed = changed || t != sel.raw
		texts = append(texts, t)
	}
	switch {
	case len(texts) == 0:
		return nil, false
	case !changed:
		return k.entry, true
	}
	e := &stix.Value{Kind: stix.Object, Obj: append([]stix.Member(nil), k.entry.Obj...)}
	e.Set("selectors", stix.NewStrings(texts))
	return e, true
}
