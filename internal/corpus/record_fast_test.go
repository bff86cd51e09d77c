package corpus

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// fastCases are tricky records; fast says whether decodeRecordFast takes
// them (the others go to json.Unmarshal).
var fastCases = []struct {
	name string
	in   string
	fast bool
}{
	{"plain", `{"id":"a","text":"t","url":"u"}`, true},
	{"white space", " \t\n{ \"id\" : 1 ,\r\n\"text\"\t:\"x\" } \r\n", true},
	{"empty object", `{}`, true},
	{"every field", `{"id":"i","guid":"g","text":"t","body":"b","content":"c","description":"d","summary":"s","title":"ti",` +
		`"headline":"h","date":"1","publish_date":"2","published":"3","date_published":"4","pubDate":"5","publishedAt":"6",` +
		`"url":"u","link":"l","source":"so","publisher":"p","outlet":"o","site":"si"}`, true},
	{"short escapes", `{"text":"a\"b\\c\/d\be\ff\ng\rh\ti"}`, true},
	{"unicode escapes", `{"text":"\u00e9\u4E2D\u0000\uFFFD\u001f","title":"x\u0022y"}`, true},
	{"escape at the ends", `{"text":"\nmiddle\n"}`, true},
	{"only escapes", `{"text":"\\\\"}`, true},
	{"surrogate pair", `{"text":"\ud83d\ude00"}`, false},
	{"lone surrogate", `{"title":"\ud800"}`, false},
	{"lone low surrogate", `{"title":"a\udc00b"}`, false},
	{"surrogate in a skipped value", `{"x":"\ud800","text":"a"}`, true},
	{"surrogate in a raw value", `{"id":"\udc00\ud83d\ude00"}`, true},
	{"UTF-8", `{"text":"é中😀\u00e9"}`, true},
	{"invalid UTF-8 in text", "{\"text\":\"a\xffb\"}", false},
	{"invalid UTF-8 in a skipped value", "{\"x\":\"\xe9\",\"text\":\"a\"}", false},
	{"invalid UTF-8 in a raw value", "{\"id\":\"\xc3\"}", false},
	{"UTF-8 surrogate", "{\"text\":\"\xed\xa0\x80\"}", false},
	{"overlong UTF-8", "{\"text\":\"\xc0\xaf\"}", false},
	{"raw newline in a string", "{\"text\":\"a\nb\"}", false},
	{"raw tab in a skipped string", "{\"x\":\"a\tb\"}", false},
	{"DEL in a string", "{\"text\":\"a\x7fb\"}", true},
	{"null string", `{"text":null}`, true},
	{"null after string", `{"text":"a","text":null}`, true},
	{"string after null", `{"text":null,"text":"b"}`, true},
	{"null raw", `{"id":null}`, true},
	{"null after raw", `{"id":"a","id":null}`, true},
	{"duplicate strings", `{"text":"a","text":"b"}`, true},
	{"duplicate raw, shorter", `{"id":[1,2,3],"id":7}`, true},
	{"nested raw", `{"source":{"name":"CNN","x":[1,{"y":null}]},"id":[ 1 , 2 ], "site" : { } }`, true},
	{"raw numbers", `{"id":-0.5e+10,"guid":0,"date":1E-2,"published":123456789012345678901234567890,"site":1e999}`, true},
	{"raw literals", `{"id":true,"guid":false,"date":[true,false,null]}`, true},
	{"raw string with escapes", `{"id":"a\"\u00e9\/"}`, true},
	{"case variant", `{"Text":"a"}`, false},
	{"upper case", `{"PUBDATE":"x"}`, false},
	{"lower case of pubDate", `{"pubdate":"x"}`, false},
	{"case variant of a raw field", `{"ID":1}`, false},
	{"case variant after exact", `{"text":"a","Text":"b"}`, false},
	{"long s folds to s", `{"ſummary":"a"}`, false},
	{"Kelvin sign folds to k", `{"linK":"a"}`, false},
	{"non-ASCII unknown key", `{"ключ":"a","text":"t"}`, false},
	{"escaped key", `{"te\u0078t":"a"}`, false},
	{"escaped unknown key", `{"a\nb":"a"}`, false},
	{"empty key", `{"":1,"text":"t"}`, true},
	{"unknown keys with nested values", `{"authors":["a","b"],"meta":{"k":[{},[],null,true,false,1.5,"\u00e9"]},"text":"t"}`, true},
	{"unknown key in another case", `{"Authors":[]}`, true},
	{"field names nested in unknown values", `{"meta":{"Text":"x","text":"z","te\u0078t":1},"text":"y"}`, true},
	{"long unknown key", `{"a_very_long_unknown_key_name":1}`, true},
	{"number in a string field", `{"text":5}`, false},
	{"object in a string field", `{"title":{"a":1}}`, false},
	{"bool in a string field", `{"url":true}`, false},
	{"array in a string field", `{"text":["a"]}`, false},
	{"type error then valid", `{"text":5,"title":"t"}`, false},
	{"array", `[1]`, false},
	{"array of objects", `[{"text":"a"}]`, false},
	{"string", `"s"`, false},
	{"null", `null`, false},
	{"number", `5`, false},
	{"empty", ``, false},
	{"spaces", `   `, false},
	{"unclosed", `{"text":"a"`, false},
	{"unclosed string", `{"text":"a`, false},
	{"unclosed key", `{"te`, false},
	{"trailing comma", `{"text":"a",}`, false},
	{"lone comma", `{,}`, false},
	{"no colon", `{"text" "a"}`, false},
	{"no value", `{"text":}`, false},
	{"single quotes", `{'a':1}`, false},
	{"bare key", `{a:1}`, false},
	{"leading zero", `{"a":01}`, false},
	{"negative leading zero", `{"a":-01}`, false},
	{"point without digits", `{"a":1.}`, false},
	{"point first", `{"a":.5}`, false},
	{"plus sign", `{"a":+1}`, false},
	{"exponent without digits", `{"a":1e}`, false},
	{"exponent sign without digits", `{"a":1e+}`, false},
	{"minus alone", `{"a":-}`, false},
	{"hex number", `{"a":0x1}`, false},
	{"NaN", `{"a":NaN}`, false},
	{"short literal", `{"a":tru}`, false},
	{"short null", `{"a":nul}`, false},
	{"null in a string field cut", `{"text":nul}`, false},
	{"capital literal", `{"a":True}`, false},
	{"literal with tail", `{"a":truex}`, false},
	{"array trailing comma", `{"a":[1,]}`, false},
	{"array without comma", `{"a":[1 2]}`, false},
	{"array unclosed", `{"a":[1,2}`, false},
	{"object without value", `{"a":{"b"}}`, false},
	{"object trailing comma", `{"a":{"b":1,}}`, false},
	{"bad escape", `{"a":"\x"}`, false},
	{"bad escape in text", `{"text":"\a"}`, false},
	{"short unicode escape", `{"a":"\u12"}`, false},
	{"bad hex", `{"text":"\u12g4"}`, false},
	{"escape at the end", `{"text":"\`, false},
	{"unicode escape at the end", `{"text":"\u00`, false},
	{"extra brace", `{"a":1}}`, false},
	{"trailing word", `{"a":1} x`, false},
	{"two objects", `{"a":1}{"b":2}`, false},
	{"byte order mark", "\ufeff{\"text\":\"a\"}", false},
	{"vertical tab", "{\"a\":1\v}", false},
	{"form feed after", "{\"a\":1}\f", false},
	{"NUL after", "{\"a\":1}\x00", false},
	{"deep but valid", `{"a":` + strings.Repeat("[", 2000) + strings.Repeat("]", 2000) + `,"text":"t"}`, false},
	{"deep objects", `{"a":` + strings.Repeat(`{"b":`, 1200) + "1" + strings.Repeat("}", 1200) + `}`, false},
	{"just deep enough", `{"a":` + strings.Repeat("[", maxFastDepth-1) + strings.Repeat("]", maxFastDepth-1) + `}`, true},
	{"too deep for json", `{"a":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}`, false},
}

// TestDecodeRecordMatchesUnmarshal: for each tricky record, decodeRecord
// gives the record and error json.Unmarshal gives, parseRecord the result
// it gave with json.Unmarshal alone, and the fast path takes what it should.
func TestDecodeRecordMatchesUnmarshal(t *testing.T) {
	o := origin{f: File{Path: "a.jsonl"}, relStem: "a", line: 3, lim: Limits{}.withDefaults()}
	for _, tt := range fastCases {
		t.Run(tt.name, func(t *testing.T) {
			var want, got, fast record
			wantErr := json.Unmarshal([]byte(tt.in), &want)
			err := decodeRecord([]byte(tt.in), &got)
			if errString(err) != errString(wantErr) {
				t.Errorf("decodeRecord error %v, want %v", err, wantErr)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("decodeRecord (-json.Unmarshal +got):\n%s", diff)
			}
			if ok := decodeRecordFast([]byte(tt.in), &fast); ok != tt.fast {
				t.Errorf("decodeRecordFast = %v, want %v", ok, tt.fast)
			} else if ok {
				if diff := cmp.Diff(want, fast); diff != "" {
					t.Errorf("decodeRecordFast (-json.Unmarshal +got):\n%s", diff)
				}
			}
			if diff := cmp.Diff(parseRecordUnmarshal([]byte(tt.in), o), parseRecord([]byte(tt.in), o), cmp.AllowUnexported(result{})); diff != "" {
				t.Errorf("parseRecord (-with json.Unmarshal +got):\n%s", diff)
			}
		})
	}
}

// parseRecordUnmarshal is parseRecord as it was, with json.Unmarshal only.
func parseRecordUnmarshal(data []byte, o origin) result {
	var r record
	return decoded(&r, data, json.Unmarshal(data, &r), o)
}

// errString is err's message, or "" for nil.
func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestRecordFieldNames: record.field and foldsToField know every field of
// record by its JSON name, and record.field returns that very field.
func TestRecordFieldNames(t *testing.T) {
	typ := reflect.TypeFor[record]()
	for i := range typ.NumField() {
		f := typ.Field(i)
		name := f.Tag.Get("json")
		var r record
		s, raw := r.field([]byte(name))
		switch {
		case s != nil && raw == nil && f.Type.Kind() == reflect.String:
			*s = "x"
		case raw != nil && s == nil && f.Type == reflect.TypeFor[json.RawMessage]():
			*raw = json.RawMessage("x")
		default:
			t.Errorf("field(%q) = %v, %v; want a pointer to %s alone", name, s, raw, f.Name)
			continue
		}
		if v := reflect.ValueOf(r).Field(i); v.Len() != 1 {
			t.Errorf("field(%q) does not point to %s", name, f.Name)
		}
		for _, variant := range []string{strings.ToUpper(name), strings.ToUpper(name[:1]) + name[1:], strings.ToLower(name)} {
			if variant != name && !foldsToField([]byte(variant)) {
				t.Errorf("foldsToField(%q) = false, want true (json.Unmarshal fills %s)", variant, f.Name)
			}
		}
		if foldsToField([]byte(name + "x")) {
			t.Errorf("foldsToField(%q) = true, want false", name+"x")
		}
	}
}

// TestPlainASCII: plainASCII stops at the first special byte, whatever
// the byte, its place in the 8 tested at once, and the bytes after it,
// as a byte-by-byte loop does.
func TestPlainASCII(t *testing.T) {
	slow := func(b []byte, i int) int {
		for ; i < len(b); i++ {
			if c := b[i]; c < ' ' || c == '"' || c == '\\' || c >= utf8.RuneSelf {
				return i
			}
		}
		return i
	}
	for c := range 256 {
		for pos := range 16 {
			for _, after := range []byte{'a', 0, '"', 0xff} {
				b := bytes.Repeat([]byte("a"), 19)
				b[pos] = byte(c)
				b[pos+1] = after
				want := slow(b, 1)
				if want >= len(b)-(len(b)-1)%8 {
					want = len(b) - (len(b)-1)%8 // the last few bytes are left to the caller
				}
				if got := plainASCII(b, 1); got != want {
					t.Fatalf("plainASCII(%q, 1) = %d, want %d", b, got, want)
				}
			}
		}
	}
}

// FuzzDecodeRecordFast: whatever the fast path takes, json.Unmarshal takes
// too and decodes to the same record; the record shares no bytes with the
// input.
func FuzzDecodeRecordFast(f *testing.F) {
	for _, tt := range fastCases {
		f.Add([]byte(tt.in))
	}
	data, err := os.ReadFile(filepath.Join("testdata", "articles.jsonl"))
	if err != nil {
		f.Fatal(err)
	}
	for line := range bytes.Lines(data) {
		f.Add(line)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		in := bytes.Clone(data)
		var fast record
		if !decodeRecordFast(in, &fast) {
			return
		}
		for i := range in {
			in[i] = 'X' // the buffer is reused
		}
		var want record
		if err := json.Unmarshal(data, &want); err != nil {
			t.Fatalf("decodeRecordFast took %q, json.Unmarshal: %v", data, err)
		}
		if diff := cmp.Diff(want, fast); diff != "" {
			t.Fatalf("decodeRecordFast(%q) (-json.Unmarshal +got):\n%s", data, diff)
		}
	})
}

// realTimeQARecords returns the lines of the RealTimeQA articles as
// parseRecord sees them (trimmed, repaired UTF-8), or skips.
func realTimeQARecords(tb testing.TB) [][]byte {
	tb.Helper()
	paths, _ := filepath.Glob(filepath.Join(dataDir(tb, "realtimeqa"), "articles-*.jsonl.gz"))
	if len(paths) != 3 {
		tb.Skipf("want the three RealTimeQA article files in ../shared/data/realtimeqa, found %v", paths)
	}
	var lines [][]byte
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			tb.Fatal(err)
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			tb.Fatal(err)
		}
		sc := bufio.NewScanner(zr)
		sc.Buffer(nil, 64<<20)
		for sc.Scan() {
			line := bytes.TrimSpace(sc.Bytes())
			if len(line) == 0 {
				continue
			}
			if !utf8.Valid(line) {
				line = repairUTF8(line)
			}
			lines = append(lines, bytes.Clone(line))
		}
		if err := errors.Join(sc.Err(), f.Close()); err != nil {
			tb.Fatal(err)
		}
	}
	return lines
}

// TestDecodeRecordRealTimeQA: every RealTimeQA record decodes to the same
// record by both paths, and the fast path takes all of them.
func TestDecodeRecordRealTimeQA(t *testing.T) {
	if testing.Short() {
		t.Skip("decodes 145 MB of test data")
	}
	lines := realTimeQARecords(t)
	taken := 0
	for i, line := range lines {
		var want, got, fast record
		wantErr := json.Unmarshal(line, &want)
		err := decodeRecord(line, &got)
		if errString(err) != errString(wantErr) {
			t.Errorf("record %d: decodeRecord error %v, want %v", i, err, wantErr)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("record %d (-json.Unmarshal +decodeRecord):\n%s", i, diff)
		}
		if decodeRecordFast(line, &fast) {
			taken++
		}
	}
	share := float64(taken) / float64(len(lines))
	t.Logf("the fast path took %d of %d records (%.2f%%)", taken, len(lines), 100*share)
	if share < 0.999 {
		t.Errorf("the fast path took %d of %d records, want nearly all", taken, len(lines))
	}
}

// BenchmarkDecodeRecord decodes every RealTimeQA record by json.Unmarshal
// and by decodeRecord.
func BenchmarkDecodeRecord(b *testing.B) {
	lines := realTimeQARecords(b)
	size := 0
	for _, line := range lines {
		size += len(line)
	}
	for _, bm := range []struct {
		name   string
		decode func([]byte, *record) error
	}{
		{"unmarshal", func(data []byte, r *record) error { return json.Unmarshal(data, r) }},
		{"fast", decodeRecord},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.SetBytes(int64(size))
			for b.Loop() {
				for _, line := range lines {
					var r record
					if err := bm.decode(line, &r); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
