package sigma

import (
	"maps"
	"slices"
	"strings"
	"time"
)

// corrRule is a correlation rule with its rules resolved.
type corrRule struct {
	rule *Rule
	refs []*Rule  // by position in Correlation.Rules
	as   []string // the name each was referred to by
}

// compileCorrelations resolves the rules each correlation names (by id or
// name, among all the rules given, correlations included).
func (e *Engine) compileCorrelations(rules []*Rule, reject func(*Rule, string, ...any)) {
	byRef := map[string]*Rule{}
	for _, r := range rules {
		if r.filter != nil {
			continue
		}
		for _, k := range []string{r.ID, r.Name} {
			if k != "" {
				byRef[k] = r
			}
		}
	}
	for _, r := range rules { // this Compile's correlations decide anew
		r.referenced = false
	}
	kept := map[*Rule]bool{}
	for _, r := range e.rules {
		kept[r] = true
	}
	for _, r := range rules {
		if r.Correlation == nil {
			continue
		}
		cr := &corrRule{rule: r}
		var missing []string
		for _, ref := range r.Correlation.Rules {
			t := byRef[ref]
			if t == nil || t.Correlation == nil && !kept[t] || t == r {
				missing = append(missing, ref)
				continue
			}
			cr.refs, cr.as = append(cr.refs, t), append(cr.as, ref)
		}
		if len(missing) > 0 {
			reject(r, "correlation: rules %s are not loaded", strings.Join(missing, ", "))
			continue
		}
		for _, t := range cr.refs {
			t.referenced = t.referenced || !r.Correlation.Generate
		}
		e.corr = append(e.corr, cr)
		e.rules = append(e.rules, r)
	}
}

// CorrelationHit is a correlation rule that matched: the group (its
// group-by fields' values), the time of the first and last event, the
// count its condition tested and the rules whose hits it correlated.
type CorrelationHit struct {
	Rule        *Rule
	Group       map[string]string
	First, Last time.Time
	Count       int
	Rules       []*Rule
}

// Correlator follows the hits of one sweep for the engine's correlation
// rules. It is not safe for concurrent use: give it the hits in time
// order (roughly: a window is measured from each event back).
type Correlator struct {
	e      *Engine
	uses   map[*Rule][]corrUse
	states []map[string]*corrState // by correlation, by group key
	routed Routed
}

// corrUse is a correlation that refers to a rule, at position pos.
type corrUse struct{ corr, pos int }

// NewCorrelator returns a Correlator for one sweep.
func (e *Engine) NewCorrelator() *Correlator {
	c := &Correlator{e: e, uses: map[*Rule][]corrUse{}, states: make([]map[string]*corrState, len(e.corr))}
	for i, cr := range e.corr {
		c.states[i] = map[string]*corrState{}
		for pos, r := range cr.refs {
			c.uses[r] = append(c.uses[r], corrUse{i, pos})
		}
	}
	return c
}

// Observe takes a hit of Engine.Match on ev and calls emit for each
// correlation it completes (and for the correlations those complete).
func (c *Correlator) Observe(h Hit, ev *Event, emit func(CorrelationHit)) {
	if len(c.uses[h.Rule]) == 0 {
		return
	}
	c.e.router.Route(ev, &c.routed)
	get := func(name string) (string, bool) {
		for _, a := range c.routed.Attrs {
			if a.Name == name {
				return string(a.Value), true
			}
		}
		return "", false
	}
	c.observe(h.Rule, ev.Time, get, emit)
}

func (c *Correlator) observe(r *Rule, t time.Time, get func(string) (string, bool), emit func(CorrelationHit)) {
	for _, u := range c.uses[r] {
		cr := c.e.corr[u.corr]
		key, group := groupOf(cr, u.pos, get)
		st := c.states[u.corr][key]
		if st == nil {
			st = &corrState{group: group}
			c.states[u.corr][key] = st
		}
		val := ""
		if f := cr.rule.Correlation.Field; f != "" {
			var ok bool
			if val, ok = get(fieldFor(cr, u.pos, f)); !ok {
				val = noValue
			}
		}
		for _, hit := range st.add(cr, u.pos, t, val) {
			c.fire(hit, emit)
		}
	}
}

// fire reports a correlation hit and feeds it to the correlations that
// refer to its rule.
func (c *Correlator) fire(h CorrelationHit, emit func(CorrelationHit)) {
	emit(h)
	get := func(name string) (string, bool) {
		v, ok := h.Group[name]
		return v, ok
	}
	c.observe(h.Rule, h.Last, get, emit)
}

// Flush reports the correlations whose condition can only be decided at
// the end of their window (lt, lte, eq, neq) for the windows still open.
func (c *Correlator) Flush(emit func(CorrelationHit)) {
	for i, cr := range c.e.corr {
		for _, k := range slices.Sorted(maps.Keys(c.states[i])) {
			if h, ok := c.states[i][k].close(cr); ok {
				c.fire(h, emit)
			}
		}
		c.states[i] = map[string]*corrState{}
	}
}

// fieldFor is the field a correlation's field (or alias) names in the
// events of its rule at pos.
func fieldFor(cr *corrRule, pos int, field string) string {
	if m, ok := cr.rule.Correlation.Aliases[field]; ok {
		for _, k := range []string{cr.as[pos], cr.refs[pos].Name, cr.refs[pos].ID} {
			if f, ok := m[k]; ok && k != "" {
				return f
			}
		}
	}
	return field
}

// groupOf returns the group key of an event and its group-by values.
func groupOf(cr *corrRule, pos int, get func(string) (string, bool)) (string, map[string]string) {
	var key strings.Builder
	group := make(map[string]string, len(cr.rule.Correlation.GroupBy))
	for _, f := range cr.rule.Correlation.GroupBy {
		v, _ := get(fieldFor(cr, pos, f))
		group[f] = v
		key.WriteString(v)
		key.WriteByte(0)
	}
	return key.String(), group
}
