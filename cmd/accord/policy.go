package main

import (
	"context"
	"strings"

	"github.com/accord-cti/accord"
	"github.com/accord-cti/accord/access"
	"github.com/accord-cti/accord/stix"
)

// tlpPolicy returns the visibility policy of the knowledge base: the TLP
// rules, plus every marking definition of definition_type "statement" it
// holds (MITRE's copyright on ATT&CK, terms of use), which restrict
// nobody. Without them every ATT&CK object, marked with MITRE's
// statement, would be an object of an unknown marking, and hidden.
func tlpPolicy(ctx context.Context, db accord.Store) (*access.Policy, error) {
	var ids []string
	keys := []string{"definition_type"}
	v := make([]string, 1)
	err := db.Find(ctx, accord.Filter{Types: []string{"marking-definition"}, RawOnly: true}, func(o *accord.Object) error {
		if err := stix.TopStrings(o.Raw, keys, v); err != nil {
			return err
		}
		if v[0] == "statement" {
			ids = append(ids, strings.Clone(o.ID))
		}
		return nil
	})
	return access.NewPolicy(ids...), err
}
