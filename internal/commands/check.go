package commands

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/chronicle-bot/chronicle"
)

// Check is the message context-menu command "Check in sources": it looks up
// the chosen message's claim in the sources during a discussion.
type Check struct {
	Answerer Answerer
	// MaxChars bounds how much of the message is looked up (default 300):
	// long messages are trimmed to their first sentences.
	MaxChars int
	// Ephemeral makes the check visible only to the user who asked.
	Ephemeral bool
	// Buttons keeps a checked text too long for the "More sources" button's
	// custom ID (see Ask.Buttons); share the one Ask has.
	Buttons *Buttons
}

// CheckName is the context-menu command's name as Discord shows it.
const CheckName = "Check in sources"

// Definition describes the context-menu command.
func (c *Check) Definition() Definition {
	return Definition{Type: MessageCommand, Name: CheckName, Ephemeral: c.Ephemeral}
}

// discordMarkup matches the markup Discord shows as something else: user,
// role and channel mentions, custom emoji, timestamps and command mentions.
// None of it is a claim, and its snowflakes would pass for figures.
var discordMarkup = regexp.MustCompile(`<(?:@[!&]?\d+|#\d+|a?:\w+:\d+|t:-?\d+(?::[tTdDfFR])?|/[^<>:]+:\d+)>`)

// spoilers are Discord's hidden text, ||like this||.
var spoilers = regexp.MustCompile(`(?s)\|\|(.+?)\|\|`)

// checkedText is what Check looks up of a message: its text without its
// Discord markup and, in a public reply, without its spoilers (hidden
// reports that some were left out). The author hid that text from those
// who have not chosen to see it; the quote and citation of a public reply
// would give it away, whatever the echo shows. An ephemeral reply is seen
// only by the user who asked, so there it is checked.
func (c *Check) checkedText(target string) (text string, hidden bool) {
	hidden = spoilers.MatchString(target)
	if c.Ephemeral {
		target = spoilers.ReplaceAllString(target, " $1 ")
	} else {
		target = spoilers.ReplaceAllString(target, " ")
	}
	return TrimToSentences(discordMarkup.ReplaceAllString(target, " "), c.maxChars()), hidden
}

// Handle checks the target message's text, its Discord markup left out, and
// its spoilers too in a public reply (checkedText).
func (c *Check) Handle(ctx context.Context, req Request) (Response, error) {
	text, hidden := c.checkedText(req.TargetText)
	if text == "" && hidden {
		return Response{}, chronicle.Errorf(chronicle.EINVALID,
			"That message's text is behind a spoiler. I leave hidden text out of a check: the sources I'd quote in reply would give it away.")
	}
	if text == "" {
		return Response{}, chronicle.Errorf(chronicle.EINVALID, "That message has no text I can check.")
	}
	if !checkable(text) {
		if hidden {
			// What the spoilers leave says too little: say why (helper 111).
			return Response{}, chronicle.Errorf(chronicle.EINVALID,
				"What that message says outside its spoilers makes no claim I can check, and I leave hidden text out of a check: the sources I'd quote in reply would give it away.")
		}
		return Response{}, chronicle.Errorf(chronicle.EINVALID,
			"That message makes no claim I can check in the sources: it names no one, states no figure and says little. Try it on a message that reports something.")
	}
	ans, err := c.Answerer.Ask(ctx, text, time.Time{})
	if err != nil {
		return Response{}, fmt.Errorf("check %q: %w", text, err)
	}
	resp := renderAnswer(ans, 2, moreSourcesID(text, time.Time{}, c.Buttons))
	if ans.Best != nil && len(resp.Embeds) > 0 {
		// The confidence is the probability that a quote answers a
		// question for a name, figure or thing; of a claim, or of a
		// question whether a claim is true ("Did Argentina win …?",
		// "…, right?"), it does not say whether the claim is true
		// ("Argentina won the 2026 World Cup" was "Likely right" from a
		// report of its semifinal). The footer says what the quote lacks.
		// The title is shown above the quote: what it states is there.
		gaps := claimGaps(text, ans.Best.Title+"\n"+ans.Best.Text)
		switch {
		case !whQuestion(text):
			resp.Embeds[0].Footer = claimFooter(gaps)
		case len(gaps) > 0:
			// A question may hold a claim too ("How did Argentina beat
			// Brazil 3-0 in the final?", helper 87): what of it the quote
			// does not state is said beside the confidence.
			resp.Embeds[0].Footer += " · " + gapList(gaps)
		}
	}
	header := "🔎 Checking: “" + Escape(text) + "”"
	switch {
	case hidden && c.Ephemeral:
		// Checked, and still hidden in the echo until clicked.
		header = "🔎 Checking: ||“" + Escape(text) + "”||"
	case hidden:
		header += "\n_Text behind a spoiler is left out of the check, so that the sources quoted do not give it away._"
	}
	if resp.Content != "" {
		header += "\n" + resp.Content
	}
	resp.Content = header
	resp.Ephemeral = c.Ephemeral
	return resp, nil
}

// whQuestion reports whether text asks a question with a question word
// ("Who won the World Cup?", "In 2026, who won the World Cup?"), whose
// answer a quote can give; a claim, or a question whether one is true
// ("Did Argentina win …?", "Argentina won, right?"), it cannot.
func whQuestion(text string) bool {
	text = strings.TrimSpace(text)
	if !strings.HasSuffix(text, "?") {
		return false
	}
	body := strings.TrimRight(text, "?!？ ")
	if i := strings.LastIndexAny(body, ",;"); i >= 0 && strings.EqualFold(strings.TrimSpace(body[i+1:]), "right") {
		return false // "…, right?" asks whether the claim before it is true
	}
	// The question word opens the question, or its clause after a comma
	// ("In 2026, who won …?").
	starts := []string{body}
	if _, after, ok := strings.Cut(body, ","); ok {
		starts = append(starts, after)
	}
	shouted := shouting(body)
	for _, part := range starts {
		first, _, _ := strings.Cut(strings.TrimSpace(part), " ")
		first = strings.TrimFunc(first, func(r rune) bool { return !unicode.IsLetter(r) })
		first = strings.TrimSuffix(strings.TrimSuffix(first, "'s"), "’s")
		if !shouted && first == "WHO" {
			continue // in a message in lower case, "WHO said …?" names the organisation
		}
		if questionWords[strings.ToLower(first)] {
			return true
		}
	}
	return false
}

// claimFooter is the footer of a checked claim's closest report: not a
// verdict, and the claim's names and figures the report does not state.
func claimFooter(gaps []string) string {
	const head = "Closest report, not a verdict"
	if len(gaps) == 0 {
		return head + ": it states the claim's names and figures; read it to judge the claim"
	}
	return head + ": " + gapList(gaps)
}

// gapList is "it does not state X, Y", at most five of gaps.
func gapList(gaps []string) string {
	if len(gaps) > 5 {
		gaps = append(gaps[:5:5], "…")
	}
	return "it does not state " + strings.Join(gaps, ", ")
}

func (c *Check) maxChars() int {
	if c.MaxChars > 0 {
		return c.MaxChars
	}
	return 300
}
