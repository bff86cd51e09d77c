package boltfile

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
)

// ErrNotBolt matches (errors.Is) the error of a file that is clearly no
// bbolt file at all (NotBoltError).
var ErrNotBolt = errors.New("not a bbolt file")

// NotBoltError says that the file at Path is clearly no bbolt file at all:
// a text file, the config file, another program's data. Open leaves such a
// file as it is: it was never a state file, so moving it aside and making
// a new one in its place would take it from its owner and hide the mistake
// in the path.
type NotBoltError struct {
	Path string
	// Head is how the file begins (at most 32 bytes).
	Head []byte
}

func (e *NotBoltError) Error() string {
	return fmt.Sprintf("the state file %s is not a bbolt file: it begins %q; it is left as it is (only a damaged state file is moved aside)", e.Path, e.Head)
}

// Is makes errors.Is(err, ErrNotBolt) true.
func (e *NotBoltError) Is(target error) bool { return target == ErrNotBolt }

// NotBolt returns a *NotBoltError when the file at path is clearly no bbolt
// file at all, and nil for any file that may be one, sound or damaged: one
// that is empty, whose first 8 bytes are zeros (the ID of bbolt's first
// page, or what a crash left), or that holds bbolt's magic number where
// bbolt looks for a meta page (the second meta page is at the file's page
// size, a power of two). nil, too, when the file is missing, no regular
// file, or cannot be read: an open says why. A sound bbolt file always
// holds the magic number in its first page, so NotBolt is safe on any file.
func NotBolt(path string) error { return sniff(path, false) }

// NoMagic is NotBolt for a caller that would delete the file, not move it
// aside: it returns a *NotBoltError, too, for a file whose first 8 bytes
// are zeros but that holds no magic number where bbolt looks for a meta
// page, unless it is wholly zeros and at most 64 KiB (a file torn as bbolt
// made it, before its first pages reached the disk). Another program's
// data may begin with 8 zero bytes; a bbolt file keeps its magic number
// unless both meta pages are lost.
func NoMagic(path string) error { return sniff(path, true) }

// sniff is NotBolt, and NoMagic when strict.
func sniff(path string, strict bool) error {
	f, err := openRegular(path, os.O_RDONLY, 0)
	if err != nil {
		return nil
	}
	defer f.Close()
	head := make([]byte, 32)
	n, err := f.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return nil
	}
	head = head[:n]
	if n == 0 || allZero(head[:min(n, 8)]) && (!strict || tornNew(f)) {
		return nil
	}
	for off := int64(0); off <= 1<<16; off = max(2*off, 1<<10) {
		var b [4]byte
		if _, err := f.ReadAt(b[:], off+pageHeaderSize); err == nil &&
			(binary.LittleEndian.Uint32(b[:]) == magic || binary.BigEndian.Uint32(b[:]) == magic) {
			return nil
		}
	}
	return &NotBoltError{Path: path, Head: head}
}

// tornNew reports whether f is at most 64 KiB of zeros: a bbolt file torn
// as it was made.
func tornNew(f *os.File) bool {
	fi, err := f.Stat()
	if err != nil || fi.Size() > 64<<10 {
		return false
	}
	b, err := io.ReadAll(io.NewSectionReader(f, 0, fi.Size()))
	return err == nil && allZero(b)
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

// CheckPath says, without opening the file for bbolt, what makes path no
// place for a state file: something other than a regular file (a folder,
// a FIFO, a device, a socket, or a link to one: a *NotRegularError), or a
// file that is clearly no bbolt file at all (a *NotBoltError); Open
// refuses both. nil for a missing path, one that cannot be looked at, an
// empty file and any file that may be a bbolt file, sound or damaged. A
// FIFO is not opened, so the check never blocks.
func CheckPath(path string) error {
	info, err := os.Stat(path)
	if err != nil {
		return nil
	}
	if !info.Mode().IsRegular() {
		return notRegular(path, info.Mode())
	}
	return NotBolt(path)
}
