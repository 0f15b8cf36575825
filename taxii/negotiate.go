package taxii

import (
	"mime"
	"net/http"
	"strings"
)

// isTAXII reports whether a media type (with parameters) is TAXII 2.1:
// application/taxii+json with version 2.1 or no version.
func isTAXII(value string) bool {
	mt, params, err := mime.ParseMediaType(strings.TrimSpace(value))
	if err != nil || mt != "application/taxii+json" {
		return false
	}
	v, ok := params["version"]
	return !ok || v == "2.1"
}

// acceptsTAXII reports whether the request's Accept header lists TAXII 2.1.
func acceptsTAXII(r *http.Request) bool {
	for _, h := range r.Header.Values("Accept") {
		for part := range strings.SplitSeq(h, ",") {
			if isTAXII(part) {
				return true
			}
		}
	}
	return false
}

// negotiate checks the Accept header of every request and the Content-Type
// of those with a body: 406 and 415, as TAXII 2.1 section 1.6.8 says.
func negotiate(r *http.Request) error {
	if !acceptsTAXII(r) {
		return statusError(http.StatusNotAcceptable, "the Accept header must include "+MediaType)
	}
	if r.Method == http.MethodPost && !isTAXII(r.Header.Get("Content-Type")) {
		return statusError(http.StatusUnsupportedMediaType, "the Content-Type must be "+MediaType)
	}
	return nil
}
