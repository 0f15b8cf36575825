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
package taxii
