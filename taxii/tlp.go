package taxii

import (
	"bytes"
	"context"
	"slices"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/access"
	"github.com/accord-cti/accord/stix"
)

// The custom properties SharingOf reads: the sharing a publisher asks for,
// which STIX itself does not carry. They can only narrow what the server
// knows (see SharingOf), never widen it.
const (
	PropPublisher  = "x_accord_publisher"   // organisation id of the publisher; read only when the store records none
	PropSharedWith = "x_accord_shared_with" // organisation ids to share with (AMBER), among those that may read the collection
	PropStrictOrg  = "x_accord_strict_org"  // the organisation of AMBER+STRICT, instead of the publisher's
	PropRecipients = "x_accord_recipients"  // user ids of the named recipients (RED), besides the publishing user
)

// Known is what the server knows of one version in a collection, against
// which the claims of its custom properties are judged.
type Known struct {
	// Member is false when the collection does not hold the version (an
	// object another one references): nothing is known of its sharing.
	Member bool
	// Publisher is who added the version, as the store recorded it; zero
	// when the operator added it from the command line naming no org.
	Publisher accord.Publisher
	// ReadOrgs are the organisations granted read on the collection; the
	// server reads them (once a request) only for versions marked above
	// TLP:GREEN or with granular markings, and passes nil for the others.
	ReadOrgs []string
}

// SharingOf returns the sharing facts of a version for the TLP policy:
//
//   - Publisher is the recorded publishing organisation. Only when none is
//     recorded (the operator's own data) is PropPublisher believed.
//   - SharedWith is the organisations granted read on the collection, or,
//     when the object names PropSharedWith, those of them it names: a
//     publisher may narrow AMBER, but naming an organisation without a read
//     grant gives it nothing.
//   - StrictOrg is PropStrictOrg when it names the publisher or an
//     organisation granted read; else "" (the publisher, for the policy).
//   - Recipients is the users PropRecipients names plus the publishing user.
//
// A version the collection does not hold (!k.Member) gets no sharing at
// all, which hides it under AMBER and above: it fails closed.
func SharingOf(obj *stix.Value, k Known) access.Sharing {
	if !k.Member {
		return access.Sharing{}
	}
	pub := k.Publisher
	if pub == (accord.Publisher{}) {
		pub.OrgID = obj.GetString(PropPublisher)
	}
	s := access.Sharing{Publisher: pub.OrgID, SharedWith: k.ReadOrgs}
	if obj.Has(PropSharedWith) {
		s.SharedWith = nil
		for _, org := range obj.Get(PropSharedWith).Strings() {
			if slices.Contains(k.ReadOrgs, org) {
				s.SharedWith = append(s.SharedWith, org)
			}
		}
	}
	if strict := obj.GetString(PropStrictOrg); strict != "" && (strict == pub.OrgID || slices.Contains(k.ReadOrgs, strict)) {
		s.StrictOrg = strict
	}
	s.Recipients = obj.Get(PropRecipients).Strings()
	if pub.UserID != "" {
		s.Recipients = append(s.Recipients, pub.UserID)
	}
	return s
}

// readerOf is the TLP reader of an authenticated principal: every user of
// the server is a member of its sharing community.
func readerOf(p accord.Principal) access.Reader {
	auth := p.UserID != ""
	return access.Reader{UserID: p.UserID, OrgID: p.OrgID, Authenticated: auth, Community: auth}
}

// viewer applies the TLP policy for one request's reader to the versions
// of one collection, remembering which referenced objects the reader may
// see.
type viewer struct {
	s        *Server
	ctx      context.Context
	collID   string
	reader   access.Reader
	readOrgs []string // nil until needed
	seen     map[string]bool

	principal accord.Principal
	grants    []accord.Grant // the collection's, nil until needed
	cap       string         // the reader's maximum marking (readCap), once capRead
	capRead   bool
	// grantsFailed is set when reading the grants failed.
	grantsFailed bool
}

func (s *Server) viewer(ctx context.Context, collectionID string) *viewer {
	p := principal(ctx)
	return &viewer{s: s, ctx: ctx, collID: collectionID, reader: readerOf(p), seen: map[string]bool{}, principal: p}
}

// view returns the JSON of what the reader may see of a version of the
// collection, and false when it may see none of it. A plain version (no
// marking, no reference) is returned as stored, unparsed.
func (v *viewer) view(m accord.Member) ([]byte, bool) {
	if plain(m.Object.Raw) {
		return m.Object.Raw, true
	}
	return v.viewParsed(m)
}

// viewParsed is view for any version: it parses it and applies the policy.
func (v *viewer) viewParsed(m accord.Member) ([]byte, bool) {
	obj, err := stix.ParseShared(m.Object.Raw) // Raw is this version's own copy, never changed
	if err != nil {
		return nil, false // the store holds only valid objects; fail closed
	}
	if !v.underCap(obj) {
		return nil, false
	}
	out, ok := v.s.cfg.Policy.Redact(v.reader, obj, v.sharing(obj, true, m.Publisher), v.visible)
	switch {
	case !ok:
		return nil, false
	case out == obj:
		return m.Object.Raw, true
	}
	return out.AppendJSON(nil), true
}

// sharing returns the sharing facts of obj, reading the collection's
// grants once per request, and only for a version that needs them.
func (v *viewer) sharing(obj *stix.Value, member bool, pub accord.Publisher) access.Sharing {
	k := Known{Member: member, Publisher: pub}
	if member && needsSharing(obj) {
		k.ReadOrgs = v.orgs()
	}
	return v.s.cfg.Sharing(obj, k)
}

// needsSharing reports whether obj has a marking that is not TLP:CLEAR or
// GREEN, which alone need no sharing facts.
func needsSharing(obj *stix.Value) bool {
	for _, ref := range access.ObjectMarkingRefs(obj) {
		if l := access.MarkingLevel(ref); l != access.LevelClear && l != access.LevelGreen {
			return true
		}
	}
	return obj.Has("granular_markings")
}

// orgs returns the organisations granted read on the collection; on a
// store error none, which fails closed.
func (v *viewer) orgs() []string {
	if v.readOrgs != nil {
		return v.readOrgs
	}
	v.readOrgs = []string{}
	for _, g := range v.grantList() {
		if g.OrgID != "" && g.Read {
			v.readOrgs = append(v.readOrgs, g.OrgID)
		}
	}
	return v.readOrgs
}

// grantList returns the grants on the collection, read once per request;
// on a store error none, and grantsFailed is set (underCap then hides
// every version it is asked about: it fails closed).
func (v *viewer) grantList() []accord.Grant {
	if v.grants != nil {
		return v.grants
	}
	v.grants = []accord.Grant{}
	grants, err := v.s.cfg.Access.Grants(v.ctx, v.collID)
	if err != nil {
		v.s.log.Error("reading grants for TLP", "collection", v.collID, "err", err)
		v.grantsFailed = true
		return v.grants
	}
	v.grants = grants
	return v.grants
}

// visible reports whether the reader may see the latest version of the
// object with the given id, as a version of this collection if it holds
// it. An id the store does not hold hides nothing; a store error hides
// the reference.
func (v *viewer) visible(id string) bool {
	if ok, done := v.seen[id]; done {
		return ok
	}
	o, err := v.s.cfg.Store.Get(v.ctx, id)
	ok := accord.ErrorCode(err) == accord.ENOTFOUND || err == nil && v.allowed(o)
	v.seen[id] = ok
	return ok
}

// allowed reports whether the reader may see a stored object at all, as
// its markings say, without redacting it.
func (v *viewer) allowed(o *accord.Object) bool {
	obj, err := stix.ParseShared(o.Raw) // o is this call's own, never changed
	if err != nil || !v.underCap(obj) {
		return false
	}
	var pub accord.Publisher
	member := false
	if needsSharing(obj) { // CLEAR and GREEN need no query
		pub, err = v.s.cfg.Access.Publisher(v.ctx, v.collID, o.ID, o.Modified)
		if err != nil && accord.ErrorCode(err) != accord.ENOTFOUND {
			return false
		}
		member = err == nil
	}
	return v.s.cfg.Policy.Visible(v.reader, access.ObjectMarkingRefs(obj), v.sharing(obj, member, pub))
}

// plain reports whether the stored JSON of a version, raw, can hold no
// marking and no reference: it contains neither "_ref" (which every
// *_ref and *_refs key, object_marking_refs among them, contains) nor
// "granular_markings", nor a \u escape, through which a key could spell
// either without their bytes. Such an object is TLP:CLEAR with nothing to
// redact: Policy.Redact returns it unchanged to any reader, so view need
// not parse it. A false answer only means that view must look. raw is a
// stored object, so valid JSON; the store holds no other.
func plain(raw []byte) bool {
	return !bytes.Contains(raw, []byte("_ref")) &&
		!bytes.Contains(raw, []byte("granular_markings")) &&
		!bytes.Contains(raw, []byte(`\u`))
}
