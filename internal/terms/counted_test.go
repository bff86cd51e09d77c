package terms

import "testing"

func TestCounted(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{{0, "0 stories"}, {1, "1 story"}, {2, "2 stories"}, {-1, "-1 stories"}, {1000, "1000 stories"}} {
		t.Run(tt.want, func(t *testing.T) {
			if got := Counted(tt.n, "story", "stories"); got != tt.want {
				t.Errorf("Counted(%d) = %q, want %q", tt.n, got, tt.want)
			}
		})
	}
}
