package attrib

// Weights of what a profile records. A fact the store records directly
// (the group uses the technique) weighs 1; one the engine infers weighs
// half, because it says less: a sub-technique implies its parent technique,
// but the parent says nothing of which sub-technique; a group's software's
// techniques are likely, not certain, to be the group's own.
const (
	directWeight  = 1.0
	derivedWeight = 0.5
)

// fact is one item of an intrusion set's profile and the relationship that
// records it, kept so that the evaluation can hold it out.
type fact struct {
	feature string  // node id, or "sector:<name>"
	weight  float64 // directWeight or derivedWeight
	rel     *link   // the relationship behind it
	via     string  // the campaign it comes through, "" when direct
}

// profileFacts gathers what the store records of intrusion set id: its own
// uses, targets and indicators, and those of the campaigns attributed to it.
func profileFacts(g *graph, id string) []fact {
	var facts []fact
	for _, l := range g.out[id] {
		facts = g.targetFacts(facts, l, "")
	}
	for _, l := range g.in[id] {
		from := g.nodes[l.from]
		switch {
		case l.typ == "indicates" && from.typ == "indicator":
			facts = append(facts, fact{feature: from.id, weight: directWeight, rel: l})
		case l.typ == "attributed-to" && from.typ == "campaign":
			facts = g.campaignFacts(facts, from.id)
		}
	}
	return facts
}

// campaignFacts adds what campaign c used, targeted, or was indicated by.
func (g *graph) campaignFacts(facts []fact, c string) []fact {
	for _, l := range g.out[c] {
		facts = g.targetFacts(facts, l, c)
	}
	for _, l := range g.in[c] {
		if l.typ == "indicates" && g.nodes[l.from].typ == "indicator" {
			facts = append(facts, fact{feature: l.from, weight: directWeight, rel: l, via: c})
		}
	}
	return facts
}

// targetFacts adds the facts that relationship l, from a set or campaign,
// records about its target.
func (g *graph) targetFacts(facts []fact, l *link, via string) []fact {
	to := g.nodes[l.to]
	add := func(f string, w float64) { facts = append(facts, fact{feature: f, weight: w, rel: l, via: via}) }
	switch {
	case l.typ == "uses" && to.typ == "attack-pattern":
		add(to.id, directWeight)
		if p := g.parent[to.id]; p != "" {
			add(p, derivedWeight)
		}
	case l.typ == "uses" && (to.typ == "malware" || to.typ == "tool" || to.typ == "infrastructure"):
		add(to.id, directWeight)
		// What a group's software does, the group does: its techniques
		// join the profile, inferred, at half weight.
		for _, sl := range g.out[to.id] {
			if sl.typ == "uses" && g.nodes[sl.to].typ == "attack-pattern" {
				add(sl.to, derivedWeight)
			}
		}
	case (l.typ == "targets" || l.typ == "exploits") && to.typ == "vulnerability":
		add(to.id, directWeight)
	case l.typ == "targets" && to.typ == "location":
		add(to.id, directWeight)
	case l.typ == "targets" && to.typ == "identity":
		for _, s := range to.sectors {
			add("sector:"+s, directWeight)
		}
	}
	return facts
}
