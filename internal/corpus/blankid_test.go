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
		warn           string // the ReasonIDType warning's detail, "" for none
	}{
		{"spaces", `"   "`, "feed#1", ""},
		{"tab and newline", `"\t\n"`, "feed#1", ""},
		{"empty", `""`, "feed#1", ""},
		{"null", `null`, "feed#1", ""},
		{"a word", `"a1"`, "a1", ""},
		{"a number", `7`, "feed-7", ""},
		// An ID of another JSON type names nothing: the article is kept
		// under its line, and the file's problems say so (it was silent),
		// naming its type in jsonmsg.Value's words ("a JSON boolean" was
		// "true or false" in bot eval's messages).
		{"an object", `{"value": "a1"}`, "feed#1", `the id is an object; kept as "feed#1"`},
		{"an array", `["a1"]`, "feed#1", `the id is an array; kept as "feed#1"`},
		{"a boolean", `true`, "feed#1", `the id is true or false; kept as "feed#1"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := writeFile(t, dir, "feed.jsonl", []byte(`{"id": `+tt.id+`, "date": "2024-03-25", "text": "The vulture circled."}`+"\n"))
			arts, probs, err := LoadFile(context.Background(), File{Path: path, Root: dir})
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
			var warns []string
			for _, p := range probs {
				if p.Reason == ReasonIDType {
					warns = append(warns, p.Detail)
					if p.Skipped || p.Line != 1 || p.Path != path {
						t.Errorf("problem %+v, want a warning on line 1 of %s", p, path)
					}
				}
			}
			switch {
			case tt.warn == "" && len(warns) > 0:
				t.Errorf("warnings %q, want none", warns)
			case tt.warn != "" && (len(warns) != 1 || warns[0] != tt.warn):
				t.Errorf("warnings %q, want one: %q", warns, tt.warn)
			}
		})
	}
}
