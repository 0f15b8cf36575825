// Package starter holds accord's starter intelligence pack: a STIX 2.1 bundle,
// written from public sources, that records the 2021 Microsoft Exchange
// exploitation, the SolarWinds compromise and the APT40 indictment, with the
// actors, state organs, malware, vulnerabilities and indicators they name and
// the attribution acts themselves (statements, indictment, sanctions, denial).
// Every new accord database is loaded with it.
//
// pack.json is edited by hand. Each claim is created_by_ref the identity that
// made it public, so that accord keeps who said what; objects that are only
// accord's compilation are created by accord's own identity. Object ids were
// generated once and must never be regenerated: databases and partners refer
// to them. A change to an object bumps its modified timestamp.
package starter

import (
	"bytes"
	_ "embed"
)

//go:embed pack.json
var pack []byte

// Bundle returns the starter pack, a STIX 2.1 bundle. Each call returns a
// fresh copy, so a caller cannot change the embedded pack.
func Bundle() []byte { return bytes.Clone(pack) }
