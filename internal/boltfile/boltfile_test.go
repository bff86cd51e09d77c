package boltfile

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/chronicle-bot/chronicle/internal/boltfile/bolttest"
)

var bucket = []byte("b")

func initBucket(tx *bolt.Tx) error {
	_, err := tx.CreateBucketIfNotExists(bucket)
	return err
}

// fill writes n keys with values of growing size into bucket.
func fill(tb testing.TB, path string, n int, noFreelistSync bool) {
	tb.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{NoFreelistSync: noFreelistSync})
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucket)
		if err != nil {
			return err
		}
		for i := range n {
			if err := b.Put(fmt.Appendf(nil, "k%05d", i), bytes.Repeat([]byte("x"), 100+i)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// treePages counts the branch and leaf pages of the file's buckets.
func treePages(tb testing.TB, path string) int {
	tb.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	var n int
	err = db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(_ []byte, b *bolt.Bucket) error {
			s := b.Stats()
			n += s.BranchPageN + s.LeafPageN
			return nil
		})
	})
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

func TestOpenDamaged(t *testing.T) {
	for _, nofl := range []bool{false, true} {
		t.Run(fmt.Sprintf("NoFreelistSync=%v", nofl), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "state.db")
			fill(t, path, 200, nofl)
			bolttest.SmashPage(t, path, 4)
			before, _ := os.ReadFile(path)
			now := time.Date(2024, 3, 25, 14, 5, 9, 0, time.UTC)
			db, err := Open(path, 0o600, Options{Bolt: &bolt.Options{NoFreelistSync: nofl}, Init: initBucket,
				Now: func() time.Time { return now }})
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer db.Close()
			d := db.Damaged()
			if d == nil {
				t.Fatal("Damaged() = nil for a smashed file")
			}
			if want := path + ".damaged-20240325T140509"; d.MovedTo != want {
				t.Errorf("MovedTo = %q, want %q", d.MovedTo, want)
			}
			if got, _ := os.ReadFile(d.MovedTo); !bytes.Equal(got, before) {
				t.Error("the moved-aside file is not the damaged file")
			}
			if s := d.String(); !strings.Contains(s, "the state file "+path+" is damaged") || !strings.Contains(s, "starting fresh") {
				t.Errorf("String() = %q", s)
			}
			// The fresh file works.
			err = db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucket).Put([]byte("a"), []byte("b")) })
			if err != nil {
				t.Fatalf("Update on the fresh file: %v", err)
			}
			var n int
			db.View(func(tx *bolt.Tx) error { n = tx.Bucket(bucket).Stats().KeyN; return nil })
			if n != 1 {
				t.Errorf("fresh file holds %d keys, want 1", n)
			}
		})
	}
}

func TestOpenDamagedTwiceInOneSecond(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.db")
	now := func() time.Time { return time.Date(2024, 3, 25, 14, 5, 9, 0, time.UTC) }
	var moved []string
	for range 2 {
		fill(t, path, 200, false)
		bolttest.SmashPage(t, path, 4)
		db, err := Open(path, 0o600, Options{Init: initBucket, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		moved = append(moved, db.Damaged().MovedTo)
		db.Close()
		os.Remove(path)
	}
	if moved[0] == moved[1] {
		t.Fatalf("both damaged files were moved to %s", moved[0])
	}
	for _, m := range moved {
		if _, err := os.Stat(m); err != nil {
			t.Error(err)
		}
	}
}

func TestOpenKeepDamaged(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts Options
	}{
		{"KeepDamaged", Options{KeepDamaged: true, Init: initBucket}},
		{"ReadOnly", Options{Bolt: &bolt.Options{ReadOnly: true}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "state.db")
			fill(t, path, 200, false)
			bolttest.SmashPage(t, path, 4)
			before, _ := os.ReadFile(path)
			db, err := Open(path, 0o600, tc.opts)
			if err == nil {
				db.Close()
				t.Fatal("Open of a damaged file succeeded")
			}
			var de *DamagedError
			if !errors.Is(err, ErrDamaged) || !errors.As(err, &de) || de.Path != path {
				t.Errorf("Open error = %v, want a DamagedError for %s", err, path)
			}
			if got, _ := os.ReadFile(path); !bytes.Equal(got, before) {
				t.Error("the damaged file was changed")
			}
			if m, _ := filepath.Glob(path + ".damaged-*"); len(m) > 0 {
				t.Errorf("moved aside to %v", m)
			}
		})
	}
}

func TestOpenSound(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	fill(t, path, 200, false)
	db, err := Open(path, 0o600, Options{Init: initBucket})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if d := db.Damaged(); d != nil {
		t.Fatalf("Damaged() = %v for a sound file", d)
	}
	var n int
	db.View(func(tx *bolt.Tx) error { n = tx.Bucket(bucket).Stats().KeyN; return nil })
	if n != 200 {
		t.Errorf("%d keys, want 200", n)
	}
}

func TestOpenLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	fill(t, path, 10, false)
	holder, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	_, err = Open(path, 0o600, Options{Bolt: &bolt.Options{Timeout: 100 * time.Millisecond}})
	if !errors.Is(err, bolt.ErrTimeout) {
		t.Fatalf("Open of a locked file: %v, want bolt.ErrTimeout", err)
	}
	if errors.Is(err, ErrDamaged) {
		t.Error("a locked file is reported damaged")
	}
}

func TestGuardTurnsPanicIntoError(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "state.db"), 0o600, Options{Init: initBucket})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for name, run := range map[string]func(func(*bolt.Tx) error) error{"View": db.View, "Update": db.Update} {
		err := run(func(*bolt.Tx) error { panic("assertion failed: page 4") })
		if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "page 4") {
			t.Errorf("%s with a panic = %v, want an ErrDamaged naming the panic", name, err)
		}
	}
	// The database still works after the panics (the lock was released).
	if err := db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucket).Put([]byte("k"), []byte("v")) }); err != nil {
		t.Fatalf("Update after a panic: %v", err)
	}
}

// TestVerifyAcceptsHealthyFiles builds files the way real use does (many
// transactions of puts, deletes, large values, nested and inline buckets)
// and checks that the walk finds nothing: a false alarm would throw away
// good state.
func TestVerifyAcceptsHealthyFiles(t *testing.T) {
	for _, nofl := range []bool{false, true} {
		for seed := range uint64(4) {
			t.Run(fmt.Sprintf("nofl=%v/seed=%d", nofl, seed), func(t *testing.T) {
				path := filepath.Join(t.TempDir(), "state.db")
				churn(t, path, seed, nofl)
				f, err := os.Open(path)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				if err := verifyFile(f); err != nil {
					t.Fatalf("verify a healthy file: %v", err)
				}
				if err := verifyReadAt(t, f); err != nil {
					t.Fatalf("verify a healthy file through ReadAt: %v", err)
				}
				if n := treePages(t, path); n < 50 {
					t.Fatalf("only %d tree pages: the test file is too simple", n)
				}
				bolttest.SmashPage(t, path, firstTreePage(t, path))
				if verifyFile(f) == nil || verifyReadAt(t, f) == nil {
					t.Error("a smashed page went unnoticed")
				}
			})
		}
	}
}

// verifyReadAt walks f the way systems without memory maps do.
func verifyReadAt(tb testing.TB, f *os.File) error {
	tb.Helper()
	info, err := f.Stat()
	if err != nil {
		tb.Fatal(err)
	}
	v := &verifier{r: f, size: info.Size(), reached: map[uint64]bool{}, freed: map[uint64]bool{}}
	return v.run()
}

// firstTreePage returns the root page of the first bucket.
func firstTreePage(tb testing.TB, path string) int {
	tb.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	var id int
	db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(_ []byte, b *bolt.Bucket) error {
			if id == 0 {
				id = int(b.Root())
			}
			return nil
		})
	})
	if id < 2 {
		tb.Fatalf("no bucket root page in %s", path)
	}
	return id
}

// churn writes a file through many transactions of random changes.
func churn(tb testing.TB, path string, seed uint64, nofl bool) {
	tb.Helper()
	rng := rand.New(rand.NewPCG(seed, 99))
	db, err := bolt.Open(path, 0o600, &bolt.Options{NoFreelistSync: nofl, NoSync: true})
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	for txn := range 40 {
		err := db.Update(func(tx *bolt.Tx) error {
			top, err := tx.CreateBucketIfNotExists([]byte("top"))
			if err != nil {
				return err
			}
			small, err := top.CreateBucketIfNotExists([]byte("small")) // stays inline
			if err != nil {
				return err
			}
			if err := small.Put(fmt.Appendf(nil, "s%d", txn%3), []byte("v")); err != nil {
				return err
			}
			nested, err := top.CreateBucketIfNotExists(fmt.Appendf(nil, "n%d", txn%5))
			if err != nil {
				return err
			}
			for range 60 {
				k := fmt.Appendf(nil, "key-%06d", rng.IntN(3000))
				var b *bolt.Bucket = top
				if rng.IntN(3) == 0 {
					b = nested
				}
				switch rng.IntN(10) {
				case 0, 1:
					if err := b.Delete(k); err != nil && !errors.Is(err, bolt.ErrIncompatibleValue) {
						return err
					}
				case 2:
					if err := b.Put(k, bytes.Repeat([]byte{byte(txn)}, 2000+rng.IntN(6000))); err != nil {
						return err
					}
				default:
					if err := b.Put(k, bytes.Repeat([]byte{byte(txn)}, rng.IntN(300))); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
}

// TestOpenNeverPanicsOnRandomDamage overwrites random stretches of a real
// file and opens it, for both freelist modes: every outcome but a crash is
// acceptable (opened, possibly with values that read wrong, or damage
// reported), and whatever opened can be read through without a panic.
func TestOpenNeverPanicsOnRandomDamage(t *testing.T) {
	dir := t.TempDir()
	for _, nofl := range []bool{false, true} {
		src := filepath.Join(dir, fmt.Sprintf("src-%v.db", nofl))
		churn(t, src, 7, nofl)
		orig, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(1, 2))
		var damaged int
		for i := range 30 {
			data := bytes.Clone(orig)
			off := 2*os.Getpagesize() + rng.IntN(len(data)-2*os.Getpagesize())
			n := 1 + rng.IntN(64)
			if i%3 == 0 {
				off -= off % os.Getpagesize() // a page header
			}
			for j := off; j < min(off+n, len(data)); j++ {
				data[j] = byte(rng.Uint32())
			}
			path := filepath.Join(dir, fmt.Sprintf("case-%v-%d.db", nofl, i))
			if err := os.WriteFile(path, data, 0o600); err != nil {
				t.Fatal(err)
			}
			db, err := Open(path, 0o600, Options{Bolt: &bolt.Options{NoFreelistSync: nofl, NoSync: true}})
			if err != nil {
				t.Fatalf("case %d: Open: %v", i, err)
			}
			if db.Damaged() != nil {
				damaged++
			}
			// Read everything; a panic here would fail the test.
			_ = db.View(func(tx *bolt.Tx) error { return readAll(tx) })
			_ = db.Update(func(tx *bolt.Tx) error {
				b, err := tx.CreateBucketIfNotExists([]byte("top"))
				if err != nil {
					return err
				}
				return b.Put([]byte("key-000001"), []byte("new"))
			})
			db.Close()
		}
		if damaged == 0 {
			t.Errorf("nofl=%v: no case was found damaged: the corruption does not reach the structure", nofl)
		}
	}
}

func readAll(tx *bolt.Tx) error {
	var walk func(b *bolt.Bucket) error
	walk = func(b *bolt.Bucket) error {
		return b.ForEach(func(k, v []byte) error {
			if v == nil {
				if c := b.Bucket(k); c != nil {
					return walk(c)
				}
			}
			return nil
		})
	}
	return tx.ForEach(func(_ []byte, b *bolt.Bucket) error { return walk(b) })
}

// TestOpenMendsFreelist: damage to a file's freelist alone (a free page
// past the data, which bbolt would hand out, or a page of garbage) no
// longer loses the file (helper 96: schedules and articles were moved
// aside and started afresh): Open has bbolt make the list again from the
// tree, which is whole, keeps a copy of the file as it was, and every key
// is there and the file takes writes; the next open finds nothing to mend.
func TestOpenMendsFreelist(t *testing.T) {
	for _, tt := range []struct {
		name   string
		damage func(p []byte)
	}{
		{"a free page past the data", func(p []byte) { order.PutUint16(p[10:], 1); order.PutUint64(p[16:], 1<<40) }},
		{"garbage", func(p []byte) {
			for i := range p {
				p[i] = byte(0xde + i%4)
			}
		}},
	} {
		for _, zeroFirstMeta := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s, first meta page zeroed %v", tt.name, zeroFirstMeta), func(t *testing.T) {
				path := filepath.Join(t.TempDir(), "state.db")
				fill(t, path, 300, false)
				want := 300
				if zeroFirstMeta {
					// One more transaction, so that the second meta page
					// is the current one and the first the one before.
					bdb, err := bolt.Open(path, 0o600, nil)
					if err != nil {
						t.Fatal(err)
					}
					if err := bdb.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucket).Put([]byte("extra"), []byte("x")) }); err != nil {
						t.Fatal(err)
					}
					bdb.Close()
					want++
				}
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				pageSize := int64(order.Uint32(data[pageHeaderSize+8:]))
				var fl, best uint64
				for _, off := range []int64{0, pageSize} {
					m := data[off+pageHeaderSize:]
					if txid := order.Uint64(m[48:]); txid >= best {
						best, fl = txid, order.Uint64(m[32:])
					}
				}
				if fl == noFreelist {
					t.Fatal("the file keeps no freelist")
				}
				tt.damage(data[int64(fl)*pageSize : int64(fl+1)*pageSize])
				if zeroFirstMeta {
					// helper 97: the second meta page was then left as it
					// was, and the file lost at the next open.
					clear(data[:pageSize])
				}
				if err := os.WriteFile(path, data, 0o600); err != nil {
					t.Fatal(err)
				}
				db, err := Open(path, 0o600, Options{})
				if err != nil {
					t.Fatal(err)
				}
				m := db.Mended()
				if m == nil || m.Freelist == "" || db.Damaged() != nil || !strings.Contains(m.String(), "nothing was lost") {
					t.Fatalf("Open: mended %+v, damaged %v; want the freelist made again", m, db.Damaged())
				}
				if _, err := os.Stat(m.CopyAt); err != nil {
					t.Errorf("the copy of the file as it was: %v", err)
				}
				var n int
				if err := db.View(func(tx *bolt.Tx) error {
					n = tx.Bucket(bucket).Stats().KeyN
					return nil
				}); err != nil || n != want {
					t.Errorf("after the mend: %d keys, %v; want %d", n, err, want)
				}
				if err := db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucket).Put([]byte("new"), []byte("value")) }); err != nil {
					t.Errorf("a write after the mend: %v", err)
				}
				if err := db.Close(); err != nil {
					t.Fatal(err)
				}
				db, err = Open(path, 0o600, Options{})
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				if db.Mended() != nil || db.Damaged() != nil {
					t.Errorf("the next open: mended %v, damaged %v; want nothing", db.Mended(), db.Damaged())
				}
			})
		}
	}
}
