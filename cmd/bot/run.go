package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/answer"
	"github.com/chronicle-bot/chronicle/internal/commands"
	"github.com/chronicle-bot/chronicle/internal/digest"
	"github.com/chronicle-bot/chronicle/internal/eval"
	"github.com/chronicle-bot/chronicle/internal/index"
)

// withIndex opens the index (built from the corpus first when it is empty;
// see readyIndex), runs fn with it and closes it.
func (a *app) withIndex(ctx context.Context, fn func(ix *index.Index) error) error {
	ix, err := a.readyIndex(ctx)
	if err != nil {
		return err
	}
	defer ix.Close()
	return fn(ix)
}

// withQuestions reads a question file, then opens the index and runs fn
// with an answerer over it (eval and tune).
func (a *app) withQuestions(ctx context.Context, path string, fn func(ans *answer.Answerer, qs []eval.Question) error) error {
	qs, err := eval.ReadQuestionFile(ctx, path)
	if err != nil {
		return err
	}
	return a.withIndex(ctx, func(ix *index.Index) error { return fn(answer.New(ix), qs) })
}

// printJSON returns a function that prints the JSON object render makes of
// a result (see package jsonout) on one line, or returns the user-facing
// message of the result's error.
func printJSON[T, J any](a *app, render func(T) J) func(T, error) error {
	return func(v T, err error) error {
		if err != nil {
			return userError(err)
		}
		return json.NewEncoder(a.stdout).Encode(render(v))
	}
}

// printText runs the command's handler as Discord's /name runs it and
// prints its reply as text (commands.RunText), ending in one newline.
func (a *app) printText(cmd *cobra.Command, c commands.Command, req commands.Request) error {
	text, err := commands.RunText(cmd.Context(), c, req)
	if err != nil {
		return userError(err)
	}
	fmt.Fprintln(a.stdout, strings.TrimRight(text, "\n"))
	return nil
}

// windowFlags are the --since and --until days of digest and timeline,
// read as /digest and /timeline read their since and until options
// (commands.Window).
type windowFlags struct {
	since, until string
	cmd          *cobra.Command
}

func (w *windowFlags) add(cmd *cobra.Command) {
	w.cmd = cmd
	cmd.Flags().StringVar(&w.since, "since", "", "first day of the window (YYYY-MM-DD, inclusive)")
	cmd.Flags().StringVar(&w.until, "until", "", "last day of the window (YYYY-MM-DD, inclusive; default today)")
}

// request is the command-line request of a command with the window and
// the other options, and the window it gives now; a mistaken window is
// refused before any index is opened.
func (w *windowFlags) request(opts map[string]string, now time.Time) (req commands.Request, from, to time.Time, err error) {
	// An empty value that was given is a mistake, not "no day" (which
	// the flag's absence says); commands.Window reads the others.
	for _, f := range []struct{ name, value string }{{"since", w.since}, {"until", w.until}} {
		if f.value != "" || w.cmd == nil {
			continue
		}
		if _, err := givenDay(w.cmd, f.value, f.name); err != nil {
			return commands.Request{}, from, to, userError(err)
		}
	}
	opts["since"], opts["until"] = w.since, w.until
	req = commands.Request{Options: opts, CLI: true}
	from, to, err = commands.Window(req, now)
	if err != nil {
		return req, from, to, userError(err)
	}
	return req, from, to, nil
}

// staleHint says, for a window left to its default (the last 24 hours)
// that begins after the newest article of the index, which window holds
// its newest coverage: on the bundled corpus, of March 2024, `bot digest`
// said "No coverage between 3 Dec 2026 and 4 Dec 2026." and nothing else.
// When no article is dated by tomorrow (UTC) but some are dated later,
// misdated (the latest on latest: index.Ahead), it says so, where it said
// nothing, as of an empty index. When the newest is dated after to (now,
// the window's end), tomorrow (UTC) and so not misdated, it says which
// window holds it, where it said nothing. It is "" otherwise, and when
// the command listed anything (listed): as /digest, which says it only of
// an empty digest; a window after the newest article, or with nothing
// dated by tomorrow, lists nothing anyway, but one that ends now may list
// today's articles, and the tomorrow hint was said over them.
// command is what follows "bot" in the command shown, its words quoted
// for a shell (shellWord).
func (w *windowFlags) staleHint(command string, newest, from, to time.Time, ahead int, latest time.Time, listed bool) string {
	if w.since != "" || w.until != "" || listed {
		return ""
	}
	if newest.IsZero() && ahead > 0 {
		what := "the 1 dated article of the index is dated after tomorrow, on %[2]s: no window reaches it before that day; check its date in the corpus"
		if ahead > 1 {
			what = "the %[1]d dated articles of the index are all dated after tomorrow, the latest %[2]s: no window reaches them before their days; check their dates in the corpus"
		}
		return "(" + fmt.Sprintf(what, ahead, latest.UTC().Format(time.DateOnly)) + ")\n"
	}
	day := newest.UTC().Format(time.DateOnly)
	if !newest.IsZero() && newest.After(to) {
		return fmt.Sprintf("(the newest article in the index is dated %s, after now, when this window ends; for its day: bot %s --since %s --until %s)\n",
			day, command, day, day)
	}
	if newest.IsZero() || !newest.Before(from) {
		return ""
	}
	week := newest.UTC().AddDate(0, 0, -6).Format(time.DateOnly)
	return fmt.Sprintf("(the newest article in the index is of %s; for its last week: bot %s --since %s --until %s)\n",
		day, command, week, day)
}

// hintAfter writes staleHint for a digest or timeline over ix that ended
// with err, once it is known whether it listed anything; a failed build
// says its error alone (the hint suggested another window as if this one
// had found nothing).
func (w *windowFlags) hintAfter(out io.Writer, ix *index.Index, command string, from, to time.Time, listed bool, err error) {
	if err != nil {
		return
	}
	n, _, latest := ix.Ahead(time.Now())
	fmt.Fprint(out, w.staleHint(command, ix.Newest(), from, to, n, latest, listed))
}

// listedDigest builds digests as Builder does and keeps whether the last
// one listed a point, for staleHint, which is said after it.
type listedDigest struct {
	digest.Builder
	listed bool
}

func (b *listedDigest) Build(ctx context.Context, opts digest.Options) (digest.Digest, error) {
	d, err := b.Builder.Build(ctx, opts)
	b.listed = len(d.Points) > 0
	return d, err
}

// listedTimeline builds timelines as TimelineBuilder does and keeps
// whether the last one listed a development, for staleHint.
type listedTimeline struct {
	digest.TimelineBuilder
	listed bool
}

func (b *listedTimeline) Build(ctx context.Context, opts digest.TimelineOptions) (digest.Timeline, error) {
	tl, err := b.TimelineBuilder.Build(ctx, opts)
	b.listed = len(tl.Developments) > 0
	return tl, err
}

// refusedWords returns, as the user's error, the index's refusal of text
// (a digest topic, a timeline query) whatever the window, such as of stop
// words alone; nil when it is searched. A refused text is refused before
// staleHint suggests the same command over another window, which would
// fail the same way. Other errors are left to the command itself.
func refusedWords(ctx context.Context, ix *index.Index, text string) error {
	if err := (digest.Builder{Source: ix}).CheckTopic(ctx, text); chronicle.ErrorCode(err) == chronicle.EINVALID {
		return userError(err)
	}
	return nil
}

// shellWord quotes s for a POSIX shell when it holds anything but letters,
// digits and -_./: single quotes, in which nothing is expanded ("$TSLA").
func shellWord(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
