package digest

import "testing"

func TestCounted(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{{0, "0 stories"}, {1, "1 story"}, {2, "2 stories"}, {43, "43 stories"}} {
		if got := counted(tt.n, "story", "stories"); got != tt.want {
			t.Errorf("counted(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}
