// Package taxii is accord's TAXII 2.1 server: discovery, one API root, its
// collections and their objects, manifests, versions and POST statuses, over
// an accord.Store (the objects) and an accord.AccessStore (who may do what,
// which versions each collection holds). Every read is filtered by the TLP
// 2.0 policy of package access; every error is a TAXII error resource.
//
// Routes (root is Config.APIRoot, "api" by default):
//
//	GET  /taxii2/                                          discovery
//	GET  /{root}/                                          API root
//	GET  /{root}/status/{id}/                              status of a POST
//	GET  /{root}/collections/                              collections
//	GET  /{root}/collections/{id}/                         one collection
//	GET  /{root}/collections/{id}/manifest/                manifest
//	GET  /{root}/collections/{id}/objects/                 objects
//	POST /{root}/collections/{id}/objects/                 add objects
//	GET  /{root}/collections/{id}/objects/{oid}/           one object
//	DELETE /{root}/collections/{id}/objects/{oid}/         remove it
//	GET  /{root}/collections/{id}/objects/{oid}/versions/  its versions
//	GET  /metrics                                          Prometheus metrics
//
// # Who an object was shared with
//
// A POST records, with each version it adds to the collection, the posting
// user and its organisation (accord.Publisher); a version the collection
// already holds keeps its first publisher. Every read path (objects, one
// object, versions, manifest, and the check before DELETE) judges a version
// against these facts (SharingOf):
//
//   - Publisher: the posting organisation. Unknown marking definitions
//     show the object to its members only.
//   - SharedWith (TLP:AMBER): the organisations granted read on the
//     collection; posting into a collection shares with its readers. An
//     object may narrow this with x_accord_shared_with; organisations it
//     names without a read grant get nothing. A user granted read alone,
//     whose organisation has no grant, is not among them.
//   - StrictOrg (TLP:AMBER+STRICT): the publisher, or the organisation
//     x_accord_strict_org names if that one is granted read.
//   - Recipients (TLP:RED): the users x_accord_recipients names (naming
//     them is the point of RED) plus the posting user. RED adds no one who
//     may not read the collection: the collection grant is checked first.
//
// x_accord_publisher is believed only for versions no publisher is
// recorded for: those an operator put with "accord collection put" without
// --org, or added before publishers were recorded; the operator is
// trusted. A referenced object the collection does not hold is judged with
// no sharing at all, so that its id is withheld under AMBER and above.
package taxii
