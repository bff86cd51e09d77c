package feedback

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chronicle-bot/chronicle/internal/boltfile"
	bolt "go.etcd.io/bbolt"
)

// errClosed is returned after Close.
var errClosed = errors.New("feedback store closed")

// errChanged: the file is not as the store's last operation left it.
var errChanged = errors.New("the file changed since the last operation")

// file is the store's bbolt file, open for one operation. Its
// transactions turn a panic (a page damaged since the file was checked)
// into an error matching boltfile.ErrDamaged.
type file struct {
	db   *bolt.DB
	path string
}

// View runs fn in a read-only transaction.
func (f file) View(fn func(*bolt.Tx) error) error {
	return boltfile.Guard(f.path, func() error { return f.db.View(fn) })
}

// Update runs fn in a read-write transaction.
func (f file) Update(fn func(*bolt.Tx) error) error {
	return boltfile.Guard(f.path, func() error { return f.db.Update(fn) })
}

// with waits for the store's turn (or the end of ctx), opens the file,
// runs fn and closes it.
func (st *Store) with(ctx context.Context, fn func(f file) error) error {
	select {
	case st.turn <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("feedback store %q: waiting for the operation in progress: %w", st.path, ctx.Err())
	}
	defer func() { <-st.turn }()
	if st.closed {
		return errClosed
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	db, err := st.open(ctx)
	if err != nil {
		return err
	}
	st.next, st.step = nil, nil
	err = fn(file{db: db, path: st.path})
	if cerr := db.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("close feedback store %q: %w", st.path, cerr)
	}
	if st.next != nil && err == nil { // its write is committed
		st.mark = st.next
		if st.step != nil && st.opts.OnClockStep != nil {
			st.opts.OnClockStep(*st.step)
		}
	}
	st.next, st.step = nil, nil
	st.known = nil
	if !errors.Is(err, boltfile.ErrDamaged) {
		if fi, serr := os.Stat(st.path); serr == nil {
			st.known = fi
		}
	}
	return err
}

func (st *Store) update(ctx context.Context, fn func(*bolt.Tx) error) error {
	return st.with(ctx, func(f file) error { return f.Update(fn) })
}

func (st *Store) view(ctx context.Context, fn func(*bolt.Tx) error) error {
	return st.with(ctx, func(f file) error { return f.View(fn) })
}

// open opens the file for one operation. When it is as the last operation
// left it (the same file, size and modification time, before bbolt opens
// it and again once bbolt holds its lock), bbolt opens it straight away;
// otherwise, at the first operation and after another process wrote it,
// openChecked has boltfile walk it first. The walk reads every page, so
// making it at every operation made each /ask cost more the more answers
// were stored (144-215 ms at 150,000).
func (st *Store) open(ctx context.Context) (*bolt.DB, error) {
	timeout, cut := st.timeout(ctx)
	if st.known != nil {
		db, err := st.openKnown(timeout)
		if err == nil {
			return db, nil
		}
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, st.inUse(ctx, cut)
		}
		st.known = nil // changed, or bbolt cannot open it: the check says what it is
	}
	return st.openChecked(ctx, timeout, cut)
}

// timeout is the wait for another process's lock: Options.Timeout, or
// less when ctx ends sooner (cut).
func (st *Store) timeout(ctx context.Context) (d time.Duration, cut bool) {
	d = st.opts.Timeout
	if end, ok := ctx.Deadline(); ok {
		if left := time.Until(end); left < d {
			return max(left, time.Millisecond), true // bbolt waits for ever on 0
		}
	}
	return d, false
}

// inUse is the error of a wait for another process's lock that timed out.
func (st *Store) inUse(ctx context.Context, cut bool) error {
	if cut {
		err := ctx.Err()
		if err == nil {
			err = context.DeadlineExceeded
		}
		return fmt.Errorf("open feedback store %q: waiting for another process that holds it: %w", st.path, err)
	}
	return fmt.Errorf("open feedback store %q: it is in use by another process", st.path)
}

// openKnown opens the file with bbolt, without boltfile's walk, when it is
// as st.known says; errChanged when it is not.
func (st *Store) openKnown(timeout time.Duration) (*bolt.DB, error) {
	if fi, err := os.Stat(st.path); err != nil || !unchanged(fi, st.known) {
		return nil, errChanged
	}
	opts := &bolt.Options{Timeout: timeout, ReadOnly: st.opts.ReadOnly, OpenFile: func(name string, flag int, perm fs.FileMode) (*os.File, error) {
		f, err := os.OpenFile(name, flag, perm)
		if err != nil {
			return nil, err
		}
		if fi, err := f.Stat(); err != nil || !unchanged(fi, st.known) {
			f.Close()
			return nil, errChanged
		}
		return f, nil
	}}
	var db *bolt.DB
	err := boltfile.Guard(st.path, func() error {
		var err error
		db, err = bolt.Open(st.path, 0o600, opts)
		return err
	})
	if err != nil {
		return nil, err
	}
	// Written by another process between the look above and the lock?
	if fi, err := os.Stat(st.path); err != nil || !unchanged(fi, st.known) {
		db.Close()
		return nil, errChanged
	}
	return db, nil
}

// unchanged reports whether now is the file was: the same file, of the
// same size, written last at the same time.
func unchanged(now, was fs.FileInfo) bool {
	return os.SameFile(now, was) && now.Size() == was.Size() && now.ModTime().Equal(was.ModTime())
}

// openChecked opens the file through boltfile, which walks it first (a
// damaged one is moved aside or mended), and refuses a file that is not a
// feedback store.
func (st *Store) openChecked(ctx context.Context, timeout time.Duration, cut bool) (*bolt.DB, error) {
	if st.opts.ReadOnly {
		// bbolt would write its first pages into the file opened for
		// reading: "write ...: bad file descriptor".
		if fi, err := os.Stat(st.path); err == nil && fi.Mode().IsRegular() && fi.Size() == 0 {
			return nil, fmt.Errorf("open feedback store %q: %w", st.path, ErrEmptyFile)
		}
	}
	// A damaged file is moved aside (left, read-only); one that is no
	// bbolt file at all is refused and left as it is (ErrNotBolt).
	bopts := &bolt.Options{Timeout: timeout, ReadOnly: st.opts.ReadOnly}
	db, err := boltfile.Open(st.path, 0o600, boltfile.Options{Bolt: bopts})
	if err != nil {
		if errors.Is(err, bolt.ErrTimeout) {
			return nil, st.inUse(ctx, cut)
		}
		if errors.Is(err, boltfile.ErrNotBolt) {
			return nil, fmt.Errorf("open feedback store %q: %w: give feedback.path a file of its own (bot serve makes a missing one)", st.path, err)
		}
		if errors.Is(err, boltfile.ErrDamaged) && st.opts.ReadOnly {
			// What comes next was not said (helper 83).
			return nil, fmt.Errorf("open feedback store %q: %w; bot serve moves a damaged file aside (beside it, as %s.damaged-<time>) "+
				"and starts a new one with no votes, so copy it first to keep it", st.path, err, filepath.Base(st.path))
		}
		return nil, fmt.Errorf("open feedback store %q: %w", st.path, err)
	}
	if d := db.Damaged(); d != nil && st.opts.OnDamage != nil {
		st.opts.OnDamage(d)
	}
	if e := db.WasEmpty(); e != nil && st.opts.OnEmpty != nil {
		st.opts.OnEmpty(e)
	}
	if m := db.Mended(); m != nil && st.opts.OnMend != nil {
		st.opts.OnMend(m)
	}
	if err := db.View(foreign); err != nil {
		db.Close()
		return nil, fmt.Errorf("open feedback store %q: %w", st.path, err)
	}
	return db.Bolt(), nil
}

// foreign fails with ErrForeignFile when tx's file holds buckets and
// neither an answers nor a votes bucket: a store holds answers before any
// vote, and one never written to holds no bucket at all. bbolt keeps only
// buckets at the top level; "meta" alone is not enough, as other files of
// the bot (the index's store.db) have one too.
func foreign(tx *bolt.Tx) error {
	if tx.Bucket(answersBucket) != nil || tx.Bucket(votesBucket) != nil {
		return nil
	}
	var names []string
	_ = tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
		names = append(names, fmt.Sprintf("%q", name))
		return nil
	})
	if len(names) == 0 {
		return nil
	}
	if len(names) > 5 {
		names = append(names[:5], "...")
	}
	return fmt.Errorf("%w: it holds the buckets %s and neither %q nor %q "+
		"(another program's bbolt file, or another of the bot's state files?); it is left as it is: give feedback.path a file of its own",
		ErrForeignFile, strings.Join(names, ", "), answersBucket, votesBucket)
}
