//go:build !race

package sigma

// routeRaceEnabled is whether the race detector is on, which allocates.
const routeRaceEnabled = false
