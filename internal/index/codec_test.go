package index

import (
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
