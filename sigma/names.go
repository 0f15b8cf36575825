package sigma

// nameIndex finds an event's attributes by name: a table, open
// addressed by nameHash, of the first attribute of each name, and a chain
// from each attribute to the next of its name. It is built once per event
// that has a rule to evaluate, where a search through the attributes per
// lookup would compare a few dozen names each time.
type nameIndex struct {
	slots  [2 * maxIndexed]nameSlot
	next   []int32 // by attribute: the next of its name, or -1
	gen    uint32  // the scratch's gen when built; slots of another gen are empty
	linear bool    // too many attributes: searched one by one instead
}

type nameSlot struct {
	name  string
	first int32
	gen   uint32
}

// maxIndexed is the most attributes indexed; the table has twice the
// slots, so that a probe ends soon.
const maxIndexed = 256

// build indexes attrs, for the event of stamp gen.
func (x *nameIndex) build(attrs []Attr, gen uint32) {
	x.gen, x.linear = gen, len(attrs) > maxIndexed
	if x.linear {
		return
	}
	x.next = append(x.next[:0], make([]int32, len(attrs))...)
	for i := len(attrs) - 1; i >= 0; i-- { // from the last: each becomes its name's first
		sl := x.slot(attrs[i].Name)
		if sl.gen == gen {
			x.next[i] = sl.first
		} else {
			*sl = nameSlot{name: attrs[i].Name, gen: gen}
			x.next[i] = -1
		}
		sl.first = int32(i)
	}
}

// slot returns the slot of name: its own, or the empty one where it
// would go.
func (x *nameIndex) slot(name string) *nameSlot {
	const mask = len(x.slots) - 1
	for h := int(nameHash(name)) & mask; ; h = (h + 1) & mask {
		if sl := &x.slots[h]; sl.gen != x.gen || sl.name == name {
			return sl
		}
	}
}

// first returns the index of the first attribute named name, or -1.
func (x *nameIndex) first(name string) int {
	if sl := x.slot(name); sl.gen == x.gen {
		return int(sl.first)
	}
	return -1
}
