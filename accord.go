// Package accord is the domain of the accord threat-intelligence system: the
// STIX objects it keeps, the Store that keeps them, and the error codes every
// layer shares. It imports only the standard library; adapters (sqlite/,
// later postgres/ and taxii/) and engines (stix/, ingest/, later pattern/,
// hunt/, attrib/) depend on it, never the other way round.
package accord
