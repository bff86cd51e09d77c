package corpus

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
)

// smallLimits keeps the hostile-input tests fast: the same code paths as
// the defaults at a thousandth of the size.
var smallLimits = Limits{MaxFileBytes: 1 << 20, MaxArticleBytes: 64 << 10, MaxTitleBytes: 256, MaxIDBytes: 128}

// allocated returns the bytes allocated while f ran. Tests using it do not
// run in parallel, so the count is f's own.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// bomb gzips n bytes made of prefix followed by repeats of fill, streaming
// so that the test itself never holds the expanded data.
func bomb(tb testing.TB, prefix string, fill byte, n int) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	if err != nil {
		tb.Fatal(err)
	}
	zw.Write([]byte(prefix))
	chunk := bytes.Repeat([]byte{fill}, 1<<20)
	for left := n - len(prefix); left > 0; left -= len(chunk) {
		zw.Write(chunk[:min(left, len(chunk))])
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// loadLimited loads one file with lim and returns what LoadFile returns
// and the bytes allocated meanwhile.
func loadLimited(t *testing.T, lim Limits, f File) ([]chronicle.Article, []Problem, uint64) {
	t.Helper()
	var arts []chronicle.Article
	var probs []Problem
	var err error
	alloc := allocated(func() { arts, probs, err = Loader{Limits: lim}.LoadFile(context.Background(), f) })
	if err != nil {
		t.Fatalf("LoadFile(%s): %v", f.Path, err)
	}
	return arts, probs, alloc
}

func hasProblem(probs []Problem, path, reason string, skipped bool) bool {
	for _, p := range probs {
		if p.Path == path && p.Reason == reason && p.Skipped == skipped {
			return true
		}
	}
	return false
}

func TestIssue12_Item4_GzipBomb(t *testing.T) {
	const expanded = 64 << 20 // 64 times smallLimits.MaxFileBytes
	good := `{"id": "first", "date": "2024-01-01", "text": "The record before the bomb is kept."}` + "\n"
	tests := []struct {
		name     string
		file     string
		prefix   string
		fill     byte
		wantArts int
		want     []string // reasons, all skipped
	}{
		{"one endless line", "a.jsonl.gz", good, 'a', 1, []string{ReasonFileTooLarge}},
		{"long lines", "l.jsonl.gz", good + strings.Repeat("b", 100<<10) + "\n", 'a', 1, []string{ReasonRecordTooLarge, ReasonFileTooLarge}},
		{"endless blank lines", "b.jsonl.gz", good, '\n', 1, []string{ReasonFileTooLarge}},
		{"endless string in a JSON array", "c.json.gz", "[" + strings.TrimSpace(good) + `, {"text": "`, 'a', 1, []string{ReasonFileTooLarge}},
		{"endless white space in JSON", "d.json.gz", strings.TrimSpace(good), ' ', 1, []string{ReasonFileTooLarge}},
		{"zeros", "e.jsonl.gz", "", 0, 0, []string{ReasonBinaryFile}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := writeFile(t, dir, tt.file, bomb(t, tt.prefix, tt.fill, expanded))
			arts, probs, alloc := loadLimited(t, smallLimits, File{Path: path, Root: dir})
			if len(arts) != tt.wantArts {
				t.Errorf("LoadFile(bomb) loaded %d articles, want %d", len(arts), tt.wantArts)
			}
			var got []string
			for _, p := range probs {
				if p.Path != path || !p.Skipped {
					t.Errorf("problem %v: want a skip naming %s", p, path)
				}
				got = append(got, p.Reason)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("LoadFile(bomb) problems = %v, want reasons %q", probs, tt.want)
			}
			// Buffers of about 2.5 MiB are fine; the expanded 64 MiB is not.
			t.Logf("allocated %d KiB", alloc>>10)
			if alloc > expanded/8 {
				t.Errorf("LoadFile(bomb) allocated %d MiB, want under %d MiB (the bomb expands to %d MiB)", alloc>>20, expanded/8>>20, expanded>>20)
			}
		})
	}
}

func TestIssue12_Item4_HugeTitle(t *testing.T) {
	huge := strings.Repeat("w", 10<<20) // a 10 MB one-word title
	rec := func(id, title string) string {
		return fmt.Sprintf(`{"id": %q, "date": "2024-01-01", "title": %q, "text": "Body of %s."}`, id, title, id)
	}
	t.Run("over the record limit: skipped without being held", func(t *testing.T) {
		for _, name := range []string{"t.jsonl", "t.json"} {
			dir := t.TempDir()
			content := rec("a", "Fine") + "\n" + rec("huge", huge) + "\n" + rec("c", "Fine too") + "\n"
			if name == "t.json" {
				content = "[" + rec("a", "Fine") + ",\n" + rec("huge", huge) + ",\n" + rec("c", "Fine too") + "]"
			}
			path := writeFile(t, dir, name, []byte(content))
			content = ""
			arts, probs, alloc := loadLimited(t, Limits{MaxArticleBytes: 64 << 10}, File{Path: path, Root: dir})
			if ids := articleIDs(arts); fmt.Sprint(ids) != "[a c]" {
				t.Errorf("LoadFile(%s) IDs = %v, want [a c]", name, ids)
			}
			if len(probs) != 1 || probs[0].Reason != ReasonRecordTooLarge || probs[0].Line != 2 || !probs[0].Skipped {
				t.Errorf("LoadFile(%s) problems = %v, want one skipped %q at line 2", name, probs, ReasonRecordTooLarge)
			}
			t.Logf("%s: allocated %d KiB", name, alloc>>10)
			if alloc > 5<<20 {
				t.Errorf("LoadFile(%s) allocated %d MiB for a %d MiB title, want under 5 MiB", name, alloc>>20, len(huge)>>20)
			}
		}
	})
	t.Run("within the record limit: cut at a character boundary", func(t *testing.T) {
		dir := t.TempDir()
		long := strings.Repeat("é", 2000) // 4000 bytes of two-byte runes
		path := writeFile(t, dir, "t.jsonl", []byte(rec("long", long)+"\n"))
		arts, probs, _ := loadLimited(t, Limits{}, File{Path: path, Root: dir})
		if len(arts) != 1 {
			t.Fatalf("LoadFile = %d articles, %v; want 1", len(arts), probs)
		}
		title := arts[0].Title
		if len(title) > DefaultMaxTitleBytes || !utf8.ValidString(title) || !strings.HasPrefix(title, "éé") || !strings.HasSuffix(title, "…") {
			t.Errorf("title = %d bytes (valid UTF-8 %v), want at most %d ending in …", len(title), utf8.ValidString(title), DefaultMaxTitleBytes)
		}
		if !hasProblem(probs, path, ReasonLongTitle, false) {
			t.Errorf("problems = %v, want a %q warning", probs, ReasonLongTitle)
		}
		if arts[0].Hash != Hash(arts[0]) {
			t.Errorf("Hash not computed over the cut title")
		}
	})
	t.Run("an outlet name is cut and an overlong link left out", func(t *testing.T) {
		dir := t.TempDir()
		line := fmt.Sprintf(`{"id":"o","date":"2024-03-25","source":%q,"url":%q,"text":"The ferry sailed."}`,
			strings.Repeat("é", 500), "https://example.com/"+strings.Repeat("a", MaxURLBytes))
		path := writeFile(t, dir, "o.jsonl", []byte(line+"\n"))
		arts, probs, _ := loadLimited(t, Limits{}, File{Path: path, Root: dir})
		if len(arts) != 1 {
			t.Fatalf("LoadFile = %d articles, %v; want 1", len(arts), probs)
		}
		a := arts[0]
		if len(a.Source) > MaxSourceBytes || !utf8.ValidString(a.Source) || !strings.HasSuffix(a.Source, "…") {
			t.Errorf("outlet = %d bytes (valid UTF-8 %v), want at most %d ending in …", len(a.Source), utf8.ValidString(a.Source), MaxSourceBytes)
		}
		if a.URL != "" {
			t.Errorf("link of %d bytes kept, want it left out", len(a.URL))
		}
		n := 0
		for _, p := range probs {
			if p.Reason == ReasonLongSource && !p.Skipped {
				n++
			}
		}
		if n != 2 {
			t.Errorf("problems = %v, want two %q warnings", probs, ReasonLongSource)
		}
		if a.Hash != Hash(a) {
			t.Errorf("Hash not computed over the cut outlet")
		}
	})
}

func articleIDs(arts []chronicle.Article) []string {
	ids := make([]string, len(arts))
	for i, a := range arts {
		ids[i] = a.ID
	}
	return ids
}

func TestIssue12_Item4_LongID(t *testing.T) {
	dir := t.TempDir()
	longA := strings.Repeat("a", 40000) // 40 KB, the size that wiped the index
	longB := longA[:39999] + "b"
	content := fmt.Sprintf(`{"id": %q, "text": "First."}`+"\n"+`{"id": %q, "text": "Second."}`+"\n"+`{"id": "short", "text": "Third."}`+"\n", longA, longB)
	path := writeFile(t, dir, "ids.jsonl", []byte(content))
	var first []string
	for run := range 2 {
		arts, probs, _ := loadLimited(t, Limits{}, File{Path: path, Root: dir})
		ids := articleIDs(arts)
		if len(ids) != 3 || ids[2] != "short" {
			t.Fatalf("LoadFile IDs = %.200q, want 3 ending in short", ids)
		}
		for _, id := range ids[:2] {
			if len(id) > DefaultMaxIDBytes || !strings.HasPrefix(id, "aaaa") || !strings.Contains(id, "~") {
				t.Errorf("long ID became %q (%d bytes), want at most %d bytes: a prefix, ~ and a hash", id, len(id), DefaultMaxIDBytes)
			}
		}
		if ids[0] == ids[1] {
			t.Errorf("two different long IDs both became %q", ids[0])
		}
		warned := 0
		for _, p := range probs {
			if p.Reason == ReasonLongID && !p.Skipped && strings.Contains(p.Detail, "40000 bytes") {
				warned++
			}
		}
		if warned != 2 {
			t.Errorf("problems = %v, want 2 %q warnings naming 40000 bytes", probs, ReasonLongID)
		}
		if run == 0 {
			first = ids
		} else if fmt.Sprint(first) != fmt.Sprint(ids) {
			t.Errorf("IDs differ between two loads of the same file: %q then %q", first, ids)
		}
	}
	if got := ShortID("short", 512); got != "short" {
		t.Errorf("ShortID(short) = %q, want it unchanged", got)
	}
}

func TestIssue12_Item4_LongText(t *testing.T) {
	lim := smallLimits
	dir := t.TempDir()
	para := strings.Repeat("word ", 1000) + "end.\n\n"                                        // about 5 KB
	txt := writeFile(t, dir, "long.txt", []byte("date 2024-01-01 "+strings.Repeat(para, 40))) // about 200 KB
	// 40 KB of Latin-1 "é" grows to 80 KB of UTF-8 once repaired.
	latin := writeFile(t, dir, "latin.jsonl", []byte(`{"id": "l", "text": "`+strings.Repeat("\xe9", 40000)+` end"}`+"\n"))
	for _, path := range []string{txt, latin} {
		arts, probs, _ := loadLimited(t, lim, File{Path: path, Root: dir})
		if len(arts) != 1 {
			t.Fatalf("LoadFile(%s) = %d articles, %v; want 1", path, len(arts), probs)
		}
		n := textBytes(arts[0].Paragraphs)
		if n > lim.MaxArticleBytes || n < lim.MaxArticleBytes/2 {
			t.Errorf("LoadFile(%s) text = %d bytes, want cut to at most %d (and not much less)", path, n, lim.MaxArticleBytes)
		}
		for _, p := range arts[0].Paragraphs {
			if !utf8.ValidString(p.Text) {
				t.Errorf("LoadFile(%s): paragraph cut inside a character", path)
			}
		}
		if !hasProblem(probs, path, ReasonLongText, false) {
			t.Errorf("LoadFile(%s) problems = %v, want a %q warning", path, probs, ReasonLongText)
		}
	}
}

func TestIssue12_Item4_TooManyRecords(t *testing.T) {
	lim := Limits{MaxFileArticles: 10}
	dir := t.TempDir()
	lines := manyLines(5000)
	jsonl := writeFile(t, dir, "many.jsonl", lines)
	arr := "[" + strings.ReplaceAll(strings.TrimSpace(string(lines)), "\n", ",\n") + "]"
	json := writeFile(t, dir, "many.json", []byte(arr))
	for _, path := range []string{jsonl, json} {
		arts, probs, _ := loadLimited(t, lim, File{Path: path, Root: dir})
		if len(arts) != 10 || arts[9].ID != "r9" {
			t.Errorf("LoadFile(%s) = %d articles, want the first 10", path, len(arts))
		}
		var tooMany []Problem
		for _, p := range probs {
			if p.Reason == ReasonTooManyRecords {
				tooMany = append(tooMany, p)
			}
		}
		if len(tooMany) != 1 || tooMany[0].Line != 11 || !tooMany[0].Skipped {
			t.Errorf("LoadFile(%s) problems = %v, want one skipped %q at line 11", path, probs, ReasonTooManyRecords)
		}
	}
}

// An ID holding a NUL, a newline or an escape sequence was kept as it was
// and printed into citations, terminals and logs. It is replaced by a
// stable printable ID, with a warning; IDs that differ only in those
// characters stay apart.
func TestUnprintableID(t *testing.T) {
	dir := t.TempDir()
	lines := []string{
		`{"id": "a\u0000b", "text": "First."}`,
		`{"id": "a\u0000c", "text": "Second."}`,
		`{"id": "line\nbreak\u001b[31m", "text": "Third."}`,
		`{"id": "naïve-ok", "text": "Fourth."}`,
	}
	path := writeFile(t, dir, "ids.jsonl", []byte(strings.Join(lines, "\n")+"\n"))
	var first []string
	for run := range 2 {
		arts, probs, _ := loadLimited(t, Limits{}, File{Path: path, Root: dir})
		ids := articleIDs(arts)
		if len(ids) != 4 || ids[3] != "naïve-ok" {
			t.Fatalf("IDs = %q, want 4, the last unchanged", ids)
		}
		for _, id := range ids[:3] {
			if strings.ContainsFunc(id, unicode.IsControl) || !strings.Contains(id, "~") {
				t.Errorf("ID %q still holds a control character, or has no hash", id)
			}
		}
		if !strings.HasPrefix(ids[0], "a_b~") || !strings.HasPrefix(ids[2], "line_break_[31m~") {
			t.Errorf("IDs %q: want the control characters shown as _ before the hash", ids)
		}
		if ids[0] == ids[1] {
			t.Errorf("two IDs that differ in one character both became %q", ids[0])
		}
		warned := 0
		for _, p := range probs {
			if p.Reason == ReasonBadID && !p.Skipped && p.Line > 0 {
				warned++
			}
		}
		if warned != 3 {
			t.Errorf("problems = %v, want 3 %q warnings with their lines", probs, ReasonBadID)
		}
		if run == 0 {
			first = ids
		} else if fmt.Sprint(first) != fmt.Sprint(ids) {
			t.Errorf("IDs differ between two loads of the same file: %q then %q", first, ids)
		}
	}
}
