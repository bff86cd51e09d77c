package schedule

// A bucket under a name this version does not know. The file's top-level
// buckets are found by name, and each is made when absent, so a flipped bit
// in a name (schedules read as schedulds) made the store look empty: every
// server's schedules, or watches, or the record of the articles they took,
// vanished from view while their bytes stayed in the file. Open now looks
// at every top-level bucket whose name it does not know (findStrays): one
// whose name is a byte or two from a known bucket's, and whose records read
// as that bucket's, while that bucket holds nothing, is restored (its
// records copied, bytes unchanged, into the known bucket, and the bucket
// itself moved, unchanged, into buckets-damaged, so that it is restored
// once); any other is left as it is and reported at every Open. Nothing is
// deleted.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/chronicle-bot/chronicle/internal/terms"
)

// strayBucket keeps, unchanged, the buckets whose records Open restored
// under their right name (see Open).
var strayBucket = []byte("buckets-damaged")

// knownBucket is a top-level bucket some version writes, with a test of
// whether a record (k, v) reads as one of its own.
type knownBucket struct {
	name  []byte
	holds func(k, v []byte) bool
}

// knownBuckets are the top-level buckets of the file.
func knownBuckets() []knownBucket {
	anyRecord := func(k, v []byte) bool { return v != nil }
	isTime := func(v []byte) bool { // a stamp is some 30 bytes; a larger value is not read
		if len(v) > 64 {
			return false
		}
		_, err := time.Parse(time.RFC3339Nano, string(v))
		return err == nil
	}
	return []knownBucket{
		{bucket, func(k, v []byte) bool { s, err := decode(k, v); return err == nil && s.Spec != "" }},
		{damagedBucket, anyRecord},
		{watchBucket, func(k, v []byte) bool { x, err := decodeWatch(k, v); return err == nil && x.Query != "" }},
		{damagedWatchBucket, anyRecord},
		{inboxBucket, func(k, v []byte) bool { return !bytes.Contains(k, []byte{0}) && isTime(v) }},
		{arrivedBucket, func(k, v []byte) bool { return !bytes.Contains(k, []byte{0}) && isTime(v) }},
		{seenBucket, func(k, v []byte) bool { return bytes.Contains(k, []byte{0}) && isTime(v) }},
		{pendingBucket, func(k, v []byte) bool {
			var it WatchItem
			_, article, ok := bytes.Cut(k, []byte{0})
			return ok && checkRecord(v, "") == nil && json.Unmarshal(v, &it) == nil && it.ArticleID == string(article)
		}},
		{channelsBucket, func(k, v []byte) bool {
			var ts []time.Time
			return bytes.HasPrefix(v, []byte("[")) && checkRecord(v, "") == nil && json.Unmarshal(v, &ts) == nil
		}},
		{strayBucket, func(k, v []byte) bool { return false }}, // holds buckets, never restored into
	}
}

// StrayBucket is a top-level bucket of the schedule file that this version
// does not write: a known bucket whose name was damaged, or a later
// version's.
type StrayBucket struct {
	// Name is the bucket's name in the file.
	Name string
	// Records and Buckets count its records and nested buckets.
	Records, Buckets int
	// Of is the known bucket it is taken for: its name is a byte or two
	// from Of's and most of its records read as Of's; "" when none.
	Of string
	// Restored is set when its records were copied into Of, which held
	// nothing, and the bucket moved unchanged into buckets-damaged. When
	// not, the bucket is left as it is, nothing reads it, and Why says why
	// it was not restored.
	Restored bool
	Why      string
}

// String is the sentence for the operator.
func (b StrayBucket) String() string {
	what := fmt.Sprintf("bucket %q (%s, %s)", b.Name, terms.Counted(b.Records, "record", "records"), terms.Counted(b.Buckets, "nested bucket", "nested buckets"))
	switch {
	case b.Restored:
		return fmt.Sprintf("%s held the %q bucket's records under a damaged name: they were restored to %q, and the bucket is kept unchanged in %q",
			what, b.Of, b.Of, strayBucket)
	case b.Of != "":
		return fmt.Sprintf("%s holds what reads as the %q bucket's records under a damaged name; they were not restored (%s) and are not used; the bucket is kept as it is",
			what, b.Of, b.Why)
	}
	return fmt.Sprintf("%s is not one this version writes (a damaged name, or a later version's bucket); nothing reads it; it is kept as it is", what)
}

// findStrays looks at each top-level bucket of tx whose name is not known,
// restores those it can (see the comment at the top of this file) and
// returns them all.
func findStrays(tx *bolt.Tx) ([]StrayBucket, error) {
	known := knownBuckets()
	var names [][]byte
	err := tx.ForEach(func(name []byte, b *bolt.Bucket) error {
		if b != nil && !slices.ContainsFunc(known, func(k knownBucket) bool { return bytes.Equal(k.name, name) }) {
			names = append(names, bytes.Clone(name))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var out []StrayBucket
	for _, name := range names {
		s, err := stray(tx, name, known)
		if err != nil {
			return nil, fmt.Errorf("bucket %q: %w", name, err)
		}
		out = append(out, s)
	}
	return out, nil
}

// stray examines and, when it can, restores the unknown bucket name.
func stray(tx *bolt.Tx, name []byte, known []knownBucket) (StrayBucket, error) {
	b := tx.Bucket(name)
	s := StrayBucket{Name: string(name)}
	var of *knownBucket
	for i, k := range known {
		if nearName(name, k.name) {
			of = &known[i]
		}
	}
	held := 0
	_ = b.ForEach(func(k, v []byte) error {
		switch {
		case v == nil:
			s.Buckets++
		case of != nil && of.holds(k, v):
			s.Records++
			held++
		default:
			s.Records++
		}
		return nil
	})
	if of == nil || held == 0 || 2*held <= s.Records {
		return s, nil
	}
	s.Of = string(of.name)
	if dst := tx.Bucket(of.name); dst != nil {
		if k, _ := dst.Cursor().First(); k != nil {
			s.Why = fmt.Sprintf("%q holds records of its own", of.name)
			return s, nil
		}
	}
	aside, err := tx.CreateBucketIfNotExists(strayBucket)
	if err != nil {
		return s, err
	}
	if taken(aside, string(name)) {
		s.Why = fmt.Sprintf("%q already holds a %q", strayBucket, name)
		return s, nil
	}
	dst, err := tx.CreateBucketIfNotExists(of.name)
	if err != nil {
		return s, err
	}
	err = b.ForEach(func(k, v []byte) error {
		if v == nil {
			return nil // left in the bucket, kept in buckets-damaged
		}
		return dst.Put(bytes.Clone(k), bytes.Clone(v))
	})
	if err != nil {
		return s, err
	}
	if err := dst.SetSequence(max(dst.Sequence(), b.Sequence())); err != nil {
		return s, err
	}
	if err := tx.MoveBucket(name, nil, aside); err != nil {
		return s, err
	}
	s.Restored = true
	return s, nil
}

// nearName reports whether name could be known's with one or two bytes
// damaged: as long, and differing in one or two bytes. No two known names
// of one length are within four bytes of each other, so a name is near one
// of them at most.
func nearName(name, known []byte) bool {
	if len(name) != len(known) {
		return false
	}
	n := 0
	for i := range name {
		if name[i] != known[i] {
			n++
		}
	}
	return n > 0 && n <= 2
}
