package jsonmsg

import "testing"

// TestValue: a JSON value of the wrong kind is named in one set of words,
// which the corpus loader's messages use too.
func TestValue(t *testing.T) {
	for _, tt := range []struct{ kind, want string }{
		{"bool", "true or false"},
		{"array", "an array"},
		{"object", "an object"},
		{"number", "a number"},
		{"string", "a string"},
		{"number -5", "the number -5"},
	} {
		t.Run(tt.kind, func(t *testing.T) {
			if got := Value(tt.kind); got != tt.want {
				t.Errorf("Value(%q) = %q, want %q", tt.kind, got, tt.want)
			}
		})
	}
}
