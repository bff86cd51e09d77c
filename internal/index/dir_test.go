package index_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	bolt "go.etcd.io/bbolt"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/index"
)

// TestOpenRefusesAForeignDirectory: a directory holding other files and no
// index is not turned into one (a later rebuild would delete those files).
func TestOpenRefusesAForeignDirectory(t *testing.T) {
	dir := t.TempDir()
	notes := writeFile(t, dir, "notes.txt", "mine", baseTime)
	ix, err := index.Open(context.Background(), dir, index.Options{})
	if err == nil {
		ix.Close()
		t.Fatal("Open of a directory with other files: error = nil, want a refusal")
	}
	if !strings.Contains(err.Error(), "not empty") || !strings.Contains(err.Error(), "notes.txt") {
		t.Errorf("Open error = %v, want it to say the directory is not empty and name a file", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "store.db")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Open wrote store.db into a foreign directory (stat err %v)", err)
	}
	if b, err := os.ReadFile(notes); err != nil || string(b) != "mine" {
		t.Errorf("notes.txt = %q, %v; want it untouched", b, err)
	}
}

// TestOpenLeavesAUsersBleveFolder: a directory that holds only a folder
// named "bleve" (the user's, no search index in it) was taken for a
// damaged index and the folder's files deleted by the reset (nu42). It is
// refused and left as it was; a bleve folder with Bleve's metadata and no
// store (an index whose store.db was deleted) is still an index to build.
func TestOpenLeavesAUsersBleveFolder(t *testing.T) {
	for _, tc := range []struct {
		name, file, content string
		refused             bool
	}{
		{"the user's files", "sub/photo.jpg", "{}", true},
		{"a file of the name that is no Bleve metadata", "index_meta.json", `{"notes": "mine"}`, true},
		{"a search index without its store", "index_meta.json", `{"storage":"scorch","index_type":"scorch"}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			kept := writeFile(t, filepath.Join(dir, "bleve"), tc.file, tc.content, baseTime)
			ix, err := index.Open(context.Background(), dir, index.Options{})
			if err == nil {
				ix.Close()
			}
			if got := err != nil; got != tc.refused {
				t.Fatalf("Open: %v; want refused %v", err, tc.refused)
			}
			if !tc.refused {
				return
			}
			if !strings.Contains(err.Error(), "no search index") {
				t.Errorf("Open error = %v, want it to say the bleve folder is no search index", err)
			}
			if b, err := os.ReadFile(kept); err != nil || string(b) != tc.content {
				t.Errorf("%s = %q, %v; want it untouched", tc.file, b, err)
			}
			if _, err := os.Stat(filepath.Join(dir, "store.db")); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("Open wrote store.db beside the user's folder (stat err %v)", err)
			}
		})
	}
}

// TestOpenLeavesAnotherProgramsStore: a folder with a store.db that is not
// Chronicle's is refused and left byte for byte as it was. A store.db once
// made any folder count as an index: another program's bbolt store.db
// (here with a bucket of its own) was taken for an outdated index, and the
// reset deleted it with its bleve folder and files (helper 83).
func TestOpenLeavesAnotherProgramsStore(t *testing.T) {
	foreignBolt := func(t *testing.T, path string) {
		db, err := bolt.Open(path, 0o644, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Update(func(tx *bolt.Tx) error {
			b, err := tx.CreateBucket([]byte("internal"))
			if err != nil {
				return err
			}
			return b.Put([]byte("k"), []byte("precious"))
		}); err != nil {
			t.Fatal(err)
		}
		db.Close()
	}
	for _, tt := range []struct {
		name  string
		setup func(t *testing.T, dir string)
		want  string
	}{
		{"bbolt store and other files", func(t *testing.T, dir string) {
			foreignBolt(t, filepath.Join(dir, "store.db"))
			writeFile(t, dir, "a.txt", "precious", baseTime)
			writeFile(t, filepath.Join(dir, "bleve"), "keep.txt", "my notes", baseTime)
		}, `not a Chronicle article store: it holds a bucket "internal"`},
		{"bbolt store of other buckets", func(t *testing.T, dir string) {
			foreignBolt(t, filepath.Join(dir, "store.db"))
			writeFile(t, filepath.Join(dir, "bleve"), "keep.txt", "my notes", baseTime)
		}, `not a Chronicle article store: it holds a bucket "internal"`},
		{"a store.db that is no bbolt file", func(t *testing.T, dir string) {
			writeFile(t, dir, "store.db", "SQLite format 3\x00 and the rest of another program's database", baseTime)
		}, "not an article store (no bbolt file)"},
		// boltfile.NotBolt spares both as damaged bbolt files (their first
		// 8 bytes are zeros, as bbolt's first page ID); the index, whose
		// reset deletes its store, takes neither for its own.
		{"a store.db that begins with 8 zero bytes and no bbolt magic", func(t *testing.T, dir string) {
			writeFile(t, dir, "store.db", "\x00\x00\x00\x00\x00\x00\x00\x00another program's records", baseTime)
		}, "not an article store (no bbolt file)"},
		{"a store.db of zeros larger than a torn bbolt file", func(t *testing.T, dir string) {
			writeFile(t, dir, "store.db", string(make([]byte, 64<<10+1)), baseTime)
		}, "not an article store (no bbolt file)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.setup(t, dir)
			before := snapshot(t, dir)
			ix, err := index.Open(context.Background(), dir, index.Options{})
			if err == nil {
				ix.Close()
				t.Fatal("Open of another program's folder: error = nil, want a refusal")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Open error = %v, want %q in it", err, tt.want)
			}
			if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
				t.Errorf("the folder changed (-before +after):\n%s", diff)
			}
		})
	}
}

// TestOpenTornStore: a store.db of zeros, as a crash while bbolt made it
// leaves, is the index's own: it is moved aside and the index made again,
// where it was refused as another program's for good (review rev40).
func TestOpenTornStore(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "store.db"), make([]byte, 8192), 0o644); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(context.Background(), dir, index.Options{})
	if err != nil {
		t.Fatalf("Open over a torn store: %v", err)
	}
	ix.Close()
}

// TestOpenBesideOtherFiles: an index whose folder holds other entries
// beside its own (lost+found at a volume's root) opens as it did; they
// are left alone (review rev40: a refusal of them stopped bot serve from
// starting after an upgrade).
func TestOpenBesideOtherFiles(t *testing.T) {
	dir := t.TempDir()
	ix, err := index.Open(context.Background(), dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	if err := os.Mkdir(filepath.Join(dir, "lost+found"), 0o700); err != nil {
		t.Fatal(err)
	}
	ix, err = index.Open(context.Background(), dir, index.Options{})
	if err != nil {
		t.Fatalf("Open of an index beside lost+found: %v", err)
	}
	ix.Close()
	if _, err := os.Stat(filepath.Join(dir, "lost+found")); err != nil {
		t.Errorf("lost+found after Open: %v", err)
	}
}

// snapshot is every file under dir with its bytes.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		out[strings.TrimPrefix(path, dir)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestOpenIgnoresALeftoverProbe: the write probe a crashed Open may leave
// in a new index directory does not make it foreign.
func TestOpenIgnoresALeftoverProbe(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, ".write-probe-123", "", baseTime)
	ix := openIndex(t, dir)
	syncOK(t, ix, corpusV1(t))
}

func TestRemove(t *testing.T) {
	t.Run("an index directory goes entirely", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "idx")
		ix := openIndex(t, dir)
		syncOK(t, ix, corpusV1(t))
		ix.Close()
		if err := index.Remove(dir); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("index dir still there after Remove (stat err %v)", err)
		}
	})
	t.Run("files that are not the index's stay", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "idx")
		ix := openIndex(t, dir)
		syncOK(t, ix, corpusV1(t))
		ix.Close()
		notes := writeFile(t, dir, "notes.txt", "mine", baseTime)
		if err := index.Remove(dir); err != nil {
			t.Fatal(err)
		}
		entries, _ := os.ReadDir(dir)
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		if !cmp.Equal(names, []string{"notes.txt"}) {
			t.Errorf("after Remove the dir holds %v, want only [notes.txt]", names)
		}
		if b, _ := os.ReadFile(notes); string(b) != "mine" {
			t.Errorf("notes.txt = %q, want it untouched", b)
		}
	})
	t.Run("a directory without an index is left alone", func(t *testing.T) {
		dir := t.TempDir()
		writeFile(t, dir, "bleve/keep.txt", "x", baseTime)
		if err := index.Remove(dir); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, "bleve", "keep.txt")); err != nil {
			t.Errorf("Remove touched a directory that holds no index: %v", err)
		}
	})
}

// TestReadOnly: an index opened read-only answers searches, refuses Sync
// and Put with ErrReadOnly, and is never wiped, even when outdated.
func TestReadOnly(t *testing.T) {
	dir := t.TempDir()
	ix := openIndex(t, dir)
	syncOK(t, ix, corpusV1(t))
	ix.Close()

	ro, err := index.Open(context.Background(), dir, index.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("Open read-only: %v", err)
	}
	defer ro.Close()
	if !ro.ReadOnly {
		t.Error("ReadOnly = false, want true")
	}
	if got := searchIDs(t, ro, chronicle.SearchQuery{Text: "harbour"}); !cmp.Equal(got, []string{"b"}) {
		t.Errorf("Search(harbour) read-only = %v, want [b]", got)
	}
	if _, err := ro.Sync(context.Background(), []string{corpusV1(t)}, index.SyncOptions{}); !errors.Is(err, index.ErrReadOnly) {
		t.Errorf("Sync on a read-only index: error = %v, want ErrReadOnly", err)
	}
	if _, err := ro.Put(context.Background(), "https://example.com/feed", []chronicle.Article{{ID: "x", Title: "x"}}); !errors.Is(err, index.ErrReadOnly) {
		t.Errorf("Put on a read-only index: error = %v, want ErrReadOnly", err)
	}
	ro.Close()

	// Outdated: a read-only open explains instead of wiping.
	setMeta(t, dir, "version", "chronicle-index-0")
	if _, err := index.Open(context.Background(), dir, index.Options{ReadOnly: true}); err == nil || !strings.Contains(err.Error(), "read-only to this user") {
		t.Errorf("read-only Open of an outdated index: error = %v, want one that says it is read-only", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "store.db")); err != nil {
		t.Errorf("the outdated read-only index was wiped: %v", err)
	}
}

// TestReadOnlyFiles: an index whose files may not be written (a read-only
// copy) opens read-only by itself rather than being taken for broken.
func TestReadOnlyFiles(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root: file permissions do not stop writes (TestReadOnly covers the read-only mode)")
	}
	dir := t.TempDir()
	ix := openIndex(t, dir)
	syncOK(t, ix, corpusV1(t))
	ix.Close()
	var chmod func(mode os.FileMode)
	chmod = func(mode os.FileMode) {
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			m := mode &^ 0o111
			if d.IsDir() {
				m = mode
			}
			return os.Chmod(p, m)
		})
	}
	chmod(0o555)
	t.Cleanup(func() { chmod(0o755) })
	ro, err := index.Open(context.Background(), dir, index.Options{})
	if err != nil {
		t.Fatalf("Open of read-only files: %v", err)
	}
	defer ro.Close()
	if !ro.ReadOnly || ro.Reset {
		t.Errorf("ReadOnly = %v, Reset = %v; want true, false", ro.ReadOnly, ro.Reset)
	}
	if got := searchIDs(t, ro, chronicle.SearchQuery{Text: "harbour"}); !cmp.Equal(got, []string{"b"}) {
		t.Errorf("Search(harbour) = %v, want [b]", got)
	}
}

// TestReadOnlyNeverWrites: a read-only open of a store that holds no index
// (no buckets yet, or no format version) reports it without panicking and
// without creating anything.
func TestReadOnlyNeverWrites(t *testing.T) {
	tests := []struct {
		name string
		make func(t *testing.T, dir string)
	}{
		{"a store without buckets", func(t *testing.T, dir string) {
			db, err := bolt.Open(filepath.Join(dir, "store.db"), 0o644, nil)
			if err != nil {
				t.Fatal(err)
			}
			db.Close()
		}},
		{"a store without a version", func(t *testing.T, dir string) {
			ix := openIndex(t, dir)
			ix.Close()
			if err := os.RemoveAll(filepath.Join(dir, "bleve")); err != nil {
				t.Fatal(err)
			}
			setMeta(t, dir, "version", "")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.make(t, dir)
			ix, err := index.Open(context.Background(), dir, index.Options{ReadOnly: true})
			if err == nil {
				ix.Close()
				t.Fatal("read-only Open of a store without an index: error = nil")
			}
			if _, err := os.Stat(filepath.Join(dir, "bleve")); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("read-only Open created bleve/ (stat err %v)", err)
			}
		})
	}
	if _, err := index.Open(context.Background(), filepath.Join(t.TempDir(), "none"), index.Options{ReadOnly: true}); err == nil ||
		!strings.Contains(err.Error(), "no index there") {
		t.Errorf("read-only Open of a missing folder: error = %v, want 'no index there'", err)
	}
}

func TestForeign(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	ix := openIndex(t, dir)
	syncOK(t, ix, corpusV1(t))
	ix.Close()
	writeFile(t, dir, ".write-probe-7", "", baseTime)
	if got, err := index.Foreign(dir); err != nil || len(got) != 0 {
		t.Errorf("Foreign(an index) = %v, %v; want none", got, err)
	}
	writeFile(t, dir, "notes.txt", "mine", baseTime)
	if got, err := index.Foreign(dir); err != nil || !cmp.Equal(got, []string{"notes.txt"}) {
		t.Errorf("Foreign = %v, %v; want [notes.txt]", got, err)
	}
}

// TestRemoveInUse: an index another process holds is not deleted.
func TestRemoveInUse(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the store's 2 s lock timeout")
	}
	dir := filepath.Join(t.TempDir(), "idx")
	ix := openIndex(t, dir)
	syncOK(t, ix, corpusV1(t))
	if err := index.Remove(dir); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Errorf("Remove of an index in use: error = %v, want it in use", err)
	}
	if got := searchIDs(t, ix, chronicle.SearchQuery{Text: "harbour"}); !cmp.Equal(got, []string{"b"}) {
		t.Errorf("Search(harbour) after a refused Remove = %v, want [b]", got)
	}
}
