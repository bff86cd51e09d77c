package feedback

import (
	"encoding/binary"
	"fmt"
	"io"
	"os"
)

// boltMagic is the number a bbolt meta page holds after its 16-byte page
// header, in the byte order of the machine that wrote it.
const boltMagic = 0xED0CDAED

// notBolt returns an error matching ErrNotBolt when the file at path,
// which package boltfile found damaged, is clearly no bbolt file at all (a
// text file, another program's data): it was never a store, so moving it
// aside and starting a new store in its place would hide the mistake in
// feedback.path, and it is not ours to move. A file that may be a store of
// ours, damaged, is not: one whose first 8 bytes are zeros (the ID of
// bbolt's first page, or zeros a crash left) or that holds bbolt's magic
// number where bbolt looks for a meta page. nil, too, when the file cannot
// be read here: the open says why.
func notBolt(path string) error {
	f, err := os.OpenFile(path, os.O_RDONLY|openNonblock, 0)
	if err != nil {
		return nil
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return nil
	}
	head := make([]byte, 32)
	n, err := f.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return nil
	}
	head = head[:n]
	if n == 0 || allZero(head[:min(n, 8)]) {
		return nil
	}
	for _, off := range []int64{0, int64(os.Getpagesize()), 4096, 16384, 65536} {
		var magic [4]byte
		if _, err := f.ReadAt(magic[:], off+16); err == nil &&
			(binary.LittleEndian.Uint32(magic[:]) == boltMagic || binary.BigEndian.Uint32(magic[:]) == boltMagic) {
			return nil
		}
	}
	return fmt.Errorf("%w: it begins %q; it is left as it is (only a damaged store is moved aside): "+
		"give feedback.path a file of its own (bot serve makes a missing one)", ErrNotBolt, head)
}

// allZero reports whether b holds only zero bytes.
func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
