package schedule

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
)

// TestWatchHugeQuote: the quote of a match is the article's sentence with
// the most query words, and an article can hold one sentence of a megabyte
// (a feed or folder without punctuation, a hostile file). Its pending
// record, the sentence and a highlight per word, came to more than the
// 1 MiB a record may be; the pass queued it and every later read skipped it
// as oversized, so the article was never posted and its place in the
// watch's record of taken articles kept it from ever being queued again.
// The item is now bounded where the quote is made: the card shows the
// start of the sentence, as it would anyway.
func TestWatchHugeQuote(t *testing.T) {
	long := func(word string, bytes int) string {
		return strings.Repeat(word, bytes/len(word)+1)
	}
	tests := []struct {
		name string
		art  chronicle.Article
	}{
		{"sentence of a megabyte", article("big", "Moscow attack", long("Moscow attack ", 1<<20+1))},
		{"sentence of multibyte words", article("multi", "Moscow attack", long("Moscow attack é€𝄞 ", 1<<20+1))},
		{"characters JSON escapes", article("esc", "Moscow attack", long("Moscow <attack> & ", 400<<10))},
		{"title and link of a megabyte", func() chronicle.Article {
			a := article("title", "Moscow attack "+long("headline ", 1<<20), "Gunmen attacked a concert hall near Moscow.")
			a.Source = long("Outlet ", 1<<20)
			a.URL = "https://news.example/" + long("path/", 1<<20)
			return a
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newWatchEnv(t)
			e.add(t, "Moscow attack")
			e.ingest(t, tt.art)
			e.after(t, time.Second)
			e.after(t, 10*time.Minute)
			posts := e.poster.Posts()
			if len(posts) != 1 || len(posts[0].Items) != 1 || posts[0].Items[0].ArticleID != tt.art.ID {
				t.Fatalf("posts = %v, want one post of %s", postedIDs(posts), tt.art.ID)
			}
			it := posts[0].Items[0]
			c := it.Citation()
			if data, err := json.Marshal(it); err != nil || len(data) > maxRecordBytes/8 {
				t.Errorf("the item's record is %d bytes (%v), want far below the %d a record may be", len(data), err, maxRecordBytes)
			}
			for _, f := range []struct{ name, got, of string }{
				{"quote", c.Text, tt.art.Paragraphs[0].Text},
				{"title", c.Title, tt.art.Title},
				{"source", c.Source, tt.art.Source},
			} {
				if len(f.got) > maxItemText || !utf8.ValidString(f.got) || !strings.HasPrefix(f.of, f.got) {
					t.Errorf("%s = %d bytes (valid UTF-8 %v), want at most %d, the start of the article's", f.name, len(f.got), utf8.ValidString(f.got), maxItemText)
				}
			}
			if c.Text == "" || c.Title == "" || (len(tt.art.URL) <= maxItemText && c.URL != tt.art.URL) || len(c.URL) > maxItemText {
				t.Errorf("citation = %.80q, %.80q, link %d bytes; want the quote, the title and the link when it is short", c.Text, c.Title, len(c.URL))
			}
			if len(c.Highlights) == 0 {
				t.Error("no highlights, want the query's words in the quote marked")
			}
			for _, h := range c.Highlights {
				if h.Start < 0 || h.End > len(c.Text) || h.Start >= h.End {
					t.Fatalf("highlight %v outside the %d bytes of the quote", h, len(c.Text))
				}
			}
		})
	}
}
