package index

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/chronicle-bot/chronicle"
	"github.com/chronicle-bot/chronicle/internal/boltfile"
)

// The store keeps what Bleve does not: every article in full (for citations
// and passages), the files each article came from (for incremental sync) and
// the index's own state. Bleve holds only inverted indexes.
var (
	bucketArticles = []byte("articles")
	bucketFiles    = []byte("files")
	bucketMeta     = []byte("meta")

	keyDirty   = []byte("dirty")
	keyUpdated = []byte("updated")
	keyVersion = []byte("version")
)

// formatVersion changes when the on-disk layout or mapping changes; an index
// with an earlier version is rebuilt, one with a later version refused
// (ErrNewerFormat). Format 6 stores articles with a checksum (codec
// version 2); a format 5 index, whose records have none, is read as it is
// (formatReadable) and marked 6 by the write of its first checksummed
// record (store.write), so that an earlier release, which cannot read
// those records, refuses it rather than failing on them; until then it
// stays one the earlier release reads.
const (
	formatPrefix  = "chronicle-index-"
	formatVersion = formatPrefix + "6"
	// formatReadable is the earlier format this release reads as it is.
	formatReadable = formatPrefix + "5"
)

// fileRecord is what the store remembers of one corpus file (or feed origin).
type fileRecord struct {
	Size    int64     `json:"size"`
	ModTime time.Time `json:"mtime"`
	IDs     []string  `json:"ids"`
	// Recovered marks a record made again after damage (filesChecked):
	// the IDs it holds were not read from its file or feed, so it holds
	// no claim against a file that gives one of them (fileOwners), which
	// takes it (settleRecovered).
	Recovered bool `json:"recovered,omitempty"`
	// settled is set by settleRecovered on a record it changed, which is
	// to be written again.
	settled bool
	// Sum is the CRC-32C of the record's JSON without it (encodeFile), so
	// that a byte changed on disk that still decodes ("ids" read as
	// "idz": a record of no articles, whose articles a rebuild then let
	// go) is found. A record of an earlier release has none and is taken
	// as it is; an earlier release of this format ignores it.
	Sum string `json:"sum,omitempty"`
}

// same reports whether the file is as the record saw it: of the same size
// and modification time (a sync does not read it again).
func (r fileRecord) same(size int64, mod time.Time) bool {
	return r.Size == size && r.ModTime.Equal(mod)
}

// fileSum is the checksum of r's JSON without its Sum.
func fileSum(r fileRecord) (string, error) {
	r.Sum = ""
	b, err := json.Marshal(r)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%08x", crc32.Checksum(b, castagnoli)), nil
}

// encodeFile is the stored form of r, with its checksum.
func encodeFile(r fileRecord) ([]byte, error) {
	sum, err := fileSum(r)
	if err != nil {
		return nil, err
	}
	r.Sum = sum
	return json.Marshal(r)
}

// errFileSum is the error of a file record that does not match its
// checksum.
var errFileSum = errors.New("the record does not match its checksum")

// decodeFile reads a stored file record, checked against its checksum
// when it has one.
func decodeFile(v []byte) (fileRecord, error) {
	var r fileRecord
	if v == nil { // a bucket: one flag bit away from a value
		return r, errFileSum
	}
	if err := json.Unmarshal(v, &r); err != nil {
		return r, err
	}
	if r.Sum == "" {
		return r, nil
	}
	if sum, err := fileSum(r); err != nil || sum != r.Sum {
		return r, errFileSum
	}
	return r, nil
}

// recoveredOrigin is the record of the stored articles that no record
// holds (their record was damaged on disk, and which one held them is not
// known): an origin, so that a rebuild carries them over as it does a
// feed's, and Recovered, so that a file that gives one takes it. No feed
// has this URL (a feed's is http or https).
const recoveredOrigin = originPrefix + "recovered-articles"

// store is the bbolt file of an index. Its transactions run through
// boltfile, so damage turns up as an error matching boltfile.ErrDamaged,
// never as a panic.
type store struct {
	db *boltfile.DB
}

// openStore opens the store, checking its structure first. A damaged file
// is left where it is and reported (boltfile.ErrDamaged): Open wipes the
// whole index, which is rebuilt from its sources.
//
// The store keeps its freelist (the free pages) on disk: without it, bbolt
// walks every page of the file on each writable open to find them again,
// which was a third of opening an index. A store written before it kept one
// gets one at its first writable open (bbolt walks it that once), and an
// older binary reads such a store as before. Opening commits nothing when
// the buckets are already there.
func openStore(path string, readOnly bool) (*store, error) {
	opts := boltfile.Options{
		Bolt:        &bolt.Options{Timeout: 2 * time.Second, ReadOnly: readOnly},
		KeepDamaged: true,
	}
	db, err := boltfile.Open(path, 0o644, opts)
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			// The lock (bbolt's flock on the file) does not record who holds
			// it, and not only serve and index take it: eval and tune hold
			// it while they run, and were not named.
			return nil, fmt.Errorf("open store %q: the index is in use by another process "+
				"(another process holds its lock, such as a running bot serve, or a bot index, eval or tune not finished yet; "+
				"stop it or wait for it, or give this command another --index)", path)
		}
		return nil, fmt.Errorf("open store %q: %w", path, err)
	}
	if err := initBuckets(db, readOnly); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %q: %w", path, err)
	}
	return &store{db: db}, nil
}

// ErrForeignStore is the error of a store.db that is another program's
// bbolt file: it is never changed, moved or deleted.
var ErrForeignStore = errors.New("not a Chronicle article store")

// storeBuckets are the buckets of a store.
var storeBuckets = [][]byte{bucketArticles, bucketCatalog, bucketFiles, bucketMeta}

// foreignBucketIn returns a bucket of tx's file when none of its buckets is
// a store's (another program's file), or "".
func foreignBucketIn(tx *bolt.Tx) string {
	other, ours := "", false
	_ = tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
		if slices.ContainsFunc(storeBuckets, func(b []byte) bool { return bytes.Equal(b, name) }) {
			ours = true
		} else if other == "" {
			other = string(name)
		}
		return nil
	})
	if ours {
		return ""
	}
	return other
}

// initBuckets creates the buckets a store lacks. A read-only store cannot:
// one without them (a build that died before making them) is not an index.
// A bbolt file that holds buckets, none of them a store's, is another
// program's: it is refused and left as it is (ErrForeignStore).
func initBuckets(db *boltfile.DB, readOnly bool) error {
	var missing [][]byte
	var other string
	err := db.View(func(tx *bolt.Tx) error {
		for _, b := range storeBuckets {
			if tx.Bucket(b) == nil {
				missing = append(missing, b)
			}
		}
		other = foreignBucketIn(tx)
		return nil
	})
	switch {
	case err != nil:
		return err
	case other != "":
		return fmt.Errorf("%w: it holds a bucket %q and none of an article store's", ErrForeignStore, other)
	case len(missing) == 0:
		return nil
	case readOnly:
		return fmt.Errorf("the store has no %s bucket", missing[0])
	}
	return db.Update(func(tx *bolt.Tx) error {
		for _, b := range missing {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *store) close() error { return s.db.Close() }

// meta returns a meta value ("" when absent).
func (s *store) meta(key []byte) (string, error) {
	var v string
	err := s.db.View(func(tx *bolt.Tx) error {
		v = string(tx.Bucket(bucketMeta).Get(key))
		return nil
	})
	return v, err
}

func (s *store) setMeta(kv ...[]byte) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketMeta)
		for i := 0; i+1 < len(kv); i += 2 {
			if err := b.Put(kv[i], kv[i+1]); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *store) article(id string) (chronicle.Article, bool, error) {
	var a chronicle.Article
	var found bool
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketArticles).Get([]byte(id))
		if v == nil {
			return nil
		}
		found = true
		var err error
		a, err = decodeStored(id, v)
		return err
	})
	if err != nil {
		return a, false, fmt.Errorf("read article %q: %w", id, err)
	}
	return a, found, nil
}

// articles reads several articles in one transaction; missing IDs are left out.
func (s *store) articles(ids []string) (map[string]chronicle.Article, error) {
	return readMany(s, ids, func(_ string, v []byte) (chronicle.Article, error) { return decodeArticle(v) }, nil)
}

// articlesOrBad is articles, but the records that do not decode, or hold
// another article than their key names, are returned in bad (by ID)
// rather than failing the read.
func (s *store) articlesOrBad(ids []string) (arts map[string]chronicle.Article, bad map[string]error, err error) {
	bad = map[string]error{}
	arts, err = readMany(s, ids, decodeStored, bad)
	return arts, bad, err
}

// hashes returns the stored hash of each ID present. A damaged record's
// hash is "", which no article's is, so that a sync takes the article for
// changed and stores it again from its file.
func (s *store) hashes(ids []string) (map[string]string, error) {
	bad := map[string]error{}
	out, err := readMany(s, ids, func(_ string, v []byte) (string, error) { return decodeHash(v) }, bad)
	for id := range bad {
		out[id] = ""
	}
	return out, err
}

// badRecordError is a stored article's record that does not decode.
type badRecordError struct {
	id  string
	err error
}

func (e *badRecordError) Error() string { return fmt.Sprintf("decode article %q: %v", e.id, e.err) }
func (e *badRecordError) Unwrap() error { return e.err }

// readMany decodes the stored articles of ids in one transaction, leaving
// out the IDs that are not stored. A record that does not decode fails the
// read (a *badRecordError), or, when bad is not nil, is put in bad. decode
// is given each record with the ID it is stored under.
func readMany[T any](s *store, ids []string, decode func(id string, v []byte) (T, error), bad map[string]error) (map[string]T, error) {
	out := make(map[string]T, len(ids))
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketArticles)
		for _, id := range ids {
			v := b.Get([]byte(id))
			if v == nil {
				continue
			}
			x, err := decode(id, v)
			if err != nil {
				err = &badRecordError{id: id, err: err}
				if bad == nil {
					return err
				}
				bad[id] = err
				continue
			}
			out[id] = x
		}
		return nil
	})
	return out, err
}

// ReasonDamagedRecord is the problem reason of a remembered file record
// (of a corpus file or a feed) that does not decode: damaged on disk.
const ReasonDamagedRecord = "damaged index record"

// files returns every remembered file record by path, a damaged one as
// filesChecked gives it.
func (s *store) files() (map[string]fileRecord, error) {
	recs, _, err := s.filesChecked()
	return recs, err
}

// filesChecked returns every remembered file record by path, and the
// paths of those that do not decode (bit rot: bbolt checks no page), in
// order. A damaged record is given as a file's to read again (its size
// unreadSize), Recovered, so that the next sync reads its file and writes
// it whole. The stored articles that no whole record holds are the ones
// the damaged records held: the only damaged record gets them (exactly
// what it held: a feed keeps its articles, and an article its file no
// longer gives still goes); of several, which held which is not known, and
// they go to recoveredOrigin. A recovered record no longer holds an ID
// that another record holds (settleRecovered).
func (s *store) filesChecked() (map[string]fileRecord, []string, error) {
	out := map[string]fileRecord{}
	var damaged []string
	err := s.db.View(func(tx *bolt.Tx) error {
		err := tx.Bucket(bucketFiles).ForEach(func(k, v []byte) error {
			r, err := decodeFile(v)
			if err != nil {
				damaged = append(damaged, string(k))
				return nil
			}
			out[string(k)] = r
			return nil
		})
		if err != nil || len(damaged) == 0 {
			return err
		}
		var held []string
		err = tx.Bucket(bucketArticles).ForEach(func(k, _ []byte) error {
			held = append(held, string(k))
			return nil
		})
		if err != nil {
			return err
		}
		orphans, own := unheld(out, held), []string(nil)
		if len(damaged) == 1 {
			own = orphans
		} else {
			adopt(out, orphans)
		}
		for _, key := range damaged {
			out[key] = fileRecord{Size: unreadSize, Recovered: true, IDs: own}
		}
		return nil
	})
	settleRecovered(out)
	return out, damaged, err
}

// unheld returns those of ids that no record of recs holds.
func unheld(recs map[string]fileRecord, ids []string) []string {
	holds := map[string]bool{}
	for _, r := range recs {
		for _, id := range r.IDs {
			holds[id] = true
		}
	}
	var out []string
	for _, id := range ids {
		if !holds[id] {
			out = append(out, id)
		}
	}
	return out
}

// adopt adds ids to the record of recoveredOrigin in recs.
func adopt(recs map[string]fileRecord, ids []string) {
	if len(ids) == 0 {
		return
	}
	r := recs[recoveredOrigin]
	r.IDs = append(r.IDs, ids...)
	r.Recovered = true
	recs[recoveredOrigin] = r
}

// settleRecovered takes out of each Recovered record of recs the IDs that
// a record made from its file or feed holds: the file that gives one has
// taken it.
func settleRecovered(recs map[string]fileRecord) {
	var whole map[string]bool
	for key, r := range recs {
		if !r.Recovered {
			continue
		}
		if whole == nil {
			whole = map[string]bool{}
			for _, o := range recs {
				if !o.Recovered {
					for _, id := range o.IDs {
						whole[id] = true
					}
				}
			}
		}
		ids := slices.DeleteFunc(slices.Clone(r.IDs), func(id string) bool { return whole[id] })
		if len(ids) != len(r.IDs) {
			r.IDs = ids
			r.settled = true
			recs[key] = r
		}
	}
}

// putFiles stores the records of keys, in one transaction; a key that is
// a bucket (a flag bit changed on disk) is one no more.
func (s *store) putFiles(recs map[string]fileRecord, keys []string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		fb := tx.Bucket(bucketFiles)
		for _, key := range keys {
			if fb.Bucket([]byte(key)) != nil {
				if err := fb.DeleteBucket([]byte(key)); err != nil {
					return err
				}
			}
			r := recs[key]
			if err := putFile(fb, key, &r); err != nil {
				return err
			}
		}
		return nil
	})
}

// rereadFilesOf marks the files that give the articles of ids to be read
// again at the next sync (their recorded size unreadSize), in one
// transaction, and returns the file of each ID it found one for (none for
// a feed's article, or one no file gives now).
func (s *store) rereadFilesOf(ids []string) (map[string]string, error) {
	want := make(map[string]bool, len(ids))
	for _, id := range ids {
		want[id] = true
	}
	found := map[string]string{}
	err := s.db.Update(func(tx *bolt.Tx) error {
		fb := tx.Bucket(bucketFiles)
		marked := map[string]fileRecord{}
		err := fb.ForEach(func(k, v []byte) error {
			if strings.HasPrefix(string(k), originPrefix) {
				return nil
			}
			r, err := decodeFile(v)
			if err != nil {
				return nil // a damaged file record is the sync's to report
			}
			for _, id := range r.IDs {
				if want[id] {
					found[id] = string(k)
					if r.Size != unreadSize {
						marked[string(k)] = r
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		for path, r := range marked {
			r.Size = unreadSize
			if err := putFile(fb, path, &r); err != nil {
				return err
			}
		}
		return nil
	})
	return found, err
}

// putFile stores the record of the file at path.
func putFile(fb *bolt.Bucket, path string, r *fileRecord) error {
	v, err := encodeFile(*r)
	if err != nil {
		return err
	}
	return fb.Put([]byte(path), v)
}

// damagedIDs returns the IDs of the stored articles whose record does not
// match its checksum or does not decode.
//
// It also returns those of listed (sorted) that have no record: the keys
// are walked in order beside them.
func (s *store) damagedIDs(ctx context.Context, listed []string) (ids, missing []string, err error) {
	next := 0 // listed[:next] are the keys before k
	err = s.db.View(func(tx *bolt.Tx) error {
		n := 0
		return tx.Bucket(bucketArticles).ForEach(func(k, v []byte) error {
			if n++; n%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			for next < len(listed) && listed[next] < string(k) {
				missing = append(missing, listed[next])
				next++
			}
			if next < len(listed) && listed[next] == string(k) {
				next++
			}
			// A record that matches its checksum (one of version 1, which
			// has none, decodes whole) was written whole; its ID must be
			// its key's.
			if id, err := decodeID(v); err != nil || id != string(k) {
				ids = append(ids, string(k))
			}
			return nil
		})
	})
	if err != nil {
		return nil, nil, err
	}
	return ids, append(missing, listed[next:]...), nil
}

// write applies one batch of changes in a single transaction.
// ents are the catalog entries of put, in the same order.
func (s *store) write(put []chronicle.Article, ents []entry, del []string, files map[string]*fileRecord, now time.Time) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		if err := writeCatalog(tx, ents, del, now); err != nil {
			return err
		}
		ab := tx.Bucket(bucketArticles)
		for _, id := range del {
			if err := ab.Delete([]byte(id)); err != nil {
				return err
			}
		}
		for _, a := range put {
			if err := ab.Put([]byte(a.ID), encodeArticle(a)); err != nil {
				return err
			}
		}
		if mb := tx.Bucket(bucketMeta); len(put) > 0 && string(mb.Get(keyVersion)) == formatReadable {
			// The first checksummed record makes the index one an earlier
			// release cannot read: it says so, and refuses it.
			if err := mb.Put(keyVersion, []byte(formatVersion)); err != nil {
				return err
			}
		}
		fb := tx.Bucket(bucketFiles)
		for path, r := range files {
			if r == nil {
				if err := fb.Delete([]byte(path)); err != nil {
					return err
				}
				continue
			}
			if err := putFile(fb, path, r); err != nil {
				return err
			}
		}
		return nil
	})
}

// each calls fn for every stored article, in ID order, until fn returns an error.
func (s *store) each(fn func(a chronicle.Article) error) error {
	return s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketArticles).ForEach(func(k, v []byte) error {
			a, err := decodeArticle(v)
			if err != nil {
				return fmt.Errorf("decode article %q: %w", k, err)
			}
			return fn(a)
		})
	})
}

func (s *store) count() (int, error) {
	var n int
	err := s.db.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketArticles).Stats().KeyN
		return nil
	})
	return n, err
}
