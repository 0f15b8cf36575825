package sweep

import (
	"cmp"
	"fmt"
	"regexp/syntax"
	"strings"

	"github.com/accord-cti/accord/hunt"
	"github.com/accord-cti/accord/pattern"
)

// Intel is what a sweep looks for.
type Intel struct {
	// Indicators are STIX indicators; those whose patterns name file
	// properties are used (hashes, name, x_path, parent_directory_ref.path).
	Indicators []hunt.Indicator
	// Confidence is the score of an indicator's findings, by its id (its
	// STIX confidence). Without one, a hash scores 100 and a name or path
	// 60, as in Loki.
	Confidence map[string]int
	Names      []NameRule    // Loki filename lines
	Content    []ContentRule // web-shell rules (WebShellRules)
}

// Rules is Intel compiled for sweeping: built once, read-only, and shared
// by the sweep's workers.
type Rules struct {
	inds    []hunt.Indicator // the file indicators, which findings point into
	conf    map[string]int
	engine  *hunt.Engine // the indicators an index can look up
	slow    []slowIndicator
	names   []NameRule
	pre     prefilter // rules 0..len(slow)-1 are slow, then names
	content *ContentScanner
	sha512  bool
	// hashPaths are the paths of the MD5, SHA-1, SHA-256 and SHA-512 of a
	// file's record: the canonical ones, and the other spellings feeds use
	// (hashes.SHA256, hashes.md5) that some indicator does.
	hashPaths [4][]string
	stats     RuleStats
}

// hashSpellings are the paths of each digest, canonical first.
var hashSpellings = [4][]string{
	{"file:hashes.MD5", "file:hashes.md5"},
	{"file:hashes.'SHA-1'", "file:hashes.SHA1", "file:hashes.sha1", "file:hashes.'sha-1'"},
	{"file:hashes.'SHA-256'", "file:hashes.SHA256", "file:hashes.sha256", "file:hashes.'sha-256'"},
	{"file:hashes.'SHA-512'", "file:hashes.SHA512", "file:hashes.sha512", "file:hashes.'sha-512'"},
}

// RuleStats counts what a Rules matches, and what it cannot.
type RuleStats struct {
	Indicators int // file indicators
	Names      int // Loki lines
	Content    int // content rules
	// Unmatched counts the file indicators a sweep cannot match: patterns
	// of several observations (a file is one).
	Unmatched int
}

// slowIndicator is a file indicator without atoms an index can look up
// (a case-insensitive MATCHES, as the Loki import writes): matched by its
// compiled pattern when the prefilter finds its literals in a file's
// values.
type slowIndicator struct {
	ind   *hunt.Indicator
	c     *pattern.Compiled
	field string // the path of its first comparison, which findings name
}

// Compile builds the rules. Indicators whose patterns do not compile are
// left out and listed in the errors, each naming its id; the content rules
// must all compile.
func Compile(in Intel) (*Rules, []error) {
	r := &Rules{conf: in.Confidence, names: in.Names}
	for _, ind := range in.Indicators {
		if strings.Contains(ind.Pattern, "file:") {
			r.inds = append(r.inds, ind)
		}
	}
	var errs []error
	r.engine, errs = hunt.NewEngine(r.inds)
	r.stats = RuleStats{Indicators: len(r.inds), Names: len(in.Names), Content: len(in.Content),
		Unmatched: len(r.engine.Deferred())}
	for _, ind := range r.engine.Unindexed() {
		s, lits, err := compileSlow(ind)
		if err != nil {
			r.stats.Unmatched++
			continue
		}
		r.pre.add(int32(len(r.slow)), lits)
		r.slow = append(r.slow, s)
	}
	for i := range r.names {
		r.pre.add(int32(len(r.slow)+i), r.names[i].lits)
	}
	var err error
	if r.content, err = NewContentScanner(in.Content); err != nil {
		errs = append(errs, err)
		r.content = &ContentScanner{}
	}
	r.pickHashPaths()
	return r, errs
}

// pickHashPaths chooses the paths of the digests in a file's record: the
// canonical ones and the other spellings some indexed indicator uses. It
// computes SHA-512 only when some indicator asks for it.
func (r *Rules) pickHashPaths() {
	for i, paths := range hashSpellings {
		r.hashPaths[i] = []string{paths[0]}
		for _, p := range paths {
			if r.engine.Wants(p) && p != paths[0] {
				r.hashPaths[i] = append(r.hashPaths[i], p)
			}
			if i == 3 && (r.engine.Wants(p) || r.mentions(p)) {
				r.sha512 = true
			}
		}
	}
}

// Stats counts what r matches.
func (r *Rules) Stats() RuleStats { return r.stats }

// compileSlow compiles an unindexed indicator of one observation and finds
// literals its values must hold.
func compileSlow(ind *hunt.Indicator) (slowIndicator, []string, error) {
	p, err := pattern.Parse(ind.Pattern, pattern.WithVersion(cmp.Or(ind.Version, "2.1")))
	if err != nil {
		return slowIndicator{}, nil, err
	}
	obs, ok := p.Root.(*pattern.Observation)
	if !ok {
		return slowIndicator{}, nil, fmt.Errorf("indicator %s: several observations", ind.ID)
	}
	c, err := pattern.Compile(p)
	if err != nil {
		return slowIndicator{}, nil, err
	}
	return slowIndicator{ind: ind, c: c, field: firstPath(obs.Comparison)}, exprLiterals(obs.Comparison), nil
}

// exprLiterals returns folded literals of which the values a comparison
// expression holds on contain at least one, or nil.
func exprLiterals(e pattern.Expr) []string {
	switch e := e.(type) {
	case *pattern.And:
		var best []string
		for _, o := range e.Operands {
			if l := exprLiterals(o); betterLiterals(l, best) {
				best = l
			}
		}
		return best
	case *pattern.Or:
		var all []string
		for _, o := range e.Operands {
			l := exprLiterals(o)
			if l == nil {
				return nil
			}
			all = append(all, l...)
		}
		return all
	case *pattern.Comparison:
		return comparisonLiterals(e)
	}
	return nil
}

func comparisonLiterals(c *pattern.Comparison) []string {
	if c.Negated || c.Value.Kind != pattern.KindString {
		return nil
	}
	switch c.Op {
	case pattern.OpMatches:
		tree, err := syntax.Parse(c.Value.Str, syntax.Perl)
		if err != nil {
			return nil
		}
		return requiredLiterals(tree)
	case pattern.OpLike:
		var best []string
		for _, run := range strings.FieldsFunc(c.Value.Str, func(r rune) bool { return r == '%' || r == '_' }) {
			if l := literalSet(string(fold(nil, run))); betterLiterals(l, best) {
				best = l
			}
		}
		return best
	case pattern.OpEqual:
		return literalSet(string(fold(nil, c.Value.Str)))
	}
	return nil
}

// score is the score of a finding of ind on field.
func (r *Rules) score(ind *hunt.Indicator, field string) int {
	if s, ok := r.conf[ind.ID]; ok {
		return s
	}
	if strings.HasPrefix(field, "file:hashes.") {
		return 100
	}
	return 60
}

// firstPath returns the object path of the first comparison of e.
func firstPath(e pattern.Expr) string {
	switch e := e.(type) {
	case *pattern.And:
		return firstPath(e.Operands[0])
	case *pattern.Or:
		return firstPath(e.Operands[0])
	case *pattern.Comparison:
		return e.Path.String()
	}
	return ""
}

// mentions reports whether a slow indicator's pattern names path.
func (r *Rules) mentions(path string) bool {
	_, prop, _ := strings.Cut(path, ":")
	for _, s := range r.slow {
		if strings.Contains(s.ind.Pattern, prop) {
			return true
		}
	}
	return false
}
