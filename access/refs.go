package access

import (
	"strings"

	"github.com/accord-cti/accord/stix"
)

// hideRefs marks for removal, under root, every *_ref property and *_refs
// element of v whose id visible rejects, at any depth. Marking refs are
// left alone: object_marking_refs anywhere, and the top-level
// granular_markings, which Policy.granular handles. stack is the path of v.
func hideRefs(v *stix.Value, stack *[]seg, visible func(id string) bool, root *node) {
	switch v.Kind {
	case stix.Object:
		for _, m := range v.Obj {
			if m.Key == "object_marking_refs" || (len(*stack) == 0 && m.Key == "granular_markings") {
				continue
			}
			*stack = append(*stack, seg{key: m.Key, idx: -1})
			hideMember(m, stack, visible, root)
			*stack = (*stack)[:len(*stack)-1]
		}
	case stix.Array:
		for i, e := range v.Arr {
			*stack = append(*stack, seg{idx: i})
			hideRefs(e, stack, visible, root)
			*stack = (*stack)[:len(*stack)-1]
		}
	}
}

// hideMember applies hideRefs to one member, whose path is on stack.
func hideMember(m stix.Member, stack *[]seg, visible func(id string) bool, root *node) {
	switch {
	case m.Value.Kind == stix.String && strings.HasSuffix(m.Key, "_ref"):
		if !isVisible(visible, m.Value.Str) {
			root.add(*stack)
		}
		return
	case m.Value.Kind == stix.Array && strings.HasSuffix(m.Key, "_refs"):
		for i, e := range m.Value.Arr {
			if e.Kind == stix.String && !isVisible(visible, e.Str) {
				*stack = append(*stack, seg{idx: i})
				root.add(*stack)
				*stack = (*stack)[:len(*stack)-1]
			}
		}
	}
	hideRefs(m.Value, stack, visible, root)
}

func isVisible(visible func(id string) bool, id string) bool {
	return visible != nil && visible(id)
}
