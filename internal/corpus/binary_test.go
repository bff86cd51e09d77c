package corpus

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chronicle-bot/chronicle"
)

// randomBytes returns n bytes of a fixed pseudo-random stream.
func randomBytes(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, seed+1))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// TestRandomBytesAreOneBinaryProblem: a valid gzip of random bytes gave a
// "malformed JSON" problem per line, each dumping binary text (61 for
// 20,000 bytes, thousands for more; helper 133). A file that is clearly
// binary after decompression is one problem for the file.
func TestRandomBytesAreOneBinaryProblem(t *testing.T) {
	for _, tt := range []struct{ name, file string }{
		{"gzipped JSON Lines", "garbage.jsonl.gz"},
		{"JSON Lines", "garbage.jsonl"},
		{"gzipped JSON", "garbage.json.gz"},
		{"JSON", "garbage.json"},
		{"text", "garbage.txt"},
		{"Markdown", "garbage.md"},
	} {
		for _, size := range []int{20_000, 300_000} {
			t.Run(fmt.Sprintf("%s of %d bytes", tt.name, size), func(t *testing.T) {
				dir := t.TempDir()
				data := randomBytes(size, uint64(size))
				// No NUL byte: the share of odd bytes tells, not a NUL.
				data = bytes.ReplaceAll(data, []byte{0}, []byte{1})
				if strings.HasSuffix(tt.file, ".gz") {
					data = gzipped(t, data)
				}
				path := writeFile(t, dir, tt.file, data)
				arts, probs, err := LoadFile(context.Background(), File{Path: path, Root: dir})
				if err != nil {
					t.Fatal(err)
				}
				if len(arts) != 0 || len(probs) != 1 || probs[0].Reason != ReasonBinaryFile || probs[0].Line != 0 ||
					!probs[0].Skipped || !strings.Contains(probs[0].Detail, "looks binary") {
					t.Fatalf("loaded %d articles, problems %d: %.300v; want one binary file problem", len(arts), len(probs), probs)
				}
			})
		}
	}
}

// TestTextWithBadLinesIsNotBinary: a JSON Lines file of text with a few bad
// lines, some holding control characters or Latin-1, still reports each bad
// line, and none of them prints a control character or a byte that is not
// UTF-8.
func TestTextWithBadLinesIsNotBinary(t *testing.T) {
	var b bytes.Buffer
	for i := range 60 {
		switch i % 20 {
		case 3:
			b.WriteString("{\"id\": \"c\", \"text\": \"a bell \x07 and \x1b[2J an escape\"}\n")
		case 7:
			b.WriteString("{\"id\": \"d\", \"text\": \"caf\xe9 \x9b31m\", oops}\n")
		case 11:
			b.WriteString("nope \x1b]0;title\x07\n")
		default:
			b.WriteString(`{"id": "r` + strings.Repeat("x", i) + `", "text": "Caf` + "\xe9" + ` owners in Pelham met on Tuesday.", "date": "2024-01-01"}` + "\n")
		}
	}
	dir := t.TempDir()
	path := writeFile(t, dir, "mixed.jsonl", b.Bytes())
	arts, probs, err := LoadFile(context.Background(), File{Path: path, Root: dir})
	if err != nil {
		t.Fatal(err)
	}
	bad := 0
	for _, p := range probs {
		if p.Reason == ReasonMalformedJSON {
			bad++
		}
		if p.Reason == ReasonBinaryFile {
			t.Errorf("text file refused as binary: %v", p)
		}
		s := p.String()
		if !utf8.ValidString(s) || strings.ContainsFunc(s, chronicle.Unprintable) {
			t.Errorf("problem prints raw bytes: %q", s)
		}
	}
	if len(arts) != 51 || bad != 9 {
		t.Errorf("loaded %d articles and %d malformed lines, want 51 and 9: %v", len(arts), bad, probs)
	}
}

// TestWideTextNamed: text saved in UTF-16 or UTF-32 is named as what it is,
// with or without a byte order mark, in every format: UTF-32 with its mark
// (FF FE 00 00, which starts as UTF-16's does) was "UTF-16 text", and
// without it "contains NUL bytes" (helper 144).
func TestWideTextNamed(t *testing.T) {
	const rec = `{"id": "w1", "date": "2024-01-01", "title": "Wide", "text": "Some words of text here."}` + "\n"
	wide := func(s string, size int, bigEndian, mark bool) []byte {
		var out []byte
		put := func(r rune) {
			for i := range size {
				shift := 8 * i
				if bigEndian {
					shift = 8 * (size - 1 - i)
				}
				out = append(out, byte(r>>shift))
			}
		}
		if mark {
			put('\ufeff')
		}
		for _, r := range s + s + s {
			put(r)
		}
		return out
	}
	for _, tt := range []struct {
		name      string
		size      int
		bigEndian bool
		mark      bool
		want      string
	}{
		{"UTF-16LE with its mark", 2, false, true, "UTF-16 text"},
		{"UTF-16BE", 2, true, false, "UTF-16 text"},
		{"UTF-32LE with its mark", 4, false, true, "UTF-32 text"},
		{"UTF-32BE with its mark", 4, true, true, "UTF-32 text"},
		{"UTF-32LE", 4, false, false, "UTF-32 text"},
		{"UTF-32BE", 4, true, false, "UTF-32 text"},
	} {
		for _, file := range []string{"a.jsonl", "a.json", "a.txt", "a.md"} {
			t.Run(tt.name+" "+file, func(t *testing.T) {
				dir := t.TempDir()
				path := writeFile(t, dir, file, wide(rec, tt.size, tt.bigEndian, tt.mark))
				arts, probs, err := LoadFile(context.Background(), File{Path: path, Root: dir})
				if err != nil {
					t.Fatal(err)
				}
				if len(arts) != 0 || len(probs) != 1 || probs[0].Reason != ReasonBinaryFile ||
					!strings.HasPrefix(probs[0].Detail, tt.want+", which is not read: save the file as UTF-8") {
					t.Errorf("LoadFile = %d articles, problems %v; want none, and one %q problem saying %q", len(arts), probs, ReasonBinaryFile, tt.want)
				}
			})
		}
	}
}
