package access

import "github.com/accord-cti/accord/stix"

// Reader is who is reading: the user and organisation ids as the caller's
// store knows them, whether the request was authenticated, and whether the
// user belongs to the sharing community (TLP:GREEN).
type Reader struct {
	UserID        string
	OrgID         string
	Authenticated bool
	Community     bool
}

// Sharing holds the facts about one object that its markings are judged
// against, as the caller's store records them.
type Sharing struct {
	Publisher  string   // id of the organisation that published the object
	SharedWith []string // organisation ids the object was shared with (TLP:AMBER)
	StrictOrg  string   // the named organisation for TLP:AMBER+STRICT; "" means Publisher
	Recipients []string // user ids of the named recipients (TLP:RED)
}

// Level is a TLP level, ordered from least to most restrictive.
type Level uint8

// The TLP levels; TLP 1.0 WHITE is LevelClear.
const (
	LevelNone Level = iota // not a TLP marking
	LevelClear
	LevelGreen
	LevelAmber
	LevelAmberStrict
	LevelRed
)

var levelNames = [...]string{"", "TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"}

// String returns the TLP 2.0 name of l, e.g. "TLP:AMBER+STRICT"; "" for
// LevelNone and out-of-range values.
func (l Level) String() string {
	if int(l) < len(levelNames) {
		return levelNames[l]
	}
	return ""
}

// MarkingLevel returns the level of a TLP 1.0 or 2.0 marking definition id,
// or LevelNone when ref is not one.
func MarkingLevel(ref string) Level { return tlpLevels[ref] }

// tlpLevels maps the nine TLP marking definition ids to their level; TLP 1.0
// WHITE is CLEAR.
var tlpLevels = map[string]Level{
	stix.TLPClear:       LevelClear,
	stix.TLPGreen:       LevelGreen,
	stix.TLPAmber:       LevelAmber,
	stix.TLPAmberStrict: LevelAmberStrict,
	stix.TLPRed:         LevelRed,
	stix.TLP1White:      LevelClear,
	stix.TLP1Green:      LevelGreen,
	stix.TLP1Amber:      LevelAmber,
	stix.TLP1Red:        LevelRed,
}

// allowsLevel applies the TLP 2.0 definition of lv to r.
func allowsLevel(r Reader, lv Level, s Sharing) bool {
	switch lv {
	case LevelClear:
		return true
	case LevelGreen:
		return r.Authenticated && r.Community
	case LevelAmber:
		return inOrg(r, s.Publisher) || inAnyOrg(r, s.SharedWith)
	case LevelAmberStrict:
		if s.StrictOrg == "" {
			return inOrg(r, s.Publisher)
		}
		return inOrg(r, s.StrictOrg)
	case LevelRed:
		return r.Authenticated && r.UserID != "" && contains(s.Recipients, r.UserID)
	}
	return false
}

// inOrg reports whether r is an authenticated member of org; "" is nobody's.
func inOrg(r Reader, org string) bool {
	return r.Authenticated && r.OrgID != "" && r.OrgID == org
}

func inAnyOrg(r Reader, orgs []string) bool {
	return r.Authenticated && r.OrgID != "" && contains(orgs, r.OrgID)
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}
