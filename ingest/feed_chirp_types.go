package ingest

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// convert adds the indicators of one CHIRP document, by its ioc_type.
func (a chirpAlert) convert(out *feedOut, d *chirpDoc) {
	var err error
	switch d.iocType {
	case "network":
		err = a.network(out, d)
	case "events":
		err = a.single(out, d, chirpEvents)
	case "registry":
		err = a.single(out, d, chirpRegistry)
	case "yara":
		err = a.single(out, d, chirpYara)
	default:
		err = fmt.Errorf("ioc_type %q is none of network, events, registry, yara", d.iocType)
	}
	if err != nil {
		out.reject(d.line, "%q: %v", d.name, err)
	}
}

// base is an indicator of the document, without its pattern.
func (a chirpAlert) base(d *chirpDoc) *feedIndicator {
	desc := d.description
	if desc == "" {
		desc = d.name
	}
	return &feedIndicator{
		Name:           "CISA " + a.id + ": " + short(d.name, 80),
		Description:    desc,
		IndicatorTypes: []string{"malicious-activity"},
		Confidence:     d.confidence,
		ExternalRefs:   append([]extRef{{SourceName: "cisa", URL: a.url, ExternalID: a.externalID()}}, urlRefs(d.description)...),
		ChirpIOCType:   d.iocType,
	}
}

func (a chirpAlert) externalID() string {
	if a.id == "CHIRP" {
		return ""
	}
	return a.id
}

// network adds one indicator a value of the ips block.
func (a chirpAlert) network(out *feedOut, d *chirpDoc) error {
	ips := chirpField(d.indicator, "ips")
	if ips == nil || ips.Kind != yaml.ScalarNode {
		return fmt.Errorf("a network indicator needs ips, a list of values one a line")
	}
	first := ips.Line
	if ips.Style == yaml.LiteralStyle || ips.Style == yaml.FoldedStyle {
		first++ // the values start below "ips: |"
	}
	for i, raw := range strings.Split(ips.Value, "\n") {
		line := d.start + first + i
		v := stripInvisible(raw)
		if v == "" {
			continue
		}
		pat, kind, err := networkPattern(v)
		if err != nil {
			out.reject(line, "%q: %v", d.name, err)
			continue
		}
		ind := a.base(d)
		ind.ID = producerCISA.indicatorID(a.id + ":network:" + pat)
		ind.Name = "CISA " + a.id + ": " + kind + " " + short(v, 64)
		ind.Description = d.name + ". " + ind.Description
		ind.Pattern, ind.PatternType, ind.PatternVersion = pat, "stix", "2.1"
		out.add(line, producerCISA, "", ind)
	}
	return nil
}

// single adds the one indicator of an events, registry or yara document,
// whose pattern make builds.
func (a chirpAlert) single(out *feedOut, d *chirpDoc, make func(*feedIndicator, *yaml.Node) error) error {
	ind := a.base(d)
	if err := make(ind, d.indicator); err != nil {
		return err
	}
	ind.ID = producerCISA.indicatorID(a.id + ":" + d.iocType + ":" + d.name + ":" + ind.Pattern)
	out.add(d.line, producerCISA, "", ind)
	return nil
}

func chirpEvents(ind *feedIndicator, m *yaml.Node) error {
	var cmp []string
	for k, v := range chirpPairs(m) {
		switch k {
		case "event_type":
			ind.ChirpEventType = v.Value
		case "event_id":
			ind.Description += " (event id " + v.Value + ")"
		case "event.event_data", "event_data":
			c, err := chirpComparison("process:command_line", v)
			if err != nil {
				return fmt.Errorf("%s: %v", k, err)
			}
			cmp = append(cmp, c)
		default:
			return fmt.Errorf("events field %s: accord has no observable for it (only event.event_data, searched in command lines)", k)
		}
	}
	if ind.ChirpEventType == "" || len(cmp) == 0 {
		return fmt.Errorf("an events indicator needs event_type and event.event_data")
	}
	ind.Pattern, ind.PatternType, ind.PatternVersion = "["+strings.Join(cmp, " AND ")+"]", "stix", "2.1"
	return nil
}

func chirpRegistry(ind *feedIndicator, m *yaml.Node) error {
	var key string
	var cmp []string
	for k, v := range chirpPairs(m) {
		path := map[string]string{"key": "values[*].name", "value": "values[*].data", "registry_type": "values[*].data_type"}[k]
		switch {
		case k == "registry_key":
			key = strings.TrimRight(strings.Replace(v.Value, ":\\", "\\", 1), `\`)
		case path != "":
			if strings.TrimSpace(v.Value) == "~= .*" {
				continue // any: the key is enough
			}
			c, err := chirpComparison("windows-registry-key:"+path, v)
			if err != nil {
				return fmt.Errorf("%s: %v", k, err)
			}
			cmp = append(cmp, c)
		default:
			return fmt.Errorf("registry field %s is none of registry_key, key, value, registry_type", k)
		}
	}
	if key == "" {
		return fmt.Errorf("a registry indicator needs registry_key")
	}
	cmp = append([]string{"windows-registry-key:key LIKE '" + quoteLiteral(key) + `\\%'`}, cmp...)
	ind.Pattern, ind.PatternType, ind.PatternVersion = "["+strings.Join(cmp, " AND ")+"]", "stix", "2.1"
	return nil
}

func chirpYara(ind *feedIndicator, m *yaml.Node) error {
	for k, v := range chirpPairs(m) {
		switch k {
		case "rule":
			ind.Pattern = strings.TrimSpace(v.Value)
		case "files":
			ind.ChirpFiles = v.Value
		default:
			return fmt.Errorf("yara field %s is neither rule nor files", k)
		}
	}
	if ind.Pattern == "" {
		return fmt.Errorf("a yara indicator needs a rule")
	}
	ind.PatternType = "yara"
	return nil
}

// chirpComparison turns a CHIRP operator ("== v", "!= v", "~= regex"; a
// bare value is ==) on path into a STIX comparison.
func chirpComparison(path string, v *yaml.Node) (string, error) {
	if v.Kind != yaml.ScalarNode {
		return "", fmt.Errorf("must be text")
	}
	s := strings.TrimSpace(v.Value)
	op := "="
	switch {
	case strings.HasPrefix(s, "~="):
		op, s = "MATCHES", s[2:]
	case strings.HasPrefix(s, "=="):
		s = s[2:]
	case strings.HasPrefix(s, "!="):
		op, s = "!=", s[2:]
	}
	s = strings.TrimSpace(s)
	if s == "" || s == "''" {
		return "", fmt.Errorf("%q compares with nothing", v.Value)
	}
	return path + " " + op + " '" + quoteLiteral(s) + "'", nil
}

// chirpPairs yields the keys and values of a mapping.
func chirpPairs(m *yaml.Node) func(yield func(string, *yaml.Node) bool) {
	return func(yield func(string, *yaml.Node) bool) {
		for i := 0; i+1 < len(m.Content); i += 2 {
			if !yield(m.Content[i].Value, m.Content[i+1]) {
				return
			}
		}
	}
}

// chirpField returns the value of key in a mapping, nil if absent.
func chirpField(m *yaml.Node, key string) *yaml.Node {
	for k, v := range chirpPairs(m) {
		if k == key {
			return v
		}
	}
	return nil
}

// stripInvisible removes zero-width and byte-order-mark characters, which
// the published files have after some addresses.
func stripInvisible(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
			return -1
		}
		return r
	}, strings.TrimSpace(s))
}
