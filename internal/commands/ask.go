package commands

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/discordtext"
)

// Ask answers a question with a quoted sentence and its citation.
type Ask struct {
	Answerer Answerer
	// Searcher, when set, powers the "More sources" button with a search for
	// the question (its Previous/Next buttons need Search in the router too);
	// otherwise the button lists every source of the answer.
	Searcher Searcher
	// MaxSources is how many other sources are shown (default 2).
	MaxSources int
	// Buttons, when set, keeps the question of a "More sources" button
	// that is too long for its custom ID, so that the click runs exactly
	// that question; without it the question is shortened to fit. Share it
	// with Search, which turns the pages of the listing.
	Buttons *Buttons
	// Feedback, when set, adds Helpful and Wrong buttons to an answer and
	// records the clicks (see Feedback); nil shows none.
	Feedback *Feedback
	// AsOf, when set, answers from the articles published on or before
	// that day (bot ask --as-of); zero uses every article.
	AsOf time.Time
}

// askPrefix routes "More sources" clicks. The custom ID is
// "ask:v1:more:<question>" when the question fits in it, and otherwise
// "ask:v2:more:<key>", the key to the question in Buttons.
const askPrefix = "ask"

const (
	moreInline = askPrefix + ":v1:more:"
	moreKeyed  = askPrefix + ":v2:more:"
	// MaxQuestion is the longest question /ask takes, in characters (as
	// Discord enforces); a longer one from elsewhere is shortened.
	MaxQuestion = 300
)

// Definition describes /ask.
func (a *Ask) Definition() Definition {
	return Definition{
		Name:        "ask",
		Description: "Answer a question from the news sources, with a quote and a citation",
		Options: []Option{{
			Type: OptionString, Name: "question", Required: true, MaxLength: MaxQuestion,
			Description: "Your question, e.g. Who claimed the Moscow attack?",
		}},
	}
}

// Handle answers /ask.
func (a *Ask) Handle(ctx context.Context, req Request) (Response, error) {
	q, _ := shortenChars(req.Option("question"), MaxQuestion)
	if q == "" {
		return Response{}, chronicle.Errorf(chronicle.EINVALID, "Ask me a question, for example: /ask question: Who claimed the Moscow attack?")
	}
	ans, err := a.Answerer.Ask(ctx, q, a.AsOf)
	if err != nil {
		return Response{}, fmt.Errorf("answer: %w", err) // the answerer's error names the question
	}
	resp := renderAnswer(ans, a.maxSources(), moreSourcesID(q, a.AsOf, a.Buttons))
	resp.Text = AnswerText(ans)
	return a.Feedback.addButtons(ctx, q, a.AsOf, ans, resp), nil
}

// ComponentPrefix routes "More sources", "Helpful" and "Wrong" clicks to
// Ask.
func (a *Ask) ComponentPrefix() string { return askPrefix }

// HandleComponent answers a "More sources" click with a private listing
// for the question the button was made for, and a vote (Feedback) with a
// private thanks.
func (a *Ask) HandleComponent(ctx context.Context, req Request) (Response, error) {
	if strings.HasPrefix(req.CustomID, votePrefix) {
		return a.Feedback.vote(ctx, req)
	}
	q, asOf, ok := a.parseMoreID(req.CustomID)
	if !ok {
		return expired("/ask"), nil
	}
	if a.Searcher != nil {
		resp, err := searchPage(ctx, a.Searcher, searchState{Query: q, To: asOf}, defaultPageSize, true, a.Buttons)
		resp.Ephemeral = true
		return resp, err
	}
	ans, err := a.Answerer.Ask(ctx, q, asOf)
	if err != nil {
		return Response{}, fmt.Errorf("more sources for %q: %w", q, err)
	}
	all := ans.Sources
	if ans.Best != nil {
		all = append([]chronicle.Citation{*ans.Best}, all...)
	}
	if len(all) == 0 {
		return ephemeral("I have no more sources for that question."), nil
	}
	e := Embed{Title: Truncate("Sources for “"+Escape(q)+"”", MaxEmbedTitle), Color: colorNoMatch}
	for _, c := range all {
		e.Fields = append(e.Fields, sourceField(c))
	}
	return Response{Embeds: []Embed{e}, Ephemeral: true}, nil
}

func (a *Ask) maxSources() int {
	if a.MaxSources > 0 {
		return a.MaxSources
	}
	return 2
}

// moreSourcesID is the custom ID of the "More sources" button for q asked
// as of asOf (zero: today): the question itself when it fits, otherwise a
// key to it in buttons, or without buttons the question shortened to fit.
func moreSourcesID(q string, asOf time.Time, buttons *Buttons) string {
	if len(moreInline)+len(q) <= MaxCustomID && asOf.IsZero() {
		return moreInline + q
	}
	if buttons != nil {
		return moreKeyed + buttons.put(buttonState{Query: q, AsOf: asOf})
	}
	return moreInline + shorten(q, MaxCustomID-len(moreInline))
}

// parseMoreID returns the question and as-of day of a "More sources"
// button; ok is false for a button of an unknown version or whose key has
// expired.
func (a *Ask) parseMoreID(id string) (q string, asOf time.Time, ok bool) {
	if q, ok := strings.CutPrefix(id, moreInline); ok {
		return q, time.Time{}, strings.TrimSpace(q) != ""
	}
	key, ok := strings.CutPrefix(id, moreKeyed)
	if !ok || a.Buttons == nil {
		return "", time.Time{}, false
	}
	st, ok := a.Buttons.get(key)
	if !ok || strings.TrimSpace(st.Query) == "" {
		return "", time.Time{}, false
	}
	return st.Query, st.AsOf, true
}

// expired is the reply to a button from an old or unknown version.
func expired(command string) Response {
	return ephemeral("This button has expired. Run " + command + " again.")
}

// renderAnswer renders an answer: the quote with its citation, how the
// sources agree with it (OthersLine), how likely it is right in words
// (ConfidenceWords) and the other sources, or a plain statement that there is no confident answer with the
// closest sources. moreID, when not empty, adds a "More sources" button.
func renderAnswer(ans chronicle.Answer, maxSources int, moreID string) (resp Response) {
	if ans.Searched != "" {
		// Words were spelt otherwise in every article: say what was searched.
		defer func() {
			resp.Content = strings.TrimSpace("Searched for: " + Escape(ans.Searched) + "\n" + resp.Content)
		}()
	}
	if moreID != "" {
		resp.Components = []ActionRow{{Buttons: []Button{{Label: "More sources", Style: ButtonSecondary, CustomID: moreID}}}}
	}
	if ans.Best == nil {
		closest := ans.Sources[:min(len(ans.Sources), 3)]
		if len(closest) == 0 {
			resp.Content = "I couldn't find a confident answer, and nothing in the sources looks close. Try other words, or /search."
			if ans.Misdated > 0 {
				resp.Content = noneByToday
			}
			if len(ans.Missing) > 0 {
				resp.Content = "I found nothing about " + Escape(quoteList(ans.Missing)) + " in the sources."
			}
			if note := MisdatedNote(ans); note != "" {
				resp.Content += "\n" + note
			}
			return resp
		}
		resp.Content = "I couldn't find a confident answer. These are the closest sources:"
		if len(ans.Missing) > 0 {
			resp.Content = "I found nothing about " + Escape(quoteList(ans.Missing)) + " in the sources. These are the closest:"
		}
		if note := MisdatedNote(ans); note != "" {
			resp.Content = note + "\n" + resp.Content
		}
		e := Embed{Title: "Closest sources", Color: colorNoMatch}
		for _, c := range closest {
			e.Fields = append(e.Fields, sourceField(c))
		}
		resp.Embeds = []Embed{e}
		return resp
	}
	best := *ans.Best
	desc := quote(best, 1000) + "\n" + citeLine(best, false)
	if others := OthersLine(ans); others != "" {
		desc += "\n" + Truncate(others, 600)
	}
	if note := PresentNote(ans); note != "" {
		desc += "\n" + note
	}
	words := ConfidenceWords(ans.Confidence)
	e := Embed{
		Title:       Truncate(Escape(titleOr(best.Title, "Answer")), MaxEmbedTitle),
		URL:         discordtext.SafeURL(best.URL),
		Description: desc,
		Color:       colorAnswer,
		Timestamp:   best.Published,
		Footer:      strings.ToUpper(words[:1]) + words[1:],
	}
	for _, c := range ans.Sources[:min(len(ans.Sources), maxSources)] {
		e.Fields = append(e.Fields, sourceField(c))
	}
	resp.Embeds = []Embed{e}
	return resp
}
