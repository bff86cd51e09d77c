// Command bot is Chronicle: a Discord bot that answers questions about news
// events with quotes from an indexed article corpus, and the CLI that runs
// the same code (index, ask, search, digest, timeline, serve, healthcheck,
// config, eval, tune, feedback).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"os"
	"os/signal"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"unicode"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/chronicle-bot/chronicle/internal/terms"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := newRootCmd(os.Stdout, os.Stderr).ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(exitCode(err))
	}
}

// exitError is an error with its own exit status (1 for any other error).
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// exitCode is the process exit status for err.
func exitCode(err error) int {
	if e, ok := errors.AsType[*exitError](err); ok {
		return e.code
	}
	return 1
}

// app is what every command shares: the loaded config, the logger and the
// output streams.
type app struct {
	configPath string
	cfg        Config
	log        *slog.Logger
	stdout     io.Writer
	stderr     io.Writer
	// corpusGiven is true when --corpus was given: the commands that read
	// the index bring it in line with that corpus first.
	corpusGiven bool
	// warnings are the config's unknown keys.
	warnings []string
}

func newRootCmd(stdout, stderr io.Writer) *cobra.Command {
	a := &app{stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:   "bot",
		Short: "Chronicle answers questions about news events from an article corpus",
		Long: "Chronicle indexes news articles and answers questions with a quoted sentence and a citation,\n" +
			"searches the articles, and posts digests of recent coverage, from the command line or as a Discord bot.",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version(),
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			return a.load(cmd)
		},
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(flagError)
	root.PersistentFlags().StringVar(&a.configPath, "config", "", "config file (default ./config.yaml if present, else built-in defaults)")
	// Every command, in the order of `bot help`'s list (which sorts them).
	root.AddCommand(newIndexCmd(a), newAskCmd(a), newSearchCmd(a), newDigestCmd(a), newTimelineCmd(a),
		newServeCmd(a), newHealthcheckCmd(a), newConfigCmd(a), newEvalCmd(a), newTuneCmd(a), newFeedbackCmd(a))
	return root
}

// version names the release this binary was built from, for `bot
// --version`: the commit and its time when the build recorded them (go
// build in a git checkout), and the Go version. Replicas behind a load
// balancer must run the release that built their index (README).
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown (no build information)"
	}
	var rev, at, dirty string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = " with uncommitted changes"
			}
		}
	}
	if rev == "" {
		return fmt.Sprintf("%s (no commit recorded in the build), %s", info.Main.Version, info.GoVersion)
	}
	return fmt.Sprintf("commit %s of %s%s, %s", rev[:min(12, len(rev))], at, dirty, info.GoVersion)
}

// load reads the configuration and applies the common flags.
func (a *app) load(cmd *cobra.Command) error {
	cfg, warnings, err := LoadConfig(cmd.Context(), a.configPath)
	if err != nil {
		if check, _ := cmd.Flags().GetBool("check"); check && cmd.Name() == "config" {
			// config --check says a file it cannot read as it says any
			// other error, with its count line (nu42).
			return a.printCheck(err)
		}
		return err
	}
	if f := cmd.Flags().Lookup("index"); f != nil && f.Changed {
		cfg.Index.Path = f.Value.String()
	}
	if f := cmd.Flags().Lookup("corpus"); f != nil && f.Changed {
		paths, _ := cmd.Flags().GetStringArray("corpus")
		cfg.Corpus.Paths = paths
		a.corpusGiven = true
	}
	a.cfg = cfg
	a.log = newLogger(a.stderr, cfg.Log)
	if a.stderr == os.Stderr {
		// Libraries that print with the standard log package (Bleve's
		// index recovery notices) log through slog as well. Only the
		// binary does this: tests running commands in-process leave the
		// process-wide logger alone.
		log.SetFlags(0)
		log.SetOutput(libraryLog{a.log.With("component", "library")})
	}
	a.warnings = warnings
	if cmd.Name() == "config" {
		return nil // it prints the problems itself
	}
	for _, w := range warnings {
		a.log.Warn(w)
	}
	if cmd.Name() == "serve" || cmd.Name() == "help" {
		return nil // serve checks the config with the keys it needs
	}
	return cfg.Validate(false)
}

// addIndexFlags adds --index and --corpus to a command.
func addIndexFlags(cmd *cobra.Command) {
	cmd.Flags().String("index", "", "index directory (config index.path)")
	cmd.Flags().StringArray("corpus", nil, "corpus file, folder or glob; repeatable (config corpus.paths)")
}

func newLogger(w io.Writer, c LogConfig) *slog.Logger {
	level, err := slogLevel(c.Level)
	if err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level, ReplaceAttr: hideURLUsers}
	format := c.Format
	if format == "auto" || format == "" {
		format = "json"
		if f, ok := w.(*os.File); ok && isTerminal(f) {
			format = "text"
		}
	}
	if format == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	// The JSON log gives durations as the text log does ("1.5s"), not as a
	// count of nanoseconds ("took":1500000000).
	opts.ReplaceAttr = func(groups []string, a slog.Attr) slog.Attr {
		return durationText(groups, hideURLUsers(groups, a))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// hideURLUsers writes the user part of any URL in a text or error
// attribute as "***": a feed's URL may carry a user name and password
// (HTTP Basic authentication) or a token as its user name, and the log
// named it in every line about the feed and in its fetch errors.
func hideURLUsers(_ []string, a slog.Attr) slog.Attr {
	var s string
	switch a.Value.Kind() {
	case slog.KindString:
		s = a.Value.String()
	case slog.KindAny:
		err, ok := a.Value.Any().(error)
		if !ok {
			return a
		}
		s = err.Error()
	default:
		return a
	}
	if hidden := redactURLUsers(s); hidden != s {
		a.Value = slog.StringValue(hidden)
	}
	return a
}

// urlUser matches the user part of a URL: after the scheme's "//", up to
// the "@" before the host.
var urlUser = regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9+.-]*://)[^/\s@"'<>]+@`)

// redactURLUsers returns s with the user part of every URL in it written
// as "***" ("https://***@feeds.example/rss").
func redactURLUsers(s string) string { return replaceURLUsers(s, "***@") }

// replaceURLUsers returns s with the user part of every URL in it, and its
// "@", replaced by with ("" leaves them out).
func replaceURLUsers(s, with string) string {
	if !strings.Contains(s, "://") || !strings.Contains(s, "@") {
		return s
	}
	return urlUser.ReplaceAllString(s, "${1}"+with)
}

// durationText writes a duration attribute in its String form.
func durationText(_ []string, a slog.Attr) slog.Attr {
	if a.Value.Kind() == slog.KindDuration {
		a.Value = slog.StringValue(a.Value.Duration().String())
	}
	return a
}

// libraryLog writes the standard log package's lines to slog as warnings.
type libraryLog struct{ log *slog.Logger }

func (l libraryLog) Write(p []byte) (int, error) {
	l.log.Warn(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// isTerminal reports whether f is a terminal (not a pipe, a file or
// /dev/null).
func isTerminal(f *os.File) bool {
	return term.IsTerminal(int(f.Fd()))
}

// flagError says what a flag takes when it is given a value of another kind
// ("--threshold takes a number, not \"abc\""), where the flag package
// names Go's parser ("strconv.ParseFloat: parsing \"abc\": invalid syntax").
func flagError(cmd *cobra.Command, err error) error {
	var ne *pflag.NotExistError
	if errors.As(err, &ne) && strings.HasPrefix(err.Error(), "unknown flag: --") {
		return unknownFlag(cmd, ne.GetSpecifiedName(), err)
	}
	var iv *pflag.InvalidValueError
	if !errors.As(err, &iv) {
		return err
	}
	kind := map[string]string{
		"float64": "a number", "float32": "a number", "int": "a whole number", "int64": "a whole number",
		"uint": "a whole number", "bool": "true or false", "duration": "a duration such as 90s or 2h",
	}[iv.GetFlag().Value.Type()]
	if kind == "" {
		return err
	}
	return fmt.Errorf("--%s takes %s, not %q", iv.GetFlag().Name, kind, iv.GetValue())
}

// unknownFlag is the error for a long flag name that cmd does not take:
// with the nearest of its flags when one is close ("--asof": did you mean
// --as-of?), or, for a flag another command takes, which one (nu44: "bot
// search --as-of" said only "unknown flag").
func unknownFlag(cmd *cobra.Command, name string, err error) error {
	best, dist := "", 3 // at most two edits, and fewer than the name has letters
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		if d := terms.EditDistance(strings.ToLower(name), f.Name); d < dist && d < len(name) {
			best, dist = f.Name, d
		}
	})
	if best != "" {
		return fmt.Errorf("%w; did you mean --%s?", err, best)
	}
	var takers []string
	for _, c := range cmd.Root().Commands() {
		if c != cmd && !c.Hidden && c.Flags().Lookup(name) != nil {
			takers = append(takers, c.Name())
		}
	}
	switch n := len(takers); n {
	case 0:
	case 1:
		return fmt.Errorf("%w: bot %s takes it, not bot %s (see bot %s --help)", err, takers[0], cmd.Name(), cmd.Name())
	default:
		return fmt.Errorf("%w: bot %s and bot %s take it, not bot %s (see bot %s --help)", err,
			strings.Join(takers[:n-1], ", bot "), takers[n-1], cmd.Name(), cmd.Name())
	}
	return err
}

// noArgs is the Args of a command that takes no arguments. Given some, it
// says which flag they were likely meant for (hint, e.g. "for a config
// file, give --config"), as digest does with --topic: cobra.NoArgs said
// `unknown command "config.yaml" for "bot config"`, as if a subcommand were
// misspelt (helper 148). With no hint it names the words.
func noArgs(hint string) cobra.PositionalArgs { return strayArgs(hint, false) }

// noArgsEach is noArgs for a flag that may be given more than once (hint,
// e.g. "for a corpus path, give --corpus"): several words are each one
// flag's value ("give --corpus before each"), where one config file or
// address is not.
func noArgsEach(hint string) cobra.PositionalArgs { return strayArgs(hint, true) }

func strayArgs(hint string, each bool) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return nil
		}
		// One quoted string, unless a word has spaces of its own: then
		// each word quoted, so that "my news" "archive" are told apart
		// (helper 152).
		words := strconv.Quote(strings.Join(args, " "))
		if slices.ContainsFunc(args, func(w string) bool { return strings.ContainsFunc(w, unicode.IsSpace) }) {
			quoted := make([]string, len(args))
			for i, w := range args {
				quoted[i] = strconv.Quote(w)
			}
			words = strings.Join(quoted, " ")
		}
		switch {
		case slices.ContainsFunc(args, func(w string) bool { return len(w) > 1 && w[0] == '-' }):
			// Only after -- does a word like a flag get here: it is
			// not the flag's value (helper 152: bot config -- --check
			// said give --config "--check").
			return fmt.Errorf("%s takes no arguments, not %s: words after -- are not read as flags; give the flags before --", cmd.CommandPath(), words)
		case hint == "":
			return fmt.Errorf("%s takes no arguments, not %s", cmd.CommandPath(), words)
		case len(args) > 1 && each:
			return fmt.Errorf("%s takes no arguments, not %s; %s before each", cmd.CommandPath(), words, hint)
		case len(args) > 1:
			return fmt.Errorf("%s takes no arguments, not %s; %s", cmd.CommandPath(), words, hint)
		}
		return fmt.Errorf("%s takes no arguments; %s %s", cmd.CommandPath(), hint, words)
	}
}
