package hunt

// wineventKeys turns the keys of an event's JSON line into their field
// path ("x-event:"+key) and action, made once per distinct key. The
// events of a log repeat the same keys in much the same order, so the key
// at a position of a line is first compared with the one last seen at that
// position: a hit costs a comparison of a few bytes, not a hash and a map
// probe; a miss looks in a small table by a cheap hash of the key, then
// in the map. Past wineventKeysMax distinct keys (a hostile or very wide log)
// a key's path is made per use instead of kept.
type wineventKeys struct {
	m    map[string]*wineventKey
	last []*wineventKey    // by position in the line: the key last seen there
	hash [256]*wineventKey // by keyHash: the key last looked up there
	pos  int               // the position of the next key in the line
}

type wineventKey struct {
	key  string // as the line writes it, the event-data prefix cut
	path string // "x-event:"+key
	act  wineventAct
}

const (
	wineventKeysMax = 4096
	wineventKeysPos = 512 // the positions remembered
)

// start starts a line.
func (k *wineventKeys) start() { k.pos = 0 }

// get returns the key of the next member of the line.
func (k *wineventKeys) get(key []byte) *wineventKey {
	p := k.pos
	k.pos++
	if p < len(k.last) && k.last[p].key == string(key) {
		return k.last[p]
	}
	h := keyHash(key)
	e := k.hash[h]
	if e == nil || e.key != string(key) {
		e = k.lookup(key)
		k.hash[h] = e
	}
	switch {
	case p < len(k.last):
		k.last[p] = e
	case p == len(k.last) && p < wineventKeysPos:
		k.last = append(k.last, e)
	}
	return e
}

// lookup returns the key from the map, made and kept the first time.
func (k *wineventKeys) lookup(key []byte) *wineventKey {
	e, ok := k.m[string(key)]
	if !ok {
		s := string(key)
		e = &wineventKey{key: s, path: sigmaEventPrefix + s, act: wineventActs[s]}
		if k.m == nil {
			k.m = make(map[string]*wineventKey)
		}
		if len(k.m) < wineventKeysMax {
			k.m[s] = e
		}
	}
	return e
}

// keyHash is a hash of a key, of its length and three of its bytes, in
// 0..255: cheap, and good enough to tell apart the few keys of a log.
func keyHash(key []byte) uint8 {
	n := len(key)
	if n == 0 {
		return 0
	}
	return uint8(n*37 + int(key[0])*7 + int(key[n/2])*11 + int(key[n-1])*3)
}
