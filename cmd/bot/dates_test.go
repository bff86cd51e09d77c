package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// datedCorpus writes a JSON Lines corpus of a few articles of May 2024,
// one dated 2090 (after tomorrow: misdated) and one whose date has a time
// zone offset (2 May in New York, 3 May in UTC), and returns its folder.
func datedCorpus(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	lines := []string{
		`{"id":"h8","title":"Ravensworth observatory","text":"The Ravensworth observatory will open to the public next spring, the trust said.","date":"2090-01-01"}`,
		`{"id":"a1","title":"Council budget","text":"The council approved the budget for the new library on Wednesday.","date":"2024-05-01"}`,
		`{"id":"a2","title":"Harbour repairs","text":"Repairs to the harbour wall will start in June, the port authority said.","date":"2024-05-03"}`,
		`{"id":"a3","title":"School football","text":"The school football team won the county cup on Saturday.","date":"2024-05-04"}`,
		`{"id":"tz","title":"Marlow bridge","text":"The Marlow bridge was closed after a barge struck it late on Thursday, police said.","date":"2024-05-02T23:30:00-05:00"}`,
	}
	if err := os.WriteFile(filepath.Join(dir, "news.jsonl"), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// TestFutureArticleNotQuotedAsCurrent: without --as-of an answer is given
// as of the newest article dated by tomorrow (UTC); an article dated after
// tomorrow (misdated) is not quoted under "Current as of" a day before its own date
// (helper 132: a 2030 article was, in the text and in the JSON), and the
// reply says one was left out. bot index says, in one line, that an
// article is dated after tomorrow.
func TestFutureArticleNotQuotedAsCurrent(t *testing.T) {
	clearEnv(t)
	corpus, idx := datedCorpus(t), filepath.Join(t.TempDir(), "index")
	_, stderr, err := runCLI(t, "", cliArgs(corpus, idx, "index")...)
	if err != nil {
		t.Fatal(err)
	}
	var ahead []string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.Contains(l, "dated after tomorrow") {
			ahead = append(ahead, l)
		}
	}
	if len(ahead) != 1 || !strings.Contains(ahead[0], "h8") || !strings.Contains(ahead[0], "2090-01-01") {
		t.Errorf("bot index stderr = %q; want one line saying that h8 is dated after tomorrow (2090-01-01)", stderr)
	}

	q := "What is the current plan of the Ravensworth observatory?"
	out, _, err := runCLI(t, "", "ask", "--index", idx, q)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "2090") && !strings.Contains(out, "dated after tomorrow") || strings.Contains(out, "Ravensworth observatory will open") {
		t.Errorf("bot ask = %q; want the article dated 2090 not quoted", out)
	}
	if !strings.Contains(out, "1 article") || !strings.Contains(out, "dated after tomorrow") {
		t.Errorf("bot ask = %q; want it to say that 1 article dated after tomorrow was left out", out)
	}
	out, _, err = runCLI(t, "", "ask", "--index", idx, "--json", q)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Answer *struct {
			Date string `json:"date"`
		} `json:"answer"`
		Sources     []struct{ Date string } `json:"sources"`
		CurrentAsOf string                  `json:"current_as_of"`
		Misdated    int                     `json:"misdated"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("ask --json = %q: %v", out, err)
	}
	if got.Answer != nil && got.Answer.Date > got.CurrentAsOf || got.Misdated != 1 {
		t.Errorf("ask --json = %s; want no answer dated after current_as_of, and misdated 1", out)
	}
	for _, s := range got.Sources {
		if s.Date > "2024-05-04" {
			t.Errorf("ask --json = %s; want no source dated after 2024-05-04", out)
		}
	}
	// A question another article answers is answered, as of its day.
	out, _, err = runCLI(t, "", "ask", "--index", idx, "When will the harbour wall repairs start now?")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "start in June") || strings.Contains(out, "dated after tomorrow") {
		t.Errorf("bot ask = %q; want the harbour answer, without a word of the misdated article", out)
	}
}

// TestTomorrowNotMisdated: an article dated tomorrow (UTC) is not
// misdated, the day having begun east of UTC: answered without --as-of,
// not warned of by bot index, and no digest hint takes it for a typo. It
// was left out of answers as misdated, while --as-of accepted tomorrow
// and bot index warned only of articles more than a day ahead (helper
// 140). One dated the day after tomorrow still is misdated, everywhere.
func TestTomorrowNotMisdated(t *testing.T) {
	clearEnv(t)
	today := time.Now().UTC()
	day := func(n int) string { return today.AddDate(0, 0, n).Format(time.DateOnly) }
	corpus, idx := t.TempDir(), filepath.Join(t.TempDir(), "index")
	lines := `{"id":"tmr","title":"Wibble accord signed","publish_date":"` + day(1) + `","text":"Ann Quill negotiated the Wibble accord for the ministry."}
{"id":"dat","title":"Zorble dam opened","publish_date":"` + day(2) + `","text":"Ben Rook opened the Zorble dam for the county council."}
`
	if err := os.WriteFile(filepath.Join(corpus, "a.jsonl"), []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, err := runCLI(t, "", cliArgs(corpus, idx, "index")...)
	skipIfDayTurned(t, today)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr, "warning: 1 article is dated after tomorrow (dat, "+day(2)+")") || strings.Contains(stderr, "tmr") {
		t.Errorf("bot index stderr = %q; want a warning of dat (%s) alone", stderr, day(2))
	}
	for _, tc := range []struct {
		name, question, want, notWant string
	}{
		{"tomorrow's article answers", "Who negotiated the Wibble accord?", "Ann Quill", "dated after tomorrow"},
		{"the day after tomorrow's is left out", "Who opened the Zorble dam?", "1 article that matches is dated after tomorrow", "Ben Rook"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, _, err := runCLI(t, "", "ask", "--index", idx, tc.question)
			skipIfDayTurned(t, today)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out, tc.want) || strings.Contains(out, tc.notWant) {
				t.Errorf("bot ask %q = %q; want %q in it, not %q", tc.question, out, tc.want, tc.notWant)
			}
		})
	}
	_, stderr, err = runCLI(t, "", cliArgs(corpus, idx, "digest")...)
	skipIfDayTurned(t, today)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(stderr, "check") {
		t.Errorf("bot digest stderr = %q; want no hint that tomorrow's article is misdated", stderr)
	}
}

// TestTomorrowOnlyHint: over an index whose only dated article is dated
// tomorrow (UTC), not misdated, `bot digest` and `bot timeline` over the
// default window (the last 24 hours, to now) find nothing and said nothing
// more (its day is after the window, not before): they say which window
// holds it, and that window lists it.
func TestTomorrowOnlyHint(t *testing.T) {
	clearEnv(t)
	today := time.Now().UTC()
	tomorrow := today.AddDate(0, 0, 1).Format(time.DateOnly)
	corpus, idx := t.TempDir(), filepath.Join(t.TempDir(), "index")
	line := `{"id":"tmr","title":"Wibble accord signed","publish_date":"` + tomorrow + `","text":"Ann Quill negotiated the Wibble accord for the ministry. The Wibble accord was signed by Ann Quill in the capital."}` + "\n"
	if err := os.WriteFile(filepath.Join(corpus, "a.jsonl"), []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		args    []string
		command string // the window's command the hint gives
	}{
		{"digest", []string{"digest"}, "bot digest --since " + tomorrow + " --until " + tomorrow},
		{"timeline", []string{"timeline", "Wibble accord"}, "bot timeline 'Wibble accord' --since " + tomorrow + " --until " + tomorrow},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, stderr, err := runCLI(t, "", cliArgs(corpus, idx, tc.args...)...)
			skipIfDayTurned(t, today)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(out, "Ann Quill") {
				t.Fatalf("bot %s = %q; the window ends now, before tomorrow's article", tc.name, out)
			}
			want := "(the newest article in the index is dated " + tomorrow + ", after now, when this window ends; for its day: " + tc.command + ")\n"
			if !strings.Contains(stderr, want) {
				t.Errorf("bot %s: stderr %q; want %q", tc.name, stderr, want)
			}
			out, _, err = runCLI(t, "", cliArgs(corpus, idx, append(tc.args, "--since", tomorrow, "--until", tomorrow)...)...)
			skipIfDayTurned(t, today)
			if err != nil || !strings.Contains(out, "Ann Quill") {
				t.Errorf("the hint's window: bot %s = %q, %v; want tomorrow's article", tc.name, out, err)
			}
		})
	}
}

// TestTomorrowHintOnlyWhenNothingListed: over an index with an article
// dated today and one dated tomorrow (UTC), `bot digest` and `bot
// timeline` over the default window list today's, and say nothing of
// tomorrow's day, as /digest says it only of an empty digest: the hint
// was printed before the digest was built, whatever it listed.
func TestTomorrowHintOnlyWhenNothingListed(t *testing.T) {
	clearEnv(t)
	now := time.Now().UTC()
	today, tomorrow := now.Format(time.DateOnly), now.AddDate(0, 0, 1).Format(time.DateOnly)
	corpus, idx := t.TempDir(), filepath.Join(t.TempDir(), "index")
	lines := `{"id":"tdy","title":"Wibble accord signed","publish_date":"` + today + `","text":"Ann Quill negotiated the Wibble accord for the ministry. The Wibble accord was signed by Ann Quill in the capital."}` + "\n" +
		`{"id":"tmr","title":"Plonk bridge opens","publish_date":"` + tomorrow + `","text":"Lara Moss designed the Plonk bridge for the county. The Plonk bridge was opened by Lara Moss in the valley."}` + "\n"
	if err := os.WriteFile(filepath.Join(corpus, "a.jsonl"), []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"digest"}, {"digest", "--json"}, {"timeline", "Wibble accord"}, {"timeline", "--json", "Wibble accord"}} {
		name := strings.Join(args, " ")
		t.Run(name, func(t *testing.T) {
			out, stderr, err := runCLI(t, "", cliArgs(corpus, idx, args...)...)
			skipIfDayTurned(t, now)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out, "Ann Quill") {
				t.Fatalf("bot %s = %q; want today's article", name, out)
			}
			if strings.Contains(stderr, "newest article") {
				t.Errorf("bot %s listed today's article, and said on stderr %q; want no hint", name, stderr)
			}
		})
	}
}

// skipIfDayTurned skips a test whose articles are dated from the clock
// (tomorrow, UTC) when the UTC day has turned since start: across midnight
// the bot's tomorrow is a day after the article's, and a failure would say
// nothing of the code. It is called after each run, before its checks.
func skipIfDayTurned(t *testing.T, start time.Time) {
	t.Helper()
	if time.Now().UTC().Format(time.DateOnly) != start.UTC().Format(time.DateOnly) {
		t.Skip("the UTC day turned during the test, which dates its articles from the day it began")
	}
}

// TestOffsetDateOneDay: an article dated with a time zone offset
// ("2024-05-02T23:30:00-05:00", 3 May in UTC) is on one day everywhere:
// cited, filtered by --as-of and --until, and listed in a digest, on its
// UTC day, the day the windows are made of (helper 132: it was cited as
// 2 May, found by none of 2 May's windows, and listed as 2 May in 3 May's
// digest).
func TestOffsetDateOneDay(t *testing.T) {
	clearEnv(t)
	corpus, idx := datedCorpus(t), filepath.Join(t.TempDir(), "index")
	if _, _, err := runCLI(t, "", cliArgs(corpus, idx, "index")...); err != nil {
		t.Fatal(err)
	}
	q := "Why was the Marlow bridge closed?"
	run := func(args ...string) string {
		t.Helper()
		out, _, err := runCLI(t, "", append(args, "--index", idx)...)
		if err != nil {
			t.Fatalf("%q: %v", args, err)
		}
		return out
	}
	if out := run("ask", q); !strings.Contains(out, "(2024-05-03, paragraph 1) [tz]") {
		t.Errorf("bot ask = %q; want it cited on its UTC day, 2024-05-03", out)
	}
	if out := run("ask", "--json", q); !strings.Contains(out, `"date":"2024-05-03"`) {
		t.Errorf("bot ask --json = %q; want it dated 2024-05-03", out)
	}
	if out := run("ask", "--as-of", "2024-05-03", q); !strings.Contains(out, "[tz]") {
		t.Errorf("bot ask --as-of 2024-05-03 = %q; want it found", out)
	}
	if out := run("ask", "--as-of", "2024-05-02", q); strings.Contains(out, "[tz]") {
		t.Errorf("bot ask --as-of 2024-05-02 = %q; want it not found (3 May in UTC)", out)
	}
	if out := run("search", "--until", "2024-05-03", "Marlow bridge"); !strings.Contains(out, "2024-05-03 · tz") {
		t.Errorf("bot search --until 2024-05-03 = %q; want it listed as of 2024-05-03", out)
	}
	if out := run("search", "Marlow bridge"); !strings.Contains(out, "2024-05-03 · tz") {
		t.Errorf("bot search = %q; want it listed as of 2024-05-03", out)
	}
	if out := run("digest", "--since", "2024-05-03", "--until", "2024-05-03"); !strings.Contains(out, "3 May 2024: Marlow bridge") ||
		strings.Contains(out, "2 May") {
		t.Errorf("bot digest of 3 May = %q; want the bridge listed on 3 May", out)
	}
	if out := run("digest", "--since", "2024-05-02", "--until", "2024-05-02"); strings.Contains(out, "Marlow") {
		t.Errorf("bot digest of 2 May = %q; want the bridge not in it", out)
	}
	if out := run("timeline", "Marlow bridge barge"); strings.Contains(out, "2 May") {
		t.Errorf("bot timeline = %q; want no day of 2 May", out)
	}
}

// TestBatchAsOfFarFuture: bot ask --batch refuses, on its line, a question
// asked as of a day to come (2099), as --as-of is refused, answers the
// other lines, and exits with an error naming the line.
func TestBatchAsOfFarFuture(t *testing.T) {
	clearEnv(t)
	corpus, idx := datedCorpus(t), filepath.Join(t.TempDir(), "index")
	if _, _, err := runCLI(t, "", cliArgs(corpus, idx, "index")...); err != nil {
		t.Fatal(err)
	}
	in := `{"id":"far","question":"When will the harbour wall repairs start?","as_of":"2099-01-01"}` + "\n" +
		`{"id":"ok","question":"When will the harbour wall repairs start?","as_of":"2024-05-04"}` + "\n"
	out, _, err := runCLI(t, in, "ask", "--index", idx, "--batch")
	if err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("bot ask --batch error = %v; want line 1 named", err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"error":"line 1: as_of (2099-01-01) is in the future; today is `) ||
		!strings.Contains(lines[0], `"answer":null`) || !strings.Contains(lines[1], "start in June") {
		t.Errorf("bot ask --batch = %q; want line 1 refused as in the future and line 2 answered", out)
	}
}
