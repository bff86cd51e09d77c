package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestStaleHint: a digest or timeline over the default window (the last
// 24 hours) that begins after the index's newest article says which window
// holds its newest coverage; on the bundled corpus `bot digest` said only
// "No coverage between 3 Dec 2026 and 4 Dec 2026."
func TestStaleHint(t *testing.T) {
	newest := time.Date(2024, 3, 25, 18, 0, 0, 0, time.UTC)
	today := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	want := "(the newest article in the index is of 2024-03-25; for its last week: bot digest --since 2024-03-19 --until 2024-03-25)\n"
	for _, tc := range []struct {
		name         string
		since, until string
		newest, from time.Time
		want         string
	}{
		{"default window after the newest", "", "", newest, today, want},
		{"a window given", "2024-03-01", "", newest, today, ""},
		{"an end given", "", "2024-03-25", newest, today, ""},
		{"news in the window", "", "", today.Add(3 * time.Hour), today, ""},
		// Dated tomorrow (UTC), so not misdated, but after the window's end
		// (now): `bot digest` said only "No coverage".
		{"news after the window's end", "", "", today.Add(30 * time.Hour), today,
			"(the newest article in the index is dated 2026-12-04, after now, when this window ends; for its day: bot digest --since 2026-12-04 --until 2026-12-04)\n"},
		{"news after the window's end, a window given", "2026-12-01", "", today.Add(30 * time.Hour), today, ""},
		{"an empty index", "", "", time.Time{}, today, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := windowFlags{since: tc.since, until: tc.until}
			// A window that listed anything gets no hint, as /digest's
			// digest with points (the tomorrow hint was said over them).
			if got := w.staleHint("digest", tc.newest, tc.from, tc.from.Add(24*time.Hour), 0, time.Time{}, true); got != "" {
				t.Errorf("staleHint of a window that listed something = %q, want none", got)
			}
			if got := w.staleHint("digest", tc.newest, tc.from, tc.from.Add(24*time.Hour), 0, time.Time{}, false); got != tc.want {
				t.Errorf("staleHint = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestStaleHintNotForARefusedTopic: a digest topic or timeline query of
// stop words alone is refused, and alone: the hint suggested the same
// command over another window, which fails the same way.
func TestStaleHintNotForARefusedTopic(t *testing.T) {
	clearEnv(t)
	corpus, idx := copyCorpus(t), filepath.Join(t.TempDir(), "index")
	const refusal = "Those words are all too common to search by"
	for _, args := range [][]string{{"digest", "--topic", "the of and"}, {"timeline", "the of and"}} {
		t.Run(args[0], func(t *testing.T) {
			out, stderr, err := runCLI(t, "", cliArgs(corpus, idx, args...)...)
			if err == nil || !strings.HasPrefix(err.Error(), refusal) {
				t.Errorf("bot %s = %v, want %q", strings.Join(args, " "), err, refusal)
			}
			if strings.Contains(stderr, "newest article") || strings.Contains(stderr, "--since") || out != "" {
				t.Errorf("bot %s printed %q, and %q on stderr; want only the refusal", strings.Join(args, " "), out, stderr)
			}
		})
	}
	// A topic that is searched still gets the hint.
	_, stderr, err := runCLI(t, "", cliArgs(corpus, idx, "digest", "--topic", "Moscow")...)
	if err != nil || !strings.Contains(stderr, "bot digest --topic Moscow --since 2024-03-19 --until 2024-03-25") {
		t.Errorf("bot digest --topic Moscow: %v, stderr %q; want the hint", err, stderr)
	}
}

func TestShellWord(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"moscow", "moscow"},
		{"Moscow attack", "'Moscow attack'"},
		{"$TSLA", "'$TSLA'"},
		{"it's", `'it'\''s'`},
		{"", "''"},
		{"2024-03-25", "2024-03-25"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := shellWord(tc.in); got != tc.want {
				t.Errorf("shellWord(%q) = %s, want %s", tc.in, got, tc.want)
			}
		})
	}
}

func TestDeclinedNote(t *testing.T) {
	for _, tc := range []struct {
		threshold float64
		declined  int
		want      string
	}{
		{0.44, 308, "(threshold 0.44: the 308 questions declined count as wrong at accuracy@1; --threshold 0 answers every question a source can answer, as the figures of docs/ANSWER.md do)\n"},
		{0.44, 1, "(threshold 0.44: the question declined counts as wrong at accuracy@1; --threshold 0 answers every question a source can answer, as the figures of docs/ANSWER.md do)\n"},
		{0.44, 0, ""},
		{0, 5, ""},
	} {
		if got := declinedNote(tc.threshold, tc.declined); got != tc.want {
			t.Errorf("declinedNote(%g, %d) = %q, want %q", tc.threshold, tc.declined, got, tc.want)
		}
	}
}

// TestStaleHintEveryArticleAhead: a digest or timeline over the default
// window of an index whose dated articles are all dated after tomorrow (a
// corpus of typos, 2031 for 2021) said only "No coverage between ..." (or
// "No event in the window matches"), with no hint, as of an empty index
// (helper 139): it says that the articles are dated after tomorrow.
func TestStaleHintEveryArticleAhead(t *testing.T) {
	clearEnv(t)
	corpus, idx := t.TempDir(), filepath.Join(t.TempDir(), "index")
	const lines = `{"id":"f1","title":"Plonk bridge opens","date":"2031-06-01","text":"The Plonk bridge opened to traffic. The Plonk bridge was designed by engineer Lara Moss."}
{"id":"f2","title":"Plonk bridge closes","date":"2030-01-01","text":"The Plonk bridge closed for repairs. The Plonk bridge repairs were led by engineer Lara Moss."}
`
	if err := os.WriteFile(filepath.Join(corpus, "a.jsonl"), []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"digest"}, {"timeline", "Plonk bridge"}} {
		t.Run(args[0], func(t *testing.T) {
			_, stderr, err := runCLI(t, "", cliArgs(corpus, idx, args...)...)
			if err != nil {
				t.Fatal(err)
			}
			if want := "(the 2 dated articles of the index are all dated after tomorrow, the latest 2031-06-01: no window reaches them before their days; check their dates in the corpus)\n"; !strings.Contains(stderr, want) {
				t.Errorf("bot %s: stderr %q; want %q", strings.Join(args, " "), stderr, want)
			}
		})
	}
}

// TestStaleHintAheadWords: one article dated ahead is said in the
// singular, and a window given (or an article dated by tomorrow) says nothing
// of those ahead.
func TestStaleHintAheadWords(t *testing.T) {
	today := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)
	latest := time.Date(2031, 6, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name   string
		since  string
		newest time.Time
		ahead  int
		want   string
	}{
		{"one ahead", "", time.Time{}, 1, "(the 1 dated article of the index is dated after tomorrow, on 2031-06-01: no window reaches it before that day; check its date in the corpus)\n"},
		{"a window given", "2031-01-01", time.Time{}, 1, ""},
		{"an article dated by tomorrow too", "", today.Add(3 * time.Hour), 1, ""},
		{"none ahead", "", time.Time{}, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := windowFlags{since: tc.since}
			if got := w.staleHint("digest", tc.newest, today, today.Add(24*time.Hour), tc.ahead, latest, false); got != tc.want {
				t.Errorf("staleHint = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestStaleHintNotAfterAFailure: a digest or timeline whose build fails
// says its error alone; the hint suggested the same command over another
// window as if this one had found nothing. The build is made to fail by a
// context cancelled once the index is open (no --corpus: nothing to sync).
func TestStaleHintNotAfterAFailure(t *testing.T) {
	clearEnv(t)
	corpus, idx := copyCorpus(t), filepath.Join(t.TempDir(), "index")
	if _, _, err := runCLI(t, "", "index", "--corpus", corpus, "--index", idx); err != nil {
		t.Fatal(err)
	}
	// (A digest without a topic over a window with no articles reads
	// nothing that a context stops.)
	for _, args := range [][]string{{"digest", "--topic", "Moscow"}, {"timeline", "Moscow attack"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			var stdout, stderr bytes.Buffer
			root := newRootCmd(&stdout, &stderr)
			root.SetArgs(append(args, "--index", idx))
			err := root.ExecuteContext(ctx)
			if err == nil {
				t.Fatalf("bot %s with a cancelled context: no error, want the build's", strings.Join(args, " "))
			}
			if strings.Contains(stderr.String(), "newest article") {
				t.Errorf("bot %s failed (%v) and still printed the hint: %q", strings.Join(args, " "), err, stderr.String())
			}
		})
	}
}
