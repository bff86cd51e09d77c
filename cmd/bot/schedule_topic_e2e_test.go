package main

import (
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/discord/discordtest"
)

// TestServeScheduleRefusesTopicDigestRefuses: a topic of stop words alone
// is refused by /schedule add with the words /digest refuses it with (the
// index's check, reached through the same digest builder), and nothing is
// added; before, the schedule was added and every run failed and was
// retried for ever. A topic with a real word is still added.
func TestServeScheduleRefusesTopicDigestRefuses(t *testing.T) {
	r := startMain(t, testConfig(t, ""), MainOptions{})
	waitSynced(t, "http://"+r.m.Addr())
	const tooCommon = "Those words are all too common to search by"
	digest := interact(t, discordtest.SlashCommand("digest", map[string]any{"topic": "the of and"}))
	if !strings.Contains(digest.Text(), tooCommon) {
		t.Fatalf("/digest topic:\"the of and\" = %q, want the index's refusal %q", digest.Text(), tooCommon)
	}
	add := func(topic string) string {
		return interact(t, discordtest.Subcommand("schedule", "add",
			map[string]any{"channel": discordtest.ChannelID, "when": "0 * * * *", "topic": topic}, 1<<5)).Text()
	}
	if got := add("the of and"); got != digest.Text() {
		t.Errorf("/schedule add topic:\"the of and\" = %q, want /digest's refusal %q", got, digest.Text())
	}
	if list := interact(t, discordtest.Subcommand("schedule", "list", nil, 1<<5)).Text(); !strings.Contains(list, "no digest schedules") {
		t.Errorf("/schedule list after the refused add = %q, want no schedules", list)
	}
	if got := add("Moscow attack"); !strings.HasPrefix(got, "Schedule 1 added") {
		t.Errorf("/schedule add topic:\"Moscow attack\" = %q, want it added", got)
	}
}
