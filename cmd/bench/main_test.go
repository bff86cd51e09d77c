package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestFlagErrors: bad flag values are refused with a message that says
// what is wrong, before any work starts.
func TestFlagErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"negative questions", []string{"--questions", "-2"}, "--questions must be 0 (all) or more, not -2"},
		{"missing corpus", []string{"--corpus", "/nonexistent/corpus.jsonl"}, "pass --corpus"},
		{"missing question file", []string{"--corpus", ".", "--question-file", "/nonexistent/q.jsonl"}, "pass --question-file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			root := newRootCmd(&out, &errOut)
			root.SetArgs(tt.args)
			err := root.Execute()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("bench %v: error %v, want it to say %q", tt.args, err, tt.want)
			}
		})
	}
}
