package stix

// TopStrings reads the string members named by keys from the JSON object
// in data into out (out[i] for keys[i]; "" when absent or not a string),
// without building the object: a reader of a million stored objects that
// needs three members of each. The strings share data's memory, as with
// ParseShared. The whole of data is checked as JSON, as Parse would.
func TopStrings(data []byte, keys, out []string) error {
	clear(out)
	p := parser{data: data, shared: true}
	p.skipSpace()
	if p.pos >= len(data) || data[p.pos] != '{' {
		return p.errorf("unexpected %s, expected an object", p.describe())
	}
	p.pos++
	p.skipSpace()
	if p.pos < len(data) && data[p.pos] == '}' {
		p.pos++
		return p.end()
	}
	for {
		p.skipSpace()
		if p.pos >= len(data) || data[p.pos] != '"' {
			return p.errorf("unexpected %s, expected a string key", p.describe())
		}
		key, err := p.str()
		if err != nil {
			return err
		}
		p.skipSpace()
		if p.pos >= len(data) || data[p.pos] != ':' {
			return p.errorf("unexpected %s, expected ':'", p.describe())
		}
		p.pos++
		p.skipSpace()
		want := -1
		if p.pos < len(data) && data[p.pos] == '"' {
			for i, k := range keys {
				if k == key {
					want = i
				}
			}
		}
		if want >= 0 {
			if out[want], err = p.str(); err != nil {
				return err
			}
		} else if err := p.skip(1); err != nil {
			return err
		}
		p.skipSpace()
		if p.pos >= len(data) {
			return p.errorf("unexpected end of input, expected ',' or '}'")
		}
		switch data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			return p.end()
		default:
			return p.errorf("unexpected %s, expected ',' or '}'", p.describe())
		}
	}
}

// end checks that only space follows the value.
func (p *parser) end() error {
	p.skipSpace()
	if p.pos < len(p.data) {
		return p.errorf("unexpected %s after the JSON value", p.describe())
	}
	return nil
}

// skip reads past one value, checking it, without building it.
func (p *parser) skip(depth int) error {
	if depth > maxDepth {
		return p.errorf("nesting deeper than %d", maxDepth)
	}
	if p.pos >= len(p.data) {
		return p.errorf("unexpected end of input, expected a value")
	}
	switch c := p.data[p.pos]; c {
	case '"':
		_, err := p.str()
		return err
	case '{', '[':
		close := byte('}')
		if c == '[' {
			close = ']'
		}
		p.pos++
		p.skipSpace()
		if p.pos < len(p.data) && p.data[p.pos] == close {
			p.pos++
			return nil
		}
		for {
			p.skipSpace()
			if c == '{' {
				if p.pos >= len(p.data) || p.data[p.pos] != '"' {
					return p.errorf("unexpected %s, expected a string key", p.describe())
				}
				if _, err := p.str(); err != nil {
					return err
				}
				p.skipSpace()
				if p.pos >= len(p.data) || p.data[p.pos] != ':' {
					return p.errorf("unexpected %s, expected ':'", p.describe())
				}
				p.pos++
				p.skipSpace()
			}
			if err := p.skip(depth + 1); err != nil {
				return err
			}
			p.skipSpace()
			if p.pos >= len(p.data) {
				return p.errorf("unexpected end of input, expected ',' or '%c'", close)
			}
			switch p.data[p.pos] {
			case ',':
				p.pos++
			case close:
				p.pos++
				return nil
			default:
				return p.errorf("unexpected %s, expected ',' or '%c'", p.describe(), close)
			}
		}
	}
	// A number or a literal: parsed, and the value dropped.
	p.scratch = &scratch{}
	_, err := p.value(depth)
	return err
}
