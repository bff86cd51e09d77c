package terms

import "testing"

// TestCounted: a count agrees with its number (the summaries of bot index,
// bot config --check, the timeline's heading and /timeline's footer use
// it).
func TestCounted(t *testing.T) {
	for _, tt := range []struct {
		n         int
		one, many string
		want      string
	}{
		{0, "story", "stories", "0 stories"},
		{1, "story", "stories", "1 story"},
		{2, "story", "stories", "2 stories"},
		{-1, "story", "stories", "-1 stories"},
		{1000, "story", "stories", "1000 stories"},
		{0, "error", "errors", "0 errors"},
		{1, "error", "errors", "1 error"},
		{2, "error", "errors", "2 errors"},
	} {
		t.Run(tt.want, func(t *testing.T) {
			if got := Counted(tt.n, tt.one, tt.many); got != tt.want {
				t.Errorf("Counted(%d, %q, %q) = %q, want %q", tt.n, tt.one, tt.many, got, tt.want)
			}
		})
	}
}
