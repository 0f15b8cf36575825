package acts

import (
	"context"
	"encoding/json"

	"github.com/accord-cti/accord"
)

// Cluster is what a name stands for across sources, without merging
// anything: the objects the ref names, the actors that share a name or
// alias with one of them (ATT&CK's aliases, MISP galaxy synonyms), each with
// its author, and the campaigns attributed to any of them.
type Cluster struct {
	Ref      string   `json:"ref"`
	Members  []Member `json:"members"`
	Activity []Party  `json:"activity,omitempty"`
}

// Member is one object of a cluster.
type Member struct {
	Party
	Author string `json:"author,omitempty"` // name of the identity that created it
	Via    string `json:"via,omitempty"`    // the shared name or alias; "" for what ref names itself
}

// actorTypes are the types whose names and aliases link a cluster.
var actorTypes = map[string]bool{"intrusion-set": true, "threat-actor": true}

// Resolve builds the cluster of ref. Aliases are followed one step only:
// a chain of loosely shared aliases would otherwise join unrelated groups.
// Codes: ENOTFOUND when ref names nothing.
func Resolve(ctx context.Context, store accord.Store, ref string) (*Cluster, error) {
	objs, err := store.Resolve(ctx, ref)
	if err != nil {
		return nil, err
	}
	b := &clusterBuilder{ctx: ctx, store: store, names: newNames(ctx, store), seen: map[string]bool{}}
	b.c.Ref = ref
	for _, o := range objs {
		if err := b.add(o, ""); err != nil {
			return nil, err
		}
	}
	for _, o := range objs {
		if err := b.expand(o); err != nil {
			return nil, err
		}
	}
	if err := b.activity(); err != nil {
		return nil, err
	}
	return &b.c, nil
}

type clusterBuilder struct {
	ctx   context.Context
	store accord.Store
	names *names
	seen  map[string]bool
	c     Cluster
}

func (b *clusterBuilder) add(o *accord.Object, via string) error {
	if b.seen[o.ID] || o.Revoked {
		return nil
	}
	b.seen[o.ID] = true
	m := Member{Party: Party{ID: o.ID, Type: o.Type, Name: o.Name}, Via: via}
	var raw struct {
		CreatedByRef string `json:"created_by_ref"`
	}
	if json.Unmarshal(o.Raw, &raw) == nil && raw.CreatedByRef != "" {
		author, err := b.names.party(raw.CreatedByRef)
		if err != nil {
			return err
		}
		m.Author = author.Name
	}
	b.c.Members = append(b.c.Members, m)
	return nil
}

// expand adds the actors that carry one of an actor's names or aliases.
func (b *clusterBuilder) expand(o *accord.Object) error {
	if !actorTypes[o.Type] {
		return nil
	}
	for _, name := range append([]string{o.Name}, o.Aliases...) {
		found, err := b.store.Resolve(b.ctx, name)
		if accord.ErrorCode(err) == accord.ENOTFOUND {
			continue
		} else if err != nil {
			return err
		}
		for _, f := range found {
			if actorTypes[f.Type] {
				if err := b.add(f, name); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// activity adds the campaigns and incidents attributed to a member.
func (b *clusterBuilder) activity() error {
	for _, m := range b.c.Members {
		rels, err := b.store.Relationships(b.ctx, m.ID, accord.Incoming)
		if err != nil {
			return err
		}
		for _, r := range rels {
			t := typeOf(r.SourceRef)
			if r.RelationshipType != "attributed-to" || r.Revoked || b.seen[r.SourceRef] || (t != "campaign" && t != "incident") {
				continue
			}
			b.seen[r.SourceRef] = true
			p, err := b.names.party(r.SourceRef)
			if err != nil {
				return err
			}
			b.c.Activity = append(b.c.Activity, p)
		}
	}
	return nil
}

// subjects are the ids of the members and their activity.
func (c *Cluster) subjects() map[string]bool {
	s := make(map[string]bool, len(c.Members)+len(c.Activity))
	for _, m := range c.Members {
		s[m.ID] = true
	}
	for _, a := range c.Activity {
		s[a.ID] = true
	}
	return s
}
