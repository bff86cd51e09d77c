package corpus

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestProblemsOfOneFileAreBounded: a file of many bad records lists at most
// maxFileProblems problems, and the rest are counted (Problem.More), so that
// the counts stay exact while memory does not grow with the file. Before,
// every bad line was a Problem: a 260 KB gzip of ten million "x" lines took
// gigabytes and crashed the process (helper 73).
func TestProblemsOfOneFileAreBounded(t *testing.T) {
	const n = 50_000
	good := `{"id": "good", "date": "2024-01-01", "text": "The one good record is kept."}` + "\n"
	dup := `{"id": "d", "date": "2024-01-01", "text": "The same record again."}` + "\n"
	// Past the first 64 KiB, where a NUL byte no longer makes the file binary.
	var long strings.Builder
	long.WriteString(good)
	for i := 0; long.Len() < 80<<10; i++ {
		fmt.Fprintf(&long, `{"id": "g%d", "date": "2024-01-01", "text": "Good record %d."}`+"\n", i, i)
	}
	tests := []struct {
		name    string
		content string
		reason  string
		count   int // problems of reason
	}{
		{"malformed lines", good + strings.Repeat("x\n", n), ReasonMalformedJSON, n},
		{"one record repeated", good + strings.Repeat(dup, n+1), ReasonDuplicateID, n},
		{"records without text", good + strings.Repeat("{}\n", n), ReasonNoText, n},
		{"NUL lines after 80 KiB of good ones", long.String() + strings.Repeat("\x00\n", n), ReasonMalformedJSON, n},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := writeFile(t, dir, "bad.jsonl", []byte(tt.content))
			arts, rep, err := Loader{}.Load(context.Background(), []string{dir})
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if len(arts) < 1 || arts[0].ID != "good" {
				t.Fatalf("Load kept %d articles, want the good one first", len(arts))
			}
			if len(rep.Problems) > maxFileProblems+10 {
				t.Errorf("Load listed %d problems for one file, want at most about %d", len(rep.Problems), maxFileProblems)
			}
			if got := rep.Skipped()[tt.reason]; got != tt.count {
				t.Errorf("Skipped()[%q] = %d, want %d (every bad record counted)", tt.reason, got, tt.count)
			}
			if !strings.Contains(rep.Summary(), fmt.Sprintf("%s: %d", tt.reason, tt.count)) {
				t.Errorf("Summary() = %q, want it to count %d %s", rep.Summary(), tt.count, tt.reason)
			}
			more := 0
			for _, p := range rep.Problems {
				if p.Path != path {
					t.Errorf("problem %v names another file", p)
				}
				if p.More > 0 {
					more += p.More
					if want := fmt.Sprintf("and %d more like it", p.More); !strings.Contains(p.String(), want) {
						t.Errorf("problem %q does not say %q", p.String(), want)
					}
				}
			}
			if more == 0 {
				t.Errorf("no problem counts the ones not listed")
			}
		})
	}
}

// TestNoArticlesCountsEveryRecord: a file none of whose records has text is
// one problem that counts all of them, also past maxFileProblems.
func TestNoArticlesCountsEveryRecord(t *testing.T) {
	const n = 5000
	dir := t.TempDir()
	path := writeFile(t, dir, "quiz.jsonl", []byte(strings.Repeat(`{"question": "Who?"}`+"\n", n)))
	_, probs, err := Loader{}.LoadFile(context.Background(), File{Path: path, Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) != 1 || probs[0].Reason != ReasonNoArticles || !strings.Contains(probs[0].Detail, fmt.Sprintf("none of its %d records", n)) {
		t.Errorf("LoadFile(quiz file) problems = %v, want one %q counting %d records", probs, ReasonNoArticles, n)
	}
}
