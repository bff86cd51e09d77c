package digest

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// bridgeArticles is a hand-made event (a bridge collapse reported three
// times, then bodies recovered, then an arrest) and an unrelated story.
func bridgeArticles() []chronicle.Article {
	return []chronicle.Article{
		article("arrest", "Outlet C", "2024-04-05T09:00:00Z", "Captain of Meridian Star arrested over Alder bridge collapse",
			"Police arrested the captain of the cargo ship Meridian Star on Friday over the Alder Harbor Bridge collapse, prosecutors said."),
		article("c1", "Outlet A", "2024-04-01T10:00:00Z", "Alder Harbor Bridge collapses after ship strike",
			"The Alder Harbor Bridge collapsed into the Tamsin River on Monday after the cargo ship Meridian Star struck one of its piers."),
		article("bakery", "Outlet A", "2024-04-01T12:00:00Z", "Rosewood Bakery wins national bread prize",
			"The Rosewood Bakery of Port Alder won the national bread prize on Monday for its rye loaf."),
		article("c2", "Outlet B", "2024-04-01T11:00:00Z", "Cargo ship strikes Alder Harbor Bridge, which collapses",
			"A cargo ship, the Meridian Star, struck the Alder Harbor Bridge on Monday and the bridge collapsed into the Tamsin River."),
		article("bodies", "Outlet B", "2024-04-03T08:00:00Z", "Divers recover bodies near Alder Harbor Bridge",
			"Divers recovered the bodies of four road workers from the Tamsin River near the Alder Harbor Bridge on Wednesday, officials said."),
		article("c3", "", "2024-04-01T13:00:00Z", "Alder Harbor Bridge falls into river after Meridian Star strike",
			"The Alder Harbor Bridge fell into the Tamsin River on Monday when the Meridian Star cargo ship struck a pier."),
	}
}

func TestTimelineOf(t *testing.T) {
	tl, err := TimelineOf(context.Background(), bridgeArticles(), "Alder bridge collapse", 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range tl.Developments {
		got = append(got, d.Citation.ArticleID+":"+Reports(d.Reports))
		checkVerbatim(t, bridgeArticles(), d.Citation)
	}
	// The collapse, reported three times, is one line quoting one of its
	// reports; then the bodies, then the arrest; the bakery is left out.
	if len(got) != 3 || !strings.HasSuffix(got[0], ":3 reports") || got[1] != "bodies:1 report" || got[2] != "arrest:1 report" {
		t.Fatalf("TimelineOf developments = %v, want [c?:3 reports bodies:1 report arrest:1 report]\n%s", got, tl.Text())
	}
	first := tl.Developments[0]
	if first.Date != "2024-04-01" || !first.First.Equal(mustTime(t, "2024-04-01T10:00:00Z")) {
		t.Errorf("first development dated %s (%v), want 2024-04-01 10:00 (its first report)", first.Date, first.First)
	}
	if len(first.Outlets) != 2 || first.Outlets[0] != first.Citation.Source {
		t.Errorf("first development outlets = %v, want the cited outlet first and the unknown outlet not counted", first.Outlets)
	}
	if tl.Reports != 5 || tl.Articles != 6 {
		t.Errorf("Reports, Articles = %d, %d, want 5, 6", tl.Reports, tl.Articles)
	}
	if text := tl.Text(); !strings.Contains(text, "3 reports") || strings.Contains(text, "Rosewood") {
		t.Errorf("Text() = %s, want the merged count and no bakery", text)
	}
}

func TestTimelineOfNoMatch(t *testing.T) {
	tl, err := TimelineOf(context.Background(), bridgeArticles(), "volcano eruption", 0)
	if err != nil {
		t.Fatal(err)
	}
	if !tl.Empty() {
		t.Errorf("TimelineOf(volcano) = %+v, want empty", tl.Developments)
	}
	if !strings.Contains(tl.Text(), "No event in the window matches") {
		t.Errorf("Text() = %q, want it to say nothing matches", tl.Text())
	}
}

func TestTimelineBuilder(t *testing.T) {
	src := &fakeSource{arts: bridgeArticles()}
	from, to := DayWindow(mustDay(t, "2024-04-03"), mustDay(t, "2024-04-05"), time.UTC)
	tl, err := TimelineBuilder{Source: src}.Build(context.Background(), TimelineOptions{Query: "Alder bridge", From: from, To: to})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	if len(tl.Developments) != 2 || tl.Developments[0].Citation.ArticleID != "bodies" {
		t.Errorf("Build(3-5 April) = %+v, want bodies then arrest", tl.Developments)
	}
	if len(src.calls) != 1 || src.calls[0].Text != "Alder bridge" {
		t.Errorf("Window calls = %+v, want one search for the query", src.calls)
	}
	if _, err := (TimelineBuilder{Source: src}).Build(context.Background(), TimelineOptions{Query: " "}); err == nil {
		t.Errorf("Build(empty query) = nil error, want EINVALID")
	}
	if _, err := (TimelineBuilder{Source: src}).Build(context.Background(), TimelineOptions{Query: "x", From: to, To: from}); err == nil {
		t.Errorf("Build(to before from) = nil error, want EINVALID")
	}
}

func TestTimelineMoscowAttackRSS(t *testing.T) {
	recs := readJSONL[rssRecord](t, filepath.Join(dataDir(t, "moscow-attack-2024-rss"), "rss_entries.jsonl"))
	src := &fakeSource{}
	topic := make(map[string]string)
	for _, r := range recs {
		a := article(r.ID, r.Source, r.Published, r.Title, r.Description)
		a.URL = r.Link
		src.arts = append(src.arts, a)
		topic[r.ID] = r.Topic
	}
	from, to := DayWindow(mustDay(t, "2024-03-22"), mustDay(t, "2024-03-26"), time.UTC)
	tl, err := TimelineBuilder{Source: src}.Build(context.Background(), TimelineOptions{Query: "Moscow concert hall attack", From: from, To: to})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	t.Logf("\n%s", tl.Text())
	if len(tl.Developments) < 5 {
		t.Fatalf("%d developments, want at least 5", len(tl.Developments))
	}
	on := 0
	for i, d := range tl.Developments {
		if d.Citation.Text != d.Citation.Title {
			checkVerbatim(t, src.arts, d.Citation)
		}
		if i > 0 && d.First.Before(tl.Developments[i-1].First) {
			t.Errorf("development %d (%s) before development %d: not oldest first", i, d.Date, i-1)
		}
		if topic[d.Citation.ArticleID] == "moscow_attack" {
			on++
		}
	}
	if on*10 < len(tl.Developments)*8 {
		t.Errorf("%d of %d developments quote the attack's coverage, want at least 80%%", on, len(tl.Developments))
	}
	if !strings.HasPrefix(tl.Developments[0].Date, "2024-03-22") {
		t.Errorf("first development on %s, want 22 March (the attack)", tl.Developments[0].Date)
	}
}

func mustTime(tb testing.TB, s string) time.Time {
	tb.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// TestTimelineQuotesASentenceThatStandsAlone: of two reports of one
// development, the earlier (which a tie would quote) opens with "But she";
// the other is quoted.
func TestTimelineQuotesASentenceThatStandsAlone(t *testing.T) {
	arts := []chronicle.Article{
		article("lean", "Outlet A", "2024-04-01T10:00:00Z", "Mayor Ilse Varga resigns over Tamsin harbour contract",
			"But she said the Tamsin harbour contract was signed lawfully before Mayor Ilse Varga resigned on Monday."),
		article("alone", "Outlet B", "2024-04-01T11:00:00Z", "Tamsin harbour contract: Mayor Ilse Varga resigns",
			"Mayor Ilse Varga resigned on Monday over the Tamsin harbour contract, which she said was signed lawfully."),
	}
	tl, err := TimelineOf(context.Background(), arts, "Varga resigns", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(tl.Developments) != 1 || tl.Developments[0].Reports != 2 {
		t.Fatalf("TimelineOf = %+v, want one development of 2 reports", tl.Developments)
	}
	if got := tl.Developments[0].Citation.ArticleID; got != "alone" {
		t.Errorf("quoted %s (%q), want the report that stands alone", got, tl.Developments[0].Citation.Text)
	}
	for _, tt := range []struct {
		text string
		want bool
	}{
		{"But he also doubled down on a previous claim.", true},
		{"“It was chaos,” a witness said.", false},
		{"\"They ran,\" she said.", false},
		{"It said the talks would resume.", true},
		{"Putin declared Sunday a national day of mourning.", false},
	} {
		if got := dangling(tt.text); got != tt.want {
			t.Errorf("dangling(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}

// TestTimelineTextCounts: the heading counts in words that agree with the
// number ("1 development", "2 developments").
func TestTimelineTextCounts(t *testing.T) {
	day := time.Date(2024, 3, 22, 0, 0, 0, 0, time.UTC)
	dev := Development{Date: "2024-03-22", First: day, Reports: 1, Citation: chronicle.Citation{Text: "It happened.", Source: "BBC", Published: day}}
	tests := []struct {
		devs    int
		reports int
		want    string
	}{
		{1, 1, "(1 development from 1 report, outlets: 1)"},
		{2, 3, "(2 developments from 3 reports, outlets: 1)"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			tl := Timeline{Query: "x", Reports: tt.reports, Outlets: []string{"BBC"}, Developments: slices.Repeat([]Development{dev}, tt.devs)}
			if text := tl.Text(); !strings.Contains(text, tt.want) {
				t.Errorf("Text() =\n%s\nwant it to contain %q", text, tt.want)
			}
		})
	}
}

// TestTimelineTextWithoutOutlet: a development from an article that names
// no outlet shows its date alone, as the digest does; it showed "unknown
// outlet" and the heading "outlets: 0" (new-user trial nu40).
func TestTimelineTextWithoutOutlet(t *testing.T) {
	day := time.Date(2024, 3, 25, 9, 0, 0, 0, time.UTC)
	tl := Timeline{Query: "moscow", From: day, To: day, Reports: 1, Developments: []Development{{
		First: day, Reports: 1,
		Citation: chronicle.Citation{Text: "ISIS claimed the attack.", Title: "Attack claimed", Published: day},
	}}}
	text := tl.Text()
	for _, bad := range []string{"unknown outlet", "outlets: 0"} {
		if strings.Contains(text, bad) {
			t.Errorf("Text() = %q, holds %q", text, bad)
		}
	}
	if !strings.Contains(text, "        25 Mar 2024: Attack claimed\n") {
		t.Errorf("Text() = %q, want the citation line with the date alone", text)
	}
	tl.Outlets = []string{"BBC"}
	tl.Developments[0].Citation.Source = "BBC"
	if text := tl.Text(); !strings.Contains(text, "outlets: 1)") || !strings.Contains(text, "        BBC, 25 Mar 2024: Attack claimed\n") {
		t.Errorf("Text() = %q, want the outlet named", text)
	}
}
