package acts

import (
	"cmp"
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/accord-cti/accord"
)

// Consensus is who attributes a cluster's activity to whom. Claims that
// accuse the same objects form a position (agreement); denials, and
// positions that accuse different objects, are the dissent. Links are the
// recorded attributed-to relationships between the accused of different
// positions (HAFNIUM's campaign to the MSS and APT40 to the MSS are
// compatible claims, not rival ones, when a source ties them), each with
// its author.
type Consensus struct {
	Cluster   *Cluster   `json:"cluster"`
	Positions []Position `json:"positions"`
	Denials   []Claim    `json:"denials"`
	Links     []Claim    `json:"links"`
}

// Position is the claims that accuse the same objects (or, naming no one,
// the same territory), newest first, and the authors who hold it.
type Position struct {
	Accused []Party  `json:"accused"`
	Origin  []Party  `json:"origin,omitempty"`
	Holders []string `json:"holders"` // authors and co-signers, in order of first claim
	Claims  []Claim  `json:"claims"`
}

// Compute returns the consensus on ref, an actor or a campaign, from the
// acts and attributed-to relationships of store. Codes: ENOTFOUND.
func Compute(ctx context.Context, store accord.Store, ref string) (*Consensus, error) {
	cl, err := Resolve(ctx, store, ref)
	if err != nil {
		return nil, err
	}
	all, err := Load(ctx, store)
	if err != nil {
		return nil, err
	}
	subj, members := cl.subjects(), map[string]bool{}
	for _, m := range cl.Members {
		members[m.ID] = true
	}
	n := newNames(ctx, store)
	var claims []Claim
	var relevant []*Act
	for _, a := range all {
		if !anyIn(a.ActivityRefs, subj) && !anyIn(a.AccusedRefs, subj) {
			continue
		}
		c, err := n.actClaim(a)
		if err != nil {
			return nil, err
		}
		relevant, claims = append(relevant, a), append(claims, c)
	}
	rels, err := relationshipClaims(ctx, store, n, subj, members, relevant)
	if err != nil {
		return nil, err
	}
	con := &Consensus{Cluster: cl, Denials: []Claim{}}
	con.group(append(claims, rels...))
	if con.Links, err = links(ctx, store, n, con.Positions); err != nil {
		return nil, err
	}
	return con, nil
}

func anyIn(ids []string, set map[string]bool) bool {
	return slices.ContainsFunc(ids, func(id string) bool { return set[id] })
}

// relationshipClaims returns the attributed-to relationships about the
// subjects (from one) or accusing a member (to one), except those an act
// of the same author already stands for.
func relationshipClaims(ctx context.Context, store accord.Store, n *names, subj, members map[string]bool, covered []*Act) ([]Claim, error) {
	seen := map[string]bool{}
	var out []Claim
	for _, id := range slices.Sorted(maps.Keys(subj)) {
		rels, err := store.Relationships(ctx, id, accord.Both)
		if err != nil {
			return nil, err
		}
		for _, r := range rels {
			if r.RelationshipType != "attributed-to" || r.Revoked || seen[r.ID] || !(subj[r.SourceRef] || members[r.TargetRef]) {
				continue
			}
			seen[r.ID] = true
			c, err := n.relClaim(r)
			if err != nil {
				return nil, err
			}
			if !standsFor(covered, c.Author.ID, r.SourceRef, r.TargetRef) {
				out = append(out, c)
			}
		}
	}
	return out, nil
}

// standsFor reports whether an act of author already claims that source
// (as activity or accused) is attributed to target.
func standsFor(acts []*Act, author, source, target string) bool {
	return slices.ContainsFunc(acts, func(a *Act) bool {
		return (a.IssuerRef == author || a.CreatedByRef == author) && a.ActType != "denial" &&
			(slices.Contains(a.ActivityRefs, source) || slices.Contains(a.AccusedRefs, source)) &&
			slices.Contains(a.AccusedRefs, target)
	})
}

// group sorts the claims into denials and positions.
func (con *Consensus) group(claims []Claim) {
	sortClaims(claims)
	byKey := map[string]*Position{}
	var order []string
	for _, c := range claims {
		if c.Denial() {
			con.Denials = append(con.Denials, c)
			continue
		}
		key := partyKey(c.Accused) + "|" + partyKey(c.Origin)
		p := byKey[key]
		if p == nil {
			p = &Position{Accused: c.Accused, Origin: c.Origin}
			byKey[key], order = p, append(order, key)
		}
		p.Claims = append(p.Claims, c)
		for _, h := range append([]Party{c.Author}, c.CoSigners...) {
			if !slices.Contains(p.Holders, h.Name) {
				p.Holders = append(p.Holders, h.Name)
			}
		}
	}
	con.Positions = []Position{}
	for _, k := range order {
		con.Positions = append(con.Positions, *byKey[k])
	}
	slices.SortStableFunc(con.Positions, func(a, b Position) int {
		return cmp.Compare(len(b.Holders), len(a.Holders))
	})
}

// partyKey names a set of parties by their names, without regard to case:
// two sources' objects for the same actor (ATT&CK's APT29 and the starter
// pack's) hold one position, each claim keeping its own author and object.
func partyKey(ps []Party) string {
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = strings.ToLower(p.Name)
	}
	slices.Sort(ids)
	return strings.Join(ids, ",")
}

// links returns the attributed-to relationships from an accused of one
// position to an accused of another.
func links(ctx context.Context, store accord.Store, n *names, ps []Position) ([]Claim, error) {
	owner := map[string]int{}
	for i, p := range ps {
		for _, a := range p.Accused {
			if _, ok := owner[a.ID]; !ok {
				owner[a.ID] = i
			}
		}
	}
	out := []Claim{}
	if len(ps) < 2 {
		return out, nil
	}
	for _, id := range slices.Sorted(maps.Keys(owner)) {
		rels, err := store.Relationships(ctx, id, accord.Outgoing)
		if err != nil {
			return nil, err
		}
		for _, r := range rels {
			j, ok := owner[r.TargetRef]
			if r.RelationshipType != "attributed-to" || r.Revoked || !ok || j == owner[id] {
				continue
			}
			c, err := n.relClaim(r)
			if err != nil {
				return nil, err
			}
			out = append(out, c)
		}
	}
	sortClaims(out)
	return out, nil
}
