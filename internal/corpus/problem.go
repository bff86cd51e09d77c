package corpus

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/chronicle-bot/chronicle/internal/jsonmsg"
	"github.com/chronicle-bot/chronicle/internal/terms"
)

// Reasons used in Problem.Reason. They are short keys meant for counting and
// for summary lines; Problem.Detail says more.
const (
	ReasonEmptyFile  = "empty file"
	ReasonBinaryFile = "binary file"
	// ReasonRemovalRefused is a sync's: articles that left a file still
	// there were kept (index.SyncReport.Refused).
	ReasonRemovalRefused = "removal refused"
	ReasonInvalidUTF8    = "invalid UTF-8"
	ReasonMalformedJSON  = "malformed JSON"
	ReasonNoText         = "no text"
	ReasonPlaceholder    = "placeholder text"
	ReasonNoArticles     = "no articles"
	ReasonDuplicateID    = "duplicate ID"
	// ReasonSameRecord: a record without an ID of its own that repeats an
	// earlier record of its file field for field; one article is kept.
	ReasonSameRecord = "repeated record"
	ReasonBadDate    = "unparseable date"
	// ReasonFarDate: a date outside the years an index holds
	// (chronicle.InDateRange); the article is kept undated.
	ReasonFarDate        = "date out of range"
	ReasonUndated        = "undated"
	ReasonUnknownExt     = "unknown extension"
	ReasonNotArticle     = "documentation file"
	ReasonUnreadable     = "unreadable"
	ReasonTruncatedGzip  = "truncated gzip"
	ReasonCorruptGzip    = "corrupt gzip"
	ReasonBadFrontMatter = "bad front matter"
	ReasonNoMatch        = "no match"
	// ReasonNotRegular: a FIFO, device or socket (named directly, by a
	// symbolic link, a glob or in a folder); never opened.
	ReasonNotRegular = "not a regular file"
	// ReasonIndexFile: a file of the index being synced, found in a corpus
	// folder that holds the index folder; never read as articles.
	ReasonIndexFile = "the index's own file"
	// ReasonFolderLink: a symbolic link to a folder found inside a corpus
	// folder; not followed (it could loop, or lead out of the corpus).
	ReasonFolderLink = "folder link not followed"
	// ReasonLinkOutside: a symbolic link to a file, found inside a corpus
	// folder or matched by a glob, that leads out of that folder; not
	// followed, so that whoever can write in a corpus folder cannot have
	// any file the bot can read indexed and quoted. A file named itself as
	// a corpus path is followed wherever it leads.
	ReasonLinkOutside = "file link leads outside"
	// ReasonFileTooLarge: more than Limits.MaxFileBytes after
	// decompression; the records before the limit are kept.
	ReasonFileTooLarge = "file too large"
	// ReasonTooManyRecords: more than Limits.MaxFileArticles articles in
	// one file; the ones before the limit are kept.
	ReasonTooManyRecords = "too many records"
	// ReasonRecordTooLarge: a JSON Lines line or JSON value longer than
	// Limits.MaxArticleBytes; skipped unread.
	ReasonRecordTooLarge = "record too large"
	// ReasonLongText, ReasonLongTitle and ReasonLongID are warnings: the
	// text or title was cut, the ID replaced by a stable short one.
	ReasonLongText  = "text too long"
	ReasonLongTitle = "title too long"
	ReasonLongID    = "ID too long"
	// ReasonLongSource: an outlet name over MaxSourceBytes was cut, or a
	// link over MaxURLBytes left out.
	ReasonLongSource = "outlet or link too long"
	// ReasonBadLink: an article's link holds a control character (an
	// escape sequence, a line break) or a bidirectional override
	// (chronicle.Unprintable): it leads nowhere, and printed as it came it
	// could drive the terminal or turn the line around; left out, the
	// article kept.
	ReasonBadLink = "unusable link"
	// ReasonBadID is a warning: an ID holding control characters or bytes
	// that are not UTF-8 is replaced by a stable printable one.
	ReasonBadID = "unprintable ID"
	// ReasonIDType: the record's id (or guid) is a JSON object, array or
	// boolean, which names no article; the article is kept under its
	// file and line ("news/feed#12"), as a record without an ID is.
	ReasonIDType = "ID not a string or number"
	// ReasonFieldType is a warning: a field read as text (a title, a
	// text, a link) holds a JSON array, object, number or boolean; the
	// record is read without it, and skipped only when that leaves it no
	// text.
	ReasonFieldType = "field not text"
	// ReasonSamePathID is a warning: the ID a record's path gives is the
	// one another file's path gives too ("export-1.txt" and the numeric id
	// 1 of "export.jsonl"), and that file holds it; the record is kept
	// under its full path ID (FullPathID). Or the record's own id is the
	// full path ID another record has. Either takes a number after the ID
	// when another article has it (QualifiedID).
	ReasonSamePathID = "same path ID"
)

// Problem is one piece of bad input: where it is and why it is bad.
type Problem struct {
	// Path is the file the problem was found in.
	Path string
	// Line is the 1-based line of the record or of the first bad byte; 0
	// when the problem concerns the whole file.
	Line int
	// Reason is a short key such as "no text" or "duplicate ID" (see the
	// Reason constants).
	Reason string
	// Detail explains the particular case, e.g. the offending date string.
	Detail string
	// Skipped is true when the record or file was left out, false for
	// warnings about input that was still loaded (an undated article, text
	// repaired from Latin-1).
	Skipped bool
	// Unfinished is true when the file was not read to its end, or not at
	// all (unreadable, emptied, cut short, no longer gzip or JSON): records
	// it held before may still be in it, and an index keeps the articles it
	// has from it. A file read to its end that holds fewer records is an
	// edit, not this.
	Unfinished bool
	// More counts the problems of the same reason (and Skipped) after this
	// one in its file that are not listed one by one: a file lists at most
	// maxFileProblems problems, so that a file of ten million bad lines
	// costs a count, not ten million problems in memory.
	More int
}

// Count is how many problems p stands for: itself and More.
func (p Problem) Count() int { return 1 + p.More }

// Head returns the first n problems, to show one by one, and how many
// problems the rest stand for (their Count).
//
// The n shown are the weightiest first, each group in its order: a file
// not read to its end or whose articles were kept (what a user must act
// on), then skipped records, then warnings. A cut file and a refused
// removal fell past 20 routine "undated" warnings, shown only with -v
// (new-user trial nu40).
func Head(problems []Problem, n int) (head []Problem, more int) {
	if len(problems) <= n {
		return problems, 0
	}
	weight := func(p Problem) int {
		switch {
		case p.Unfinished || p.Reason == ReasonRemovalRefused:
			return 0
		case p.Skipped:
			return 1
		}
		return 2
	}
	sorted := slices.Clone(problems)
	slices.SortStableFunc(sorted, func(a, b Problem) int { return weight(a) - weight(b) })
	for _, p := range sorted[n:] {
		more += p.Count()
	}
	return sorted[:n], more
}

// String formats the problem as "path:line: reason: detail", leaving out the
// line when it is 0 and the detail when it is empty.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.Path)
	if p.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(p.Line))
	}
	b.WriteString(": ")
	b.WriteString(p.Reason)
	if p.Detail != "" {
		b.WriteString(": ")
		b.WriteString(p.Detail)
	}
	if p.More > 0 {
		fmt.Fprintf(&b, " (and %d more like it later in the file, not listed)", p.More)
	}
	// A path or detail may hold what a file's name or record held (an
	// escape sequence, a newline): shown escaped, so that the line stays
	// one line and drives no terminal.
	return escapeUnprintable(b.String())
}

// escapeUnprintable writes each chronicle.Unprintable character of s as
// its Go escape (\x1b, \n, \u202e), and each byte that is not UTF-8 as
// \xNN: a lone 0x9b is a terminal's 8-bit CSI, and was printed as it is
// when the line held no control character (helper 133).
func escapeUnprintable(s string) string { return jsonmsg.Escape(s) }

// Report describes one Load: how many files were read, how many articles
// were loaded and every problem met on the way.
type Report struct {
	// Files is the number of corpus files found and read.
	Files int
	// Loaded is the number of articles returned.
	Loaded int
	// Problems lists skipped input and warnings, in file order.
	Problems []Problem
}

// Skipped counts the skipped records and files by reason.
func (r Report) Skipped() map[string]int {
	return r.count(true)
}

// Warnings counts the warnings (input loaded despite a problem) by reason.
func (r Report) Warnings() map[string]int {
	return r.count(false)
}

func (r Report) count(skipped bool) map[string]int {
	m := make(map[string]int)
	for _, p := range r.Problems {
		if p.Skipped == skipped {
			m[p.Reason] += p.Count()
		}
	}
	return m
}

// Summary returns one line such as
//
//	loaded 16483 articles from 3 files; skipped 71 (no text: 71); warnings: 58 undated
//
// Reasons are listed by descending count.
func (r Report) Summary() string {
	s := fmt.Sprintf("loaded %s from %s", terms.Counted(r.Loaded, "article", "articles"), terms.Counted(r.Files, "file", "files"))
	if skipped := r.Skipped(); len(skipped) > 0 {
		total := 0
		parts := make([]string, 0, len(skipped))
		for _, k := range sortedReasons(skipped) {
			total += skipped[k]
			parts = append(parts, fmt.Sprintf("%s: %d", k, skipped[k]))
		}
		s += fmt.Sprintf("; skipped %d (%s)", total, strings.Join(parts, ", "))
	} else {
		s += "; skipped 0"
	}
	if warned := r.Warnings(); len(warned) > 0 {
		parts := make([]string, 0, len(warned))
		for _, k := range sortedReasons(warned) {
			parts = append(parts, fmt.Sprintf("%d %s", warned[k], k))
		}
		s += "; warnings: " + strings.Join(parts, ", ")
	}
	return s
}

// sortedReasons orders the keys of m by descending count, then by name.
func sortedReasons(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys
}
