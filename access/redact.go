package access

import (
	"fmt"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/stix"
)

// Redact returns what r may see of obj under the TLP rules only (no
// statement is known). See Policy.Redact.
func Redact(r Reader, obj *stix.Value, s Sharing, visible func(id string) bool) (*stix.Value, bool) {
	return (*Policy)(nil).Redact(r, obj, s, visible)
}

// Redact returns what r may see of obj, a STIX object with sharing facts s,
// and false when r may see none of it: its object_marking_refs do not allow
// r, a granular marking r may not see cannot be applied safely, or what r
// may see would not be a valid STIX object (see the package comment).
// Granular markings are judged with the same sharing facts s. visible
// reports whether r may see the object with a given id; a nil
// visible hides every referenced object. The result shares unchanged parts
// with obj; neither may be modified while the other is in use.
func (p *Policy) Redact(r Reader, obj *stix.Value, s Sharing, visible func(id string) bool) (*stix.Value, bool) {
	if obj == nil || obj.Kind != stix.Object || !p.Visible(r, ObjectMarkingRefs(obj), s) {
		return nil, false
	}
	root := &node{}
	grans, ok := p.granular(r, obj, s, root)
	if !ok {
		return nil, false
	}
	var stack []seg
	hideRefs(obj, &stack, visible, root)
	root.settle(obj)
	if len(root.kids) == 0 && !grans.dropped {
		return obj, true
	}
	out := root.apply(obj)
	if out == obj {
		out = &stix.Value{Kind: stix.Object, Obj: append([]stix.Member(nil), obj.Obj...)}
	}
	grans.store(out, root)
	if introducesProblems(obj, out) {
		return nil, false
	}
	return out, true
}

// RedactJSON is Redact over the JSON text of one object, under the TLP
// rules only. See Policy.RedactJSON.
func RedactJSON(r Reader, data []byte, s Sharing, visible func(id string) bool) ([]byte, bool, error) {
	return (*Policy)(nil).RedactJSON(r, data, s, visible)
}

// RedactJSON is Redact over the JSON text of one object: it returns the
// compact JSON of what r may see, false when r may see nothing, and an
// EINVALID error, with the line and column, when data is not one JSON
// object.
func (p *Policy) RedactJSON(r Reader, data []byte, s Sharing, visible func(id string) bool) ([]byte, bool, error) {
	v, err := stix.Parse(data)
	if err != nil {
		return nil, false, fmt.Errorf("access: redact: %w", err)
	}
	if v.Kind != stix.Object {
		return nil, false, accord.Errorf(accord.EINVALID, "access: redact: line 1, column 1: a JSON %s, not an object", v.Kind)
	}
	out, ok := p.Redact(r, v, s, visible)
	if !ok {
		return nil, false, nil
	}
	return out.AppendJSON(nil), true, nil
}

// ObjectMarkingRefs returns the object_marking_refs of obj. A malformed
// value (not a list of strings) yields the ref "", which no policy knows,
// so that the object is treated as carrying an unknown marking.
func ObjectMarkingRefs(obj *stix.Value) []string {
	v := obj.Get("object_marking_refs")
	if v == nil {
		return nil
	}
	if v.Kind != stix.Array {
		return []string{""}
	}
	refs := make([]string, len(v.Arr))
	for i, e := range v.Arr {
		if e.Kind == stix.String {
			refs[i] = e.Str
		}
	}
	return refs
}

// introducesProblems reports whether after breaks a STIX rule before did
// not, counting problems by their message: list indices shift when
// elements are removed, so paths are not compared. before is validated only
// when after has problems: stored objects are valid, so this is rare.
func introducesProblems(before, after *stix.Value) bool {
	problems := stix.Validate(after)
	if len(problems) == 0 {
		return false
	}
	count := map[string]int{}
	for _, pr := range stix.Validate(before) {
		count[pr.Message]++
	}
	for _, pr := range problems {
		count[pr.Message]--
		if count[pr.Message] < 0 {
			return true
		}
	}
	return false
}
