package commands

import (
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// TestCiteText: the command line's citation shows the link, or the
// article's ID when there is none; a link holding a control character (an
// index made before the loaders left such links out) is never printed: its
// escape sequence would drive the terminal.
func TestCiteText(t *testing.T) {
	day := time.Date(2024, 3, 25, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, url, want string
	}{
		{"link", "https://news.example/a", "Title (Outlet, 2024-03-25, paragraph 2) https://news.example/a"},
		{"no link", "", "Title (Outlet, 2024-03-25, paragraph 2) [a-1]"},
		{"escape sequence", "http://x.example/\x1b[2J", "Title (Outlet, 2024-03-25, paragraph 2) [a-1]"},
		{"C1 control", "http://x.example/\u009b2J", "Title (Outlet, 2024-03-25, paragraph 2) [a-1]"},
		{"bidi override", "http://x.example/\u202egpj.exe", "Title (Outlet, 2024-03-25, paragraph 2) [a-1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := chronicle.Citation{Title: "Title", Source: "Outlet", Published: day, Paragraph: 1, ArticleID: "a-1", URL: tt.url}
			if got := CiteText(c); got != tt.want {
				t.Errorf("CiteText = %q, want %q", got, tt.want)
			}
		})
	}
}
