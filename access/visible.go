package access

// Policy is the visibility policy: the TLP rules plus the statement marking
// definitions (copyright and terms-of-use statements, such as MITRE's on
// ATT&CK) that restrict nobody. The zero Policy, and a nil *Policy, know no
// statements. A Policy is read-only once made and safe for concurrent use.
type Policy struct {
	statements map[string]struct{}
}

// NewPolicy returns a Policy for which the marking definitions with the
// given ids are statements that do not restrict visibility. The caller
// lists the marking definitions of definition_type "statement" it stores;
// any other non-TLP marking hides the object (see the package comment).
func NewPolicy(statementIDs ...string) *Policy {
	p := &Policy{statements: make(map[string]struct{}, len(statementIDs))}
	for _, id := range statementIDs {
		p.statements[id] = struct{}{}
	}
	return p
}

// Visible reports whether r may see an object with the given marking
// definition refs (object_marking_refs) and sharing facts, under the TLP
// rules only (no statement is known).
func Visible(r Reader, markingRefs []string, s Sharing) bool {
	return (*Policy)(nil).Visible(r, markingRefs, s)
}

// Visible reports whether r may see an object with the given marking
// definition refs and sharing facts: every marking must allow it.
func (p *Policy) Visible(r Reader, markingRefs []string, s Sharing) bool {
	for _, ref := range markingRefs {
		if !p.allows(r, ref, s) {
			return false
		}
	}
	return true
}

// allows reports whether the one marking ref lets r see the object.
func (p *Policy) allows(r Reader, ref string, s Sharing) bool {
	if lv, ok := tlpLevels[ref]; ok {
		return allowsLevel(r, lv, s)
	}
	if p.isStatement(ref) {
		return true
	}
	return inOrg(r, s.Publisher)
}

func (p *Policy) isStatement(ref string) bool {
	if p == nil {
		return false
	}
	_, ok := p.statements[ref]
	return ok
}
