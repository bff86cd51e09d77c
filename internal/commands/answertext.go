package commands

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/chronicle-bot/chronicle"
)

// AnswerText is an answer as a person reads it in a terminal (the Text of
// /ask's reply, which `bot ask` prints): the quote and its citation, how
// the sources agree with it, the confidence in words and as a number, then
// the other sources; without a confident answer the closest sources, or
// only that nothing matches.
func AnswerText(ans chronicle.Answer) string {
	text := answerText(ans)
	if note := MisdatedNote(ans); note != "" {
		text += note + "\n"
	}
	return text
}

// MisdatedNote says, of an answer not given, that articles matching the
// question were left out for being dated after tomorrow (UTC: their dates taken
// for mistakes: chronicle.Answer.Misdated), so that "nothing matches" is
// not all that is said of them; "" otherwise.
func MisdatedNote(ans chronicle.Answer) string {
	switch {
	case ans.Best != nil || ans.Misdated == 0:
		return ""
	case ans.Misdated == 1:
		return "1 article that matches is dated after tomorrow and was left out: its date is taken for a mistake."
	}
	return fmt.Sprintf("%d articles that match are dated after tomorrow and were left out: their dates are taken for mistakes.", ans.Misdated)
}

// noneByToday is the reply when the only articles matching the question
// are dated after tomorrow (MisdatedNote follows it).
const noneByToday = "No article dated by tomorrow matches the question."

func answerText(ans chronicle.Answer) string {
	var b strings.Builder
	if ans.Searched != "" {
		fmt.Fprintf(&b, "Searched for: %s\n", ans.Searched)
	}
	switch {
	case ans.Best != nil:
		fmt.Fprintf(&b, "> %s\n", ans.Best.Text)
		fmt.Fprintf(&b, "  — %s\n", CiteText(*ans.Best))
		if others := OthersLine(ans); others != "" {
			fmt.Fprintf(&b, "  %s\n", Plain(others))
		}
		fmt.Fprintf(&b, "%s (confidence %.2f)\n", ConfidenceWords(ans.Confidence), ans.Confidence)
		if note := PresentNote(ans); note != "" {
			b.WriteString(note + "\n")
		}
		if len(ans.Sources) > 0 {
			b.WriteString("\nOther sources:\n")
		}
	case len(ans.Missing) > 0 && len(ans.Sources) > 0:
		fmt.Fprintf(&b, "I found nothing about %s in the sources. The closest sources:\n", quoteList(ans.Missing))
	case len(ans.Missing) > 0:
		fmt.Fprintf(&b, "I found nothing about %s in the sources.\n", quoteList(ans.Missing))
		return b.String()
	case len(ans.Sources) > 0:
		// Cut, not rounded, to two decimals: a declined 0.455 shown as
		// 0.46, the default threshold, read as an answer that met the bar
		// (nu44).
		fmt.Fprintf(&b, "I couldn't find a confident answer (confidence %.2f). The closest sources:\n", math.Floor(ans.Confidence*100+1e-9)/100)
	case ans.AsOf.IsZero() && ans.Misdated > 0:
		// Not "no article matches": MisdatedNote says that some did.
		b.WriteString(noneByToday + "\n")
		return b.String()
	case ans.AsOf.IsZero():
		b.WriteString("No article in the index matches the question.\n")
		return b.String()
	default:
		b.WriteString("No article in the index published on or before " + formatDate(ans.AsOf) + " matches the question.\n")
		return b.String()
	}
	for i, s := range ans.Sources {
		fmt.Fprintf(&b, "%d. \"%s\"\n   — %s\n", i+1, s.Text, CiteText(s))
	}
	return b.String()
}

// PresentNote says, for a question about the present asked without an
// as-of day, which day "now" is: that of the newest article in the index,
// which for a corpus not kept up to date may be long ago (nu42: "What is
// France's current alert level?" was "likely right" from a 2024 article,
// asked in 2026, with nothing to say so but the citation's date). "" for
// other answers.
func PresentNote(ans chronicle.Answer) string {
	if ans.Best == nil || !ans.AsOf.IsZero() || ans.Day.IsZero() {
		return ""
	}
	pub := ans.Best.Published
	older := !pub.IsZero() && formatDate(pub) < formatDate(ans.Day)
	// A question in the present tense without "now" ("Who is the UK prime
	// minister?") quoted a report of 2022 in an index whose newest article
	// is of 2026 without a word (nu43): the note is said when the report
	// is more than staleAfter older than the day.
	stale := ans.Standing && older && ans.Day.Sub(pub) > staleAfter
	if !ans.Present && !stale {
		return ""
	}
	note := "Current as of " + formatDate(ans.Day) + ", the day of the newest article in the index"
	if older {
		// Not confirmed on that day: the report quoted is older.
		note += "; the report quoted is of " + formatDate(pub)
	}
	return note + "."
}

// staleAfter is how much older than the day of the newest article a report
// quoted for a question in the present tense is before the reply says so.
const staleAfter = 30 * 24 * time.Hour

// quoteList writes words as Go-quoted strings: "A", "B" and "C".
func quoteList(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = strconv.Quote(w)
	}
	if len(q) <= 1 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}
