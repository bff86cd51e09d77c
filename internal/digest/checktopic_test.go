package digest

import (
	"context"
	"errors"
	"testing"

	"github.com/chronicle-bot/chronicle"
)

// TestCheckTopic: CheckTopic gives the Source's refusal of a topic (the
// index refuses stop words alone) as Build would, asks for at most one
// article, and does not ask about an empty topic.
func TestCheckTopic(t *testing.T) {
	refusal := chronicle.Errorf(chronicle.EINVALID, "Those words are all too common to search by")
	tests := []struct {
		name     string
		topic    string
		srcErr   error
		wantCode string
		asked    bool
	}{
		{"refused", "the of and", refusal, chronicle.EINVALID, true},
		{"source down", "moscow", errors.New("index closed"), chronicle.EINTERNAL, true},
		{"fine", "moscow", nil, "", true},
		{"empty", " ", refusal, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := &fakeSource{arts: fixtures(), err: tt.srcErr}
			err := Builder{Source: src}.CheckTopic(context.Background(), tt.topic)
			if got := chronicle.ErrorCode(err); got != tt.wantCode {
				t.Errorf("CheckTopic(%q) = %v (code %q), want code %q", tt.topic, err, got, tt.wantCode)
			}
			if tt.wantCode == chronicle.EINVALID && chronicle.ErrorMessage(err) != refusal.Message {
				t.Errorf("CheckTopic(%q) says %q, want the Source's %q", tt.topic, chronicle.ErrorMessage(err), refusal.Message)
			}
			if asked := len(src.calls) > 0; asked != tt.asked || asked && src.calls[0].Limit != 1 {
				t.Errorf("Source asked %+v, want asked %v for one article", src.calls, tt.asked)
			}
		})
	}
}
