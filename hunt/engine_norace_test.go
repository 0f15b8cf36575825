//go:build !race

package hunt

const engineRace = false
