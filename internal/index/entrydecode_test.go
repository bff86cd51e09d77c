package index

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

// sameEntry reports whether two decoded entries are equal, dates included
// with their zone.
func sameEntry(a, b entry) bool {
	return a.ID == b.ID && a.Title == b.Title && a.Source == b.Source && a.URL == b.URL &&
		a.Words == b.Words && a.TitleWords == b.TitleWords &&
		bytes.Equal(a.Lines, b.Lines) && (a.Lines == nil) == (b.Lines == nil) &&
		a.Published.Equal(b.Published) && a.Published.String() == b.Published.String()
}

// checkDecode compares decodeEntry with json.Unmarshal on v, whose keys
// decodeEntry reads as written, each once (entryKeys): an object of other
// keys, or of one twice, is an error.
func checkDecode(t *testing.T, v []byte) {
	t.Helper()
	var want entry
	wantErr := json.Unmarshal(v, &want)
	if wantErr == nil {
		wantErr = entryKeys(v)
	}
	got, err := decodeEntry(v)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("decodeEntry(%q) error %v, json.Unmarshal error %v", v, err, wantErr)
	}
	if err == nil && !sameEntry(got, want) {
		t.Fatalf("decodeEntry(%q) = %+v, json.Unmarshal gives %+v", v, got, want)
	}
}

func TestDecodeEntryMatchesJSON(t *testing.T) {
	east := time.FixedZone("", 5*3600+1800)
	entries := []struct {
		name  string
		e     entry
		plain bool // json.Marshal's output takes the direct path
	}{
		{"full", entry{ID: "000_12b1194fc15ca6a7", Title: "Macron: ISIS behind Moscow attack", Source: "Reuters",
			URL: "https://example.com/a?b=c", Published: time.Date(2024, 3, 25, 0, 0, 0, 0, time.UTC),
			Words: 412, TitleWords: 4, Lines: []byte{1, 2, 3, 4, 250, 251, 252, 253}}, true},
		{"id only", entry{ID: "x"}, true},
		{"empty lines", entry{ID: "x", Words: 3, Lines: []byte{}}, true},
		{"zone and nanoseconds", entry{ID: "x", Published: time.Date(2023, 12, 31, 23, 59, 59, 123456789, east)}, true},
		{"non-ASCII", entry{ID: "é-1", Title: "Zürich – “quoted” 東京", Source: "Le Monde"}, true},
		{"HTML characters", entry{ID: "x", Title: "Q&A: <b>news</b>"}, false},
		{"quotes and backslash", entry{ID: `a"b\c`, Title: "tab\there"}, false},
		{"invalid UTF-8", entry{ID: "x", Title: "bad \xff byte"}, false},
		{"line separator", entry{ID: "x", Title: "a\u2028b"}, false},
		{"large counts", entry{ID: "x", Words: 999999999, TitleWords: 1000000000}, false},
	}
	for _, tc := range entries {
		t.Run(tc.name, func(t *testing.T) {
			v, err := json.Marshal(tc.e)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := scanEntry(v); ok != tc.plain {
				t.Errorf("scanEntry(%s) took the direct path: %v, want %v", v, ok, tc.plain)
			}
			checkDecode(t, v)
			// Every cut of it, and every byte replaced by a few others.
			for i := range v {
				checkDecode(t, v[:i])
				for _, c := range []byte{'"', '\\', '0', '9', 'x', ' ', ',', ':', '}', '{', 0x80, 0x01, '='} {
					w := bytes.Clone(v)
					w[i] = c
					checkDecode(t, w)
				}
			}
		})
	}
}

// TestEntryChecksum: an entry as stored (encodeEntry) decodes to itself;
// any byte of it changed, or any cut, either decodes to the same entry
// (the checksum's own key changed, and the entry taken as one without
// it) or fails, so that loadCatalog makes it again from its article:
// never a wrong date or ID. An entry of an earlier release, without a
// checksum, is taken as it is.
func TestEntryChecksum(t *testing.T) {
	for _, e := range []entry{
		{ID: "000_12b1194fc15ca6a7", Title: "Macron: ISIS behind Moscow attack", Source: "Reuters",
			URL: "https://example.com/a?b=c", Published: time.Date(2024, 3, 25, 0, 0, 0, 0, time.UTC),
			Words: 412, TitleWords: 4, Lines: []byte{1, 2, 3, 4, 250, 251, 252, 253}},
		{ID: `a"b\c`, Title: "Q&A: <b>news</b>", Published: time.Date(2024, 3, 25, 12, 0, 0, 0, time.UTC)},
	} {
		t.Run(e.ID, func(t *testing.T) {
			v, err := encodeEntry(e)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := decodeEntry(v); err != nil || !sameEntry(got, e) {
				t.Fatalf("decodeEntry(%s) = %+v, %v; want %+v", v, got, err, e)
			}
			changed := 0
			for i := range v {
				if _, err := decodeEntry(v[:i]); err == nil {
					t.Errorf("decodeEntry of %q (cut) gave no error", v[:i])
				}
				for c := range 256 {
					if byte(c) == v[i] {
						continue
					}
					w := bytes.Clone(v)
					w[i] = byte(c)
					got, err := decodeEntry(w)
					if err == nil && !sameEntry(got, e) {
						t.Fatalf("decodeEntry(%s) = %+v, want an error or %+v", w, got, e)
					}
					if err != nil {
						changed++
					}
				}
			}
			if changed == 0 {
				t.Error("no changed entry failed to decode")
			}
		})
	}
	old, err := json.Marshal(entry{ID: "x", Published: time.Date(2024, 3, 25, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := decodeEntry(old); err != nil || got.ID != "x" || got.Published.Year() != 2024 {
		t.Errorf("an entry without a checksum decoded to %+v, %v; want it as it is", got, err)
	}
}

func TestDecodeEntryOddJSON(t *testing.T) {
	inputs := []string{
		`{}`, `{"id":"a"}`, `{"id":"a"} `, ` {"id":"a"}`, `{ "id" : "a" }`, `{"id":"a"}x`, `{"id":"a",}`,
		`{"ID":"a"}`, `{"Id":"a","id":"b"}`, `{"id":"a","id":"b"}`, `{"id":"a","zz":1}`, `{"id":null}`,
		`{"id":"a","w":-1}`, `{"id":"a","w":01}`, `{"id":"a","w":1.5}`, `{"id":"a","w":1e3}`, `{"id":"a","w":0}`,
		`{"id":"a","w":"1"}`, `{"id":"a","w":99999999999999999999}`, `{"id":"a","p":"2024-03-25"}`,
		`{"id":"a","p":"2024-03-25T00:00:00+05:30"}`, `{"id":"a","p":null}`, `{"id":"a","p":"0001-01-01T00:00:00Z"}`,
		`{"id":"a","l":"AQID"}`, `{"id":"a","l":"AQI"}`, `{"id":"a","l":"AQ=="}`, `{"id":"a","l":"A"}`,
		`{"id":"a","l":""}`, `{"id":"a","l":null}`, `{"id":"a","l":"AQ\u003d\u003d"}`, `{"id":"a","t":"\u00e9"}`,
		`{"id":"a","t":"é"}`, `[]`, `null`, `""`, ``, `{"id":"a"}{"id":"b"}`, `{"id":"a","t":"x` + "\n" + `"}`,
		`{"id":"a","l":"AQ` + "\r\n" + `ID"}`,
	}
	for _, in := range inputs {
		t.Run(in, func(t *testing.T) { checkDecode(t, []byte(in)) })
	}
}

// BenchmarkDecodeEntry compares decodeEntry with json.Unmarshal on a
// typical stored entry.
func BenchmarkDecodeEntry(b *testing.B) {
	e := entry{ID: "000_12b1194fc15ca6a7", Title: strings.Repeat("Macron says ISIS was behind the attack ", 2),
		Source: "Reuters", URL: "https://www.example.com/world/europe/macron-isis-moscow-attack-2024-03-25/",
		Published: time.Date(2024, 3, 25, 0, 0, 0, 0, time.UTC), Words: 412, TitleWords: 8, Lines: make([]byte, 4*30)}
	v, err := json.Marshal(e)
	if err != nil {
		b.Fatal(err)
	}
	for _, name := range []string{"decodeEntry", "json.Unmarshal"} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				var err error
				if name == "decodeEntry" {
					_, err = decodeEntry(v)
				} else {
					var x entry
					err = json.Unmarshal(v, &x)
				}
				if err != nil {
					b.Fatal(fmt.Errorf("%s: %w", name, err))
				}
			}
		})
	}
}

// FuzzDecodeEntry checks that decodeEntry agrees with json.Unmarshal on any
// input: the same error or no error, and the same entry. The seeds are
// entries as json.Marshal writes them and a few near misses.
func FuzzDecodeEntry(f *testing.F) {
	seeds := []entry{
		{ID: "000_12b1194fc15ca6a7", Title: "Macron: ISIS behind Moscow attack", Source: "Reuters",
			URL: "https://example.com/a?b=c", Published: time.Date(2024, 3, 25, 0, 0, 0, 0, time.UTC),
			Words: 412, TitleWords: 4, Lines: []byte{1, 2, 3, 4, 250, 251, 252, 253}},
		{ID: "x", Words: 3, Lines: []byte{}},
		{ID: "é-1", Title: "Zürich – “quoted” 東京", Published: time.Date(2023, 12, 31, 23, 59, 59, 123456789, time.FixedZone("", 5*3600+1800))},
	}
	for _, e := range seeds {
		v, err := json.Marshal(e)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(v)
	}
	for _, s := range []string{`{"id":"a","w":01}`, `{"id":"a","l":"AQ"}`, `{"id":"a","p":"2024-03-25"}`, `{"id":"a"} `} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, v []byte) { checkDecode(t, v) })
}
