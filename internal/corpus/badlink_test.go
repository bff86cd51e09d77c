package corpus

import (
	"context"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle"
)

// A link holding a control character (an escape sequence, a newline) was
// kept as it came and printed raw by `bot ask` and `bot search`: a corpus
// file or a feed could clear the operator's terminal or retitle it. Such a
// link leads nowhere a browser would go: it is left out, with a warning.
func TestLinkWithControlCharactersLeftOut(t *testing.T) {
	tests := []struct {
		name, url, want string
		warned          bool
	}{
		{"plain", "https://news.example/a?b=c#d", "https://news.example/a?b=c#d", false},
		{"escape sequence", "http://x.example/\x1b[2Jcleared", "", true},
		{"window title", "http://x.example/\x1b]0;pwned\x07", "", true},
		{"newline", "http://x.example/a\nb", "", true},
		{"DEL", "http://x.example/a\x7fb", "", true},
		{"C1 control", "http://x.example/a\u009bb", "", true},
		// chronicle.Unprintable: a bidi override turns the rest of the
		// printed line around, a line separator breaks it.
		{"bidi override", "http://x.example/\u202egpj.exe", "", true},
		{"bidi isolate", "http://x.example/a\u2067b", "", true},
		{"line separator", "http://x.example/a\u2028b", "", true},
		{"non-ASCII is no control", "https://fr.example/été", "https://fr.example/été", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := chronicle.Article{ID: "x", URL: tt.url, Paragraphs: []chronicle.Paragraph{{Text: "Some text."}}}
			probs := DefaultLimits().Fit(&a, "feed.example")
			if a.URL != tt.want {
				t.Errorf("URL = %q, want %q", a.URL, tt.want)
			}
			if warned := len(probs) == 1 && probs[0].Reason == ReasonBadLink && !probs[0].Skipped; warned != tt.warned {
				t.Errorf("problems %v, want a warning %v", probs, tt.warned)
			}
			for _, p := range probs {
				if strings.ContainsAny(p.String(), "\x1b\x07\n\x7f") {
					t.Errorf("the warning prints the control character: %q", p.String())
				}
			}
		})
	}

	// Through a corpus file, as `bot index` reads it.
	dir := t.TempDir()
	writeFile(t, dir, "a.jsonl", []byte(`{"id":"e1","title":"T","url":"http://x.example/\u001b[2J","date":"2024-03-20","text":"The okapi escaped."}`+"\n"))
	arts, rep, err := Load(context.Background(), []string{dir})
	if err != nil || len(arts) != 1 {
		t.Fatalf("Load = %d articles, %v", len(arts), err)
	}
	warned := false
	for _, p := range rep.Problems {
		warned = warned || p.Reason == ReasonBadLink
	}
	if arts[0].URL != "" || !warned {
		t.Errorf("URL %q, problems %v; want the link left out with a warning", arts[0].URL, rep.Problems)
	}
}
