// Package access decides what a reader may see of a STIX object: the TLP 2.0
// visibility policy of issue 7, applied by every read path (TAXII, exports
// for an organisation, later the UI) to every object it returns.
//
// The rules, from FIRST's TLP 2.0 definitions:
//
//   - TLP:CLEAR is visible to anyone the collection allows (the caller has
//     already checked the collection grant).
//   - TLP:GREEN is visible to authenticated members of the community.
//   - TLP:AMBER is visible to authenticated members of the organisations the
//     object was shared with, and of the organisation that published it.
//   - TLP:AMBER+STRICT is visible to authenticated members of the named
//     organisation only (the publishing organisation when none is named).
//   - TLP:RED is visible to the named recipients only: user ids. The
//     publisher is not implied; the caller names it among the recipients.
//   - TLP 1.0 markings map to 2.0: WHITE to CLEAR, GREEN, AMBER and RED to
//     themselves.
//   - An object with several markings is visible only if every one allows it,
//     so adding a marking never makes an object more visible; an object with
//     no marking is visible as CLEAR.
//   - A marking definition that is neither TLP nor a statement the Policy was
//     told about (unknown, or a restrictive scheme accord does not implement)
//     hides the object from everyone but authenticated members of the
//     publishing organisation: accord cannot enforce what it does not
//     understand, and the publisher already has the object.
//   - Empty ids never match: an anonymous reader with no organisation is not
//     "in" an organisation recorded as "".
//
// Redact returns what a reader may see of an object it may see: properties
// selected by granular markings the reader may not see are removed; ids of
// objects the reader may not see are removed from *_ref and *_refs
// properties at any depth (an id alone tells that the hidden object exists),
// and a list left empty is removed. object_marking_refs and the marking_ref
// of granular markings are never removed: they carry the restriction on.
// When a removal would make the object invalid STIX (a relationship whose
// source or target is hidden, a report whose object_refs are all hidden, a
// property the type requires), the whole object is withheld instead: a
// client receives complete, valid objects or nothing.
package access
