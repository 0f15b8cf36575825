// Package acts reads the record of attribution acts (statements, joint
// statements, indictments, sanctions, expulsions, denials) kept as STIX
// objects of accord's x-accord-attribution-act type, and computes, for an
// actor or a campaign, who attributes it to whom: where sources agree and
// where they dissent. It never merges objects: names resolve through
// aliases to clusters, and every claim keeps its author.
package acts

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/accord-cti/accord"
)

// Type is the STIX type of an attribution act, a new SDO defined by the
// extension-definition ExtensionID (schema in schema.json).
const Type = "x-accord-attribution-act"

// ExtensionID is the id of the extension-definition, in the starter pack,
// that defines Type.
const ExtensionID = "extension-definition--0dd9c932-dc1d-4e9f-abe2-e9bb51c8e90c"

// ActTypes are the values act_type takes.
var ActTypes = []string{
	"vendor-attribution", "government-statement", "joint-statement", "advisory",
	"indictment", "sanction", "expulsion", "denial",
}

// Act is one attribution act as it is stored.
type Act struct {
	ID           string `json:"id"`
	Created      string `json:"created"`
	Modified     string `json:"modified"`
	CreatedByRef string `json:"created_by_ref"`
	Name         string `json:"name"`
	Description  string `json:"description,omitempty"`

	ActType      string   `json:"act_type"`
	IssuerRef    string   `json:"issuer_ref"`
	CoSignerRefs []string `json:"co_signer_refs,omitempty"`
	ActDate      string   `json:"act_date"`
	// AccusedRefs are the intrusion sets, threat actors, state organs and
	// named persons the act holds responsible; for a denial, those it says
	// are not.
	AccusedRefs []string `json:"accused_refs,omitempty"`
	// ActivityRefs are what was done: campaigns, incidents, or intrusion
	// sets whose activity the act attributes.
	ActivityRefs []string `json:"activity_refs,omitempty"`
	// OriginRefs are locations from whose territory the act says the
	// activity was conducted, when it names no one.
	OriginRefs []string `json:"origin_refs,omitempty"`
	// DisputedActRefs are the acts a denial rejects.
	DisputedActRefs  []string         `json:"disputed_act_refs,omitempty"`
	LegalInstrument  *LegalInstrument `json:"legal_instrument,omitempty"`
	ConfidencePhrase string           `json:"confidence_phrase,omitempty"`
	Confidence       *int             `json:"confidence,omitempty"`
	SourceRefs       []string         `json:"source_refs,omitempty"`
	ExternalRefs     []ExternalRef    `json:"external_references,omitempty"`
}

// LegalInstrument is the legal form of an act: the court and case of an
// indictment, the executive order of sanctions.
type LegalInstrument struct {
	Kind       string `json:"instrument_type"` // indictment, executive-order, designation, …
	Title      string `json:"title,omitempty"`
	Court      string `json:"court,omitempty"`
	CaseNumber string `json:"case_number,omitempty"`
}

// ExternalRef is a STIX external reference.
type ExternalRef struct {
	SourceName  string `json:"source_name"`
	Description string `json:"description,omitempty"`
	URL         string `json:"url,omitempty"`
	ExternalID  string `json:"external_id,omitempty"`
}

// Parse decodes a stored act. It checks what the consensus relies on: the
// type, an issuer, a known act_type and a date; an error says which
// property is wrong (code EINVALID).
func Parse(raw []byte) (*Act, error) {
	var a struct {
		Type string `json:"type"`
		Act
	}
	if err := json.Unmarshal(raw, &a); err != nil {
		return nil, accord.Errorf(accord.EINVALID, "attribution act: %v", err)
	}
	bad := func(path, msg string) error {
		return accord.Errorf(accord.EINVALID, "%s: %s: %s", a.ID, path, msg)
	}
	switch {
	case a.Type != Type:
		return nil, bad("/type", fmt.Sprintf("is %q, want %s", a.Type, Type))
	case !slices.Contains(ActTypes, a.ActType):
		return nil, bad("/act_type", fmt.Sprintf("%q is not one of %v", a.ActType, ActTypes))
	case a.IssuerRef == "":
		return nil, bad("/issuer_ref", "required property is missing")
	case len(a.ActDate) < 10:
		return nil, bad("/act_date", "required timestamp is missing")
	}
	return &a.Act, nil
}

// Parties returns every object the act refers to as issuer, co-signer,
// accused, activity or origin.
func (a *Act) Parties() []string {
	out := append([]string{a.IssuerRef}, a.CoSignerRefs...)
	out = append(out, a.AccusedRefs...)
	out = append(out, a.ActivityRefs...)
	return append(out, a.OriginRefs...)
}

// Date is the act's date, YYYY-MM-DD.
func (a *Act) Date() string { return a.ActDate[:10] }
