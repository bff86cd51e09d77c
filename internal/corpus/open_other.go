//go:build !unix

package corpus

import (
	"io"
	"os"
)

// openNoBlock is 0 where FIFOs cannot block an open.
const openNoBlock = 0

// reader returns what the loaders read file through: the file itself.
func reader(file *os.File) io.Reader { return file }
