package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/chronicle-bot/chronicle/internal/discord/discordtest"
)

// serveTimeline (TestServeStories): /timeline through the fake Discord (registered with
// the other commands; testdata/slash_timeline.json, a real interaction
// payload: "Moscow concert hall attack", 22-26 March 2024) answers with the
// first page of developments, oldest first (testdata/moscow-timeline.jsonl:
// nine reports of the attack, two of them the same development), and a
// Next button; pressing
// Next updates the message with page 2. A window without the event says
// so, and a malformed date gets an ephemeral reply saying what to fix.
func serveTimeline(t *testing.T) {
	if cmds := fake.Commands(""); !bytes.Contains(cmds, []byte(`"timeline"`)) {
		t.Errorf("registered commands = %s, want timeline among them", cmds)
	}

	first := reply(t, discordtest.LoadInteraction(t, filepath.Join("testdata", "slash_timeline.json")))
	if first.Ephemeral() || len(first.Embeds) != 1 || first.Embeds[0].Footer == nil {
		t.Fatalf("/timeline reply = %+v, want one public embed with a footer", first)
	}
	page1 := first.Embeds[0]
	if !strings.HasPrefix(page1.Title, "Timeline: “Moscow concert hall attack”") ||
		!strings.HasPrefix(page1.Description, "**2024-03-22**") ||
		!strings.HasPrefix(page1.Footer.Text, "Page 1 of ") || !strings.Contains(page1.Footer.Text, "22 Mar 2024 and 26 Mar 2024") {
		t.Errorf("/timeline page 1 =\n%s\n%s\n%s\nwant the developments from 22 March, page 1 of several", page1.Title, page1.Description, page1.Footer.Text)
	}
	if !strings.Contains(page1.Description, " reports “") || !strings.Contains(page1.Description, "[read](https://") {
		t.Errorf("/timeline page 1 =\n%s\nwant merged reports counted and cited with links", page1.Description)
	}
	if prev, ok := first.Button("Previous"); !ok || !prev.Disabled {
		t.Errorf("/timeline page 1 Previous = %+v (%v), want a disabled button", prev, ok)
	}
	next, ok := first.Button("Next")
	if !ok || next.Disabled || !strings.HasPrefix(next.CustomID, "timeline:") {
		t.Fatalf("/timeline page 1 Next = %+v (%v), want an enabled timeline button", next, ok)
	}

	id, token := fake.Interact(t, discordtest.ButtonClick(next.CustomID))
	cb, second := fake.WaitReply(t, id, token)
	if cb.Type != int(discordgo.InteractionResponseUpdateMessage) && cb.Type != int(discordgo.InteractionResponseDeferredMessageUpdate) {
		t.Errorf("Next answered with callback type %d, want the message updated", cb.Type)
	}
	if len(second.Embeds) != 1 || second.Embeds[0].Footer == nil {
		t.Fatalf("/timeline page 2 = %+v, want one embed with a footer", second)
	}
	page2 := second.Embeds[0]
	if !strings.HasPrefix(page2.Footer.Text, "Page 2 of ") || page2.Description == page1.Description {
		t.Errorf("/timeline page 2 =\n%s\n%s\nwant page 2, other developments than page 1", page2.Description, page2.Footer.Text)
	}
	if prev, ok := second.Button("Previous"); !ok || prev.Disabled {
		t.Errorf("/timeline page 2 Previous = %+v (%v), want an enabled button", prev, ok)
	}

	for _, tt := range []struct {
		name          string
		options       map[string]any
		wantEphemeral bool
		want          string
	}{
		{"empty window", map[string]any{"query": "Moscow concert hall attack", "since": "2020-01-01", "until": "2020-01-02"}, false,
			"No event between 1 Jan 2020 and 2 Jan 2020 matches “Moscow concert hall attack”"},
		{"bad date", map[string]any{"query": "Moscow attack", "since": "March 22"}, true, "“since” must be a date like 2024-03-26"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			msg := reply(t, discordtest.SlashCommand("timeline", tt.options))
			if msg.Ephemeral() != tt.wantEphemeral || !strings.Contains(msg.Text(), tt.want) {
				t.Errorf("/timeline %v = %q (ephemeral %v), want %q (ephemeral %v)", tt.options, msg.Text(), msg.Ephemeral(), tt.want, tt.wantEphemeral)
			}
		})
	}
}
