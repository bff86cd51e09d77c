package index

import (
	"maps"
	"slices"
	"testing"
)

// TestRenamedIn: a file's old IDs are paired with the IDs it gives now
// under another root only one to one, and only with IDs new to the file.
func TestRenamedIn(t *testing.T) {
	tests := []struct {
		name                string
		leaving, given, had []string
		want                []string
	}{
		{"folders added before", []string{"export-1", "export-2"}, []string{"2024-03/export-1"},
			[]string{"export-1", "export-2"}, []string{"export-1"}},
		{"folders taken away", []string{"p1/export-1"}, []string{"export-1"}, []string{"p1/export-1"}, []string{"p1/export-1"}},
		// helper 105: string ids of the BBC's form, the file cut to one
		// section: "01" left, and "sport/01" was given all along.
		{"an ID the file held", []string{"01", "02"}, []string{"sport/01", "sport/02"},
			[]string{"01", "02", "sport/01", "sport/02"}, nil},
		{"one new ID that two old ones may be", []string{"sport/07", "tech/07"}, []string{"07"},
			[]string{"sport/07", "tech/07"}, nil},
		{"two new IDs that one old one may be", []string{"07"}, []string{"sport/07", "tech/07"}, []string{"07"}, nil},
		{"no folder boundary", []string{"port-1"}, []string{"export-1"}, []string{"port-1"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := slices.Sorted(maps.Keys(renamedIn(tt.leaving, tt.given, tt.had)))
			if !slices.Equal(got, tt.want) {
				t.Errorf("renamedIn = %q, want %q", got, tt.want)
			}
		})
	}
}
