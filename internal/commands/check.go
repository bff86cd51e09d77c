package commands

import (
	"context"
	"fmt"
	"regexp"
	"time"

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

// Handle checks the target message's text, its Discord markup left out.
func (c *Check) Handle(ctx context.Context, req Request) (Response, error) {
	text := TrimToSentences(discordMarkup.ReplaceAllString(req.TargetText, " "), c.maxChars())
	if text == "" {
		return Response{}, chronicle.Errorf(chronicle.EINVALID, "That message has no text I can check.")
	}
	if !checkable(text) {
		return Response{}, chronicle.Errorf(chronicle.EINVALID,
			"That message makes no claim I can check in the sources: it names no one, states no figure and says little. Try it on a message that reports something.")
	}
	ans, err := c.Answerer.Ask(ctx, text, time.Time{})
	if err != nil {
		return Response{}, fmt.Errorf("check %q: %w", text, err)
	}
	resp := renderAnswer(ans, 2, moreSourcesID(text, time.Time{}, c.Buttons))
	header := "🔎 Checking: “" + Escape(text) + "”"
	if resp.Content != "" {
		header += "\n" + resp.Content
	}
	resp.Content = header
	resp.Ephemeral = c.Ephemeral
	return resp, nil
}

func (c *Check) maxChars() int {
	if c.MaxChars > 0 {
		return c.MaxChars
	}
	return 300
}
