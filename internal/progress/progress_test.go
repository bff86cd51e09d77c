package progress

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBar: the progress bar is drawn only on a terminal and only for a
// phase of at least MinTotal; a pipe, a buffer or a log file gets nothing
// from it.
func TestBar(t *testing.T) {
	logFile, err := os.Create(filepath.Join(t.TempDir(), "stderr.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	var buf, drawn, small bytes.Buffer
	tests := []struct {
		name     string
		p        *Bar
		total    int64
		out      func() string
		wantDraw bool
	}{
		{"buffer", NewBar(&buf), 64 << 20, buf.String, false},
		{"file", NewBar(logFile), 64 << 20, func() string { b, _ := os.ReadFile(logFile.Name()); return string(b) }, false},
		// What a terminal gets, to show the fake build below draws a bar.
		{"terminal", &Bar{w: &drawn, draw: true}, 64 << 20, drawn.String, true},
		{"terminal, short phase", &Bar{w: &small, draw: true}, MinTotal - 1, small.String, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.p.Start("indexing", tt.total)
			for range 64 {
				tt.p.Add(tt.total / 64)
			}
			tt.p.Done()
			got := tt.out()
			if drew := strings.Contains(got, "indexing"); drew != tt.wantDraw {
				t.Errorf("progress wrote %q, want a bar drawn: %v", got, tt.wantDraw)
			}
		})
	}
}
