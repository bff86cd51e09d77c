package boltfile

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestOpenLeavesAFileThatIsNoBboltFile: a state path that names a file of
// the user's (an article of the corpus, the config file, another
// program's data) was taken for a damaged state file: Open renamed it to
// <path>.damaged-<time> and made a new bbolt file in its place. Such a file
// is now refused (ErrNotBolt, naming it) and left as it is, by a writable
// and a read-only open alike; with KeepDamaged the caller, which moves
// nothing itself unless it owns the file (the index's store.db), still
// hears of damage (ErrDamaged). A file that may be a state file of ours,
// damaged (zeros, one cut short), is still moved aside; one that bbolt can
// read by its second meta page (its first page overwritten, with the
// default page size or another) is no foreign file either.
func TestOpenLeavesAFileThatIsNoBboltFile(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	fmt.Fprint(zw, strings.Repeat("state ", 100))
	zw.Close()
	store := func(tb testing.TB, pageSize int) []byte {
		tb.Helper()
		path := filepath.Join(tb.TempDir(), "state.db")
		db, err := bolt.Open(path, 0o600, &bolt.Options{PageSize: pageSize})
		if err != nil {
			tb.Fatal(err)
		}
		if err := db.Update(initBucket); err != nil {
			tb.Fatal(err)
		}
		db.Close()
		data, err := os.ReadFile(path)
		if err != nil {
			tb.Fatal(err)
		}
		return data
	}
	firstPageText := func(pageSize int) func(testing.TB) []byte {
		return func(tb testing.TB) []byte {
			data := store(tb, pageSize)
			copy(data, strings.Repeat("overwritten ", pageSize/8)[:pageSize])
			return data
		}
	}
	const (
		foreign = "foreign" // refused, ErrNotBolt (ErrDamaged with KeepDamaged)
		aside   = "aside"   // damaged: moved aside (ErrDamaged read-only or with KeepDamaged)
		opens   = "opens"   // opened where it is
	)
	tests := []struct {
		name    string
		content func(testing.TB) []byte
		want    string
	}{
		{"a long text", func(testing.TB) []byte { return []byte(strings.Repeat("not a database\n", 1000)) }, foreign},
		{"a short text", func(testing.TB) []byte { return []byte("hello") }, foreign},
		{"a config file", func(testing.TB) []byte {
			return []byte("corpus:\n  paths: [corpus]\nschedule:\n  path: config.yaml\n")
		}, foreign},
		{"gzip data", func(testing.TB) []byte { return gz.Bytes() }, foreign},
		{"an SQLite file", func(testing.TB) []byte { return append([]byte("SQLite format 3\x00"), make([]byte, 8192)...) }, foreign},
		{"empty", func(testing.TB) []byte { return nil }, opens},
		{"zeros", func(testing.TB) []byte { return make([]byte, 64<<10) }, aside},
		{"a bbolt file cut short", func(tb testing.TB) []byte { return store(tb, 0)[:100] }, aside},
		{"a bbolt file whose first page is text", firstPageText(os.Getpagesize()), opens},
		{"a bbolt file of 16 KiB pages whose first page is text", firstPageText(16 << 10), opens},
	}
	modes := []struct {
		name string
		opts Options
	}{
		{"writable", Options{Init: initBucket}},
		{"read-only", Options{Bolt: &bolt.Options{ReadOnly: true}}},
		{"KeepDamaged", Options{Init: initBucket, KeepDamaged: true}},
	}
	for _, tt := range tests {
		for _, mode := range modes {
			t.Run(tt.name+"/"+mode.name, func(t *testing.T) {
				path := filepath.Join(t.TempDir(), "state.db")
				before := tt.content(t)
				if err := os.WriteFile(path, before, 0o600); err != nil {
					t.Fatal(err)
				}
				if tt.want == opens && mode.opts.Bolt != nil && len(before) == 0 {
					t.Skip("bbolt cannot set up an empty file opened read-only")
				}
				db, err := Open(path, 0o600, mode.opts)
				var damage *Damage
				if err == nil {
					damage = db.Damaged()
					db.Close()
				}
				moved, _ := filepath.Glob(path + ".damaged-*")
				wantErr := tt.want == foreign || (tt.want == aside && mode.name != "writable")
				if (err != nil) != wantErr {
					t.Fatalf("Open = %v; want an error %v", err, wantErr)
				}
				switch {
				case tt.want == foreign && mode.name == "KeepDamaged":
					if !errors.Is(err, ErrDamaged) || errors.Is(err, ErrNotBolt) {
						t.Errorf("Open = %v; want ErrDamaged (the caller keeps damage and decides)", err)
					}
				case tt.want == foreign:
					var nb *NotBoltError
					if !errors.As(err, &nb) || nb.Path != path || !strings.Contains(err.Error(), path) || errors.Is(err, ErrDamaged) {
						t.Errorf("Open = %v; want a NotBoltError for %s, not ErrDamaged", err, path)
					}
				case tt.want == aside && mode.name == "writable":
					if damage == nil || len(moved) != 1 {
						t.Errorf("Damaged() = %v, moved aside %q; want the file moved aside", damage, moved)
					} else if got, _ := os.ReadFile(moved[0]); !bytes.Equal(got, before) {
						t.Errorf("%s does not hold the damaged file's bytes", moved[0])
					}
					return
				case tt.want == aside:
					if !errors.Is(err, ErrDamaged) || errors.Is(err, ErrNotBolt) {
						t.Errorf("Open = %v; want ErrDamaged", err)
					}
				case tt.want == opens:
					if damage != nil {
						t.Errorf("Damaged() = %v; want none", damage)
					}
				}
				if len(moved) != 0 {
					t.Errorf("moved aside to %q; want the file left where it is", moved)
				}
				if tt.want != opens {
					if after, err := os.ReadFile(path); err != nil || !bytes.Equal(after, before) {
						t.Errorf("the file at %s changed (%v)", path, err)
					}
				}
			})
		}
	}
}

// TestNotBolt: NotBolt on its own, as bot config --check calls it on a
// state path that exists: a missing path, an empty file, a sound bbolt
// file (of any page size) and something other than a file are no foreign
// file; text is.
func TestNotBolt(t *testing.T) {
	dir := t.TempDir()
	sound := filepath.Join(dir, "sound.db")
	fill(t, sound, 10, false)
	big := filepath.Join(dir, "big-pages.db")
	db, err := bolt.Open(big, 0o600, &bolt.Options{PageSize: 64 << 10})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	empty := filepath.Join(dir, "empty")
	text := filepath.Join(dir, "article.txt")
	for p, b := range map[string]string{empty: "", text: "Moscow attack claimed.\n"} {
		if err := os.WriteFile(p, []byte(b), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name, path string
		foreign    bool
	}{
		{"missing", filepath.Join(dir, "missing.db"), false},
		{"empty", empty, false},
		{"sound", sound, false},
		{"64 KiB pages", big, false},
		{"a folder", dir, false},
		{"text", text, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := NotBolt(tt.path)
			if got := errors.Is(err, ErrNotBolt); got != tt.foreign {
				t.Errorf("NotBolt(%s) = %v; want foreign %v", tt.path, err, tt.foreign)
			}
		})
	}
}

// TestNoMagic: NoMagic is NotBolt but for a file that begins with 8 zero
// bytes and holds no magic number: NotBolt spares it as a damaged bbolt
// file, NoMagic does not, unless it is at most 64 KiB of zeros (a file
// torn as bbolt made it).
func TestNoMagic(t *testing.T) {
	dir := t.TempDir()
	sound := filepath.Join(dir, "sound.db")
	fill(t, sound, 10, false)
	files := map[string][]byte{
		"empty":      nil,
		"text":       []byte("Moscow attack claimed.\n"),
		"zero-led":   append(make([]byte, 8), "another program's records"...),
		"torn":       make([]byte, 16<<10),
		"big-zeros":  make([]byte, 64<<10+1),
		"first-meta": nil,
	}
	// A bbolt file whose first meta page is lost keeps its second one.
	b, err := os.ReadFile(sound)
	if err != nil {
		t.Fatal(err)
	}
	files["first-meta"] = append(make([]byte, os.Getpagesize()), b[os.Getpagesize():]...)
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name             string
		notBolt, noMagic bool
	}{
		{"missing.db", false, false},
		{"empty", false, false},
		{"sound.db", false, false},
		{"first-meta", false, false},
		{"torn", false, false},
		{"text", true, true},
		{"zero-led", false, true},
		{"big-zeros", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name)
			if got := errors.Is(NotBolt(path), ErrNotBolt); got != tt.notBolt {
				t.Errorf("NotBolt(%s) foreign = %v, want %v", tt.name, got, tt.notBolt)
			}
			if got := errors.Is(NoMagic(path), ErrNotBolt); got != tt.noMagic {
				t.Errorf("NoMagic(%s) foreign = %v, want %v", tt.name, got, tt.noMagic)
			}
		})
	}
}
