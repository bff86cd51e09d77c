//go:build !(linux || darwin || freebsd || openbsd || netbsd || dragonfly)

package feedback

// openNonblock is no flag here; notBolt's check of the opened file is all.
const openNonblock = 0
