package corpus

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestCollapse(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{"  lead and trail \n", "lead and trail"},
		{"tab\tand\n\nnewlines", "tab and newlines"},
		{"non\u00a0breaking\u2009thin", "non breaking thin"},
		{"curly ‘quotes’ stay", "curly ‘quotes’ stay"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := collapse(tt.in); got != tt.want {
			t.Errorf("collapse(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"AT&T &lt;T&gt; communiqu&#233;", "AT&T <T> communiqué"},
		{"end&#3;\x03 of\r\nline\rx", "end   of\nline\nx"},
		{"nul\x00in a\x0bword", "nul in a word"},
		{"untouched\ttext\n", "untouched\ttext\n"},
		// helper 96: words split or joined unseen were never found.
		{"Cro\u00adcus in Mos\u200bcow, a \ufb01nancial &shy;loss", "Crocus in Moscow, a financial loss"},
	}
	for _, tt := range tests {
		if got := cleanText(tt.in); got != tt.want {
			t.Errorf("cleanText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTitleFrom(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Short one. Then more.", "Short one."},
		{"The U.S. economy grew. Then more.", "The U.S. economy grew."},
		{"Mr. Smith went to Washington! Later.", "Mr. Smith went to Washington!"},
		{"On a day shadowed by violence, French President Emmanuel Macron disclosed that ISIS was behind a devastating attack.",
			"On a day shadowed by violence, French President Emmanuel Macron disclosed that ISIS was…"},
		{strings.Repeat("x", 100), strings.Repeat("x", 90) + "…"},
	}
	for _, tt := range tests {
		if got := titleFrom(tt.in); got != tt.want {
			t.Errorf("titleFrom(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDateMarker(t *testing.T) {
	tests := []struct{ in, rest, date string }{
		{" date 2024-03-25 On a day", " On a day", "2024-03-25"},
		{"Date: 2024-03-25\nText", "\nText", "2024-03-25"},
		{"date night was fun", "date night was fun", ""},
		{"date 2024-03-250", "date 2024-03-250", ""},
		{"Plain text", "Plain text", ""},
	}
	for _, tt := range tests {
		rest, date, ok := dateMarker(tt.in)
		if rest != tt.rest || date != tt.date || ok != (tt.date != "") {
			t.Errorf("dateMarker(%q) = %q, %q, %v; want %q, %q", tt.in, rest, date, ok, tt.rest, tt.date)
		}
	}
}

func TestParseDate(t *testing.T) {
	want := time.Date(2024, 3, 25, 10, 30, 0, 0, time.UTC)
	for _, s := range []string{
		"2024-03-25T10:30:00Z", "2024-03-25T12:30:00+02:00", "2024-03-25T10:30:00", "2024-03-25 10:30:00",
		"Mon, 25 Mar 2024 10:30:00 +0000", "Mon, 25 Mar 2024 10:30:00 GMT", "25-MAR-2024 10:30:00.00", "1711362600",
	} {
		got, ok := parseDate(s)
		if !ok || !got.Equal(want) {
			t.Errorf("parseDate(%q) = %v, %v; want %v", s, got, ok, want)
		}
	}
	for _, s := range []string{"2024-03-25", "March 25, 2024", "25 March 2024"} {
		if got, ok := parseDate(s); !ok || !got.Equal(time.Date(2024, 3, 25, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("parseDate(%q) = %v, %v; want 2024-03-25", s, got, ok)
		}
	}
	for _, s := range []string{"next tuesday", "31-MAR-1987 605:12:19.12", "2024-13-45"} {
		if _, ok := parseDate(s); ok {
			t.Errorf("parseDate(%q) ok, want failure", s)
		}
	}
}

func TestOutletFromURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://www.usatoday.com/story/x", "usatoday.com"},
		{"https://edition.cnn.com/2024/x", "edition.cnn.com"},
		{"HTTP://WWW.BBC.CO.UK:443/news", "bbc.co.uk"},
		{"not a url", ""},
	}
	for _, tt := range tests {
		if got := outletFromURL(tt.in); got != tt.want {
			t.Errorf("outletFromURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRepairUTF8(t *testing.T) {
	if got, want := string(repairUTF8([]byte("caf\xe9 \x93ok\x94 ünchanged"))), "café “ok” ünchanged"; got != want {
		t.Errorf("repairUTF8 = %q, want %q", got, want)
	}
}

func TestIssue12_Smaller_BidiControls(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"right-to-left override", "Paid \u202e0001$\u202c in full", "Paid 0001$ in full"},
		{"every embedding, override and isolate", "a\u202ab\u202bc\u202cd\u202de\u202ef\u2066g\u2067h\u2068i\u2069j", "abcdefghij"},
		{"direction marks are kept", "\u05e9\u05dc\u05d5\u05dd\u200f!\u200e", "\u05e9\u05dc\u05d5\u05dd\u200f!\u200e"},
		{"other E2 80 characters are kept", "a\u2014b \u2026 \u201cq\u201d \u2070", "a\u2014b \u2026 \u201cq\u201d \u2070"},
		{"cut E2 at the end", "x\xe2\x80", "x\xe2\x80"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleanText(tt.in); got != tt.want {
				t.Errorf("cleanText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	t.Run("loaded article", func(t *testing.T) {
		dir := t.TempDir()
		path := writeFile(t, dir, "a.jsonl", []byte(`{"id": "x", "date": "2024-01-01", "title": "Rates \u202eesor\u202c", "source": "\u2067Outlet\u2069", "text": "Prices \u202Erose\u202C today."}`+"\n"))
		arts, probs, err := LoadFile(context.Background(), File{Path: path, Root: dir})
		if err != nil || len(arts) != 1 {
			t.Fatalf("LoadFile = %d articles, %v, %v", len(arts), probs, err)
		}
		a := arts[0]
		if a.Title != "Rates esor" || a.Source != "Outlet" || a.Paragraphs[0].Text != "Prices rose today." {
			t.Errorf("article = %q / %q / %q, want the bidi controls gone", a.Title, a.Source, a.Paragraphs[0].Text)
		}
	})
}
