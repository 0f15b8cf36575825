//go:build race

package hunt

// engineRace: the race detector makes sync.Pool drop items, so Match allocates.
const engineRace = true
