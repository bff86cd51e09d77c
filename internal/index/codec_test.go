package index

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/chronicle-bot/chronicle"
)

func TestCodecRoundTrip(t *testing.T) {
	paris := time.FixedZone("", 3600)
	tests := []struct {
		name string
		a    chronicle.Article
	}{
		{"empty", chronicle.Article{ID: "x"}},
		{"full", chronicle.Article{ID: "rtqa-1", Title: "Title é", Source: "BBC", URL: "https://x", Path: "/a/b.jsonl",
			Hash: "abc", Published: time.Date(2024, 3, 25, 23, 30, 0, 0, paris),
			Paragraphs: []chronicle.Paragraph{{Heading: "H", Text: "One."}, {Text: "Two."}}}},
		{"utc", chronicle.Article{ID: "y", Published: time.Date(1987, 2, 26, 15, 1, 1, 0, time.UTC)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeArticle(encodeArticle(tt.a))
			if err != nil {
				t.Fatalf("decodeArticle: %v", err)
			}
			if !got.Published.Equal(tt.a.Published) {
				t.Errorf("Published = %v, want %v", got.Published, tt.a.Published)
			}
			if got.Published.Format(time.DateOnly) != tt.a.Published.Format(time.DateOnly) {
				t.Errorf("day = %v, want %v", got.Published, tt.a.Published)
			}
			got.Published, tt.a.Published = time.Time{}, time.Time{}
			if d := cmp.Diff(tt.a, got); d != "" {
				t.Errorf("round trip (-want +got):\n%s", d)
			}
			h, err := decodeHash(encodeArticle(tt.a))
			if err != nil || h != tt.a.Hash {
				t.Errorf("decodeHash = %q, %v; want %q", h, err, tt.a.Hash)
			}
		})
	}
}

func TestCodecCorrupt(t *testing.T) {
	good := encodeArticle(chronicle.Article{ID: "x", Title: "t", Paragraphs: []chronicle.Paragraph{{Text: "p"}}})
	for _, b := range [][]byte{nil, {9}, good[:len(good)-2], {1, 200}} {
		if _, err := decodeArticle(b); !errors.Is(err, errCodec) {
			t.Errorf("decodeArticle(%v) error = %v, want errCodec", b, err)
		}
	}
}

// TestCodecChecksum: any byte of a record that changes is found by its
// checksum, and a record of version 1 (written before the checksum, by an
// index of an earlier release) is still read.
func TestCodecChecksum(t *testing.T) {
	a := chronicle.Article{ID: "rtqa-1", Title: "Title", Hash: "abc", Published: time.Date(2024, 3, 25, 0, 0, 0, 0, time.UTC),
		Paragraphs: []chronicle.Paragraph{{Heading: "H", Text: "France raised its alert."}}}
	good := encodeArticle(a)
	for i := 1; i < len(good); i++ {
		b := bytes.Clone(good)
		b[i] ^= 0x04
		if _, err := decodeArticle(b); !errors.Is(err, errChecksum) {
			t.Errorf("byte %d changed: decodeArticle error = %v, want errChecksum", i, err)
		}
		if _, err := decodeHash(b); !errors.Is(err, errChecksum) {
			t.Errorf("byte %d changed: decodeHash error = %v, want errChecksum", i, err)
		}
	}
	// A checksummed record whose version byte reads 1 is not read
	// unchecked: its checksum's bytes are left over after its end.
	as1 := bytes.Clone(good)
	as1[0] = codecUnchecked
	if _, err := decodeArticle(as1); !errors.Is(err, errCodec) {
		t.Errorf("a version 2 record read as version 1: error %v, want errCodec", err)
	}
	v1 := bytes.Clone(good[:len(good)-4])
	v1[0] = codecUnchecked
	got, err := decodeArticle(v1)
	if err != nil || got.ID != a.ID || got.Paragraphs[0].Text != a.Paragraphs[0].Text || !got.Published.Equal(a.Published) {
		t.Errorf("version 1 record: %+v, %v", got, err)
	}
	if h, err := decodeHash(v1); err != nil || h != a.Hash {
		t.Errorf("version 1 decodeHash = %q, %v", h, err)
	}
}
