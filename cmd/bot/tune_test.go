package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTuneFoldsAtMostQuestions: tune refuses more folds than questions; an
// empty fold was averaged in as 0, so that 8 questions in 100 folds printed
// "held-out top-1 0.040" and 2 questions in the default 5 printed 0.200.
func TestTuneFoldsAtMostQuestions(t *testing.T) {
	clearEnv(t)
	corpus, idx := copyCorpus(t), filepath.Join(t.TempDir(), "index")
	two := filepath.Join(t.TempDir(), "two.jsonl")
	text := `{"question":"Who claimed the Moscow attack?","answers":["ISIS"]}` + "\n" +
		`{"question":"How many people were detained after the Moscow attack?","answers":["11"]}` + "\n"
	if err := os.WriteFile(two, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		args  []string
		want  string // in the error; "" : it runs
		shown string // on stdout when it runs
	}{
		{"default 5 folds, 2 questions", []string{two}, "--folds 5 is more than the 2 questions", ""},
		{"100 folds, 12 questions", []string{"--folds", "100", "testdata/seed-paraphrases.jsonl"}, "--folds 100 is more than the 12 questions", ""},
		{"as many folds as questions", []string{"--folds", "2", two}, "", "2-fold cross-validation: held-out top-1 "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"tune", "--epochs", "20"}, tt.args...)
			out, _, err := runCLI(t, "", cliArgs(corpus, idx, args...)...)
			if tt.want == "" {
				if err != nil || !strings.Contains(out, tt.shown) {
					t.Errorf("%v: %v, want it to print %q:\n%s", args, err, tt.shown, out)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%v: error %v, want one saying %q; printed\n%s", args, err, tt.want, out)
			}
		})
	}
}
