package corpus

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestHead: the problems shown one by one are the weightiest first (a file
// not read to its end, a refused removal, then skipped records, then
// warnings), and the rest are counted. A cut file and a refused removal
// fell past 20 routine "undated" warnings (new-user trial nu40).
func TestHead(t *testing.T) {
	var probs []Problem
	for i := range 25 {
		probs = append(probs, Problem{Path: fmt.Sprintf("w%02d", i), Reason: "undated"})
	}
	probs = append(probs,
		Problem{Path: "skip", Reason: ReasonMalformedJSON, Skipped: true, More: 2},
		Problem{Path: "cut", Reason: ReasonMalformedJSON, Skipped: true, Unfinished: true},
		Problem{Path: "kept", Reason: ReasonRemovalRefused})
	head, more := Head(probs, 4)
	var got []string
	for _, p := range head {
		got = append(got, p.Path)
	}
	if diff := cmp.Diff([]string{"cut", "kept", "skip", "w00"}, got); diff != "" {
		t.Errorf("Head (-want +got):\n%s", diff)
	}
	if more != 24 {
		t.Errorf("more = %d, want the 24 warnings left", more)
	}
	if head, more := Head(probs[:3], 4); len(head) != 3 || more != 0 {
		t.Errorf("Head of 3 = %d shown, %d more; want all 3", len(head), more)
	}
}
