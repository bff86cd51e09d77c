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

// TestMark: the byte order marks name their encoding; UTF-32's
// little-endian mark is read before UTF-16's, which it starts with.
func TestMark(t *testing.T) {
	for _, tc := range []struct{ head, want string }{
		{"\xff\xfe{\x00", "UTF-16"},
		{"\xfe\xff\x00{", "UTF-16"},
		{"\xff\xfe\x00\x00{\x00\x00\x00", "UTF-32"},
		{"\x00\x00\xfe\xff\x00\x00\x00{", "UTF-32"},
		{"\xef\xbb\xbf{", ""},
		{"{\"id\":1}", ""},
		{"\xff", ""},
	} {
		if got := Mark([]byte(tc.head)); got != tc.want {
			t.Errorf("Mark(%q) = %q, want %q", tc.head, got, tc.want)
		}
	}
}
