package hunt

// MatchUnindexed makes Match also try the indicators that have no atom an
// index can look up but one observation expression (a case-insensitive
// regular expression, an order comparison, a negation): each runs on every
// record with a value at one of the paths its pattern compares, which it
// cannot match without. It returns how many it took; the others of
// Unindexed (an EXISTS, several observations of which one has no atom)
// stay unmatched. Readers then read the fields of those paths too.
//
// Call it once, before the first Match: it changes the engine's indexes.
// A prebuilt index saves the engine without it (SaveEngine), so call it
// again on a loaded engine.
func (e *Engine) MatchUnindexed() int {
	taken := 0
	for _, i := range e.unindexed {
		if e.multi[i] || e.compiled[i] == nil || e.compiled[i].Leaves() != 1 ||
			!perRecord(e.compiled[i].Pattern().Root) {
			continue
		}
		paths, ok := e.compiled[i].LeafPaths(0)
		if !ok || len(paths) == 0 {
			continue
		}
		for _, p := range paths {
			ix := e.paths[p]
			if ix == nil {
				ix = newPathIndex(p)
				e.paths[p] = ix
			}
			ix.scan = append(ix.scan, i)
			ix.derive()
		}
		taken++
	}
	return taken
}
