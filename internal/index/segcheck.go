package index

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// ErrDamagedSearch is the error of a query that the search index could not
// run because its files are damaged (a panic in Bleve reading a segment).
var ErrDamagedSearch = errors.New("the search index is damaged")

// searchPanic turns a panic of Bleve, reading a damaged segment, into an
// error of the query what: the panic would otherwise take down the bot
// (helper 83: a bit flipped in a segment, one /ask). Deferred by every
// query that reads the search index.
func searchPanic(err *error, what string) {
	if p := recover(); p != nil {
		*err = fmt.Errorf("%s: %w (%v); the next open checks it and makes it again from the stored articles, "+
			"or run bot index --rebuild", what, ErrDamagedSearch, p)
	}
}

// damagedSegment returns the name of the first search segment of b (the
// files of the snapshot it opened; a merge a crash cut short leaves a file
// no snapshot holds, which scorch deletes) whose bytes do not match the
// checksum its footer carries, or "" when all do. Zap writes, as a
// segment's last 4 bytes, the CRC-32 (IEEE, big-endian) of every byte
// before them. A file that cannot be read is an error, not damage.
func damagedSegment(b bleve.Index) (string, error) {
	paths, err := segmentFiles(b)
	if err != nil {
		return "", err
	}
	buf := make([]byte, 1<<20)
	for _, path := range paths {
		ok, err := segmentSumMatches(path, buf)
		if errors.Is(err, fs.ErrNotExist) {
			// A merge that finished since the snapshot was taken
			// replaced it: what it held is in the merged segment.
			continue
		}
		if err != nil {
			return "", err
		}
		if !ok {
			return filepath.Base(path), nil
		}
	}
	return "", nil
}

// segmentFiles lists the files of the segments in b's current snapshot.
func segmentFiles(b bleve.Index) ([]string, error) {
	adv, err := b.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, nil
	}
	var paths []string
	for _, ss := range snap.Segments() {
		if p, ok := ss.Segment().(interface{ Path() string }); ok && p.Path() != "" {
			paths = append(paths, p.Path())
		}
	}
	slices.Sort(paths)
	return paths, nil
}

// segmentSumMatches reports whether the segment file at path ends with the
// CRC-32 of the bytes before its last 4; buf is scratch space.
func segmentSumMatches(path string, buf []byte) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return false, err
	}
	size := fi.Size()
	if size < 4 {
		return false, nil
	}
	h := crc32.NewIEEE()
	if _, err := io.CopyBuffer(h, io.LimitReader(f, size-4), buf); err != nil {
		return false, fmt.Errorf("read %s: %w", path, err)
	}
	var sum [4]byte
	if _, err := io.ReadFull(f, sum[:]); err != nil {
		return false, fmt.Errorf("read %s: %w", path, err)
	}
	return binary.BigEndian.Uint32(sum[:]) == h.Sum32(), nil
}
