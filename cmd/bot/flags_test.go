package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFlagErrors: out-of-range flag values and missing arguments are
// refused with a message in the command line's own words (flags, not
// Discord options), before any index is opened.
func TestFlagErrors(t *testing.T) {
	clearEnv(t)
	corpus, idx := cliCorpus(t), filepath.Join(t.TempDir(), "index")
	questions := filepath.Join("testdata", "seed-paraphrases.jsonl")
	tests := []struct {
		name string
		args []string
		want string
	}{
		// nu44: an unknown flag named the nearest or the commands that take it.
		{"a flag misspelt", []string{"ask", "--asof", "2024-03-26", "Who?"}, "unknown flag: --asof; did you mean --as-of?"},
		{"another command's flag", []string{"search", "--as-of", "2024-03-26", "Moscow"},
			"unknown flag: --as-of: bot ask and bot eval take it, not bot search (see bot search --help)"},
		{"a flag no command takes", []string{"digest", "--zzz"}, "unknown flag: --zzz"},
		{"search --limit 0", []string{"search", "--limit", "0", "Moscow"}, "--limit must be from 1 to 1000, not 0"},
		{"search --limit negative", []string{"search", "--limit", "-3", "Moscow"}, "--limit must be from 1 to 1000, not -3"},
		{"search --limit past the most a search returns", []string{"search", "--limit", "5000", "Moscow"}, "--limit must be from 1 to 1000, not 5000"},
		{"digest given words instead of --topic", []string{"digest", "Moscow"}, `digest takes no words; for a topic, give --topic "Moscow"`},
		{"ask --as-of year 1", []string{"ask", "--as-of", "0001-01-01", "Who?"}, "--as-of (0001-01-01) is outside the years 1678 to 2261"},
		{"ask --as-of in the future", []string{"ask", "--as-of", "2199-01-01", "Who?"}, "--as-of (2199-01-01) is in the future; today is "},
		{"ask --as-of empty", []string{"ask", "--as-of", "", "Who?"}, `--as-of must be a date like 2024-03-26 (year-month-day), not ""`},
		{"ask --as-of= empty", []string{"ask", "--as-of=", "Who?"}, `--as-of must be a date like 2024-03-26 (year-month-day), not ""`},
		{"eval --as-of empty", []string{"eval", "--as-of", "", questions}, `--as-of must be a date like 2024-03-26 (year-month-day), not ""`},
		{"digest --points 0", []string{"digest", "--points", "0"}, "--points must be between 1 and 50, not 0"},
		{"digest --points negative", []string{"digest", "--points", "-1"}, "--points must be between 1 and 50, not -1"},
		{"digest --points too many", []string{"digest", "--points", "200"}, "--points must be between 1 and 50, not 200"},
		{"digest --points MaxInt64", []string{"digest", "--points", "9223372036854775807"}, "--points must be between 1 and 50, not 9223372036854775807"},
		{"eval --threshold above 1", []string{"eval", "--threshold", "1.5", questions}, "--threshold must be between 0 and 1, not 1.5"},
		{"eval --threshold negative", []string{"eval", "--threshold", "-0.1", questions}, "--threshold must be between 0 and 1, not -0.1"},
		{"eval --threshold NaN", []string{"eval", "--threshold", "NaN", questions}, "--threshold must be between 0 and 1, not NaN"},
		{"tune --folds 1", []string{"tune", "--folds", "1", questions}, "--folds must be at least 2"},
		{"tune --epochs 0", []string{"tune", "--epochs", "0", questions}, "--epochs must be at least 1, not 0"},
		{"tune --l2 negative", []string{"tune", "--l2", "-1", questions}, "--l2 must be a number from 0 to 10000, not -1"},
		{"tune --l2 Inf", []string{"tune", "--l2", "Inf", questions}, "--l2 must be a number from 0 to 10000, not +Inf"},
		{"tune --l2 1e308", []string{"tune", "--l2", "1e308", questions}, "--l2 must be a number from 0 to 10000, not 1e+308"},
		{"tune --l2 NaN", []string{"tune", "--l2", "NaN", questions}, "--l2 must be a number from 0 to 10000, not NaN"},
		{"eval --cv --l2 Inf", []string{"eval", "--cv", "2", "--l2", "Inf", questions}, "--l2 must be a number from 0 to 10000, not +Inf"},
		{"eval --cv --confidence-l2 Inf", []string{"eval", "--cv", "2", "--confidence-l2", "Inf", questions}, "--confidence-l2 must be a number from 0 to 10000, not +Inf"},
		{"eval --cv --confidence-l2 NaN", []string{"eval", "--cv", "2", "--confidence-l2", "NaN", questions}, "--confidence-l2 must be a number from 0 to 10000, not NaN"},
		{"search without a query", []string{"search"}, `search needs a query, for example: bot search "Moscow attack"`},
		{"eval without a question file", []string{"eval"}, "eval takes one question file (JSON Lines of"},
		{"tune with two files", []string{"tune", questions, questions}, "tune takes one question file (JSON Lines of"},
		{"search with a blank query", []string{"search", "  "}, `search needs a query, for example: bot search "Moscow attack"`},
		{"search --until before --since", []string{"search", "--since", "2024-03-05", "--until", "2024-03-01", "Moscow"},
			"--until (2024-03-01) is before --since (2024-03-05)"},
		{"search --to before --from (old names)", []string{"search", "--from", "2024-03-05", "--to", "2024-03-01", "Moscow"},
			"--until (2024-03-01) is before --since (2024-03-05)"},
		{"search --since not a date", []string{"search", "--since", "March", "Moscow"}, `--since must be a date like 2024-03-26 (year-month-day), not "March"`},
		{"search --since empty", []string{"search", "--since", "", "Moscow"}, `--since must be a date like 2024-03-26 (year-month-day), not ""`},
		{"search --until= empty", []string{"search", "--until=", "Moscow"}, `--until must be a date like 2024-03-26 (year-month-day), not ""`},
		{"search --from empty (old name)", []string{"search", "--from", "", "Moscow"}, `--from must be a date like 2024-03-26 (year-month-day), not ""`},
		{"digest --since empty", []string{"digest", "--since", ""}, `--since must be a date like 2024-03-26 (year-month-day), not ""`},
		{"search --since and --from (one flag, two names)", []string{"search", "--since", "2024-03-01", "--from", "", "Moscow"},
			"--since and --from are one flag (--from is its old name): give one"},
		{"search --to and --until", []string{"search", "--to", "2024-03-01", "--until", "2024-03-02", "Moscow"},
			"--until and --to are one flag (--to is its old name): give one"},
		{"timeline --until empty", []string{"timeline", "--until", "", "Moscow"}, `--until must be a date like 2024-03-26 (year-month-day), not ""`},
		{"digest --since in the future", []string{"digest", "--since", "2999-01-01"}, "--since (2999-01-01) is in the future; today is "},
		{"search --since in the future", []string{"search", "--since", "2199-01-01", "Moscow"}, "--since (2199-01-01) is in the future; today is "},
		{"search --json --since in the future", []string{"search", "--json", "--since", "2199-01-01", "Moscow"}, "--since (2199-01-01) is in the future; today is "},
		{"digest --until before --since", []string{"digest", "--since", "2024-03-05", "--until", "2024-03-01"},
			"--until (2024-03-01) is before --since (2024-03-05)."},
		{"digest over 31 days", []string{"digest", "--since", "2024-01-01", "--until", "2024-03-01"},
			"That window is 61 days; at most 31 are read at once. Narrow --since/--until."},
		{"timeline --since not a date", []string{"timeline", "--since", "March", "Moscow"},
			`--since must be a date like 2024-03-26 (year-month-day), not "March".`},
		{"timeline without a query", []string{"timeline", "--since", "2024-03-01"}, "timeline needs a query"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := cliArgs(corpus, idx, tt.args...)
			out, _, err := runCLI(t, "", args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("%v: error = %v, want %q", tt.args, err, tt.want)
			}
			if msg := err.Error(); strings.Contains(msg, "/search") || strings.Contains(msg, "“") || strings.Contains(msg, "  ") {
				t.Errorf("%v: error %q uses Discord wording or an empty value", tt.args, msg)
			}
			if out != "" {
				t.Errorf("%v printed %q on stdout, want nothing", tt.args, out)
			}
			if _, err := os.Stat(idx); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("%v: the index was opened (stat: %v), want the flags checked first", tt.args, err)
			}
		})
	}
}

// TestStrayArguments: a command that takes no arguments, given one, says
// which flag the word was likely meant for, as digest does with --topic.
// It said `unknown command "config.yaml" for "bot config"` (bot config
// --check config.yaml) and `unknown command "news" for "bot index"` (a
// corpus folder given without --corpus), as if a subcommand were misspelt
// (helper 148).
func TestStrayArguments(t *testing.T) {
	clearEnv(t)
	idx := filepath.Join(t.TempDir(), "index")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"index", "--index", idx, "news"}, `bot index takes no arguments; for a corpus path, give --corpus "news"`},
		{[]string{"index", "--index", idx, "news", "archive"}, `bot index takes no arguments, not "news archive"; for a corpus path, give --corpus before each`},
		{[]string{"serve", "--index", idx, "news"}, `bot serve takes no arguments; for a corpus path, give --corpus "news"`},
		{[]string{"config", "--check", "config.yaml"}, `bot config takes no arguments; for a config file, give --config "config.yaml"`},
		// One config file: not "give --config before each".
		{[]string{"config", "--check", "a.yaml", "b.yaml"}, `bot config takes no arguments, not "a.yaml b.yaml"; for a config file, give --config`},
		{[]string{"healthcheck", "http://127.0.0.1:8080/healthz"}, `bot healthcheck takes no arguments; for the address, give --url "http://127.0.0.1:8080/healthz"`},
		{[]string{"feedback", "export", "votes.jsonl"}, `bot feedback export takes no arguments; for a file to write, give --out "votes.jsonl"`},
		{[]string{"feedback", "stats", "x", "y"}, `bot feedback stats takes no arguments, not "x y"`},
	} {
		out, _, err := runCLI(t, "", tt.args...)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%v: error %v, want %q", tt.args, err, tt.want)
		}
		if out != "" {
			t.Errorf("%v printed %q on stdout, want nothing", tt.args, out)
		}
	}
	if _, err := os.Stat(idx); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the index was opened (stat: %v), want the arguments checked first", err)
	}
}

// TestStrayArgumentsAfterDashes: words after --, which ends the flags,
// are arguments even when they look like flags; bot config -- --check said
// `give --config "--check"`, and bot healthcheck -- --url `give --url
// "--url"`. Words with spaces of their own are told apart: bot index "my
// news" archive said not "my news archive" (helper 152).
func TestStrayArgumentsAfterDashes(t *testing.T) {
	clearEnv(t)
	idx := filepath.Join(t.TempDir(), "index")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"config", "--", "--check"}, `bot config takes no arguments, not "--check": words after -- are not read as flags; give the flags before --`},
		{[]string{"healthcheck", "--", "--url", "x"}, `bot healthcheck takes no arguments, not "--url x": words after -- are not read as flags; give the flags before --`},
		{[]string{"index", "--index", idx, "--", "-c"}, `bot index takes no arguments, not "-c": words after -- are not read as flags; give the flags before --`},
		// "-" is a value (--out - is standard output), not a flag.
		{[]string{"feedback", "export", "--", "-"}, `bot feedback export takes no arguments; for a file to write, give --out "-"`},
		{[]string{"index", "--index", idx, "my news", "archive"}, `bot index takes no arguments, not "my news" "archive"; for a corpus path, give --corpus before each`},
	} {
		_, _, err := runCLI(t, "", tt.args...)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%q: error %v, want %q", tt.args, err, tt.want)
		}
	}
}
