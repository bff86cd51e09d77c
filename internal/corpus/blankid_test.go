package corpus

import (
	"context"
	"testing"
)

// TestBlankID: an ID of white space alone names nothing and is placed as a
// record without an ID ("path#line"); it was kept and showed as a blank ID
// (helper 73). Other IDs are as before.
func TestBlankID(t *testing.T) {
	for _, tt := range []struct {
		name, id, want string
	}{
		{"spaces", `"   "`, "feed#1"},
		{"tab and newline", `"\t\n"`, "feed#1"},
		{"empty", `""`, "feed#1"},
		{"null", `null`, "feed#1"},
		{"a word", `"a1"`, "a1"},
		{"a number", `7`, "feed-7"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := writeFile(t, dir, "feed.jsonl", []byte(`{"id": `+tt.id+`, "date": "2024-03-25", "text": "The vulture circled."}`+"\n"))
			arts, _, err := LoadFile(context.Background(), File{Path: path, Root: dir})
			if err != nil {
				t.Fatal(err)
			}
			if len(arts) != 1 || arts[0].ID != tt.want {
				t.Fatalf("LoadFile gave %d articles, first ID %q, want ID %q", len(arts), func() string {
					if len(arts) > 0 {
						return arts[0].ID
					}
					return ""
				}(), tt.want)
			}
		})
	}
}
