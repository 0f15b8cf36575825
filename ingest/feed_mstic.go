package ingest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"github.com/accord-cti/accord"
)

// Microsoft's MSTIC IoC feeds (Azure/Azure-Sentinel, Sample Data/Feeds/)
// are CSV files with the header DateAdded,FirstSeen,Indicator,
// IndicatorType,TLP. Each row becomes an indicator created (and modified)
// on DateAdded, valid from FirstSeen (else DateAdded), marked with the
// row's TLP as TLP 2.0 (White is CLEAR). The IndicatorType chooses the
// pattern:
//
//	sha256, sha1, md5      [file:hashes.'SHA-256' = '…'] (the length must agree)
//	filepath               [file:name = 'x.aspx' AND file:parent_directory_ref.path = 'C:\\…']
//	filename               [file:name = '…']
//	ipv4, ipv6, ip         [ipv4-addr:value = '…'] or ipv6-addr
//	domain, dns, hostname  [domain-name:value = '…']
//	url                    [url:value = '…']
//
// Any other type, and a row that does not parse, is reported with its line.

const msticFeeds = "https://github.com/Azure/Azure-Sentinel/tree/master/Sample%20Data/Feeds"

var msticColumns = []string{"dateadded", "firstseen", "indicator", "indicatortype", "tlp"}

// isMSTICHeader reports whether line is the header of a MSTIC CSV feed.
func isMSTICHeader(line string) bool {
	cols := strings.Split(strings.ToLower(strings.TrimPrefix(line, "\ufeff")), ",")
	if len(cols) != len(msticColumns) {
		return false
	}
	for i, c := range cols {
		if strings.Trim(strings.TrimSpace(c), `"`) != msticColumns[i] {
			return false
		}
	}
	return true
}

// msticFeed is what the file says of every row: the feed's title and URL.
type msticFeed struct {
	title, url string
}

func newMSTICFeed(name string) msticFeed {
	base := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	f := msticFeed{title: splitCamel(strings.TrimPrefix(base, "MSTICIoCs-")), url: msticFeeds}
	if strings.HasPrefix(base, "MSTICIoCs-") {
		f.url = strings.Replace(msticFeeds, "/tree/", "/blob/", 1) + "/" + url.PathEscape(filepath.Base(name))
	}
	return f
}

func decodeMSTIC(out *feedOut, data []byte) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	r.FieldsPerRecord = len(msticColumns)
	header, err := r.Read()
	if err != nil || !isMSTICHeader(strings.Join(header, ",")) {
		out.fail(1, "not a MSTIC feed: want the header %s", "DateAdded,FirstSeen,Indicator,IndicatorType,TLP")
		return
	}
	feed := newMSTICFeed(out.name)
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			out.reject(pe.StartLine, "%v", pe.Err) // the reader goes on at the next record
			continue
		}
		if err != nil {
			out.fail(0, "%v", err)
			return
		}
		line, _ := r.FieldPos(0)
		ind, tlp, err := feed.indicator(rec, line)
		if err != nil {
			out.reject(line, "%v", err)
			continue
		}
		out.add(line, producerMSTIC, tlp, ind)
	}
}

// indicator makes the indicator of one row, and returns its TLP level.
func (f msticFeed) indicator(rec []string, line int) (*feedIndicator, string, error) {
	added, seen, value, typ, tlp := rec[0], rec[1], strings.TrimSpace(rec[2]), strings.ToLower(strings.TrimSpace(rec[3])), rec[4]
	level, err := msticTLP(tlp)
	if err != nil {
		return nil, "", err
	}
	created, err := msticTime(added, "DateAdded")
	if err != nil || created == "" {
		return nil, "", cmpErr(err, "DateAdded is empty")
	}
	validFrom, err := msticTime(seen, "FirstSeen")
	if err != nil {
		return nil, "", err
	}
	pat, label, err := msticPattern(value, typ)
	if err != nil {
		return nil, "", err
	}
	if label == "MD5" || strings.HasPrefix(label, "SHA") {
		value = strings.ToLower(value) // as in the pattern, and so in the id
	}
	desc := fmt.Sprintf("MSTIC IoC (%s) of the feed %s, added %s", typ, f.title, strings.TrimSpace(added))
	if s := strings.TrimSpace(seen); s != "" {
		desc += ", first seen " + s
	}
	return &feedIndicator{
		ID:             producerMSTIC.indicatorID(typ + ":" + value),
		Name:           "MSTIC " + f.title + ": " + label + " " + shortValue(value, typ),
		Description:    desc + fmt.Sprintf(" (line %d, TLP:%s).", line, strings.ToUpper(strings.TrimSpace(tlp))),
		IndicatorTypes: []string{"malicious-activity"},
		Pattern:        pat, PatternType: "stix", PatternVersion: "2.1",
		Created: created, ValidFrom: validFrom,
		ExternalRefs:   []extRef{{SourceName: "MSTIC", URL: f.url, Description: fmt.Sprintf("line %d", line)}},
		MSTICDateAdded: strings.TrimSpace(added), MSTICIndicatorT: rec[3],
	}, level, nil
}

// shortValue shortens a hash to 16 digits, a path to 64 characters.
func shortValue(v, typ string) string {
	if strings.HasPrefix(typ, "sha") || typ == "md5" {
		return short(v, 16)
	}
	return short(v, 64)
}

func cmpErr(err error, msg string) error {
	if err != nil {
		return err
	}
	return errors.New(msg)
}

// msticPattern returns the pattern of a value of an IndicatorType, and
// what to call it in a name.
func msticPattern(value, typ string) (pat, label string, err error) {
	if value == "" {
		return "", "", errors.New("the Indicator is empty")
	}
	switch typ {
	case "sha256", "sha1", "md5":
		pat, alg, err := hashPattern(value)
		if err == nil && strings.ReplaceAll(strings.ToLower(alg), "-", "") != typ {
			err = fmt.Errorf("IndicatorType %s, but the value is a %s hash", typ, alg)
		}
		return pat, alg, err
	case "filepath":
		pat, err := filePathPattern(value)
		return pat, "file path", err
	case "filename":
		return "[file:name = '" + quoteLiteral(value) + "']", "file name", nil
	case "ipv4", "ipv6", "ip", "ipaddress", "domain", "dns", "hostname", "url":
		pat, kind, err := networkPattern(value)
		if err == nil && (typ == "url") != (kind == "URL") {
			err = fmt.Errorf("IndicatorType %s, but the value is a %s", typ, kind)
		}
		return pat, kind, err
	}
	return "", "", fmt.Errorf("IndicatorType %q is not one accord imports (sha256, sha1, md5, filepath, filename, ipv4, ipv6, domain, url)", typ)
}

// msticTLP maps the TLP column (TLP 1.0 names, or 2.0) to a TLP 2.0 level.
func msticTLP(s string) (string, error) {
	level := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), "TLP:"))
	switch level {
	case "white", "clear":
		return "clear", nil
	case "green", "amber", "amber+strict", "red":
		return level, nil
	}
	return "", fmt.Errorf("TLP %q is none of White, Clear, Green, Amber, Amber+Strict, Red", s)
}

// msticTime reads a date or a timestamp ("" stays "").
func msticTime(s, column string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02", "2006-01-02 15:04:05", "1/2/2006 3:04:05 PM", "1/2/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return accord.FormatTime(t), nil
		}
	}
	return "", fmt.Errorf("%s %q is not a date", column, s)
}

// splitCamel puts spaces into a CamelCase name: "ExchangeServer" → "Exchange Server".
func splitCamel(s string) string {
	var b strings.Builder
	prev := ' '
	for _, r := range s {
		if unicode.IsUpper(r) && unicode.IsLower(prev) || unicode.IsDigit(r) && unicode.IsLetter(prev) {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}
