package commands

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle"
)

type fakeStats struct {
	stats chronicle.CorpusStats
	err   error
}

func (f fakeStats) Stats(ctx context.Context) (chronicle.CorpusStats, error) { return f.stats, f.err }

type fakeFeeds struct {
	feeds []FeedStatus
	err   error
}

func (f fakeFeeds) FeedHealth(ctx context.Context) ([]FeedStatus, error) { return f.feeds, f.err }

func TestSources(t *testing.T) {
	stats := chronicle.CorpusStats{
		Articles: 16500, Outlets: map[string]int{"BBC": 10, "Reuters": 30, "": 2, "AP": 10},
		Oldest: day(2023, 1, 2), Newest: day(2024, 3, 26), Undated: 2,
		Updated: time.Date(2024, 3, 26, 9, 30, 0, 0, time.UTC),
	}
	tests := []struct {
		name  string
		cmd   *Sources
		wants []string
		nots  []string
	}{
		{"stats", &Sources{Stats: fakeStats{stats: stats}}, []string{"Articles=16500", "Outlets=3", "Last update=2024-03-26 09:30 UTC",
			"Dates=2023-01-02 to 2024-03-26 (2 undated)", "Top outlets=Reuters (30), AP (10), BBC (10); 2 articles without an outlet"}, nil},
		{"top outlets limited", &Sources{Stats: fakeStats{stats: stats}, MaxOutlets: 2}, []string{"Top outlets=Reuters (30), AP (10), and 1 more; 2 articles without an outlet"}, nil},
		{"no outlet named", &Sources{Stats: fakeStats{stats: chronicle.CorpusStats{Articles: 1, Outlets: map[string]int{"": 1}}}},
			[]string{"Outlets=0", "Top outlets=none named; 1 article without an outlet"}, nil},
		{"feeds", &Sources{Stats: fakeStats{stats: stats}, Feeds: fakeFeeds{feeds: []FeedStatus{
			{Name: "BBC World", URL: "https://bbc.example/rss", LastSuccess: day(2024, 3, 26)},
			{URL: "https://x.example/rss", LastError: "404 Not Found"},
		}}}, []string{"Feeds (2)=• [BBC World](https://bbc.example/rss): ✅ fetched 2024-03-26\n• [https://x.example/rss](https://x.example/rss): ⚠️ 404 Not Found"}, nil},
		{"feed at its daily limit", &Sources{Stats: fakeStats{stats: stats}, Feeds: fakeFeeds{feeds: []FeedStatus{
			{Name: "Busy", URL: "https://busy.example/rss", LastSuccess: day(2024, 3, 26), Waiting: 37,
				WaitUntil: time.Date(2024, 3, 27, 14, 5, 0, 0, time.FixedZone("CET", 3600))},
			{Name: "One", URL: "https://one.example/rss", LastSuccess: day(2024, 3, 26), Waiting: 1},
			{Name: "Broken", URL: "https://broken.example/rss", LastError: "503 Service Unavailable", Waiting: 4},
		}}}, []string{"[Busy](https://busy.example/rss): ✅ fetched 2024-03-26 · ⏸️ daily limit reached, 37 new items wait until 2024-03-27 13:05 UTC\n",
			"[One](https://one.example/rss): ✅ fetched 2024-03-26 · ⏸️ daily limit reached, 1 new item waits\n",
			"[Broken](https://broken.example/rss): ⚠️ 503 Service Unavailable"}, []string{"4 new items"}},
		{"feeds error", &Sources{Stats: fakeStats{stats: stats}, Feeds: fakeFeeds{err: errors.New("x")}}, []string{"Feeds=Feed status is unavailable right now."}, nil},
		{"empty corpus", &Sources{Stats: fakeStats{}}, []string{"Dates=no dated articles", "Last update=never", "Top outlets=none yet"}, nil},
		// Articles dated after tomorrow are said apart from the span answers
		// are given in (helper 132: "Dates 2024-05-01 to 2030-01-01").
		{"one dated ahead", &Sources{Stats: fakeStats{stats: chronicle.CorpusStats{Articles: 4, Oldest: day(2024, 5, 1), Newest: day(2024, 5, 4),
			Ahead: 1, Latest: day(2030, 1, 1), Undated: 1}}},
			[]string{"Dates=2024-05-01 to 2024-05-04 (1 undated; 1 dated after tomorrow, 2030-01-01, taken for misdated)"}, nil},
		{"all dated ahead", &Sources{Stats: fakeStats{stats: chronicle.CorpusStats{Articles: 2, Ahead: 2, Latest: day(2030, 1, 1)}}},
			[]string{"Dates=none dated by tomorrow (2 dated after tomorrow, the latest 2030-01-01, taken for misdated)"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := tt.cmd.Handle(context.Background(), Request{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range resp.Embeds[0].Fields {
				got = append(got, f.Name+"="+f.Value)
			}
			all := strings.Join(got, "\n")
			for _, w := range tt.wants {
				if !strings.Contains(all, w) {
					t.Errorf("fields =\n%s\nwant %q", all, w)
				}
			}
			for _, w := range tt.nots {
				if strings.Contains(all, w) {
					t.Errorf("fields =\n%s\nshould not say %q", all, w)
				}
			}
		})
	}
	if _, err := (&Sources{Stats: fakeStats{err: errors.New("closed")}}).Handle(context.Background(), Request{}); err == nil {
		t.Error("stats error not returned")
	}
}

func TestHelpListsRouterCommands(t *testing.T) {
	r, err := NewRouter(RouterConfig{}, &Ask{}, &Search{}, &Check{}, &Help{})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := r.Handle(context.Background(), Request{Kind: KindCommand, Command: "help"})
	if err != nil {
		t.Fatal(err)
	}
	d := resp.Embeds[0].Description
	for _, w := range []string{"**/ask question:…**", "**/search query:… [from] [to]**", "Apps → Check in sources", "**/help**"} {
		if !strings.Contains(d, w) {
			t.Errorf("help = %q, want %q", d, w)
		}
	}
	if !resp.Ephemeral {
		t.Error("help is not ephemeral")
	}
}
