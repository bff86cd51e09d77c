package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBarProgress: the progress bar is drawn only on a terminal; a pipe,
// a buffer or a log file gets nothing from it.
func TestBarProgress(t *testing.T) {
	logFile, err := os.Create(filepath.Join(t.TempDir(), "stderr.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	var buf, drawn bytes.Buffer
	tests := []struct {
		name     string
		p        *barProgress
		out      func() string
		wantDraw bool
	}{
		{"buffer", newBarProgress(&buf), buf.String, false},
		{"file", newBarProgress(logFile), func() string { b, _ := os.ReadFile(logFile.Name()); return string(b) }, false},
		// What a terminal gets, to show the fake build below draws a bar.
		{"terminal", &barProgress{w: &drawn, draw: true}, drawn.String, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.p.Start("indexing", 64<<20)
			for range 64 {
				tt.p.Add(1 << 20)
			}
			tt.p.Done()
			got := tt.out()
			if drew := strings.Contains(got, "indexing"); drew != tt.wantDraw {
				t.Errorf("progress wrote %q, want a bar drawn: %v", got, tt.wantDraw)
			}
		})
	}
}
