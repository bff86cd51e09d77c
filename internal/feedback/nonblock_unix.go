//go:build linux || darwin || freebsd || openbsd || netbsd || dragonfly

package feedback

import "syscall"

// openNonblock makes notBolt's open return at once on a FIFO put in the
// file's place, instead of waiting for a writer.
const openNonblock = syscall.O_NONBLOCK
