package digest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle"
)

// TestBuildKeepsEveryChosenPoint: Build returns every point it chose, up to
// MaxPoints, however long the digest: fitting it to one Discord message is
// internal/commands' (TestDigestMessageFitsOneMessage there).
func TestBuildKeepsEveryChosenPoint(t *testing.T) {
	var arts []chronicle.Article
	for i := range 20 {
		id := fmt.Sprintf("s%02d", i)
		w := strings.Repeat(string(rune('a'+i)), 6)
		arts = append(arts, article(id, "Outlet "+id, "2024-03-23T10:00:00Z", "Story "+w,
			"Officials in "+w+"ville said the "+w+" bridge would close for repairs that will last at least until the end of the summer season, "+
				"while traffic in "+w+"ville is sent through the narrow streets of the old town and the "+w+" ferry doubles its crossings at weekends."))
	}
	from, to := window(t)
	for _, maxPoints := range []int{3, 20} {
		t.Run(fmt.Sprint(maxPoints), func(t *testing.T) {
			d, err := Build(context.Background(), &fakeSource{arts: arts}, Options{From: from, To: to, MaxPoints: maxPoints, MaxQuote: 400})
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			if d.Stories != 20 || len(d.Points) != maxPoints {
				t.Errorf("Build: %d stories, %d points; want 20 stories and %d points", d.Stories, len(d.Points), maxPoints)
			}
			seen := make(map[string]bool)
			for _, p := range d.Points {
				if seen[p.Citation.ArticleID] {
					t.Errorf("Build: %s cited twice", p.Citation.ArticleID)
				}
				seen[p.Citation.ArticleID] = true
			}
			if text := d.Text(); strings.Count(text, "\n   Outlet s") != maxPoints || strings.Contains(text, "more stor") {
				t.Errorf("Text() = %q, want its %d points and no note of points left out", text, maxPoints)
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

// TestPointsBounded: a digest asks for at most MostPoints points (choosing
// each compares it with every one chosen before: 200 points of a dense
// month took a minute), and the choice stops when its context ends (it
// went on through Ctrl-C and SIGTERM; helper 77).
func TestPointsBounded(t *testing.T) {
	var arts []chronicle.Article
	for i := range MostPoints + 10 {
		id := fmt.Sprintf("s%03d", i)
		w := fmt.Sprintf("%c%c%c%c%c", 'a'+i%26, 'a'+i/26%26, 'q', 'a'+i%26, 'z')
		arts = append(arts, article(id, "Outlet "+id, "2024-03-23T10:00:00Z", "Story "+w,
			"Officials in "+w+"ville said the "+w+" bridge would close for repairs that will last at least until the end of the summer season, "+
				"while traffic in "+w+"ville is sent through the narrow streets of the old town and the "+w+" ferry doubles its crossings at weekends."))
	}
	from, to := window(t)
	d, err := Build(context.Background(), &fakeSource{arts: arts}, Options{From: from, To: to, MaxPoints: 10 * MostPoints, MaxQuote: 400})
	if err != nil {
		t.Fatal(err)
	}
	if d.Stories <= MostPoints || len(d.Points) != MostPoints {
		t.Errorf("asked for %d points of %d stories: %d points, want %d", 10*MostPoints, d.Stories, len(d.Points), MostPoints)
	}
	s := newSummary(arts, "")
	stories, err := s.stories(context.Background(), from, to)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.points(ctx, stories, Options{MaxPoints: MostPoints}.withDefaults()); err != context.Canceled {
		t.Errorf("points with its context ended: error %v, want %v", err, context.Canceled)
	}
}
