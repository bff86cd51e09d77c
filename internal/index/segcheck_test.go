package index

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSearchPanic: a panic of a query (Bleve reading a damaged segment) is
// its error, naming the damage and the rebuild, not the end of the process.
func TestSearchPanic(t *testing.T) {
	query := func() (n int, err error) {
		defer searchPanic(&err, "retrieve")
		var s []int
		return s[3], nil // what a damaged posting list's offsets do
	}
	_, err := query()
	if !errors.Is(err, ErrDamagedSearch) || !strings.Contains(err.Error(), "retrieve") || !strings.Contains(err.Error(), "bot index --rebuild") {
		t.Errorf("error = %v; want ErrDamagedSearch naming the query and the rebuild", err)
	}
}

// TestSegmentSum: a segment's footer checksum against its bytes.
func TestSegmentSum(t *testing.T) {
	// "hello" and its CRC-32 (IEEE), big-endian: 0x3610a686.
	good := append([]byte("hello"), 0x36, 0x10, 0xa6, 0x86)
	for _, tt := range []struct {
		name string
		data []byte
		want bool
	}{
		{"whole", good, true},
		{"a bit flipped", append([]byte("hellp"), good[5:]...), false},
		{"shorter than a checksum", []byte{1, 2}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "000000000001.zap")
			if err := os.WriteFile(path, tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			got, err := segmentSumMatches(path, make([]byte, 3))
			if err != nil || got != tt.want {
				t.Errorf("segmentSumMatches = %v, %v; want %v", got, err, tt.want)
			}
		})
	}
}
