//go:build !unix

package bench

import (
	"os"
	"time"
)

// peakRSS is not measured on this platform.
func peakRSS(*os.ProcessState) int64 { return 0 }

// processCPU is not measured on this platform.
func processCPU() time.Duration { return 0 }
