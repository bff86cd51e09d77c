package schedule

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

func article(id, title string, paragraphs ...string) chronicle.Article {
	a := chronicle.Article{ID: id, Title: title, Source: "Test News", URL: "https://news.example/" + id}
	for _, p := range paragraphs {
		a.Paragraphs = append(a.Paragraphs, chronicle.Paragraph{Text: p})
	}
	return a
}

// filler is a paragraph about nothing the queries name.
const filler = "Officials said more details would follow later in the week."

// TestMatchScoreThresholds: where the query's words stand decides the
// score, and DefaultMinScore lets through what is about the query and keeps
// out mentions in passing and articles missing a word.
func TestMatchScoreThresholds(t *testing.T) {
	an := terms.New()
	stems := QueryStems(an, "the Moscow attack")
	if len(stems) != 2 {
		t.Fatalf("QueryStems(the Moscow attack) = %v, want two stems (stop word dropped)", stems)
	}
	even := map[string]float64{stems[0]: 1, stems[1]: 1}
	tests := []struct {
		name      string
		art       chronicle.Article
		want      float64
		wantMatch bool
	}{
		{"both in the headline", article("a", "Moscow attack: toll rises", filler), 1, true},
		{"both in the lead", article("b", "Update", "Gunmen attacked a concert hall near Moscow on Friday."), 1, true},
		{"one in the headline, one repeated below", article("c", "Moscow mourns", filler, filler,
			"The attack shocked the city.", "A second attack was feared."), 0.875, true},
		{"one in the headline, one once below", article("d", "Moscow mourns", filler, filler, "The attack shocked the city."), 0.75, true},
		{"both once, deep in the body", article("e", "Football results", filler, filler,
			"Fans from Moscow travelled.", "The attack line of the team was strong."), 0.5, false},
		{"one word missing", article("f", "Moscow weather", "Snow fell on Moscow again."), 0.5, false},
		{"nothing", article("g", "Rail strike", "Rail workers walked out."), 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, quote := MatchScore(an, stems, even, tt.art)
			if math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("MatchScore(%s) = %v, want %v", tt.art.ID, got, tt.want)
			}
			if (got >= DefaultMinScore) != tt.wantMatch {
				t.Errorf("MatchScore(%s) = %v passes %v: %v, want %v", tt.art.ID, got, DefaultMinScore, got >= DefaultMinScore, tt.wantMatch)
			}
			if quote.ArticleID != tt.art.ID || quote.Text == "" {
				t.Errorf("quote = %+v, want a sentence of article %s", quote, tt.art.ID)
			}
		})
	}
}

// TestMatchScoreRarity: a rare word counts for more than a common one, so
// an article that has only the common word falls further below the bar.
func TestMatchScoreRarity(t *testing.T) {
	an := terms.New()
	stems := QueryStems(an, "Crocus attack")
	idf := map[string]float64{stems[0]: IDF(1000, 3), stems[1]: IDF(1000, 400)}
	if idf[stems[0]] <= idf[stems[1]] {
		t.Fatalf("IDF of a rare word %v <= of a common word %v", idf[stems[0]], idf[stems[1]])
	}
	common, _ := MatchScore(an, stems, idf, article("a", "Attack on a convoy", filler))
	rare, _ := MatchScore(an, stems, idf, article("b", "Crocus City Hall reopens", filler))
	if !(common < 0.5 && rare > 0.5) {
		t.Errorf("MatchScore with only the common word = %v, only the rare word = %v; want below and above 0.5", common, rare)
	}
}

// TestMatchScoreQuote: the quote is the sentence with the most query words,
// with those words highlighted.
func TestMatchScoreQuote(t *testing.T) {
	an := terms.New()
	stems := QueryStems(an, "volcano eruption Iceland")
	art := article("v", "Iceland", "Flights were cancelled. A volcano erupted again in Iceland overnight.", "The eruption was the fifth since December.")
	_, q := MatchScore(an, stems, nil, art)
	if q.Text != "A volcano erupted again in Iceland overnight." || q.Paragraph != 0 {
		t.Errorf("quote = %q (paragraph %d), want the sentence with volcano and Iceland", q.Text, q.Paragraph)
	}
	var marked []string
	for _, s := range q.Highlights {
		marked = append(marked, q.Text[s.Start:s.End])
	}
	if strings.Join(marked, ",") != "volcano,erupted,Iceland" {
		t.Errorf("highlights = %v, want volcano, erupted, Iceland", marked)
	}
	if s, _ := MatchScore(an, nil, nil, art); s != 0 {
		t.Errorf("MatchScore with no stems = %v, want 0", s)
	}
}

// BenchmarkMatchScore scores a 40-paragraph article (about 1,000 words)
// against a three-word watch, as a pass does for every new article and
// watch.
func BenchmarkMatchScore(b *testing.B) {
	an := terms.New()
	stems := QueryStems(an, "Moscow concert attack")
	var paras []string
	for i := range 40 {
		paras = append(paras, fmt.Sprintf("Paragraph %d says officials met on Tuesday. The concert attack in Moscow was discussed at length, "+
			"and ministers promised a full inquiry into the security failures that preceded it.", i))
	}
	art := article("long", "Officials meet", paras...)
	b.ReportAllocs()
	for b.Loop() {
		MatchScore(an, stems, nil, art)
	}
}

// BenchmarkWatchPassManyWatches matches 100 new articles of about 1,000
// words against 500 watches, as a pass does after a busy feed fetch on a
// bot in many servers.
func BenchmarkWatchPassManyWatches(b *testing.B) {
	var paras []string
	for i := range 40 {
		paras = append(paras, fmt.Sprintf("Paragraph %d says officials met on Tuesday. The concert attack in Moscow was discussed at length, "+
			"and ministers promised a full inquiry into the security failures that preceded it.", i))
	}
	var arts []chronicle.Article
	for i := range 100 {
		arts = append(arts, article(fmt.Sprintf("a%d", i), "Officials meet", paras...))
	}
	for b.Loop() {
		b.StopTimer()
		e := newWatchEnv(b)
		for i := range 500 {
			if _, err := e.w.AddWatch(context.Background(), Watch{GuildID: fmt.Sprintf("g%d", i/20), ChannelID: "c1",
				Query: fmt.Sprintf("Moscow story%d", i)}); err != nil {
				b.Fatal(err)
			}
		}
		e.ingest(b, arts...)
		b.StartTimer()
		if err := e.w.RunOnce(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}
