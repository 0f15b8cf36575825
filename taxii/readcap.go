package taxii

import (
	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/access"
	"github.com/accord-cti/accord/stix"
)

// readCap returns the most restrictive TLP level the collection publishes
// to principal p, from the grants that give p read (to its user or its
// organisation): the most permissive cap among them, "" (no cap) when any
// of them has none. A cap that names no level (the store validates them)
// ranks lowest, and then hides every marked object: it fails closed.
func readCap(grants []accord.Grant, p accord.Principal) string {
	best, bestLevel, capped := "", access.LevelNone, false
	for _, g := range grants {
		mine := p.OrgID != "" && g.OrgID == p.OrgID || p.UserID != "" && g.UserID == p.UserID
		switch {
		case !g.Read || !mine:
			continue
		case g.MaxMarking == "":
			return ""
		}
		lv, _ := access.ParseLevel(g.MaxMarking) // LevelNone when unknown
		if !capped || lv > bestLevel {
			best, bestLevel, capped = g.MaxMarking, lv, true
		}
	}
	return best
}

// underCap reports whether the collection publishes obj to the reader under
// its grant's maximum marking: every TLP marking at or below the cap;
// statements pass; any other marking counts as above. The cap is read with
// the grants, once a request, and only for a version that is not plain (a
// plain one is TLP:CLEAR, the lowest level, and passes any cap).
func (v *viewer) underCap(obj *stix.Value) bool {
	if !v.capRead {
		v.cap, v.capRead = readCap(v.grantList(), v.principal), true
	}
	if v.grantsFailed {
		return false
	}
	return v.cap == "" || v.s.cfg.Policy.MaxMarkingObject(v.cap, obj) == nil
}
