package feed

import "testing"

func TestReportSummary(t *testing.T) {
	tests := []struct {
		name string
		r    Report
		want string
	}{
		{"many", Report{Feeds: 3, Taken: 7, Unchanged: 2, Duplicates: 2, NotModified: 1, Failed: 1},
			"2 of 3 fetched, 7 articles added or updated, 2 unchanged, 2 duplicates dropped, 1 not modified, 1 failed"},
		{"one of each", Report{Feeds: 2, Taken: 1, Unchanged: 1, Duplicates: 1, NotModified: 1, Failed: 1},
			"1 of 2 fetched, 1 article added or updated, 1 unchanged, 1 duplicate dropped, 1 not modified, 1 failed"},
		{"none", Report{Feeds: 1, NotModified: 1},
			"1 of 1 fetched, 0 articles added or updated, 0 unchanged, 0 duplicates dropped, 1 not modified, 0 failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.r.Summary(); got != tt.want {
				t.Errorf("Summary() = %q, want %q", got, tt.want)
			}
		})
	}
}
