package commands

import (
	"context"
	"strings"
	"testing"
	"time"
)

// From an adversarial pass over 62aeb72 ("control characters in a
// question, query or topic become spaces"): /digest's handler never calls
// shortenChars (only the command line's ShortenTopic, and only when the
// topic is too long), so a topic's control characters reach the digest as
// given and its header shows them ("Digest for \"quokka\x1b[31m\"").
func TestDigestTopicControlCharactersBecomeSpaces(t *testing.T) {
	now := time.Date(2026, 12, 1, 21, 0, 0, 0, time.UTC)
	b := &fakeDigestBuilder{}
	c := &Digest{Builder: b, Now: func() time.Time { return now }}
	_, err := c.Handle(context.Background(), Request{Kind: KindCommand, Command: "digest",
		Options: map[string]string{"since": "2026-11-28", "topic": "quokka\x1b[31m\x07census"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.calls) != 1 {
		t.Fatalf("built %d digests, want 1", len(b.calls))
	}
	if topic := b.calls[0].Topic; strings.ContainsAny(topic, "\x1b\x07") {
		t.Errorf("the digest was built for topic %q, with its control characters", topic)
	}
}
