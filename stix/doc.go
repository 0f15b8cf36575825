// Package stix is accord's STIX 2.1 model: a JSON parser that keeps objects
// as written, the catalogue of object types and their properties, the
// validator for the specification's MUST rules, deterministic SCO ids, the
// TLP 2.0 marking definitions, and the STIX 2.0 to 2.1 upgrade.
package stix
