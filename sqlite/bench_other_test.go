//go:build !linux

package sqlite_test

import "time"

// cpuTime, resetPeakRSS and peakRSS measure only on Linux.
func cpuTime() time.Duration { return 0 }
func resetPeakRSS() int64    { return 0 }
func peakRSS() int64         { return 0 }
