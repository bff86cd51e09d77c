package digest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
)

// TestBuildSaysWhatDidNotFit: points left out to fit one message are
// counted and announced, in Text, Markdown and JSON.
func TestBuildSaysWhatDidNotFit(t *testing.T) {
	var arts []chronicle.Article
	for i := range 20 {
		id := fmt.Sprintf("s%02d", i)
		w := strings.Repeat(string(rune('a'+i)), 6)
		arts = append(arts, article(id, "Outlet "+id, "2024-03-23T10:00:00Z", "Story "+w,
			"Officials in "+w+"ville said the "+w+" bridge would close for repairs that will last at least until the end of the summer season, "+
				"while traffic in "+w+"ville is sent through the narrow streets of the old town and the "+w+" ferry doubles its crossings at weekends."))
	}
	from, to := window(t)
	tests := []struct {
		name        string
		maxPoints   int
		wantDropped bool
	}{
		{"fits", 3, false},
		{"too many for one message", 20, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Build(context.Background(), &fakeSource{arts: arts}, Options{From: from, To: to, MaxPoints: tt.maxPoints, MaxQuote: 400})
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			if got := d.Dropped > 0; got != tt.wantDropped {
				t.Fatalf("Build: Dropped = %d with %d points, want dropped %v", d.Dropped, len(d.Points), tt.wantDropped)
			}
			if len(d.Points)+d.Dropped != min(tt.maxPoints, d.Stories) {
				t.Errorf("Build: %d points + %d dropped, want %d", len(d.Points), d.Dropped, min(tt.maxPoints, d.Stories))
			}
			md := d.Markdown()
			if n := utf8.RuneCountInString(md); n > MaxMessage {
				t.Errorf("Markdown is %d characters, want <= %d", n, MaxMessage)
			}
			note := fmt.Sprintf("+%d more stories", d.Dropped)
			for name, out := range map[string]string{"Text": d.Text(), "Markdown": md} {
				if strings.Contains(out, note) != tt.wantDropped || strings.Contains(out, "more stor") != tt.wantDropped {
					t.Errorf("%s() = %q, want %q in it: %v", name, out, note, tt.wantDropped)
				}
			}
			b, _ := json.Marshal(d)
			if want := fmt.Sprintf(`"dropped":%d`, d.Dropped); !strings.Contains(string(b), want) {
				t.Errorf("JSON = %s, want %s", b, want)
			}
		})
	}
}

// TestBuildTopicKeepsEventsAboutIt: an event that merely mentions a topic
// word in one article is not in the topic's digest; the threshold is on the
// event's match, not the article's.
func TestBuildTopicKeepsEventsAboutIt(t *testing.T) {
	arts := fixtures()[:3] // the attack near Moscow, three outlets
	arts = append(arts,
		article("t1", "USA Today", "2024-03-25T12:00:00Z", "Trump Media shares jump on debut",
			"Shares of Trump Media and Technology Group soared in their first day of trading on the Nasdaq exchange.",
			"Analysts called the valuation an attack on common sense."),
		article("t2", "CNN", "2024-03-25T13:00:00Z", "Trump Media soars in Nasdaq debut",
			"Trump Media and Technology Group shares rose sharply on their Nasdaq debut, valuing the company at billions."))
	from, to := window(t)
	tests := []struct {
		topic   string
		want    string
		notWant string
	}{
		{"Moscow attack", "a", "t"},
		{"Trump Media", "t", "a"},
	}
	for _, tt := range tests {
		t.Run(tt.topic, func(t *testing.T) {
			d, err := Build(context.Background(), &fakeSource{arts: arts}, Options{From: from, To: to, Topic: tt.topic})
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			if len(d.Points) == 0 {
				t.Fatalf("Build(%q): no points, want the %s* event", tt.topic, tt.want)
			}
			for _, p := range d.Points {
				if strings.HasPrefix(p.Citation.ArticleID, tt.notWant) {
					t.Errorf("Build(%q): point from %s (%q), an event not about the topic", tt.topic, p.Citation.ArticleID, p.Citation.Title)
				}
			}
			if !strings.HasPrefix(d.Points[0].Citation.ArticleID, tt.want) {
				t.Errorf("Build(%q): first point %s, want the %s* event", tt.topic, d.Points[0].Citation.ArticleID, tt.want)
			}
		})
	}
}
