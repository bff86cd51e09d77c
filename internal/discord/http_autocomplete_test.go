package discord

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/chronicle-bot/chronicle/internal/commands"
)

// When the router has not answered an autocomplete in time, the endpoint
// answers for it with what Discord accepts there, an empty list of
// suggestions (a type 5 deferral is refused for autocomplete), and the
// router's late suggestions are dropped rather than sent as an edit of a
// message that does not exist.
func TestAutocompleteTakenOverByTheEndpoint(t *testing.T) {
	hr := &httpResponder{
		restResponder: restResponder{kind: commands.KindAutocomplete}, // no session: any REST call panics
		initial:       make(chan *discordgo.InteractionResponse, 1),
		written:       make(chan struct{}),
	}
	first := hr.takeOver()
	// The same answer as the router's own when it has no suggestions.
	none := toInteractionResponse(commands.KindAutocomplete, commands.Response{})
	out, err := json.Marshal(first)
	if err != nil {
		t.Fatal(err)
	}
	want, err := json.Marshal(none)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `"type":8`) || string(out) != string(want) {
		t.Fatalf("the endpoint's own answer to an autocomplete = %s; want %s (type 8, no suggestions)", out, want)
	}
	close(hr.written)
	late := commands.Response{Choices: []commands.Choice{{Name: "Moscow attack", Value: "Moscow attack"}}}
	if err := hr.Respond(context.Background(), late); err != nil {
		t.Errorf("the late suggestions: %v, want them dropped", err)
	}
}
