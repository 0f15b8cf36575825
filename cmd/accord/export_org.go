package main

import (
	"context"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/access"
	"github.com/accord-cti/accord/stix"
)

// exportFor returns the filter of `accord export --org ORG`: what TLP 2.0
// lets go to that organisation when nothing says the objects were shared
// with it. An export is not a collection: no grant says with whom an object
// was shared, so AMBER, AMBER+STRICT and RED objects stay home (partners
// get those through collections, where the server records who shared
// what), CLEAR and GREEN objects go, and references to what stays home are
// removed from what goes (access.Redact).
func exportFor(ctx context.Context, db accord.Store, org *accord.Org) (func(*accord.Object) ([]byte, bool, error), error) {
	policy, err := tlpPolicy(ctx, db)
	if err != nil {
		return nil, err
	}
	reader := access.Reader{OrgID: org.ID, Authenticated: true, Community: true}
	seen := map[string]bool{}
	visible := func(id string) bool {
		if v, ok := seen[id]; ok {
			return v
		}
		v := false
		if o, err := db.Get(ctx, id); err == nil {
			if val, err := stix.Parse(o.Raw); err == nil {
				v = policy.Visible(reader, access.ObjectMarkingRefs(val), access.Sharing{})
			}
		} else if accord.ErrorCode(err) == accord.ENOTFOUND {
			v = true // not in the store: the reference hides nothing of ours
		}
		seen[id] = v
		return v
	}
	return func(o *accord.Object) ([]byte, bool, error) {
		return policy.RedactJSON(reader, o.Raw, access.Sharing{}, visible)
	}, nil
}
