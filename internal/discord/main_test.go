package discord

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/commands"
	"github.com/chronicle-bot/chronicle/internal/discord/discordtest"
	"github.com/chronicle-bot/chronicle/internal/testlog"
)

// fake is the package's one fake Discord: discordgo's endpoints are process
// globals, so every test talks to the same server (tests call fake.Reset).
var fake *discordtest.Server

func TestMain(m *testing.M) { discordtest.Main(m, SetAPIURL, &fake) }

// isisAnswerer answers every question with the ISIS citation; questions
// starting with "slow" take 1.2s, so the router (deferring after 600ms in
// these tests) defers them.
type isisAnswerer struct{}

var isis = chronicle.Citation{
	Text:      "Islamic State claimed responsibility for the attack on Crocus City Hall near Moscow.",
	ArticleID: "bbc-1", Title: "Moscow concert hall attack", Source: "BBC", URL: "https://bbc.example/moscow",
	Published: time.Date(2024, 3, 23, 0, 0, 0, 0, time.UTC), Paragraph: 2,
	Highlights: []chronicle.Span{{Start: 14, End: 36}},
}

func (isisAnswerer) Ask(ctx context.Context, q string, asOf time.Time) (chronicle.Answer, error) {
	if strings.HasPrefix(q, "slow") {
		select {
		case <-time.After(1200 * time.Millisecond):
		case <-ctx.Done():
			return chronicle.Answer{}, ctx.Err()
		}
	}
	other := chronicle.Citation{Text: "Officials told @everyone to stay home <@123>.", ArticleID: "r-2", Title: "Aftermath", Source: "Reuters",
		URL: "https://reuters.example/2", Published: time.Date(2024, 3, 24, 0, 0, 0, 0, time.UTC)}
	return chronicle.Answer{Question: q, Best: &isis, Sources: []chronicle.Citation{other}, Confidence: 0.8}, nil
}

// fakeIndex serves twelve articles for search, article and stats.
type fakeIndex struct{}

func articleN(i int) chronicle.Article {
	return chronicle.Article{
		ID: fmt.Sprintf("art-%02d", i), Title: fmt.Sprintf("Moscow attack update %d", i), Source: "Outlet",
		URL: fmt.Sprintf("https://news.example/%d", i), Published: time.Date(2024, 3, 10+i, 0, 0, 0, 0, time.UTC),
		Paragraphs: []chronicle.Paragraph{{Text: fmt.Sprintf("Update %d on the Moscow attack.", i)}},
	}
}

func (fakeIndex) Search(ctx context.Context, q chronicle.SearchQuery) (chronicle.SearchResult, error) {
	res := chronicle.SearchResult{Total: 12}
	for i := q.Offset; i < min(12, q.Offset+q.Limit); i++ {
		a := articleN(i)
		res.Hits = append(res.Hits, chronicle.SearchHit{Article: a, Score: 1, Snippet: chronicle.Citation{Text: a.Paragraphs[0].Text}})
	}
	return res, nil
}

func (fakeIndex) Article(ctx context.Context, id string) (chronicle.Article, error) {
	for i := range 12 {
		if a := articleN(i); a.ID == id {
			return a, nil
		}
	}
	return chronicle.Article{}, chronicle.Errorf(chronicle.ENOTFOUND, "no such article")
}

func (fakeIndex) Titles(ctx context.Context, prefix string, limit int) ([]chronicle.TitleMatch, error) {
	var out []chronicle.TitleMatch
	for i := range min(limit, 3) {
		a := articleN(i)
		out = append(out, chronicle.TitleMatch{ArticleID: a.ID, Title: a.Title, Published: a.Published})
	}
	return out, nil
}

func (fakeIndex) Stats(ctx context.Context) (chronicle.CorpusStats, error) {
	return chronicle.CorpusStats{Articles: 12, Outlets: map[string]int{"Outlet": 12},
		Oldest: time.Date(2024, 3, 10, 0, 0, 0, 0, time.UTC), Newest: time.Date(2024, 3, 21, 0, 0, 0, 0, time.UTC)}, nil
}

// newRouter builds the full command set over the fakes; it defers after
// 600ms so that tests of the deferred path are fast.
func newRouter(tb testing.TB, logger *slog.Logger) *commands.Router {
	tb.Helper()
	return newRouterDeferAfter(tb, logger, 600*time.Millisecond)
}

func newRouterDeferAfter(tb testing.TB, logger *slog.Logger, deferAfter time.Duration) *commands.Router {
	tb.Helper()
	idx := fakeIndex{}
	r, err := commands.NewRouter(commands.RouterConfig{Logger: logger, RateLimit: rate.Inf, DeferAfter: deferAfter, Timeout: 5 * time.Second},
		&commands.Ask{Answerer: isisAnswerer{}, Searcher: idx}, &commands.Search{Searcher: idx},
		&commands.Article{Articles: idx}, &commands.Sources{Stats: idx},
		&commands.Check{Answerer: isisAnswerer{}}, &commands.Help{})
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// startBot runs a gateway bot against the fake until the test ends.
func startBot(tb testing.TB, cfg Config) (*Bot, *testlog.Buffer) {
	tb.Helper()
	fake.Reset()
	logs := &testlog.Buffer{}
	logger := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if cfg.Token == "" {
		cfg.Token = fake.Token
	}
	cfg.APIURL = fake.URL
	b, err := New(cfg, newRouter(tb, logger), logger)
	if err != nil {
		tb.Fatal(err)
	}
	runBot(tb, b)
	return b, logs
}

// runBot runs b against the fake until the test ends.
func runBot(tb testing.TB, b *Bot) {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	handshakes := fake.Handshakes()
	go func() { errc <- b.Run(ctx) }()
	tb.Cleanup(func() {
		cancel()
		if err := <-errc; err != nil {
			tb.Errorf("Run: %v", err)
		}
		fake.WaitDisconnected(tb)
	})
	fake.WaitGateway(tb, 0, handshakes+1)
	fake.WaitConnected(tb)
}
