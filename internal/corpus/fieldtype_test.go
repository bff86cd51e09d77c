package corpus

import "testing"

// TestFieldTypeWords: a record field that holds a value of another kind
// than text is named in jsonmsg's words for the value (jsonmsg.Value), the
// words of bot eval's and ask --batch's messages: a bool was "a bool" here
// and "true or false" there.
func TestFieldTypeWords(t *testing.T) {
	o := origin{f: File{Path: "a.jsonl"}, relStem: "a", line: 1, lim: Limits{}.withDefaults()}
	for _, tt := range []struct{ name, in, want string }{
		{"a bool", `{"id": "t", "title": true, "text": "kept", "date": "2024-01-01"}`, `field "title" holds true or false, not text; read without it`},
		{"a list", `{"id": "t", "title": ["a"], "text": "kept", "date": "2024-01-01"}`, `field "title" holds an array, not text; read without it`},
		{"an object", `{"id": "t", "url": {"a": 1}, "text": "kept", "date": "2024-01-01"}`, `field "url" holds an object, not text; read without it`},
		{"a number", `{"id": "t", "url": 7, "text": "kept", "date": "2024-01-01"}`, `field "url" holds a number, not text; read without it`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := parseRecord([]byte(tt.in), o)
			if res.skip != nil || len(res.warns) != 1 || res.warns[0].Reason != ReasonFieldType || res.warns[0].Detail != tt.want {
				t.Errorf("parseRecord(%s): skip %v, warnings %v; want one %q: %q", tt.in, res.skip, res.warns, ReasonFieldType, tt.want)
			}
		})
	}
}
