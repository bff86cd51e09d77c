//go:build !unix

package corpus

// openNoBlock is 0 where FIFOs cannot block an open.
const openNoBlock = 0
