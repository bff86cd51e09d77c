package corpus

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestLoadDuplicateAcrossFilesNamesBothPlaces: an ID repeated in a later
// file is reported at its own line, and names the file and line where it
// was first seen, as a repeat within one file names its first line.
func TestLoadDuplicateAcrossFilesNamesBothPlaces(t *testing.T) {
	rec := func(id string) string { return `{"id": "` + id + `", "text": "Some text.", "date": "2024-01-01"}` }
	tests := []struct {
		name  string
		files map[string]string
		// want are the duplicate problems, with the folder as "D/".
		want []string
	}{{
		name: "JSON Lines in both",
		files: map[string]string{
			"a.jsonl": rec("x") + "\n" + rec("dup") + "\n",
			"b.jsonl": rec("y") + "\n\n" + rec("dup") + "\n", // an empty line 2
		},
		want: []string{`D/b.jsonl:3: duplicate ID: "dup" first seen at D/a.jsonl:2`},
	}, {
		name: "JSON array after JSON Lines",
		files: map[string]string{
			"a.jsonl": rec("dup") + "\n",
			"b.json":  "[\n" + rec("z") + ",\n" + rec("dup") + "\n]\n",
		},
		want: []string{`D/b.json:3: duplicate ID: "dup" first seen at D/a.jsonl:1`},
	}, {
		// A text file is one article, its ID the file's name: no line.
		name: "first seen in a text file",
		files: map[string]string{
			"dup.txt": "date 2024-01-01\n\nSome text.\n",
			"e.jsonl": rec("dup") + "\n",
		},
		want: []string{`D/e.jsonl:1: duplicate ID: "dup" first seen at D/dup.txt`},
	}, {
		name: "within a file and across files",
		files: map[string]string{
			"a.jsonl": rec("dup") + "\n" + rec("dup") + "\n",
			"b.jsonl": rec("dup") + "\n",
			"c.jsonl": rec("q") + "\n" + rec("dup") + "\n",
		},
		want: []string{
			`D/a.jsonl:2: duplicate ID: "dup" first seen at line 1`,
			`D/b.jsonl:1: duplicate ID: "dup" first seen at D/a.jsonl:1`,
			`D/c.jsonl:2: duplicate ID: "dup" first seen at D/a.jsonl:1`,
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range tt.files {
				writeFile(t, dir, name, []byte(content))
			}
			_, rep, err := Load(context.Background(), []string{dir})
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			var got []string
			for _, p := range rep.Problems {
				if p.Reason == ReasonDuplicateID {
					got = append(got, strings.ReplaceAll(p.String(), dir+string(filepath.Separator), "D/"))
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("duplicate problems:\n%s\nwant:\n%s\nall: %v", strings.Join(got, "\n"), strings.Join(tt.want, "\n"), rep.Problems)
			}
		})
	}
}

// TestNumericIDsOfSameNamedFiles: a numeric id is prefixed with the file's
// path under its corpus root (the folder that holds the files of every
// path), so exports of the same name in two folders, each numbering its
// rows from 1, are all loaded. They were prefixed with
// the file's name alone ("export-1" twice), and the second folder's
// articles were skipped as duplicates.
func TestNumericIDsOfSameNamedFiles(t *testing.T) {
	rec := func(id int, text string) string {
		return fmt.Sprintf(`{"id": %d, "text": %q, "date": "2024-01-01"}`, id, text)
	}
	dir := t.TempDir()
	for _, month := range []string{"2024-03", "2024-04"} {
		if err := os.Mkdir(filepath.Join(dir, month), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, month), "export.jsonl",
			[]byte(rec(1, "The "+month+" council met.")+"\n"+rec(2, "The "+month+" budget passed.")+"\n"))
	}
	writeFile(t, dir, "top.jsonl", []byte(rec(1, "A file at the root keeps its name as the prefix.")+"\n"))
	other := t.TempDir()
	if err := os.MkdirAll(filepath.Join(other, "news [2024]", "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(other, "news [2024]", "sub"), "export.jsonl", []byte(rec(1, "A story in a folder with brackets.")+"\n"))
	months := []string{"2024-03/export-1", "2024-03/export-2", "2024-04/export-1", "2024-04/export-2"}
	tests := []struct {
		name  string
		paths []string
		want  []string
	}{
		{"the folder", []string{dir}, []string{"2024-03/export-1", "2024-03/export-2", "2024-04/export-1", "2024-04/export-2", "top-1"}},
		{"a file named directly", []string{filepath.Join(dir, "2024-04", "export.jsonl")}, []string{"export-1", "export-2"}},
		// Files of more than one folder take their IDs from their paths
		// under the folder that holds them all (helper 102: each of these
		// gave "export-1" twice).
		{"a glob over the files", []string{filepath.Join(dir, "*", "export.jsonl")}, months},
		{"a glob over the folders", []string{filepath.Join(dir, "2024-*")}, months},
		{"the files named one by one", []string{filepath.Join(dir, "2024-03", "export.jsonl"), filepath.Join(dir, "2024-04", "export.jsonl")}, months},
		{"two folders", []string{filepath.Join(dir, "2024-03"), filepath.Join(dir, "2024-04")}, months},
		// A folder whose name has a pattern's letters is the folder, not
		// a glob (helper 103: its name joined the IDs).
		{"a folder named like a pattern", []string{filepath.Join(other, "news [2024]")}, []string{"sub/export-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts, rep, err := Load(context.Background(), tt.paths)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			var got []string
			for _, a := range arts {
				got = append(got, a.ID)
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("IDs %q, want %q; problems %v", got, tt.want, rep.Problems)
			}
			if len(rep.Problems) != 0 {
				t.Errorf("problems: %v", rep.Problems)
			}
		})
	}
}

// TestPathID: the IDs a file's path gives are told from others, for the
// hint a duplicate of one carries.
func TestPathID(t *testing.T) {
	f := File{Path: filepath.Join("c", "2024-03", "export.jsonl"), Root: "c"}
	tests := []struct {
		id   string
		want bool
	}{
		{"2024-03/export-1", true},
		{"2024-03/export#12", true},
		{"2024-03/export", true},
		{"export-1", false},
		{"2024-03/exports-1", false},
		{"rtqa-00012", false},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			if got := PathID(f, tt.id); got != tt.want {
				t.Errorf("PathID(%q) = %v, want %v", tt.id, got, tt.want)
			}
		})
	}
}

// TestFullPathID: the full path ID of a path ID is the file's path with its
// extension, "./" before it and the record after it; it is no path ID of
// any file, and the full path IDs of two files differ where their path IDs
// are the same.
func TestFullPathID(t *testing.T) {
	dir := filepath.Join("c", "2024-03")
	tests := []struct {
		file, id string
		want     string // "" for none
	}{
		{"export.jsonl", "2024-03/export-1", "./2024-03/export.jsonl-1"},
		{"export.jsonl", "2024-03/export#12", "./2024-03/export.jsonl#12"},
		{"export.jsonl", "2024-03/export#1.2", "./2024-03/export.jsonl#1.2"},
		{"export.jsonl.gz", "2024-03/export-1", "./2024-03/export.jsonl.gz-1"},
		{"export-1.txt", "2024-03/export-1", "./2024-03/export-1.txt"},
		{"export#12.md", "2024-03/export#12", "./2024-03/export#12.md"},
		{"a.json", "2024-03/a", "./2024-03/a.json"},
		{"export.jsonl", "rtqa-00012", ""},
		{"export.jsonl", "2024-03/exports-1", ""},
	}
	seen := map[string]string{}
	for _, tt := range tests {
		t.Run(tt.file+" "+tt.id, func(t *testing.T) {
			f := File{Path: filepath.Join(dir, tt.file), Root: "c"}
			got, ok := FullPathID(f, tt.id)
			if got != tt.want || ok != (tt.want != "") {
				t.Fatalf("FullPathID(%s, %q) = %q, %v, want %q", tt.file, tt.id, got, ok, tt.want)
			}
			if !ok {
				return
			}
			if was, dup := seen[got]; dup {
				t.Errorf("%q is the full path ID of %s and %s", got, was, tt.file)
			}
			seen[got] = tt.file
			for _, id := range []string{got, QualifiedID(got, 2)} {
				if !IsFullPathID(f, id) {
					t.Errorf("IsFullPathID(%s, %q) = false, want true", tt.file, id)
				}
			}
			for _, other := range []string{"export.jsonl", "export-1.txt", "export.jsonl-1.txt", "export.jsonl.jsonl"} {
				if PathID(File{Path: filepath.Join(dir, other), Root: "c"}, got) {
					t.Errorf("%q is a path ID of %s", got, other)
				}
				if other != tt.file && IsFullPathID(File{Path: filepath.Join(dir, other), Root: "c"}, got) {
					t.Errorf("%q is a full path ID of %s", got, other)
				}
			}
		})
	}
}

// TestLoadSamePathID: "export-1.txt" beside "export.jsonl", whose numeric
// id 1 gives "export-1" too, loads both: the second file's record under
// its full path ID, with a warning; it was dropped as a duplicate.
func TestLoadSamePathID(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "export-1.txt", []byte("date 2024-03-01\nTxt story\n\nA story from the text file.\n"))
	writeFile(t, dir, "export.jsonl", []byte(`{"id": 1, "date": "2024-03-01", "text": "Row one."}`+"\n"+`{"id": 2, "date": "2024-03-01", "text": "Row two."}`+"\n"))
	arts, rep, err := Load(context.Background(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range arts {
		got = append(got, a.ID)
		if a.Hash != Hash(a) {
			t.Errorf("%q: hash %s, want the hash of the article as loaded", a.ID, a.Hash)
		}
	}
	slices.Sort(got)
	if want := []string{"./export.jsonl-1", "export-1", "export-2"}; !slices.Equal(got, want) {
		t.Errorf("IDs %q, want %q; problems %v", got, want, rep.Problems)
	}
	if len(rep.Problems) != 1 || rep.Problems[0].Reason != ReasonSamePathID || !strings.Contains(rep.Problems[0].Detail, "export-1.txt") {
		t.Errorf("problems %v, want one %q warning naming export-1.txt", rep.Problems, ReasonSamePathID)
	}
}

// TestLoadFullPathIDTaken: a record's own string id in the form of a full
// path ID ("./a.txt") and the record of a.txt, whose path ID a.md's path
// gives too: the one loaded second takes the ID with a number after it
// ("./a.txt#2", the first no record has), with a warning; one of them was
// dropped as a duplicate.
func TestLoadFullPathIDTaken(t *testing.T) {
	own := func(ids ...string) []byte {
		var b strings.Builder
		for _, id := range ids {
			fmt.Fprintf(&b, `{"id": %q, "text": "A record whose own id is %s."}`+"\n", id, id)
		}
		return []byte(b.String())
	}
	for _, tc := range []struct {
		name  string
		files map[string][]byte
		want  map[string]string // ID -> file name
	}{
		{"own id first", map[string][]byte{"0.jsonl": own("./a.txt")},
			map[string]string{"./a.txt": "0.jsonl", "a": "a.md", "./a.txt#2": "a.txt"}},
		{"own id last", map[string][]byte{"z.jsonl": own("./a.txt")},
			map[string]string{"a": "a.md", "./a.txt": "a.txt", "./a.txt#2": "z.jsonl"}},
		{"own ids with numbers first", map[string][]byte{"0.jsonl": own("./a.txt", "./a.txt#2")},
			map[string]string{"./a.txt": "0.jsonl", "./a.txt#2": "0.jsonl", "a": "a.md", "./a.txt#3": "a.txt"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, dir, "a.txt", []byte("Txt story\n\nA story from the text file.\n"))
			writeFile(t, dir, "a.md", []byte("# Md story\n\nA story from the markdown file.\n"))
			for name, b := range tc.files {
				writeFile(t, dir, name, b)
			}
			arts, rep, err := Load(context.Background(), []string{dir})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, a := range arts {
				got[a.ID] = filepath.Base(a.Path)
			}
			if !maps.Equal(got, tc.want) {
				t.Errorf("IDs %v, want %v; problems %v", got, tc.want, rep.Problems)
			}
			for _, p := range rep.Problems {
				if p.Reason != ReasonSamePathID && p.Reason != ReasonUndated {
					t.Errorf("problem %v, want only %q warnings", p, ReasonSamePathID)
				}
			}
		})
	}
}
