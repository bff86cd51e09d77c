package corpus

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// problemKey is the part of a Problem the bad-input tests compare.
type problemKey struct {
	File    string // base name
	Line    int
	Reason  string
	Skipped bool
}

func keys(probs []Problem) []problemKey {
	var ks []problemKey
	for _, p := range probs {
		ks = append(ks, problemKey{filepath.Base(p.Path), p.Line, p.Reason, p.Skipped})
	}
	return ks
}

// manyLines returns n JSON Lines records with IDs r0, r1, ...
func manyLines(n int) []byte {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `{"id": "r%d", "date": "2024-01-01", "text": "Record %d says %s."}`+"\n", i, i, strings.Repeat("words ", 50))
	}
	return []byte(b.String())
}

func TestLoadBadInput(t *testing.T) {
	good := `{"id": "ok", "text": "fine", "date": "2024-01-01"}` + "\n"
	tests := []struct {
		name   string
		files  map[string][]byte
		want   []problemKey
		loaded []string // IDs; nil means check only the count in nLoaded
	}{{
		name:   "empty file",
		files:  map[string][]byte{"a.txt": nil, "b.jsonl": []byte("\n  \n"), "c.md": []byte(" \n"), "ok.jsonl": []byte(good)},
		want:   []problemKey{{"a.txt", 0, ReasonEmptyFile, true}, {"b.jsonl", 0, ReasonEmptyFile, true}, {"c.md", 0, ReasonEmptyFile, true}},
		loaded: []string{"ok"},
	}, {
		name:  "empty gzip",
		files: map[string][]byte{"a.jsonl.gz": gzipped(t, nil), "b.jsonl.gz": nil},
		want:  []problemKey{{"a.jsonl.gz", 0, ReasonEmptyFile, true}, {"b.jsonl.gz", 0, ReasonEmptyFile, true}},
	}, {
		name:  "binary file",
		files: map[string][]byte{"a.txt": []byte("PK\x03\x04\x00\x00binary"), "b.jsonl": []byte("{\"text\": \"x\"}\n\x00\x01\x02")},
		want:  []problemKey{{"a.txt", 0, ReasonBinaryFile, true}, {"b.jsonl", 0, ReasonBinaryFile, true}},
	}, {
		name: "invalid UTF-8 is read as Latin-1",
		files: map[string][]byte{
			"a.txt":   []byte("date 2024-01-01 Caf\xe9 opens.\n\nIt is \x93good\x94.\n"),
			"b.jsonl": []byte(good + "{\"id\": \"l1\", \"text\": \"na\xefve\", \"date\": \"2024-01-01\"}\n"),
		},
		want:   []problemKey{{"a.txt", 1, ReasonInvalidUTF8, false}, {"b.jsonl", 2, ReasonInvalidUTF8, false}},
		loaded: []string{"a", "ok", "l1"},
	}, {
		name:   "undated article is kept",
		files:  map[string][]byte{"a.txt": []byte("No date marker here.\n"), "b.jsonl": []byte(`{"id": "u", "text": "x"}` + "\n")},
		want:   []problemKey{{"a.txt", 0, ReasonUndated, false}, {"b.jsonl", 1, ReasonUndated, false}},
		loaded: []string{"a", "u"},
	}, {
		name: "unparseable date is kept undated",
		files: map[string][]byte{
			"a.jsonl": []byte(`{"id": "d", "text": "x", "date": "next tuesday"}` + "\n"),
			"b.txt":   []byte("date 2024-13-45 Text.\n"),
		},
		want:   []problemKey{{"a.jsonl", 1, ReasonBadDate, false}, {"b.txt", 0, ReasonBadDate, false}},
		loaded: []string{"d", "b"},
	}, {
		// An index holds a time as int64 nanoseconds: these would come
		// back as other days (9999 as 1816), and year 1 as undated.
		name: "a date outside the years an index holds is kept undated",
		files: map[string][]byte{
			"a.jsonl": []byte(`{"id": "far", "text": "x", "date": "9999-12-31"}` + "\n" +
				`{"id": "old", "text": "x", "date": "1600-05-05"}` + "\n" +
				`{"id": "zero", "text": "x", "date": "0001-01-01"}` + "\n" +
				`{"id": "edge", "text": "x", "date": "2261-12-31"}` + "\n"),
		},
		want:   []problemKey{{"a.jsonl", 1, ReasonFarDate, false}, {"a.jsonl", 2, ReasonFarDate, false}, {"a.jsonl", 3, ReasonFarDate, false}},
		loaded: []string{"far", "old", "zero", "edge"},
	}, {
		name:   "unknown extension",
		files:  map[string][]byte{"a.csv": []byte("x,y"), "b.pdf": []byte("%PDF"), "ok.jsonl": []byte(good)},
		want:   []problemKey{{"a.csv", 0, ReasonUnknownExt, true}, {"b.pdf", 0, ReasonUnknownExt, true}},
		loaded: []string{"ok"},
	}, {
		name:   "truncated gzip keeps the records before the cut",
		files:  map[string][]byte{"t.jsonl.gz": cut(gzipped(t, manyLines(40)), 0.5), "ok.jsonl": []byte(good)},
		want:   []problemKey{{"t.jsonl.gz", -1, ReasonTruncatedGzip, true}},
		loaded: nil,
	}, {
		name:   "gzip missing its trailer",
		files:  map[string][]byte{"t.jsonl.gz": trim(gzipped(t, manyLines(3)), 8)},
		want:   []problemKey{{"t.jsonl.gz", 4, ReasonTruncatedGzip, true}},
		loaded: []string{"r0", "r1", "r2"},
	}, {
		// Tape and archive tools pad a file with zeros; gzip -t accepts it,
		// and every record was read.
		name: "gzip padded with zeros, and two members",
		files: map[string][]byte{
			"z.jsonl.gz": append(gzipped(t, manyLines(3)), make([]byte, 512)...),
			"m.jsonl.gz": append(gzipped(t, []byte(`{"id": "m1", "date": "2024-01-01", "text": "First member."}`+"\n")),
				append(make([]byte, 7), gzipped(t, []byte(`{"id": "m2", "date": "2024-01-01", "text": "Second member."}`+"\n"))...)...),
		},
		want:   nil,
		loaded: []string{"m1", "m2", "r0", "r1", "r2"},
	}, {
		name:   "gzip followed by garbage",
		files:  map[string][]byte{"g.jsonl.gz": append(gzipped(t, manyLines(2)), []byte("\x00\x00this is no gzip member")...)},
		want:   []problemKey{{"g.jsonl.gz", 3, ReasonCorruptGzip, true}},
		loaded: []string{"r0", "r1"},
	}, {
		name:  "corrupt gzip",
		files: map[string][]byte{"c.jsonl.gz": []byte(good), "d.json.gz": []byte("not gzip at all")},
		want:  []problemKey{{"c.jsonl.gz", 0, ReasonCorruptGzip, true}, {"d.json.gz", 0, ReasonCorruptGzip, true}},
	}, {
		// Helper 83: a byte order mark lost the first record, a JSON array
		// lost the whole file as "cut short", one NUL byte every record
		// with no line, and UTF-16 was called binary without a word.
		name: "byte order mark, array, stray NUL and UTF-16 in JSON Lines",
		files: map[string][]byte{
			"bom.jsonl":   []byte("\xef\xbb\xbf" + `{"id": "bom-1", "text": "first", "date": "2024-01-01"}` + "\r\n" + `{"id": "bom-2", "text": "second", "date": "2024-01-01"}`),
			"array.jsonl": []byte(` [{"id": "arr-1", "text": "one", "date": "2024-01-01"},` + "\n" + `{"id": "arr-2", "text": "two", "date": "2024-01-01"}]`),
			"nul.jsonl": []byte(`{"id": "n1", "text": "one about narwhals", "date": "2024-01-01"}` + "\n" +
				`{"id": "n2", "text": "raw ` + "\x00" + ` NUL", "date": "2024-01-01"}` + "\n" + `{"id": "n3", "text": "three", "date": "2024-01-01"}` + "\n"),
			"wide.jsonl": utf16le(`{"id": "w1", "text": "wide", "date": "2024-01-01"}` + "\n"),
		},
		want:   []problemKey{{"nul.jsonl", 2, ReasonMalformedJSON, true}, {"wide.jsonl", 0, ReasonBinaryFile, true}},
		loaded: []string{"arr-1", "arr-2", "bom-1", "bom-2", "n1", "n3"},
	}, {
		// Helper 107: a line of NUL bytes among records (a block a crash
		// left zeroed) lost every record of a new file as binary; a file
		// of NUL-laden lines is still binary.
		name: "a run of NUL bytes among JSON Lines records",
		files: map[string][]byte{
			"zeroed.jsonl": []byte(`{"id": "z1", "text": "one", "date": "2024-01-01"}` + "\n" + strings.Repeat("\x00", 4096) + "\n" +
				`{"id": "z2", "text": "two", "date": "2024-01-01"}` + "\n" + `{"id": "z3", "text": "three", "date": "2024-01-01"}` + "\n"),
			"blob.jsonl": []byte(strings.Repeat("\x00\x01{\x00\n", 400) + `{"id": "b1", "text": "one", "date": "2024-01-01"}` + "\n"),
		},
		want:   []problemKey{{"blob.jsonl", 0, ReasonBinaryFile, true}, {"zeroed.jsonl", 2, ReasonMalformedJSON, true}},
		loaded: []string{"z1", "z2", "z3"},
	}, {
		// Helper 111: with records longer than the first 8 KiB after the
		// NUL run, no whole good line was in sight and every record of
		// the file was lost as binary.
		name: "a run of NUL bytes before long JSON Lines records",
		files: map[string][]byte{"long.jsonl": func() []byte {
			var b strings.Builder
			long := strings.Repeat("a long paragraph of text ", 250)
			b.WriteString(`{"id": "l1", "text": "` + strings.Repeat("\x00", 600) + long + `", "date": "2024-01-01"}` + "\n")
			for i := 2; i <= 5; i++ {
				fmt.Fprintf(&b, `{"id": "l%d", "text": "%s", "date": "2024-01-01"}`+"\n", i, long)
			}
			return []byte(b.String())
		}()},
		want:   []problemKey{{"long.jsonl", 1, ReasonMalformedJSON, true}},
		loaded: []string{"l2", "l3", "l4", "l5"},
	}, {
		// Review rev40: what follows a file's JSON array was lost without
		// a word.
		name: "data after a JSON array",
		files: map[string][]byte{
			"a.jsonl": []byte(`[{"id": "a1", "text": "one", "date": "2024-01-01"}]` + "\n" + `{"id": "s1", "text": "line", "date": "2024-01-01"}` + "\n"),
			"b.json":  []byte(`[{"id": "b1", "text": "one", "date": "2024-01-01"}]` + "\ngarbage here\n"),
			"c.json":  []byte(`[{"id": "c1", "text": "one", "date": "2024-01-01"}]` + "\n\n"),
		},
		want:   []problemKey{{"a.jsonl", 2, ReasonMalformedJSON, true}, {"b.json", 2, ReasonMalformedJSON, true}},
		loaded: []string{"a1", "b1", "c1"},
	}, {
		// nu43: an array cut after a whole value was read without a word.
		name: "JSON array cut short",
		files: map[string][]byte{
			"a.json": []byte(`[{"id": "a1", "text": "one", "date": "2024-01-01"}`),
			"b.json": []byte(`[{"id": "b1", "text": "one", "date": "2024-01-01"},` + "\n"),
		},
		want:   []problemKey{{"a.json", 1, ReasonMalformedJSON, true}, {"b.json", 2, ReasonMalformedJSON, true}},
		loaded: []string{"a1", "b1"},
	}, {
		name: "malformed JSON line",
		files: map[string][]byte{
			"a.jsonl": []byte(good + `{"id": "bad", "text": ` + "\n" + `[1, 2]` + "\n" + `{"id": "x", "text": 5}` + "\n" + `{"id": "next", "text": "still loaded", "date": "2024-01-01"}` + "\n"),
			"b.json":  []byte("[\n" + `{"id": "j1", "text": "one", "date": "2024-01-01"},` + "\n" + `{"id": "j2", "text": }` + "\n]"),
		},
		want: []problemKey{
			{"a.jsonl", 2, ReasonMalformedJSON, true}, {"a.jsonl", 3, ReasonMalformedJSON, true}, {"a.jsonl", 4, ReasonNoText, true},
			{"b.json", 3, ReasonMalformedJSON, true},
		},
		loaded: []string{"ok", "next", "j1"},
	}, {
		// Helper 107: 345 KB of gzipped copies of one record without an ID
		// made 600,000 articles. A record with an ID of its own is kept
		// whatever it repeats.
		name: "repeated records without an ID",
		files: map[string][]byte{
			"r.jsonl": []byte(`{"title": "Same", "text": "same story", "date": "2024-01-01"}` + "\n" +
				`{"title": "Same", "text": "same story", "date": "2024-01-01"}` + "\n" +
				`{"title": "Same", "text": "same story", "date": "2024-01-02"}` + "\n" +
				`{"id": "own", "title": "Same", "text": "same story", "date": "2024-01-01"}` + "\n" +
				`{"title": "Same", "text": "same story", "date": "2024-01-01", "id": "  "}` + "\n"),
		},
		want:   []problemKey{{"r.jsonl", 2, ReasonSameRecord, true}, {"r.jsonl", 5, ReasonSameRecord, true}},
		loaded: []string{"r#1", "r#3", "own"},
	}, {
		// Helper 111: every record of a JSON array written on one line
		// was given the line's ID, and all but the first were lost as
		// duplicates.
		name: "a JSON array on one line",
		files: map[string][]byte{
			"min.json": []byte(`[{"text": "one", "date": "2024-01-01"}, {"text": "two", "date": "2024-01-01"}, {"id": "own", "text": "three", "date": "2024-01-01"}, {"text": "four", "date": "2024-01-01"}]`),
		},
		loaded: []string{"min#1", "min#1.2", "own", "min#1.4"},
	}, {
		// Helper 107: well-formed JSON with a title that is a list lost
		// the whole article as "malformed JSON".
		name: "a field that is not text",
		files: map[string][]byte{
			"a.jsonl": []byte(`{"id": "t1", "title": ["a", "list"], "text": "kept without its title", "date": "2024-01-01"}` + "\n" +
				`{"id": "t2", "text": {"p": "an object"}, "date": "2024-01-01"}` + "\n" +
				`{"id": "t3", "url": 7, "text": "kept without its link", "date": "2024-01-01"}` + "\n"),
		},
		want:   []problemKey{{"a.jsonl", 1, ReasonFieldType, false}, {"a.jsonl", 2, ReasonNoText, true}, {"a.jsonl", 3, ReasonFieldType, false}},
		loaded: []string{"t1", "t3"},
	}, {
		name: "duplicate ID within and across files",
		files: map[string][]byte{
			"a.jsonl": []byte(good + `{"id": "ok", "text": "again", "date": "2024-01-01"}` + "\n"),
			"b.jsonl": []byte(good),
		},
		want:   []problemKey{{"a.jsonl", 2, ReasonDuplicateID, true}, {"b.jsonl", 1, ReasonDuplicateID, true}},
		loaded: []string{"ok"},
	}, {
		name: "record with no text",
		files: map[string][]byte{"a.jsonl": []byte(good + `{"id": "e", "text": "", "title": "Only a title"}` + "\n" +
			`{"id": "n", "text": null}` + "\n" + `{"id": "s", "text": "******"}` + "\n"), "b.txt": []byte("date 2024-01-01\n")},
		want: []problemKey{{"a.jsonl", 2, ReasonNoText, true}, {"a.jsonl", 3, ReasonNoText, true}, {"a.jsonl", 4, ReasonNoText, true},
			{"b.txt", 0, ReasonNoText, true}},
		loaded: []string{"ok"},
	}, {
		name: "record with only placeholder text",
		files: map[string][]byte{"a.jsonl": []byte(good + `{"id": "b", "title": "RATES ROSE", "text": "******Blah blah blah."}` + "\n" +
			`{"id": "l", "text": "Lorem ipsum dolor sit amet."}` + "\n" + `{"id": "r", "text": "Blah, said the minister, is not a policy.", "date": "2024-01-02"}` + "\n")},
		want:   []problemKey{{"a.jsonl", 2, ReasonPlaceholder, true}, {"a.jsonl", 3, ReasonPlaceholder, true}},
		loaded: []string{"ok", "r"},
	}, {
		name:  "file of records none of which has text",
		files: map[string][]byte{"questions.jsonl": []byte(`{"id": "q1", "question": "Who?"}` + "\n" + `{"id": "q2", "question": "What?"}` + "\n")},
		want:  []problemKey{{"questions.jsonl", 0, ReasonNoArticles, true}},
	}, {
		name:   "documentation file in a folder",
		files:  map[string][]byte{"README.md": []byte("# About\n\nThis data set..."), "ORIGINAL_README.TXT": []byte("x"), "ok.jsonl": []byte(good)},
		want:   []problemKey{{"ORIGINAL_README.TXT", 0, ReasonNotArticle, true}, {"README.md", 0, ReasonNotArticle, true}},
		loaded: []string{"ok"},
	}, {
		// helper 96: news files whose names end as documentation's do.
		name: "news files named like documentation",
		files: map[string][]byte{
			"drivers-license.md": []byte("---\ntitle: New licence rules\ndate: 2024-03-01\n---\nThe state changed its rules for driving licences.\n"),
			"eviction-notice.md": []byte("---\ntitle: Notices served\ndate: 2024-03-02\n---\nTenants were served eviction notices on Monday.\n"),
			"LICENSE.md":         []byte("MIT"),
		},
		want:   []problemKey{{"LICENSE.md", 0, ReasonNotArticle, true}},
		loaded: []string{"drivers-license", "eviction-notice"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range tt.files {
				writeFile(t, dir, name, content)
			}
			arts, rep, err := Load(context.Background(), []string{dir})
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			got := keys(rep.Problems)
			if len(tt.want) == 1 && tt.want[0].Line == -1 { // line depends on compression
				for i := range got {
					got[i].Line = -1
				}
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Load problems mismatch (-want +got):\n%s\nall: %v", diff, rep.Problems)
			}
			var ids []string
			for _, a := range arts {
				ids = append(ids, a.ID)
			}
			if tt.loaded != nil {
				if diff := cmp.Diff(tt.loaded, ids); diff != "" {
					t.Errorf("Load IDs mismatch (-want +got):\n%s", diff)
				}
			}
			if rep.Loaded != len(arts) {
				t.Errorf("Report.Loaded = %d, want %d", rep.Loaded, len(arts))
			}
		})
	}
}

// cut keeps the first fraction of b.
func cut(b []byte, fraction float64) []byte { return b[:int(float64(len(b))*fraction)] }

// trim drops the last n bytes of b.
func trim(b []byte, n int) []byte { return b[:len(b)-n] }

func TestLoadTruncatedGzipCounts(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "t.jsonl.gz", cut(gzipped(t, manyLines(200)), 0.5))
	arts, probs, err := LoadFile(context.Background(), File{Path: path, Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) == 0 || len(arts) >= 200 {
		t.Errorf("LoadFile(truncated) loaded %d of 200 records, want some but not all", len(arts))
	}
	if len(probs) != 1 || probs[0].Reason != ReasonTruncatedGzip || probs[0].Line != len(arts)+1 {
		t.Errorf("LoadFile(truncated) problems = %v, want one %q at line %d", probs, ReasonTruncatedGzip, len(arts)+1)
	}
}

// TestLoadGzipBadChecksum: a gzip member whose checksum does not match is
// found only at its end, after its records were read: they are kept, and
// the problem says they may hold damaged text.
func TestLoadGzipBadChecksum(t *testing.T) {
	dir := t.TempDir()
	b := gzipped(t, manyLines(50))
	b[len(b)-8] ^= 0xff // the member's CRC-32
	path := writeFile(t, dir, "c.jsonl.gz", b)
	arts, probs, err := LoadFile(context.Background(), File{Path: path, Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 50 {
		t.Errorf("LoadFile(bad checksum) loaded %d of 50 records, want all", len(arts))
	}
	if len(probs) != 1 || probs[0].Reason != ReasonCorruptGzip || !strings.Contains(probs[0].Detail, "may hold damaged text") {
		t.Errorf("LoadFile(bad checksum) problems = %v, want one %q saying the records may hold damaged text", probs, ReasonCorruptGzip)
	}
}

// TestLoadGzipDamageInWords: a damaged gzip file is reported in words a
// user understands (the byte of the file where the damage is), not the
// parser's "flate: corrupt input before offset 43", "gzip: invalid
// checksum" or "unexpected EOF"; the records read before the damage are
// kept, as they were.
func TestLoadGzipDamageInWords(t *testing.T) {
	first := gzipped(t, manyLines(3))
	// A deflate block header (the first byte after gzip's 10) whose block
	// type is 11, which no block has.
	badBlock := gzipped(t, manyLines(2))
	badBlock[10] = 0x07
	badSum := gzipped(t, manyLines(50))
	badSum[len(badSum)-8] ^= 0xff // the member's CRC-32
	// The first member's header damaged after its magic bytes: a
	// compression method that is not deflate, and a header CRC flagged
	// that does not match (the two bytes after the header are read as it).
	badMethod := gzipped(t, manyLines(2))
	badMethod[2] = 9
	badHeaderSum := gzipped(t, manyLines(2))
	badHeaderSum[3] |= 0x02
	tests := []struct {
		name   string
		file   string
		data   []byte
		reason string
		line   int // -1: the line after the records kept
		detail string
		kept   int // -1: some, but not all 40
	}{{
		name:   "damaged byte in the middle of the file",
		file:   "m.jsonl.gz",
		data:   append(append([]byte(nil), first...), badBlock...),
		reason: ReasonCorruptGzip,
		line:   4,
		detail: fmt.Sprintf("the gzip data is damaged at byte %d of the compressed file, at line 4; the rest of the file is lost", len(first)+11),
		kept:   3,
	}, {
		name:   "damaged byte in the middle of a JSON file",
		file:   "m.json.gz",
		data:   append(append([]byte(nil), first...), badBlock...),
		reason: ReasonCorruptGzip,
		line:   4,
		detail: fmt.Sprintf("the gzip data is damaged at byte %d of the compressed file, at line 4; the rest of the file is lost", len(first)+11),
		kept:   3,
	}, {
		name:   "damaged first block",
		file:   "b.jsonl.gz",
		data:   badBlock,
		reason: ReasonCorruptGzip,
		detail: "the gzip data is damaged at byte 11 of the compressed file",
	}, {
		name:   "cut file",
		file:   "c.jsonl.gz",
		data:   cut(gzipped(t, manyLines(40)), 0.5),
		reason: ReasonTruncatedGzip,
		line:   -1,
		detail: "the gzip file is cut short, at line ",
		kept:   -1,
	}, {
		name:   "bad checksum",
		file:   "s.jsonl.gz",
		data:   badSum,
		reason: ReasonCorruptGzip,
		line:   51,
		detail: "the gzip checksum does not match: the file is damaged (found at line 51): the records before it may hold damaged text",
		kept:   50,
	}, {
		name:   "not gzip at all",
		file:   "n.jsonl.gz",
		data:   manyLines(2),
		reason: ReasonCorruptGzip,
		detail: "not gzip data: the file does not start as a gzip file does",
	}, {
		// Said "not gzip data: the file does not start as a gzip file
		// does", though it starts as one (1f 8b).
		name:   "a compression method not deflate",
		file:   "h.jsonl.gz",
		data:   badMethod,
		reason: ReasonCorruptGzip,
		detail: "the gzip header is damaged: the file starts as a gzip file does, but its header cannot be read",
	}, {
		name:   "a header checksum that does not match",
		file:   "k.jsonl.gz",
		data:   badHeaderSum,
		reason: ReasonCorruptGzip,
		detail: "the gzip header is damaged: the file starts as a gzip file does, but its header cannot be read",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := writeFile(t, dir, tt.file, tt.data)
			arts, probs, err := LoadFile(context.Background(), File{Path: path, Root: dir})
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tt.kept == -1 && (len(arts) == 0 || len(arts) >= 40):
				t.Errorf("LoadFile kept %d of 40 records, want some but not all", len(arts))
			case tt.kept >= 0 && len(arts) != tt.kept:
				t.Errorf("LoadFile kept %d records, want %d", len(arts), tt.kept)
			}
			line := tt.line
			if line == -1 {
				line = len(arts) + 1
			}
			if len(probs) != 1 {
				t.Fatalf("LoadFile problems = %v, want one", probs)
			}
			p := probs[0]
			if p.Path != path || p.Reason != tt.reason || p.Line != line || !p.Skipped || !p.Unfinished {
				t.Errorf("LoadFile problem = %+v, want %q at %s:%d, skipped and unfinished", p, tt.reason, path, line)
			}
			if !strings.HasPrefix(p.Detail, tt.detail) {
				t.Errorf("LoadFile problem detail = %q, want it to start %q", p.Detail, tt.detail)
			}
			for _, jargon := range []string{"flate", "gzip:", "EOF", "offset", "checksum error", "invalid"} {
				if strings.Contains(p.Detail, jargon) {
					t.Errorf("LoadFile problem detail = %q, holds the parser's %q", p.Detail, jargon)
				}
			}
		})
	}
}

func TestLoadFileUnreadable(t *testing.T) {
	dir := t.TempDir()
	gone := File{Path: filepath.Join(dir, "gone.txt"), Root: dir}
	_, probs, err := LoadFile(context.Background(), gone)
	if err != nil || len(probs) != 1 || probs[0].Reason != ReasonUnreadable {
		t.Errorf("LoadFile(missing file) = %v, %v; want one %q problem", probs, err, ReasonUnreadable)
	}
	if os.Geteuid() == 0 {
		t.Skip("running as root: file permissions do not stop reading")
	}
	path := writeFile(t, dir, "secret.txt", []byte("date 2024-01-01 text"))
	if err := os.Chmod(path, 0); err != nil {
		t.Fatal(err)
	}
	_, probs, _ = LoadFile(context.Background(), File{Path: path, Root: dir})
	if len(probs) != 1 || probs[0].Reason != ReasonUnreadable {
		t.Errorf("LoadFile(mode 000) problems = %v, want one %q", probs, ReasonUnreadable)
	}
}

// utf16le is s in UTF-16, little-endian, with its byte order mark (s is
// ASCII).
func utf16le(s string) []byte {
	out := []byte{0xff, 0xfe}
	for i := 0; i < len(s); i++ {
		out = append(out, s[i], 0)
	}
	return out
}

// TestNoTextSaysWhereTextWasLookedFor: a record whose text is under a field
// the loader does not read ("article_body") was skipped with "has no text"
// alone (nu42); the problem names the fields the text is looked for in.
func TestNoTextSaysWhereTextWasLookedFor(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "a.jsonl", []byte(`{"id": "ok", "text": "The harbour closed.", "date": "2024-01-01"}`+"\n"+
		`{"id": "z2", "name": "Harbour", "article_body": "The harbour reopened."}`+"\n"))
	_, rep, err := Load(context.Background(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Problems) != 1 || rep.Problems[0].Reason != ReasonNoText ||
		!strings.Contains(rep.Problems[0].Detail, "text, body, content, description or summary") {
		t.Errorf("problems %+v; want one no-text problem naming the fields read", rep.Problems)
	}
}

// TestLoadGzipTrailingBytes: bytes after a whole gzip member that are not
// another member are said as what they are, with the byte where the gzip
// data ends, whatever the first member held: a .json.gz of one line (as
// json.dump writes it) or a member of no lines was "not gzip data: the file
// does not start as a gzip file does", and a JSON Lines record with no
// newline before them, whole and checked, was dropped as a cut line.
func TestLoadGzipTrailingBytes(t *testing.T) {
	oneLine := gzipped(t, []byte(`[{"id": "a", "date": "2024-01-01", "text": "Alpha text."}, {"id": "b", "date": "2024-01-01", "text": "Beta text."}]`))
	oneRecord := gzipped(t, []byte(`{"id": "a", "date": "2024-01-01", "text": "Alpha text."}`))
	three := gzipped(t, manyLines(3))
	empty := gzipped(t, nil)
	badHeader := gzipped(t, manyLines(2))
	badHeader[2] = 9 // a compression method that is not deflate
	junk := []byte("<html>not found</html>\n")
	join := func(parts ...[]byte) []byte { return bytes.Join(parts, nil) }
	tests := []struct {
		name   string
		file   string
		data   []byte
		kept   int
		line   int
		detail string
	}{{
		name:   "JSON file of one line",
		file:   "one.json.gz",
		data:   join(oneLine, junk),
		kept:   2,
		line:   1,
		detail: fmt.Sprintf("the gzip data ends at byte %d and is followed by bytes that are not gzip", len(oneLine)),
	}, {
		name:   "record with no newline",
		file:   "one.jsonl.gz",
		data:   join(oneRecord, junk),
		kept:   1,
		line:   2,
		detail: fmt.Sprintf("the gzip data ends at byte %d and is followed by bytes that are not gzip, at line 2", len(oneRecord)),
	}, {
		name:   "member of no lines",
		file:   "empty.jsonl.gz",
		data:   join(empty, junk),
		detail: fmt.Sprintf("the gzip data ends at byte %d and is followed by bytes that are not gzip", len(empty)),
	}, {
		name:   "a stray byte after zero padding",
		file:   "pad.jsonl.gz",
		data:   join(three, make([]byte, 100), []byte("x")),
		kept:   3,
		line:   4,
		detail: fmt.Sprintf("the gzip data ends at byte %d and is followed by bytes that are not gzip, at line 4", len(three)),
	}, {
		name:   "second member with a damaged header",
		file:   "two.jsonl.gz",
		data:   join(three, badHeader),
		kept:   3,
		line:   4,
		detail: fmt.Sprintf("the gzip data is damaged at byte %d of the compressed file, at line 4", len(three)+1),
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := writeFile(t, dir, tt.file, tt.data)
			arts, probs, err := LoadFile(context.Background(), File{Path: path, Root: dir})
			if err != nil {
				t.Fatal(err)
			}
			if len(arts) != tt.kept {
				t.Errorf("LoadFile kept %d records, want %d", len(arts), tt.kept)
			}
			if len(probs) != 1 {
				t.Fatalf("LoadFile problems = %v, want one", probs)
			}
			p := probs[0]
			if p.Reason != ReasonCorruptGzip || p.Line != tt.line || !p.Unfinished {
				t.Errorf("LoadFile problem = %+v, want %q at line %d, unfinished", p, ReasonCorruptGzip, tt.line)
			}
			if !strings.HasPrefix(p.Detail, tt.detail) {
				t.Errorf("LoadFile problem detail = %q, want it to start %q", p.Detail, tt.detail)
			}
		})
	}
}
