package acts

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"

	"github.com/accord-cti/accord"
)

// Party is an object a claim names, with its type and name for display.
type Party struct {
	ID   string `json:"id"`
	Type string `json:"type"`
	Name string `json:"name"`
}

// Claim is one attribution as its author made it: an act, or a recorded
// attributed-to relationship that no act of the same author stands for.
type Claim struct {
	Kind       string           `json:"kind"` // the act_type, or "relationship"
	ID         string           `json:"id"`
	Date       string           `json:"date"` // YYYY-MM-DD, "" when the relationship gives none
	Author     Party            `json:"author"`
	CoSigners  []Party          `json:"co_signers,omitempty"`
	Activity   []Party          `json:"activity,omitempty"`
	Accused    []Party          `json:"accused,omitempty"`
	Origin     []Party          `json:"origin,omitempty"`
	Disputes   []string         `json:"disputes,omitempty"` // ids of the acts a denial rejects
	Phrase     string           `json:"confidence_phrase,omitempty"`
	Confidence *int             `json:"confidence,omitempty"`
	Legal      *LegalInstrument `json:"legal_instrument,omitempty"`
	Sources    []Party          `json:"sources,omitempty"` // reports, and external references as Type "url"
}

// Denial reports whether the claim rejects an attribution.
func (c *Claim) Denial() bool { return c.Kind == "denial" }

// names looks objects up once each, for display.
type names struct {
	ctx   context.Context
	store accord.Store
	seen  map[string]Party
}

func newNames(ctx context.Context, store accord.Store) *names {
	return &names{ctx: ctx, store: store, seen: map[string]Party{}}
}

// party returns the object id as a Party; an object the store lacks keeps
// its id as its name, so that a dangling reference still shows.
func (n *names) party(id string) (Party, error) {
	if p, ok := n.seen[id]; ok {
		return p, nil
	}
	p := Party{ID: id, Type: typeOf(id), Name: id}
	o, err := n.store.Get(n.ctx, id)
	switch {
	case err == nil:
		p.Name = cmp.Or(o.Name, id)
	case accord.ErrorCode(err) != accord.ENOTFOUND:
		return p, err
	}
	n.seen[id] = p
	return p, nil
}

func (n *names) parties(ids []string) ([]Party, error) {
	var out []Party
	for _, id := range ids {
		p, err := n.party(id)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

func typeOf(id string) string {
	for i := 0; i+1 < len(id); i++ {
		if id[i] == '-' && id[i+1] == '-' {
			return id[:i]
		}
	}
	return ""
}

// actClaim turns an act into a claim with the names of what it refers to.
func (n *names) actClaim(a *Act) (Claim, error) {
	c := Claim{Kind: a.ActType, ID: a.ID, Date: a.Date(), Disputes: a.DisputedActRefs,
		Phrase: a.ConfidencePhrase, Confidence: a.Confidence, Legal: a.LegalInstrument}
	var err error
	if c.Author, err = n.party(a.IssuerRef); err != nil {
		return c, err
	}
	for _, f := range []struct {
		dst *[]Party
		ids []string
	}{{&c.CoSigners, a.CoSignerRefs}, {&c.Activity, a.ActivityRefs}, {&c.Accused, a.AccusedRefs}, {&c.Origin, a.OriginRefs}, {&c.Sources, a.SourceRefs}} {
		if *f.dst, err = n.parties(f.ids); err != nil {
			return c, err
		}
	}
	for _, r := range a.ExternalRefs {
		if r.URL != "" {
			c.Sources = append(c.Sources, Party{Type: "url", Name: r.URL})
		}
	}
	return c, nil
}

// relationship is what a claim needs of an attributed-to relationship.
type relationship struct {
	ID           string        `json:"id"`
	CreatedByRef string        `json:"created_by_ref"`
	Created      string        `json:"created"`
	StartTime    string        `json:"start_time"`
	Confidence   *int          `json:"confidence"`
	ExternalRefs []ExternalRef `json:"external_references"`
}

// relClaim turns an attributed-to relationship into a claim.
func (n *names) relClaim(o *accord.Object) (Claim, error) {
	var r relationship
	if err := json.Unmarshal(o.Raw, &r); err != nil {
		return Claim{}, accord.Errorf(accord.EINVALID, "stored relationship %s: %v", o.ID, err)
	}
	c := Claim{Kind: "relationship", ID: o.ID, Confidence: r.Confidence}
	// A relationship is dated by when the activity started, else by when
	// its author recorded the claim.
	if d := cmp.Or(r.StartTime, r.Created); len(d) >= 10 {
		c.Date = d[:10]
	}
	var err error
	if c.Author, err = n.party(cmp.Or(r.CreatedByRef, "unknown")); err != nil {
		return c, err
	}
	if c.Activity, err = n.parties([]string{o.SourceRef}); err != nil {
		return c, err
	}
	if c.Accused, err = n.parties([]string{o.TargetRef}); err != nil {
		return c, err
	}
	for _, x := range r.ExternalRefs {
		if x.URL != "" {
			c.Sources = append(c.Sources, Party{Type: "url", Name: x.URL})
		}
	}
	return c, nil
}

// sortClaims orders claims newest first, then by author and id.
func sortClaims(cs []Claim) {
	slices.SortStableFunc(cs, func(a, b Claim) int {
		return cmp.Or(cmp.Compare(b.Date, a.Date), cmp.Compare(a.Author.Name, b.Author.Name), cmp.Compare(a.ID, b.ID))
	})
}
