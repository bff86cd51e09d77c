package terms

import "testing"

func TestEditDistance(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want int
	}{
		{"same", "years", "years", 0},
		{"both empty", "", "", 0},
		{"from empty", "", "abc", 3},
		{"to empty", "abc", "", 3},
		{"swap is one edit", "yeras", "years", 1},
		{"swap and deletion", "yeras", "year", 2},
		{"replace", "clamed", "claimed", 1},
		{"several", "kitten", "sitting", 3},
		{"config key", "applicaton_id", "application_id", 1},
		{"no edit inside a swap (osa)", "ca", "abc", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := EditDistance(tt.a, tt.b); got != tt.want {
				t.Errorf("EditDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
			if got := EditDistance(tt.b, tt.a); got != tt.want {
				t.Errorf("EditDistance(%q, %q) = %d, want %d (symmetric)", tt.b, tt.a, got, tt.want)
			}
		})
	}
}
