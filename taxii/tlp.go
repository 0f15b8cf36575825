package taxii

import (
	"context"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/access"
	"github.com/accord-cti/accord/stix"
)

// The custom properties SharingOf reads: the sharing facts TLP:AMBER,
// AMBER+STRICT and RED need, which STIX itself does not carry.
const (
	PropPublisher  = "x_accord_publisher"   // organisation id that published the object
	PropSharedWith = "x_accord_shared_with" // organisation ids it was shared with (AMBER)
	PropStrictOrg  = "x_accord_strict_org"  // the organisation of AMBER+STRICT
	PropRecipients = "x_accord_recipients"  // user ids of the named recipients (RED)
)

// SharingOf returns the sharing facts an object states in accord's custom
// properties (PropPublisher and the others); an object without them is
// visible under AMBER and above to nobody, which fails closed.
func SharingOf(obj *stix.Value) access.Sharing {
	return access.Sharing{
		Publisher:  obj.GetString(PropPublisher),
		SharedWith: obj.Get(PropSharedWith).Strings(),
		StrictOrg:  obj.GetString(PropStrictOrg),
		Recipients: obj.Get(PropRecipients).Strings(),
	}
}

// readerOf is the TLP reader of an authenticated principal: every user of
// the server is a member of its sharing community.
func readerOf(p accord.Principal) access.Reader {
	auth := p.UserID != ""
	return access.Reader{UserID: p.UserID, OrgID: p.OrgID, Authenticated: auth, Community: auth}
}

// viewer applies the TLP policy for one request's reader, remembering
// which referenced objects the reader may see.
type viewer struct {
	s      *Server
	ctx    context.Context
	reader access.Reader
	seen   map[string]bool
}

func (s *Server) viewer(ctx context.Context) *viewer {
	return &viewer{s: s, ctx: ctx, reader: readerOf(principal(ctx)), seen: map[string]bool{}}
}

// view returns the JSON of what the reader may see of a stored object, and
// false when it may see none of it.
func (v *viewer) view(o *accord.Object) ([]byte, bool) {
	obj, err := stix.Parse(o.Raw)
	if err != nil {
		return nil, false // the store holds only valid objects; fail closed
	}
	out, ok := v.s.cfg.Policy.Redact(v.reader, obj, v.s.cfg.Sharing(obj), v.visible)
	switch {
	case !ok:
		return nil, false
	case out == obj:
		return o.Raw, true
	}
	return out.AppendJSON(nil), true
}

// allowed reports whether the reader may see an object at all, as its
// markings say, without redacting it.
func (v *viewer) allowed(o *accord.Object) bool {
	obj, err := stix.Parse(o.Raw)
	if err != nil {
		return false
	}
	return v.s.cfg.Policy.Visible(v.reader, access.ObjectMarkingRefs(obj), v.s.cfg.Sharing(obj))
}

// visible reports whether the reader may see the latest version of the
// object with the given id. An id the store does not hold hides nothing;
// a store error hides the reference.
func (v *viewer) visible(id string) bool {
	if ok, done := v.seen[id]; done {
		return ok
	}
	o, err := v.s.cfg.Store.Get(v.ctx, id)
	ok := accord.ErrorCode(err) == accord.ENOTFOUND || err == nil && v.allowed(o)
	v.seen[id] = ok
	return ok
}
