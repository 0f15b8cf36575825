package stix

import "strconv"

// This file holds the machinery of the type catalogue: how a property's type
// and an object type are described. The catalogue itself is data, in
// types_sdo.go (domain, relationship and meta objects) and types_sco.go
// (cyber-observable objects and their predefined extensions); init turns it
// into maps so that Validate does one map look-up per type and per property.

// Category is the kind of a STIX object type.
type Category uint8

// Categories of object types.
const (
	// CategoryUnknown is a custom type, or no type at all.
	CategoryUnknown Category = iota
	// CategorySDO is a STIX Domain Object.
	CategorySDO
	// CategorySRO is a STIX Relationship Object.
	CategorySRO
	// CategorySCO is a STIX Cyber-observable Object.
	CategorySCO
	// CategoryMeta is a meta object: marking-definition, language-content or
	// extension-definition.
	CategoryMeta
	// CategoryBundle is the bundle, which is not a STIX Object.
	CategoryBundle
)

var categoryNames = [...]string{"custom object", "SDO", "SRO", "SCO", "meta object", "bundle"}

// String returns the name of the category, e.g. "SDO".
func (c Category) String() string {
	if int(c) < len(categoryNames) {
		return categoryNames[c]
	}
	return "category(" + strconv.Itoa(int(c)) + ")"
}

// TypeCategory returns the category of a type defined by the STIX 2.1
// specification, or CategoryUnknown for custom types.
func TypeCategory(typ string) Category {
	if s := catalogue[typ]; s != nil {
		return s.category
	}
	return CategoryUnknown
}

// kind is what a property's value must be.
type kind uint8

const (
	kindAny         kind = iota // anything: type and id are checked separately
	kindString                  // a string, optionally of a format
	kindInteger                 // an integer, optionally in a range
	kindFloat                   // a number, optionally in a range
	kindBoolean                 // true or false
	kindTimestamp               // an RFC 3339 UTC timestamp
	kindIdentifier              // an identifier of one of the allowed target types
	kindEnum                    // a string from a closed enumeration
	kindList                    // a non-empty list of elem
	kindDictionary              // a non-empty dictionary whose values are elem (or anything)
	kindHashes                  // a hashes dictionary
	kindObject                  // an embedded object described by obj
	kindIntOrString             // an integer or a string (exif tags, ipfix)
	kindExtensions              // the extensions dictionary
	kindForbidden               // a property that MUST NOT be present
)

// format is an extra syntax rule for a string property.
type format uint8

const (
	fmtNone format = iota
	fmtHex
	fmtBinary
	fmtLang
	fmtIPv4
	fmtIPv6
	fmtMAC
	fmtURL
	fmtEmail
	fmtCPE
	fmtRegistryKey
	fmtRelationshipType
	fmtSpecVersion
)

// ptype is the type of a property value.
type ptype struct {
	kind     kind
	format   format
	elem     *ptype   // kindList, kindDictionary: the element type
	enum     *enum    // kindEnum
	targets  *targets // kindIdentifier
	obj      *objSpec // kindObject
	min      float64  // kindInteger, kindFloat: the inclusive range, when ranged
	max      float64
	ranged   bool
	rangeMsg string
	millis   bool   // kindTimestamp: at least millisecond precision
	seconds  bool   // kindTimestamp: exactly second precision
	msg      string // kindForbidden: the rule
}

// targets are the object types an identifier may reference.
type targets struct {
	types  []string // these exact types, or
	cats   uint8    // a type of one of these categories (bit 1<<Category), and
	custom bool     // whether custom types are allowed
	msg    string
}

func (t *targets) allows(typ string) bool {
	for _, x := range t.types {
		if x == typ {
			return true
		}
	}
	if s := catalogue[typ]; s != nil {
		return t.cats&(1<<s.category) != 0
	}
	return t.custom && validTypeName(typ)
}

// prop is one property of an object type.
type prop struct {
	name     string
	t        *ptype
	required bool
	index    uint8 // position in objSpec.props, for the seen bit mask
}

// rule names the type-specific checks of validate_rules.go, validate_sco.go
// and validate_meta.go. A switch, rather than a function value, keeps the
// validator on the stack.
type rule uint8

const (
	ruleNone rule = iota
	ruleFirstLastSeen
	ruleIndicator
	ruleLocation
	ruleMalware
	ruleMalwareAnalysis
	ruleObservedData
	ruleRelationship
	ruleSighting
	ruleArtifact
	ruleEmailMessage
	ruleMIMEPart
	ruleFile
	ruleNetworkTraffic
	ruleProcess
	ruleAtLeastOne
	rulePEBinary
	ruleGranularMarking
	ruleExternalReference
	ruleMarkingDefinition
	ruleLanguageContent
	ruleExtensionDefinition
)

// objSpec describes an object type, an embedded object type or a predefined
// extension.
type objSpec struct {
	name      string
	category  Category
	props     map[string]*prop
	list      []*prop
	required  uint64 // bit i set when list[i] is required
	rule      rule
	idContrib []string            // SCOs: the ID contributing properties
	exts      map[string]*objSpec // SCOs: predefined extensions by key
	versioned bool                // has created and modified
}

// def is how the catalogue declares an object type.
type def struct {
	name      string
	category  Category
	props     []prop
	rule      rule
	idContrib []string
	exts      []*objSpec
}

// catalogue maps every type defined by the specification to its spec.
var catalogue = map[string]*objSpec{}

// newSpec builds an objSpec from property lists; later lists override
// earlier ones with the same property name.
func newSpec(name string, cat Category, r rule, lists ...[]prop) *objSpec {
	s := &objSpec{name: name, category: cat, rule: r, props: map[string]*prop{}}
	for _, l := range lists {
		for i := range l {
			s.add(l[i])
		}
	}
	return s
}

func (s *objSpec) add(p prop) {
	if old := s.props[p.name]; old != nil {
		p.index = old.index
		*old = p
		s.setRequired(old)
		return
	}
	if len(s.list) == 64 {
		panic("stix: too many properties for " + s.name)
	}
	p.index = uint8(len(s.list))
	np := &p
	s.list = append(s.list, np)
	s.props[p.name] = np
	s.setRequired(np)
}

func (s *objSpec) setRequired(p *prop) {
	bit := uint64(1) << p.index
	if p.required {
		s.required |= bit
	} else {
		s.required &^= bit
	}
}

// embedded declares an embedded object type (e.g. kill-chain-phase).
func embedded(name string, r rule, props ...prop) *objSpec {
	return newSpec(name, CategoryUnknown, r, props)
}

// extension declares a predefined extension.
func extension(name string, r rule, props ...prop) *objSpec {
	return newSpec(name, CategoryUnknown, r, props)
}

func register(defs []def, common []prop) {
	for _, d := range defs {
		s := newSpec(d.name, d.category, d.rule, common, d.props)
		s.idContrib = d.idContrib
		s.versioned = d.category == CategorySDO || d.category == CategorySRO || s.props["modified"] != nil
		if len(d.exts) > 0 {
			s.exts = map[string]*objSpec{}
			for _, e := range d.exts {
				s.exts[e.name] = e
			}
		}
		catalogue[d.name] = s
	}
}

// customSpec validates objects of types the specification does not define:
// only the common properties they happen to carry are checked.
var customSpec *objSpec

func init() {
	register(sdoDefs, sdoCommon)
	register(sroDefs, sdoCommon)
	register(scoDefs, scoCommon)
	register(metaDefs, nil)
	register(bundleDefs, nil)
	customSpec = newSpec("custom", CategoryUnknown, ruleNone, customCommon)
	customSpec.versioned = true // modified >= created, when both are there
}

// Property declaration helpers: req and opt pair a name with a type.
func req(name string, t *ptype) prop { return prop{name: name, t: t, required: true} }
func opt(name string, t *ptype) prop { return prop{name: name, t: t} }

// Type constructors used by the catalogue.
var (
	tAny       = &ptype{kind: kindAny}
	tString    = &ptype{kind: kindString}
	tBool      = &ptype{kind: kindBoolean}
	tInt       = &ptype{kind: kindInteger}
	tFloat     = &ptype{kind: kindFloat}
	tTimestamp = &ptype{kind: kindTimestamp}
	tMillis    = &ptype{kind: kindTimestamp, millis: true}
	tSeconds   = &ptype{kind: kindTimestamp, seconds: true}
	tHex       = &ptype{kind: kindString, format: fmtHex}
	tBinary    = &ptype{kind: kindString, format: fmtBinary}
	tLang      = &ptype{kind: kindString, format: fmtLang}
	tHashes    = &ptype{kind: kindHashes}
	tDict      = &ptype{kind: kindDictionary}
	tStrings   = listOf(tString)
	tNonNeg    = intRange(0, 1<<53-1)
	tIntOrStr  = &ptype{kind: kindIntOrString}
	tExts      = &ptype{kind: kindExtensions}
)

func listOf(t *ptype) *ptype   { return &ptype{kind: kindList, elem: t} }
func dictOf(t *ptype) *ptype   { return &ptype{kind: kindDictionary, elem: t} }
func objOf(s *objSpec) *ptype  { return &ptype{kind: kindObject, obj: s} }
func str(f format) *ptype      { return &ptype{kind: kindString, format: f} }
func enumOf(v []string) *ptype { return &ptype{kind: kindEnum, enum: newEnum(v)} }

func forbidden(msg string) *ptype { return &ptype{kind: kindForbidden, msg: msg} }

func intRange(min, max float64) *ptype {
	return &ptype{kind: kindInteger, min: min, max: max, ranged: true, rangeMsg: rangeMsg(min, max)}
}

func floatRange(min, max float64) *ptype {
	return &ptype{kind: kindFloat, min: min, max: max, ranged: true, rangeMsg: rangeMsg(min, max)}
}

// refTo is an identifier of one of the given types.
func refTo(types ...string) *ptype {
	msg := "must reference an object of type " + types[0]
	for i, t := range types[1:] {
		if i == len(types)-2 {
			msg += " or " + t
		} else {
			msg += ", " + t
		}
	}
	return &ptype{kind: kindIdentifier, targets: &targets{types: types, msg: msg}}
}

// refToCats is an identifier of a type in one of the given categories,
// custom types included when custom is set.
func refToCats(msg string, custom bool, cats ...Category) *ptype {
	t := &targets{custom: custom, msg: msg}
	for _, c := range cats {
		t.cats |= 1 << c
	}
	return &ptype{kind: kindIdentifier, targets: t}
}
