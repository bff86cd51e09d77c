package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEvalOutputRefusesOtherFiles: --failures and --all refuse the question
// file being read (under any spelling of its path), a file both name, and
// any existing file that is not an earlier output of bot eval, and leave
// it as it was; an earlier output is replaced. --failures S.jsonl S.jsonl
// turned 8 questions into 1 result line, and --failures notes.txt replaced
// the notes.
func TestEvalOutputRefusesOtherFiles(t *testing.T) {
	clearEnv(t)
	corpus, idx := copyCorpus(t), filepath.Join(t.TempDir(), "index")
	questionText, err := os.ReadFile("testdata/seed-paraphrases.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	notes, jsonQuestion, empty := "my notes\n", `{"question":"Who?","answers":["x"]}`+"\n", ""
	earlier := `{"id":"line-1","question":"Who?","gold":["x"],"at1":false,"at3":false,"answer":{}}` + "\n"
	tests := []struct {
		name     string
		existing *string // the content of out before the run (nil: no file)
		args     func(questions, out string) []string
		want     string // in the error; "" : the run succeeds and replaces out
	}{
		{"failures is the question file", nil, func(q, _ string) []string { return []string{"--failures", q, q} },
			"is the question file being read"},
		{"all is the question file by another spelling", nil, func(q, _ string) []string {
			return []string{"--all", filepath.Join(filepath.Dir(q), ".", filepath.Base(q)), q}
		}, "is the question file being read"},
		{"all is a link to the question file", nil, func(q, out string) []string {
			if err := os.Symlink(q, out); err != nil {
				t.Fatal(err)
			}
			return []string{"--all", out, q}
		}, "is the question file being read"},
		{"notes", &notes, func(q, out string) []string { return []string{"--failures", out, q} },
			"not an earlier output of bot eval"},
		{"a JSON file", &jsonQuestion, func(q, out string) []string { return []string{"--all", out, q} },
			"not an earlier output of bot eval"},
		{"both name one file", nil, func(q, out string) []string { return []string{"--failures", out, "--all", out, q} },
			"name the same file"},
		{"a folder", nil, func(q, _ string) []string { return []string{"--all", t.TempDir(), q} }, "not a regular file"},
		// Helper 111: found only after the whole run.
		{"in a folder that does not exist", nil, func(q, out string) []string {
			return []string{"--all", filepath.Join(filepath.Dir(out), "nodir", "x.jsonl"), q}
		}, "does not exist"},
		// Helper 148: "--all: stat Q/x.jsonl: not a directory".
		{"below a file", nil, func(q, _ string) []string {
			return []string{"--all", filepath.Join(q, "x.jsonl"), q}
		}, "is a file, not a folder"},
		// Helper 152: "-" wrote a file named "-" (feedback export's --out -
		// is standard output, where bot eval prints its summary).
		{"a dash", nil, func(q, _ string) []string { return []string{"--all", "-", q} }, "standard output"},
		{"a dash for failures", nil, func(q, _ string) []string { return []string{"--failures", "-", q} }, "standard output"},
		{"an earlier output", &earlier, func(q, out string) []string { return []string{"--all", out, q} }, ""},
		{"an empty earlier output", &empty, func(q, out string) []string { return []string{"--failures", out, q} }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			questions, out := filepath.Join(dir, "S.jsonl"), filepath.Join(dir, "out.jsonl")
			if err := os.WriteFile(questions, questionText, 0o644); err != nil {
				t.Fatal(err)
			}
			if tt.existing != nil {
				if err := os.WriteFile(out, []byte(*tt.existing), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			args := append([]string{"eval", "--threshold", "0"}, tt.args(questions, out)...)
			_, _, err := runCLI(t, "", cliArgs(corpus, idx, args...)...)
			if got, _ := os.ReadFile(questions); string(got) != string(questionText) {
				t.Errorf("eval %v changed the question file: %d lines, want %d", args, strings.Count(string(got), "\n"), strings.Count(string(questionText), "\n"))
			}
			if tt.want == "" {
				if err != nil {
					t.Fatalf("eval %v: %v", args, err)
				}
				if got, _ := os.ReadFile(out); tt.name == "an earlier output" && strings.Contains(string(got), `"question":"Who?"`) {
					t.Errorf("eval %v left the earlier output as it was: %.80q", args, got)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("eval %v: error %v, want one saying %q", args, err, tt.want)
			}
			if tt.existing != nil {
				if got, _ := os.ReadFile(out); string(got) != *tt.existing {
					t.Errorf("eval %v changed %s: %.80q", args, out, got)
				}
			}
		})
	}
}

// TestEvalCVChecksOutputFirst: eval --cv refuses an --all that would
// destroy a file, and a --write that is no folder, before any fold is
// trained: they were found only when written, after the whole run.
func TestEvalCVChecksOutputFirst(t *testing.T) {
	clearEnv(t)
	corpus, idx := cliCorpus(t), filepath.Join(t.TempDir(), "index")
	questions, _ := cvQuestions(t)
	notes := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(notes, []byte("my notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"all", []string{"--all", notes}, "not an earlier output of bot eval"},
		{"write", []string{"--write", notes}, "is not a folder"},
		{"write missing", []string{"--write", filepath.Join(t.TempDir(), "none")}, "--write: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			folds := 0
			ctx := context.WithValue(context.Background(), cvTrainedKey{}, func(int, []string, []string) { folds++ })
			root := newRootCmd(&strings.Builder{}, &strings.Builder{})
			root.SetArgs(cliArgs(corpus, idx, append(append([]string{"eval", "--cv", "2", "--epochs", "5"}, tt.args...), questions)...))
			err := root.ExecuteContext(ctx)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("eval --cv %v: error %v, want one saying %q", tt.args, err, tt.want)
			}
			if folds > 0 {
				t.Errorf("eval --cv %v trained %d folds before refusing", tt.args, folds)
			}
			if got, _ := os.ReadFile(notes); string(got) != "my notes\n" {
				t.Errorf("eval --cv %v changed the notes: %q", tt.args, got)
			}
		})
	}
}
