package feedback

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chronicle-bot/chronicle/internal/boltfile"
)

// TestNotBoltFile: a file at the store's path that is no bbolt file at
// all (a text file, an export, another program's data) was taken for a
// damaged store: a writable Open (bot serve) renamed it to
// <path>.damaged-<time> and started a new store in its place, and a
// read-only one said serve would. It is not ours to move: both opens now
// refuse it (ErrNotBolt), naming the file, and leave it where it is. A
// file that may be a store of ours, damaged (one that starts as bbolt's
// first page does, or holds a bbolt meta page where bbolt looks for one,
// or zeros, as a crash may leave it), is still moved aside, its bytes
// kept.
func TestNotBoltFile(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	fmt.Fprint(zw, strings.Repeat("votes ", 100))
	zw.Close()
	store := func(tb testing.TB) []byte { // a store's bytes, with answers
		tb.Helper()
		path := filepath.Join(tb.TempDir(), "feedback.db")
		st, err := Open(path, Options{})
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := st.PutAnswer(context.Background(), claimed); err != nil {
			tb.Fatal(err)
		}
		st.Close()
		data, err := os.ReadFile(path)
		if err != nil {
			tb.Fatal(err)
		}
		return data
	}
	tests := []struct {
		name    string
		content func(testing.TB) []byte
		refused bool
		// aside: a writable Open moves the file aside (else it opens it
		// as it is).
		aside bool
	}{
		{name: "a short text", content: func(testing.TB) []byte { return []byte("helpful: 12\nwrong: 3\n") }, refused: true},
		{name: "a long text", content: func(testing.TB) []byte { return []byte(strings.Repeat("The votes, kept by hand.\n", 400)) }, refused: true},
		{name: "an export", content: func(testing.TB) []byte {
			return []byte(`{"id":"feedback-kfhdhrlvtzc7yuqy-helpful","question":"Who claimed the Moscow attack?"}` + "\n")
		}, refused: true},
		{name: "gzip data", content: func(testing.TB) []byte { return gz.Bytes() }, refused: true},
		{name: "zeros", content: func(testing.TB) []byte { return make([]byte, 8192) }, aside: true},
		{name: "a store cut short", content: func(tb testing.TB) []byte { return store(tb)[:100] }, aside: true},
		// bbolt reads it by its second meta page.
		{name: "a store whose first page is text", content: func(tb testing.TB) []byte {
			data := store(tb)
			copy(data, strings.Repeat("overwritten ", 300))
			return data
		}},
	}
	for _, tt := range tests {
		for _, readOnly := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/read-only=%v", tt.name, readOnly), func(t *testing.T) {
				path := filepath.Join(t.TempDir(), "feedback.db")
				before := tt.content(t)
				if err := os.WriteFile(path, before, 0o600); err != nil {
					t.Fatal(err)
				}
				var damage *boltfile.Damage
				st, err := Open(path, Options{ReadOnly: readOnly, OnDamage: func(d *boltfile.Damage) { damage = d }})
				if err == nil {
					_, err = st.Votes(context.Background())
					st.Close()
				}
				aside, _ := filepath.Glob(path + ".damaged-*")
				if !tt.refused {
					if errors.Is(err, ErrNotBolt) {
						t.Errorf("Open: %v; want the file taken for a damaged store", err)
					}
					if !readOnly && (err != nil || (damage != nil) != tt.aside || len(aside) != map[bool]int{true: 1}[tt.aside]) {
						t.Errorf("Open: %v, OnDamage told %v, moved aside to %q; want a store, the file moved aside %v", err, damage, aside, tt.aside)
					}
					return
				}
				if !errors.Is(err, ErrNotBolt) || !strings.Contains(err.Error(), path) {
					t.Errorf("Open: %v; want ErrNotBolt naming %s", err, path)
				}
				if err != nil && strings.Contains(err.Error(), "moves a damaged file aside") {
					t.Errorf("Open: %v; it says serve moves the file aside, which it does not", err)
				}
				if damage != nil || len(aside) != 0 {
					t.Errorf("OnDamage told %v, files moved aside %q; want none", damage, aside)
				}
				if after, err := os.ReadFile(path); err != nil || !bytes.Equal(after, before) {
					t.Errorf("the file at %s changed (%v)", path, err)
				}
			})
		}
	}
}
