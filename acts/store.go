package acts

import (
	"context"
	"slices"

	"github.com/accord-cti/accord"
)

// Load returns the latest version of every attribution act in the store
// that is not revoked. An act that cannot be read is an error naming it.
func Load(ctx context.Context, store accord.Store) ([]*Act, error) {
	var out []*Act
	err := store.Find(ctx, accord.Filter{Types: []string{Type}, ExcludeRevoked: true}, func(o *accord.Object) error {
		a, err := Parse(o.Raw)
		if err != nil {
			return err
		}
		out = append(out, a)
		return nil
	})
	return out, err
}

// List returns the acts about ref, or every act when ref is "", as claims,
// newest first. An act is about ref when it names, as issuer, co-signer,
// accused, activity or origin, an object of ref's cluster, or a campaign
// that a relationship attributes to one. Codes: ENOTFOUND for a ref that
// names nothing.
func List(ctx context.Context, store accord.Store, ref string) ([]Claim, error) {
	all, err := Load(ctx, store)
	if err != nil {
		return nil, err
	}
	var subjects map[string]bool
	if ref != "" {
		cl, err := Resolve(ctx, store, ref)
		if err != nil {
			return nil, err
		}
		subjects = cl.subjects()
	}
	n := newNames(ctx, store)
	var out []Claim
	for _, a := range all {
		if subjects != nil && !slices.ContainsFunc(a.Parties(), func(id string) bool { return subjects[id] }) {
			continue
		}
		c, err := n.actClaim(a)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	sortClaims(out)
	return out, nil
}
