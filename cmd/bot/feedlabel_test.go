package main

import (
	"context"
	"strings"
	"testing"
)

// TestFeedErrorsNameTheEntryWritten: after an entry of feeds that is not a
// map (a bare URL), the errors of the entries after it named the entry
// before them ("feeds[0].interval" for the second entry; helper 75).
func TestFeedErrorsNameTheEntryWritten(t *testing.T) {
	path := writeConfig(t, `feeds:
  - "http://127.0.0.1:1/a"
  - url: http://127.0.0.1:1/b
    interval: 30s
  - url: "javascript:alert(1)"
`)
	cfg, _, err := LoadConfig(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	err = cfg.Validate(false)
	if err == nil {
		t.Fatal("Validate: nil error, want the three bad entries")
	}
	msg := err.Error()
	for _, want := range []string{`feeds[0]: "http://127.0.0.1:1/a" is not an entry`, "feeds[1].interval: 30s is shorter than 1m", "feeds[2].url:"} {
		if !strings.Contains(msg, want) {
			t.Errorf("Validate error lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "feeds[0].interval") || strings.Contains(msg, "feeds[1].url") {
		t.Errorf("Validate error names an entry before the one written:\n%s", msg)
	}
}
