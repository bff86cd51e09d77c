package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/chronicle-bot/chronicle/internal/boltfile"
	"github.com/chronicle-bot/chronicle/internal/commands"
	"github.com/chronicle-bot/chronicle/internal/feedback"
)

func newFeedbackCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "feedback",
		Short: "The Helpful/Wrong votes given to /ask answers in Discord: export them as evaluation questions, or count them",
		Long: "Votes are kept in feedback.path (default: feedback.db beside schedule.path), one per user and answer;\n" +
			"no user name or ID is exported. Both subcommands read the file while bot serve runs.",
		// Without a Run, cobra printed the help for "bot feedback bogus"
		// and exited 0 (helper 107); "bot bogus" is an error.
		Args: cobra.ArbitraryArgs,
		// As cobra's own "did you mean" of bot's commands (SuggestionsFor
		// alone matches prefixes only when it is 0).
		SuggestionsMinimumDistance: 2,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmd.Help()
			}
			if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
				return fmt.Errorf("unknown command %q for %q; did you mean %q? (run bot feedback --help)", args[0], cmd.CommandPath(), s[0])
			}
			return fmt.Errorf("unknown command %q for %q (run bot feedback --help)", args[0], cmd.CommandPath())
		},
	}
	cmd.AddCommand(newFeedbackExportCmd(a), newFeedbackStatsCmd(a))
	return cmd
}

func newFeedbackExportCmd(a *app) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "export [--out FILE]",
		Short: "Write the votes as JSON Lines evaluation questions",
		Long: "One line per answer and vote, in the evaluation question format: {\"id\", \"question\", \"as_of\",\n" +
			"\"answers\": [...]} for a helpful vote (the answer's value, or its quote), {..., \"wrong_answers\": [...]}\n" +
			"for a wrong one (a right answer must differ); with \"article_id\", \"quote\" and \"votes\" (how many).",
		Example: "  bot feedback export --out feedback.jsonl",
		Args:    noArgs("for a file to write, give --out"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			votes, err := a.readVotes(cmd.Context())
			if err != nil {
				return err
			}
			if out == "" || out == "-" {
				return feedback.Export(a.stdout, votes)
			}
			if err := exportTargetOK(out, a.cfg); err != nil {
				return err
			}
			if err := folderWritable("--out", out); err != nil {
				return err
			}
			if err := writeReplacing(out, func(w io.Writer) error { return feedback.Export(w, votes) }); err != nil {
				return fmt.Errorf("--out: %w", err)
			}
			fmt.Fprintf(a.stderr, "wrote %d questions from %d votes to %s\n", len(feedback.Questions(votes)), len(votes), out)
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "write to this file instead of standard output (an earlier export is replaced; any other existing file is refused)")
	return cmd
}

func newFeedbackStatsCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "stats",
		Short: "Count the votes: helpful, wrong, distinct questions and answers",
		Args:  noArgs(""),
		RunE: func(cmd *cobra.Command, _ []string) error {
			votes, err := a.readVotes(cmd.Context())
			if err != nil {
				return err
			}
			s := feedback.Count(votes)
			fmt.Fprintf(a.stdout, "helpful: %d\nwrong: %d\nquestions: %d\nanswers: %d\n", s.Helpful, s.Wrong, s.Questions, s.Answers)
			return nil
		},
	}
}

// readVotes reads every vote from the feedback file, read-only; a missing
// or empty (0-byte) file holds none, and a vote that does not decode is skipped (each said
// on stderr).
func (a *app) readVotes(ctx context.Context) ([]feedback.Vote, error) {
	path := a.cfg.FeedbackPath()
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(a.stderr, "no votes yet: %s does not exist (feedback.path)\n", path)
		return nil, nil
	}
	st, err := feedback.Open(path, feedback.Options{ReadOnly: true, MaxAge: a.cfg.Feedback.Expire, OnBadVote: func(key string, err error) {
		fmt.Fprintf(a.stderr, "skipped the vote %s in %s: %v; it is left in the file as it is\n", key, path, err)
	}})
	if errors.Is(err, feedback.ErrEmptyFile) {
		fmt.Fprintf(a.stderr, "no votes yet: %s is empty (0 bytes; feedback.path); bot serve sets it up as a new feedback store\n", path)
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return st.Votes(ctx)
}

// openFeedback opens the votes file for serve and returns what /ask needs
// to show the vote buttons; nil when feedback.enabled is false.
func (m *Main) openFeedback() (*commands.Feedback, error) {
	log := m.log.With("component", "feedback")
	if !m.cfg.Feedback.Enabled {
		log.Info("answers get no Helpful/Wrong buttons (feedback.enabled is false)")
		return nil, nil
	}
	path := m.cfg.FeedbackPath()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("feedback.path: %w", err)
	}
	st, err := feedback.Open(path, feedback.Options{MaxAge: m.cfg.Feedback.Expire, OnDamage: func(d *boltfile.Damage) {
		log.Error(d.String()+"; the votes it held are only in the moved file", "path", d.Path, "moved_to", d.MovedTo)
	}, OnEmpty: func(e *boltfile.Empty) {
		log.Warn(e.String()+"; the votes it held, if any, are lost", "path", e.Path)
	}, OnMend: func(m *boltfile.Mended) {
		log.Warn(m.String(), "path", m.Path, "copy", m.CopyAt)
	}, OnClockStep: func(s feedback.ClockStep) {
		log.Warn(s.String(), "path", path, "feedback.expire", m.cfg.Feedback.Expire.String())
	}})
	if err != nil {
		return nil, err // it names the file
	}
	m.votes = st
	return &commands.Feedback{Store: st, Log: log}, nil
}

// exportTargetOK refuses an --out that would destroy something: a file of
// the index's folder, the schedules, votes or feed state file, or any
// existing file that is not an earlier export (its first line a question
// with "votes"; an empty file counts as one). The export truncated whatever
// it named: schedule.db, feedback.db and the index's store.db, even while
// bot serve held them, so that the next start lost the schedules, the
// votes or the index (helper 75); and a file merely starting with "{" (a
// JSON Lines corpus file, a config.json) passed as an export (helper 76).
// An earlier export is replaced, so that a scheduled export keeps working.
func exportTargetOK(out string, cfg Config) error {
	abs, err := filepath.Abs(out)
	if err != nil {
		return fmt.Errorf("--out %q: %w", out, err)
	}
	refuse := func(what string) error {
		return fmt.Errorf("--out %s is %s; the export would destroy it: choose another file", out, what)
	}
	if inside(realPath(cfg.Index.Path), realPath(abs)) {
		return refuse("in the index's folder " + cfg.Index.Path)
	}
	for _, st := range []struct{ path, what string }{
		{cfg.Schedule.Path, "the schedules file (schedule.path)"},
		{cfg.FeedbackPath(), "the votes file (feedback.path)"},
		{feedStatePath(cfg.Index.Path), "the feed state file"},
	} {
		if p, err := filepath.Abs(st.path); err == nil && p == abs || sameFile(st.path, out) {
			return refuse(st.what)
		}
	}
	fi, err := os.Stat(out)
	switch {
	case err != nil:
		// Its folder must be there, as for bot eval's --all: the
		// error named the temporary file made beside out, or said
		// "stat ...: not a directory" (helper 148).
		if ferr := outFolderOK("--out", out); ferr != nil {
			return ferr
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return fmt.Errorf("--out: %w", err)
	case !fi.Mode().IsRegular():
		return refuse("not a regular file (write to standard output with --out - or no --out)")
	case fi.Size() == 0:
		return nil
	}
	ours, err := firstLineHas(out, "question", "votes")
	if err != nil {
		return fmt.Errorf("--out: %w", err)
	}
	if !ours {
		return refuse("an existing file that is not an earlier export of the votes")
	}
	return nil
}

// outFolderOK says what is wrong with the folder an output file (flag's
// path) is to be written in: missing, or a file (helper 148: "stat
// FILE/x.jsonl: not a directory"), or nil when it is a folder.
// A link to a file not made yet is written at its target (writeReplacing),
// so the target's folder is the one looked at (helper 152: the link was
// replaced by the file).
func outFolderOK(flag, path string) error {
	target := writtenAt(path)
	dir := filepath.Dir(target)
	if target != path {
		path = fmt.Sprintf("%s (a link to %s)", path, target)
	}
	di, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("%s %s: the folder %s does not exist; make it or choose another file", flag, path, dir)
	case err != nil:
		// A link loop, a name too long, a folder that may not be
		// looked into: not "does not exist" (helper 152).
		if pe, ok := errors.AsType[*fs.PathError](err); ok {
			err = pe.Err
		}
		return fmt.Errorf("%s %s: the folder %s cannot be used: %v; choose another file", flag, path, dir, err)
	case !di.IsDir():
		return fmt.Errorf("%s %s: %s is a file, not a folder; choose another file", flag, path, dir)
	}
	return nil
}

// folderWritable says when a file cannot be made in the folder an output
// file (flag's path, through its links) is written in, by making and
// removing one there: writeReplacing makes its new file beside path, and
// a folder this user may not write failed only after the work, naming
// that temporary file ("open /sys/.x.jsonl.3618098795.tmp: permission
// denied", after a whole bot eval run). nil when one can be made, or when
// the folder's own state is for outFolderOK to say.
func folderWritable(flag, path string) error {
	dir := filepath.Dir(writtenAt(path))
	if di, err := os.Stat(dir); err != nil || !di.IsDir() {
		return nil
	}
	f, err := os.CreateTemp(dir, ".chronicle-check-*")
	if err != nil {
		if pe, ok := errors.AsType[*fs.PathError](err); ok {
			err = pe.Err
		}
		return fmt.Errorf("%s %s: no file can be made in the folder %s: %v; choose another file", flag, path, dir, err)
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}

// writtenAt is the file a write to path makes or replaces (writeReplacing):
// path with its links resolved, or, for a link to a file not made yet,
// that file (linkTarget).
func writtenAt(path string) string {
	if r, err := filepath.EvalSymlinks(path); err == nil {
		return r
	}
	return linkTarget(path)
}

// linkTarget is where path leads when it is a symbolic link, followed link
// by link even when the last target does not exist (filepath.EvalSymlinks
// fails then); otherwise, or when a link cannot be read, path itself.
func linkTarget(path string) string {
	for range 40 { // as many links as Linux follows
		fi, err := os.Lstat(path)
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			return path
		}
		to, err := os.Readlink(path)
		if err != nil {
			return path
		}
		if !filepath.IsAbs(to) {
			to = filepath.Join(filepath.Dir(path), to)
		}
		path = to
	}
	return path
}

// firstLineHas reports whether the first line of the file at path (within
// its first MiB) is a JSON object holding every one of keys: how a command
// knows an earlier output of its own, which it may replace, from any other
// file, which it must not (feedback export's --out, eval's --all and
// --failures).
func firstLineHas(path string, keys ...string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	line, _ := bufio.NewReader(io.LimitReader(f, 1<<20)).ReadBytes('\n')
	var first map[string]json.RawMessage
	if json.Unmarshal(line, &first) != nil {
		return false, nil
	}
	for _, k := range keys {
		if first[k] == nil {
			return false, nil
		}
	}
	return true, nil
}

// realPath is path made absolute with its links resolved, as far as they
// exist (the rest of the path as written, cleaned). A ".." is taken
// where the system takes it, after the link before it ("link/.." is the
// folder above the link's target), so path is not cleaned before its
// links are resolved.
func realPath(path string) string {
	abs := path
	if !filepath.IsAbs(path) {
		wd, err := os.Getwd()
		if err != nil {
			return filepath.Clean(path)
		}
		abs = wd + string(filepath.Separator) + path
	}
	var rest []string // the names below dir, nearest last
	for dir := abs; ; {
		if r, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(append([]string{r}, rest...)...)
		}
		dir = strings.TrimRight(dir, string(filepath.Separator))
		i := strings.LastIndexByte(dir, filepath.Separator)
		if i < 0 {
			return filepath.Clean(abs)
		}
		rest = append([]string{dir[i+1:]}, rest...)
		dir = dir[:i+1] // "/" is kept for the root
	}
}

// inside reports whether path is dir or inside it (both real paths).
func inside(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// sameFile reports whether paths a and b name one existing file (through
// a link, or another spelling of the path).
func sameFile(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	return err == nil && os.SameFile(fa, fb)
}

// writeReplacing writes path through write into a new file beside it,
// synced, and renames that over path, so that a failed write leaves path as
// it was. A link to an earlier export is followed: its target is replaced;
// a link to a file not made yet makes its target.
// The new file keeps the mode of the file it replaces (0644 for a new one).
func writeReplacing(path string, write func(io.Writer) error) error {
	path = writtenAt(path)
	mode := fs.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().Perm()
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	err = write(f)
	if err == nil {
		err = f.Chmod(mode)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}
