package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// These tests come from an adversarial pass over `bot index --rebuild`
// (b1951ae) and the control-character cleaning of queries (62aeb72). Each
// fails on the commit it was written against; they are meant to be
// cherry-picked with a fix.

// `bot index --rebuild` printed only the counts of the records it skipped
// and the warnings it gave, even with --verbose: the rebuild's problems
// were never listed, and the sync that follows reads no file again, so
// "no text", "duplicate ID", "unprintable ID" or "folder link not
// followed" were never named. `bot index` lists them, as --rebuild did
// before.
func TestIndexRebuildListsItsProblems(t *testing.T) {
	clearEnv(t)
	corpus, idx := copyCorpus(t), filepath.Join(t.TempDir(), "index")
	if err := os.WriteFile(filepath.Join(corpus, "notext.jsonl"),
		[]byte(`{"id":"adv23-notext","title":"A record without text","publish_date":"2024-03-25"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCLI(t, "", cliArgs(corpus, idx, "index")...); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"index", "--rebuild"}, {"index", "--rebuild", "--verbose"}} {
		_, errOut, err := runCLI(t, "", cliArgs(corpus, idx, args...)...)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(errOut, "adv23-notext") {
			t.Errorf("bot %s does not name the record it skipped:\n%s", strings.Join(args, " "), errOut)
		}
	}
}

// `bot index --rebuild` interrupted (Ctrl-C) while the old index was being
// repaired on open deleted it, feed articles and all, although the open
// had just said "the stored articles are kept and the repair starts again
// at the next open": any error of the open but "in use" led to
// index.Remove.
func TestIndexRebuildInterruptedDuringTheRepairKeepsTheIndex(t *testing.T) {
	clearEnv(t)
	corpus, idx := copyCorpus(t), filepath.Join(t.TempDir(), "index")
	if _, _, err := runCLI(t, "", cliArgs(corpus, idx, "index")...); err != nil {
		t.Fatal(err)
	}
	// The search files are gone: the next open makes them again from
	// store.db, which holds every article.
	if err := os.RemoveAll(filepath.Join(idx, "bleve")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // as a SIGINT during the repair
	var out, errOut bytes.Buffer
	root := newRootCmd(&out, &errOut)
	root.SetArgs(cliArgs(corpus, idx, "index", "--rebuild"))
	if err := root.ExecuteContext(ctx); err == nil {
		t.Fatalf("an interrupted rebuild succeeded:\n%s%s", out.String(), errOut.String())
	}
	// Kept, the index is repaired from its store at the next open and the
	// sync finds every article unchanged; deleted, it adds them all again
	// (and a feed's articles, which no file gives back, are lost).
	next, _, err := runCLI(t, "", cliArgs(corpus, idx, "index")...)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(next, " 0 articles added") {
		t.Errorf("after an interrupted rebuild the index was built again from nothing: %s(the interrupted rebuild said: %s)", next, errOut.String())
	}
}

// Control characters in a query become spaces before it is echoed
// (62aeb72), but only in the text output: `bot search --json` and
// `bot ask --json` echo the query as given.
func TestJSONEchoesTheCleanedQuery(t *testing.T) {
	clearEnv(t)
	corpus, idx := copyCorpus(t), filepath.Join(t.TempDir(), "index")
	for _, tt := range []struct {
		args  []string
		field string
	}{
		{[]string{"search", "--json", "Moscow\x1b[31m attack\x07"}, "query"},
		{[]string{"ask", "--json", "Who claimed the Moscow\x1b[31m attack?\x07"}, "question"},
	} {
		out, _, err := runCLI(t, "", cliArgs(corpus, idx, tt.args...)...)
		if err != nil {
			t.Fatal(err)
		}
		var got map[string]any
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		if s, _ := got[tt.field].(string); strings.ContainsAny(s, "\x1b\x07") {
			t.Errorf("bot %s: %q is %q, with its control characters", tt.args[0], tt.field, s)
		}
	}
}

// `bot timeline --json` said "(query shortened to its first 200
// characters, as /timeline takes)" and then searched, and echoed, the whole
// query; and a query's control characters reached the JSON as given.
func TestTimelineJSONQueryAsShortened(t *testing.T) {
	clearEnv(t)
	corpus, idx := copyCorpus(t), filepath.Join(t.TempDir(), "index")
	long := strings.Repeat("Moscow attack claim ", 21) // 420 characters
	for _, tt := range []struct{ name, query string }{
		{"long", long},
		{"control characters", "Moscow\x1b[31m attack\x07"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, err := runCLI(t, "", cliArgs(corpus, idx, "timeline", "--since", "2024-03-20", "--until", "2024-03-26", "--json", tt.query)...)
			if err != nil {
				t.Fatal(err)
			}
			var got struct {
				Query string `json:"query"`
			}
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatal(err)
			}
			if len([]rune(got.Query)) > 200 || strings.ContainsAny(got.Query, "\x1b\x07") || got.Query == "" {
				t.Errorf("timeline --json query = %q (%d characters; stderr %q), want it as /timeline takes it: printable, at most 200 characters",
					got.Query, len([]rune(got.Query)), errOut)
			}
		})
	}
}
