package main

import (
	"bytes"
	"encoding/json"
	"log"
	"log/slog"
	"testing"
)

// TestLibraryLog: a line printed with the standard log package (as Bleve
// prints its recovery notices) becomes one slog warning with its component.
func TestLibraryLog(t *testing.T) {
	var buf bytes.Buffer
	l := log.New(libraryLog{slog.New(slog.NewJSONHandler(&buf, nil)).With("component", "library")}, "", 0)
	l.Printf("unable to load snapshot, %v, continuing", "bad segment")
	var rec map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatalf("not one JSON record: %q (%v)", buf.String(), err)
	}
	want := map[string]any{"level": "WARN", "msg": "unable to load snapshot, bad segment, continuing", "component": "library"}
	for k, v := range want {
		if rec[k] != v {
			t.Errorf("%s = %v, want %v (record %v)", k, rec[k], v, rec)
		}
	}
}
