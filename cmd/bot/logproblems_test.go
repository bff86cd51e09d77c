package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/corpus"
)

// TestLogProblems: bot serve names each problem of a sync (path, line,
// reason), as bot index prints them; it said only the counts of the
// sync's summary, so a broken file dropped into a watched folder went
// unnamed (helper 73).
func TestLogProblems(t *testing.T) {
	many := make([]corpus.Problem, 0, loggedProblems+5)
	for i := range loggedProblems + 5 {
		many = append(many, corpus.Problem{Path: "/c/bad.jsonl", Line: i + 1, Reason: corpus.ReasonMalformedJSON, Skipped: true})
	}
	many[len(many)-1].More = 1000
	for _, tt := range []struct {
		name     string
		problems []corpus.Problem
		want     []string
		notWant  []string
		feed     bool // logged as a feed's items' problems, by a logger that names its component
	}{
		{"none", nil, nil, []string{"corpus problem"}, false},
		{"a broken file and a warning", []corpus.Problem{
			{Path: "/c/broken.jsonl", Line: 2, Reason: corpus.ReasonMalformedJSON, Detail: "unexpected end", Skipped: true},
			{Path: "/c/old.txt", Reason: "undated"},
		}, []string{
			`level=WARN msg="corpus problem" component=index problem="/c/broken.jsonl:2: malformed JSON: unexpected end"`,
			`level=INFO msg="corpus problem" component=index problem="/c/old.txt: undated"`,
		}, []string{"more corpus problems"}, false},
		{"more than are logged", many, []string{
			fmt.Sprintf(`problem="/c/bad.jsonl:%d: malformed JSON"`, loggedProblems),
			`msg="more corpus problems, not logged one by one" component=index count=1005`,
		}, []string{fmt.Sprintf(`problem="/c/bad.jsonl:%d: malformed JSON"`, loggedProblems+1)}, false},
		{"a feed's outlet name cut", []corpus.Problem{
			{Path: "https://example.com/feed.xml", Reason: corpus.ReasonLongSource, Detail: "outlet name of 1024 bytes, more than 200; cut"},
		}, []string{
			`level=INFO msg="feed item problem" component=feed problem="https://example.com/feed.xml: outlet or link too long: outlet name of 1024 bytes, more than 200; cut"`,
		}, []string{"component=feed component=feed", "corpus problem"}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
			if tt.feed {
				logProblems(context.Background(), log.With("component", "feed"), "feed item", "", tt.problems)
			} else {
				logProblems(context.Background(), log, "corpus", "index", tt.problems)
			}
			out := buf.String()
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("log lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(out, w) {
					t.Errorf("log has %q:\n%s", w, out)
				}
			}
		})
	}
}

// TestPrintProblemsMore: bot index's line for the problems it does not list
// agrees with their count ("1 more problem", not "1 more problems").
func TestPrintProblemsMore(t *testing.T) {
	for _, tt := range []struct {
		name  string
		extra int
		want  string
	}{
		{"one more", 1, "... and 1 more problem (--verbose lists them)\n"},
		{"two more", 2, "... and 2 more problems (--verbose lists them)\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			problems := make([]corpus.Problem, 0, loggedProblems+tt.extra)
			for i := range loggedProblems + tt.extra {
				problems = append(problems, corpus.Problem{Path: "/c/bad.jsonl", Line: i + 1, Reason: corpus.ReasonMalformedJSON, Skipped: true})
			}
			var buf bytes.Buffer
			(&app{stderr: &buf}).printProblems(problems, false)
			if out := buf.String(); !strings.HasSuffix(out, tt.want) {
				t.Errorf("printProblems of %d problems ends\n%s\nwant it to end %q", len(problems), out, tt.want)
			}
		})
	}
}
