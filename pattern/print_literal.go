package pattern

import (
	"encoding/base64"
	"encoding/hex"
	"math"
	"strconv"
	"strings"
	"time"
)

// opNames are the canonical spellings of the operators.
var opNames = map[Op]string{
	OpEqual: "=", OpNotEqual: "!=", OpLess: "<", OpLessEqual: "<=",
	OpGreater: ">", OpGreaterEqual: ">=", OpIn: "IN", OpLike: "LIKE",
	OpMatches: "MATCHES", OpIsSubset: "ISSUBSET", OpIsSuperset: "ISSUPERSET",
	OpExists: "EXISTS",
}

// String returns the operator as written in a pattern, such as "=" or
// "ISSUBSET".
func (o Op) String() string {
	if s, ok := opNames[o]; ok {
		return s
	}
	return "Op(" + strconv.Itoa(int(o)) + ")"
}

// String returns the qualifier keyword: WITHIN, REPEATS or START/STOP.
func (k QualifierKind) String() string {
	switch k {
	case Within:
		return "WITHIN"
	case Repeats:
		return "REPEATS"
	case StartStop:
		return "START/STOP"
	}
	return "QualifierKind(" + strconv.Itoa(int(k)) + ")"
}

var kindNames = map[Kind]string{
	KindString: "string", KindInt: "integer", KindFloat: "float",
	KindBool: "boolean", KindBinary: "binary", KindHex: "hex",
	KindTimestamp: "timestamp", KindSet: "set",
}

// String returns the kind's name, such as "string" or "timestamp".
func (k Kind) String() string {
	if s, ok := kindNames[k]; ok {
		return s
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

func (w *printer) comparison(c *Comparison) {
	if c.Op == OpExists {
		if c.Negated {
			w.str("NOT ")
		}
		w.str("EXISTS ")
		w.path(c.Path)
		return
	}
	w.path(c.Path)
	w.str(" ")
	if c.Negated {
		w.str("NOT ")
	}
	w.str(c.Op.String())
	w.str(" ")
	w.literal(c.Value)
}

func (w *printer) path(op ObjectPath) {
	w.str(op.ObjectType)
	w.str(":")
	for i, s := range op.Steps {
		switch s.Kind {
		case StepKey:
			if i > 0 {
				w.str(".")
			}
			w.key(s.Key)
		case StepIndex:
			w.str("[")
			w.buf = strconv.AppendInt(w.buf, s.Index, 10)
			w.str("]")
		case StepAnyIndex:
			w.str("[*]")
		}
	}
}

// key writes a property name bare when it lexes as a plain identifier and
// quoted otherwise.
func (w *printer) key(k string) {
	if isPlainIdent(k) {
		w.str(k)
		return
	}
	w.quoted(k)
}

// isPlainIdent reports whether s lexes as a hyphen-free identifier in
// every version, not as a keyword or boolean.
func isPlainIdent(s string) bool {
	if s == "" || !isIdentStart(s[0]) || keywords21[s] || s == "true" || s == "false" {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isIdentPart(s[i]) {
			return false
		}
	}
	return true
}

// quoted writes s as a string literal.
func (w *printer) quoted(s string) {
	w.str("'")
	for i := 0; i < len(s); i++ {
		if s[i] == '\'' || s[i] == '\\' {
			w.buf = append(w.buf, '\\')
		}
		w.buf = append(w.buf, s[i])
	}
	w.str("'")
}

func (w *printer) literal(l Literal) {
	switch l.Kind {
	case KindString:
		w.quoted(l.Str)
	case KindInt:
		w.buf = strconv.AppendInt(w.buf, l.Int, 10)
	case KindFloat:
		w.number(l.Float, false)
	case KindBool:
		w.buf = strconv.AppendBool(w.buf, l.Bool)
	case KindBinary:
		w.str("b'" + base64.StdEncoding.EncodeToString(l.Bytes) + "'")
	case KindHex:
		w.str("h'" + hex.EncodeToString(l.Bytes) + "'")
	case KindTimestamp:
		w.str("t'" + timestampText(l) + "'")
	case KindSet:
		w.set(l.Set)
	}
}

func (w *printer) set(list []Literal) {
	w.str("(")
	for i, l := range list {
		if i > 0 {
			w.str(", ")
		}
		w.literal(l)
	}
	w.str(")")
}

// number writes f in the grammar's decimal form, which has no exponent;
// intOK lets a whole number go without ".0" (as WITHIN allows).
func (w *printer) number(f float64, intOK bool) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		w.str(strconv.FormatFloat(f, 'g', -1, 64)) // not representable
		return
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !intOK && !strings.Contains(s, ".") {
		s += ".0"
	}
	w.str(s)
}

// timestampText returns a timestamp literal's text: as written when it
// was parsed, else its time in the RFC 3339 form STIX uses.
func timestampText(l Literal) string {
	if l.Str != "" {
		return l.Str
	}
	return l.Time.UTC().Format(time.RFC3339Nano)
}
