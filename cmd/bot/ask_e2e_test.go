package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestServeStories runs one bot over the bundled corpus and two testdata
// stories for the /ask and /timeline end-to-end tests that need them.
func TestServeStories(t *testing.T) {
	cfg := testConfig(t, "")
	cfg.Corpus.Paths = append(cfg.Corpus.Paths, filepath.Join("testdata", "harlow-colliery.jsonl"),
		filepath.Join("testdata", "moscow-timeline.jsonl"))
	startMain(t, cfg, MainOptions{})
	t.Run("ask agreement and words", serveAskAgreementAndWords)
	t.Run("timeline", serveTimeline)
}

// serveAskAgreementAndWords: /ask through the fake Discord shows the
// confidence in words, and when outlets report different figures, the
// answer to a question about now leads with the newest and one line says what the others said, by
// whom and when (testdata/harlow-colliery.jsonl: three outlets, three days,
// three tolls). A question about nothing in the sources says so.
func serveAskAgreementAndWords(t *testing.T) {
	msg := askReply(t, "How many miners have now been rescued from the flooded Harlow colliery?")
	if len(msg.Embeds) != 1 {
		t.Fatalf("/ask reply has %d embeds, want 1: %q", len(msg.Embeds), msg.Text())
	}
	e := msg.Embeds[0]
	if !strings.Contains(e.Description, "after 52") || !strings.Contains(e.Description, "County Herald") {
		t.Errorf("/ask answer = %q, want the newest toll (52, County Herald)", e.Description)
	}
	for _, want := range []string{"Earlier: **41** (*Northern Wire*, 3 May)", "**more than 30** (*Valley Post*, 2 May)"} {
		if !strings.Contains(e.Description, want) {
			t.Errorf("/ask answer = %q, want the line of other reports with %q", e.Description, want)
		}
	}
	if e.Footer == nil || !containsAny(e.Footer.Text, "Likely right", "Probably right", "Uncertain") {
		t.Errorf("/ask footer = %+v, want the confidence in words", e.Footer)
	}
	if e.Footer != nil && strings.Contains(e.Footer.Text, "%") {
		t.Errorf("/ask footer = %q, want words, not a number", e.Footer.Text)
	}

	msg = askReply(t, "How many people did the Zorblax attack in Moscow kill?")
	if !strings.Contains(msg.Text(), `I found nothing about "Zorblax" in the sources`) {
		t.Errorf("/ask about an unknown name = %q, want it to say nothing is found about it", msg.Text())
	}
}
