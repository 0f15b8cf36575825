package stix

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestValidTimestamp(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		ok   bool
		frac int
	}{
		{"2016-01-20T12:31:12Z", true, 0},
		{"2016-01-20T12:31:12.123Z", true, 3},
		{"2016-01-20T12:31:12.1Z", true, 1},
		{"2016-01-20T12:31:12.123456789012Z", true, 12},
		{"2016-12-31T23:59:60Z", true, 0},       // leap second
		{"2016-12-31T23:59:60.5Z", true, 1},     // within a leap second
		{"2016-12-31T12:30:60Z", false, 0},      // 60 only at 23:59
		{"2016-12-31T23:59:61Z", false, 0},      // no 61st second
		{"2016-02-29T00:00:00Z", true, 0},       // leap year
		{"2000-02-29T00:00:00Z", true, 0},       // divisible by 400
		{"1900-02-29T00:00:00Z", false, 0},      // divisible by 100 only
		{"2015-02-29T00:00:00Z", false, 0},      // not a leap year
		{"2016-04-31T00:00:00Z", false, 0},      // April has 30 days
		{"2016-13-01T00:00:00Z", false, 0},      // month 13
		{"2016-00-01T00:00:00Z", false, 0},      // month 0
		{"2016-01-00T00:00:00Z", false, 0},      // day 0
		{"2016-01-20T24:00:00Z", false, 0},      // hour 24
		{"2016-01-20T12:60:00Z", false, 0},      // minute 60
		{"2016-01-20t12:31:12Z", false, 0},      // lowercase t
		{"2016-01-20T12:31:12z", false, 0},      // lowercase z
		{"2016-01-20T12:31:12", false, 0},       // no zone
		{"2016-01-20T12:31:12+01:00", false, 0}, // offset
		{"2016-01-20T12:31:12+00:00", false, 0}, // UTC, but not Z
		{"2016-01-20T12:31:12.Z", false, 0},     // point without digits
		{"2016-01-20T12:31:12,5Z", false, 0},    // comma
		{"2016-01-20 12:31:12Z", false, 0},      // space
		{"16-01-20T12:31:12Z", false, 0},        // two-digit year
		{"2016-1-20T12:31:12Z", false, 0},       // one-digit month
		{"2016-01-20T12:31:12.12aZ", false, 0},  // letter in fraction
		{"", false, 0},
	}
	for _, tt := range tests {
		frac, ok := validTimestamp(tt.in)
		if ok != tt.ok || ok && frac != tt.frac {
			t.Errorf("validTimestamp(%q) = %d, %v; want %d, %v", tt.in, frac, ok, tt.frac, tt.ok)
		}
	}
}

// TestTimestampPrecision checks the millisecond rule of created and modified
// through Validate.
func TestTimestampPrecision(t *testing.T) {
	t.Parallel()
	const base = `{"type":"tool","spec_version":"2.1","id":"tool--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","name":"VNC",` +
		`"modified":"2020-01-01T00:00:00.000000Z","created":`
	tests := []struct {
		created string
		want    []Problem
	}{
		{`"2016-04-06T20:03:48.000Z"`, nil},
		{`"2016-04-06T20:03:48.123456Z"`, nil},
		{`"2016-04-06T20:03:48.1Z"`, []Problem{{Path: "/created", Message: "must have at least millisecond precision (YYYY-MM-DDTHH:mm:ss.sssZ)"}}},
		{`"2016-04-06T20:03:48Z"`, []Problem{{Path: "/created", Message: "must have at least millisecond precision (YYYY-MM-DDTHH:mm:ss.sssZ)"}}},
		{`"2016-04-06T20:03:48.000z"`, []Problem{{Path: "/created", Message: "must be an RFC 3339 timestamp in UTC (YYYY-MM-DDTHH:mm:ss[.s+]Z)"}}},
		{`"2016-04-06T20:03:48.000+00:00"`, []Problem{{Path: "/created", Message: "must be an RFC 3339 timestamp in UTC (YYYY-MM-DDTHH:mm:ss[.s+]Z)"}}},
		{`1459972928`, []Problem{{Path: "/created", Message: "must be a string"}}},
		{`"2020-01-01T00:00:00.0000001Z"`, []Problem{{Path: "/modified", Message: "must be later than or equal to created"}}},
	}
	for _, tt := range tests {
		got := Validate(mustParse(t, base+tt.created+"}"))
		for i := range got {
			got[i].ObjectID = ""
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("created %s mismatch (-want +got):\n%s", tt.created, diff)
		}
	}
}

func TestCompareTimestamps(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want int
	}{
		{"2016-01-20T12:31:12Z", "2016-01-20T12:31:12.000Z", 0},
		{"2016-01-20T12:31:12.1Z", "2016-01-20T12:31:12.10000Z", 0},
		{"2016-01-20T12:31:12.1Z", "2016-01-20T12:31:12.09999Z", 1},
		{"2016-01-20T12:31:12Z", "2016-01-20T12:31:12.000001Z", -1},
		{"2016-12-31T23:59:60Z", "2016-12-31T23:59:59.999Z", 1},
		{"2015-01-20T12:31:12.999Z", "2016-01-20T12:31:12Z", -1},
	}
	for _, tt := range tests {
		if got := compareTimestamps(tt.a, tt.b); got != tt.want {
			t.Errorf("compareTimestamps(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestValidUUID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in string
		ok bool
	}{
		{"33fe3b22-0201-47cf-85d0-97c02164528d", true},  // version 4
		{"28bb3599-77cd-5a82-a950-b5bc3caf07c4", true},  // version 5
		{"1621d4d4-b67d-11e3-9670-f01faf20d111", true},  // version 1
		{"81f12913-1372-4c96-85ec-E9034ac98aba", true},  // uppercase hex, as RFC 4122 allows on input
		{"33fe3b22-0201-07cf-85d0-97c02164528d", false}, // version 0
		{"33fe3b22-0201-67cf-85d0-97c02164528d", false}, // version 6: not RFC 4122
		{"33fe3b22-0201-47cf-c5d0-97c02164528d", false}, // Microsoft variant
		{"33fe3b22-0201-47cf-75d0-97c02164528d", false}, // NCS variant
		{"00000000-0000-0000-0000-000000000000", false}, // nil UUID
		{"33fe3b2-20201-47cf-85d0-97c02164528d", false}, // misplaced hyphen
		{"33fe3b22020147cf85d097c02164528d", false},     // no hyphens
		{"33fe3b22-0201-47cf-85d0-97c02164528g", false}, // not hex
		{"{33fe3b22-0201-47cf-85d0-97c02164528d}", false},
	}
	for _, tt := range tests {
		if got := validUUID(tt.in); got != tt.ok {
			t.Errorf("validUUID(%q) = %v, want %v", tt.in, got, tt.ok)
		}
	}
}

func TestValidTypeName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in string
		ok bool
	}{
		{"indicator", true},
		{"x-mitre-tactic", true},
		{"x509-certificate", true},
		{"ab", false},
		{"abc", true},
		{"Indicator", false},
		{"x_mitre", false},
		{"x--y", false},
		{"-abc", false},
		{"1abc", false},
		{string(make([]byte, 251)), false},
	}
	for _, tt := range tests {
		if got := validTypeName(tt.in); got != tt.ok {
			t.Errorf("validTypeName(%q) = %v, want %v", tt.in, got, tt.ok)
		}
	}
}

func TestValidFormats(t *testing.T) {
	t.Parallel()
	tests := []struct {
		f  format
		in string
		ok bool
	}{
		{fmtIPv4, "198.51.100.3", true},
		{fmtIPv4, "198.51.100.0/24", true},
		{fmtIPv4, "198.51.100.03", false},
		{fmtIPv4, "198.51.100", false},
		{fmtIPv4, "::1", false},
		{fmtIPv6, "2001:0db8:85a3:0000:0000:8a2e:0370:7334", true},
		{fmtIPv6, "2001:db8::/32", true},
		{fmtIPv6, "::ffff:198.51.100.3", true},
		{fmtIPv6, "fe80::1%eth0", true},
		{fmtIPv6, "2001:db8::/129", false},
		{fmtMAC, "d2:fb:49:24:37:18", true},
		{fmtMAC, "d2-fb-49-24-37-18", false},
		{fmtMAC, "d2:fb:49:24:37:8", false},
		{fmtHex, "4d5a", true},
		{fmtHex, "4D5A", true},
		{fmtHex, "4d5", false},
		{fmtBinary, "iVBORw0KGgo=", true},
		{fmtBinary, "aGk=", true},
		{fmtBinary, "aA==", true},
		{fmtBinary, "a===", false},
		{fmtBinary, "aGk", false},
		{fmtBinary, "a=Gk", false},
		{fmtLang, "en", true},
		{fmtLang, "en-US", true},
		{fmtLang, "zh-Hant-TW", true},
		{fmtLang, "x-klingon", true},
		{fmtLang, "e", false},
		{fmtLang, "en-", false},
		{fmtLang, "english!", false},
		{fmtURL, "https://example.com/a?b=c", true},
		{fmtURL, "example.com/a", false},
		{fmtURL, "https://example.com/a b", false},
		{fmtCPE, "cpe:2.3:a:microsoft:word:2000:*:*:*:*:*:*:*", true},
		{fmtCPE, `cpe:2.3:a:acme:a\:b:1:*:*:*:*:*:*:*`, true},
		{fmtCPE, "cpe:/a:microsoft:word:2000", false},
		{fmtRegistryKey, "HKEY_LOCAL_MACHINE\\System\\Foo", true},
		{fmtRegistryKey, "hkcu\\Software", false},
		{fmtEmail, "jane.smith@example.com", true},
		{fmtEmail, "Jane Smith", false},
	}
	for _, tt := range tests {
		if got := checkFormat(tt.f, tt.in); got != tt.ok {
			t.Errorf("checkFormat(%s, %q) = %v, want %v", formatMsgs[tt.f], tt.in, got, tt.ok)
		}
	}
}

func TestValidHash(t *testing.T) {
	t.Parallel()
	tests := []struct {
		alg, value string
		ok         bool
	}{
		{"MD5", "3773a88f65a5e780c8dff9cdc3a056f3", true},
		{"MD5", "3773A88F65A5E780C8DFF9CDC3A056F3", true},
		{"MD5", "3773a88f65a5e780c8dff9cdc3a056f", false},
		{"SHA-1", "da39a3ee5e6b4b0d3255bfef95601890afd80709", true},
		{"SHA-256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85z", false},
		{"SHA3-512", "0eab42de4c3ceb9235fc91acffe746b29c29a8c366b7c60e4e67c466f36a4304c00fa9caf9d87976ba469bcbe06713b435f091ef2769fb160cdab33d3670680e", true},
		{"SSDEEP", "96:YQk7mAaTkWzvaNLDxzm6jPZiAzLkWs:YQk7mAaTkWzvaNLDxzm6jPZiAzLkWs", true},
		{"SSDEEP", "YQk7mAaTkWzv", false},
		{"TLSH", "T1D1A12345678901234567890123456789012345678901234567890123456789012345AB", true},
		{"x_foo_hash", "anything goes", true},
	}
	for _, tt := range tests {
		if _, ok := validHash(tt.alg, tt.value); ok != tt.ok {
			t.Errorf("validHash(%s, %q) = %v, want %v", tt.alg, tt.value, ok, tt.ok)
		}
	}
}

func TestParseInteger(t *testing.T) {
	t.Parallel()
	tests := []struct {
		lit            string
		n              int64
		isInt, inRange bool
	}{
		{"0", 0, true, true},
		{"-17", -17, true, true},
		{"1.0", 1, true, true},
		{"2e3", 2000, true, true},
		{"9007199254740991", 1<<53 - 1, true, true},
		{"9007199254740992", 0, true, false},
		{"-9007199254740992", 0, true, false},
		{"1.5", 0, false, false},
		{"1e400", 0, false, false},
	}
	for _, tt := range tests {
		n, isInt, inRange := parseInteger(tt.lit)
		if isInt != tt.isInt || inRange != tt.inRange || inRange && n != tt.n {
			t.Errorf("parseInteger(%s) = %d, %v, %v; want %d, %v, %v", tt.lit, n, isInt, inRange, tt.n, tt.isInt, tt.inRange)
		}
	}
}

// TestValidateSCOIdentifiers checks the deterministic id rule: a UUIDv5 SCO
// id must be the one its ID contributing properties give.
func TestValidateSCOIdentifiers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, obj string
		want      []Problem
	}{
		{"v5 matching", `{"type":"ipv4-addr","id":"ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4","value":"198.51.100.3"}`, nil},
		{"v5 matching, uppercase", `{"type":"ipv4-addr","id":"ipv4-addr--28BB3599-77CD-5A82-A950-B5BC3CAF07C4","value":"198.51.100.3"}`, nil},
		{"v4 not checked", `{"type":"ipv4-addr","id":"ipv4-addr--1e4ffad7-0b88-41d4-ba4d-77d27490b956","value":"198.51.100.3"}`, nil},
		{"v1 not checked", `{"type":"ipv4-addr","id":"ipv4-addr--1621d4d4-b67d-11e3-9670-f01faf20d111","value":"198.51.100.3"}`, nil},
		{"v5 process not checked", `{"type":"process","id":"process--28bb3599-77cd-5a82-a950-b5bc3caf07c4","pid":4}`, nil},
		{"v5 custom type not checked", `{"type":"x-acme-thing","id":"x-acme-thing--28bb3599-77cd-5a82-a950-b5bc3caf07c4"}`, nil},
		{"v5 of another value", `{"type":"ipv4-addr","id":"ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4","value":"198.51.100.2"}`,
			[]Problem{{ObjectID: "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4", Path: "/id",
				Message: "must be ipv4-addr--9cf4a8ec-7640-5f40-a006-79942896168b, the UUIDv5 of its ID contributing properties, when it is a UUIDv5"}}},
		{"v5 of the OS edition", `{"type":"ipv4-addr","id":"ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd","value":"198.51.100.3"}`,
			[]Problem{{ObjectID: "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd", Path: "/id",
				Message: "must be ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4, the UUIDv5 of its ID contributing properties, when it is a UUIDv5"}}},
		{"v5 without contributing properties", `{"type":"email-message","id":"email-message--28bb3599-77cd-5a82-a950-b5bc3caf07c4","is_multipart":false}`,
			[]Problem{{ObjectID: "email-message--28bb3599-77cd-5a82-a950-b5bc3caf07c4", Path: "/id",
				Message: "must use a UUIDv4: no ID contributing property (from_ref, subject, body) is present"}}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, Validate(mustParse(t, tt.obj))); diff != "" {
			t.Errorf("%s mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}

// TestValidateReportsEveryProblem checks the complete problem list of an
// object that breaks several rules at once.
func TestValidateReportsEveryProblem(t *testing.T) {
	t.Parallel()
	const id = "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"
	obj := mustParse(t, `{"type":"indicator","spec_version":"2.0","id":"`+id+`",
		"created":"2016-04-06T20:03:48Z","modified":"2016-04-06T20:03:48.000Z",
		"labels":[],"confidence":"high","external_references":[{"source_name":"capec","external_id":"163"}],
		"pattern_type":"stix","valid_from":"2016-01-01T00:00:00Z","valid_until":"2015-01-01T00:00:00Z",
		"kill_chain_phases":[{"kill_chain_name":"lockheed-martin-cyber-kill-chain"}],"x":1}`)
	want := []Problem{
		{ObjectID: id, Path: "/spec_version", Message: `must be "2.1"`},
		{ObjectID: id, Path: "/created", Message: "must have at least millisecond precision (YYYY-MM-DDTHH:mm:ss.sssZ)"},
		{ObjectID: id, Path: "/labels", Message: "must not be an empty list"},
		{ObjectID: id, Path: "/confidence", Message: "must be an integer"},
		{ObjectID: id, Path: "/external_references/0/external_id", Message: "must be a CAPEC id (CAPEC-[id]) when source_name is capec"},
		{ObjectID: id, Path: "/kill_chain_phases/0/phase_name", Message: "required property is missing"},
		{ObjectID: id, Path: "/x", Message: "property name must be 3 to 250 ASCII letters, digits or underscores, starting with a letter"},
		{ObjectID: id, Path: "/pattern", Message: "required property is missing"},
		{ObjectID: id, Path: "/valid_until", Message: "must be later than valid_from"},
	}
	if diff := cmp.Diff(want, Validate(obj)); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

// TestValidateDoesNotAllocate checks that a valid object is checked without
// allocating, since Validate runs on every object of large imports. SCOs
// with UUIDv5 ids are the exception: their id is recomputed.
func TestValidateDoesNotAllocate(t *testing.T) {
	var objs []*Value
	for _, o := range specObjects(t) {
		_, uuid, _ := splitID(o.GetString("id"))
		if TypeCategory(o.GetString("type")) != CategorySCO || uuidVersion(uuid) != 5 {
			objs = append(objs, o)
		}
	}
	allocs := testing.AllocsPerRun(20, func() {
		for _, o := range objs {
			Validate(o)
		}
	})
	if allocs != 0 {
		t.Errorf("Validate allocated %v times per run over %d valid objects, want 0", allocs, len(objs))
	}
}
