package taxii

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/accord-cti/accord"
)

// filterParams are the query parameters each endpoint accepts (TAXII 2.1
// sections 5.3 to 5.8); any other is a 400, so that a typo does not
// silently select everything.
var (
	paramsObjects  = []string{"added_after", "limit", "next", "match[id]", "match[type]", "match[version]", "match[spec_version]"}
	paramsObject   = []string{"added_after", "limit", "next", "match[version]", "match[spec_version]"}
	paramsVersions = []string{"added_after", "limit", "next", "match[spec_version]"}
	paramsDelete   = []string{"match[version]", "match[spec_version]"}
)

// parseFilter reads the query parameters allowed into a filter.
// The page size is at most pageSize, which is also the default.
func parseFilter(q url.Values, allowed []string, pageSize int) (accord.CollectionFilter, error) {
	var f accord.CollectionFilter
	for k := range q {
		if !contains(allowed, k) {
			return f, accord.Errorf(accord.EINVALID, "query parameter %q is not supported here", k)
		}
	}
	if v := q.Get("added_after"); v != "" {
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return f, accord.Errorf(accord.EINVALID, "added_after %q is not an RFC 3339 timestamp", v)
		}
		f.AddedAfter = t
	}
	f.Limit = pageSize
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return f, accord.Errorf(accord.EINVALID, "limit %q is not a positive integer", v)
		}
		f.Limit = min(n, pageSize)
	}
	f.Next = q.Get("next")
	f.IDs = list(q, "match[id]")
	f.Types = list(q, "match[type]")
	f.Versions = list(q, "match[version]")
	f.SpecVersions = list(q, "match[spec_version]")
	return f, checkVersions(f.Versions)
}

// list returns the comma-separated values of every occurrence of key.
func list(q url.Values, key string) []string {
	var out []string
	for _, v := range q[key] {
		for part := range strings.SplitSeq(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

// checkVersions rejects a match[version] value that is neither a keyword
// nor a timestamp.
func checkVersions(vs []string) error {
	for _, v := range vs {
		switch v {
		case accord.VersionFirst, accord.VersionLast, accord.VersionAll:
			continue
		}
		if _, err := time.Parse(time.RFC3339Nano, v); err != nil {
			return accord.Errorf(accord.EINVALID, "match[version] %q: want first, last, all or an RFC 3339 timestamp", v)
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// checkParams is parseFilter for an endpoint that reads no filter, only
// match[version] and match[spec_version] (DELETE).
func checkParams(r *http.Request, allowed []string) (accord.CollectionFilter, error) {
	return parseFilter(r.URL.Query(), allowed, 1)
}
