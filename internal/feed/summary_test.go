package feed

import "testing"

func TestReportSummary(t *testing.T) {
	r := Report{Feeds: 3, Taken: 7, Unchanged: 2, Duplicates: 1, NotModified: 1, Failed: 1}
	want := "2 of 3 fetched, 7 articles added or updated, 2 unchanged, 1 duplicates dropped, 1 not modified, 1 failed"
	if got := r.Summary(); got != want {
		t.Errorf("Summary() = %q, want %q", got, want)
	}
}
