// Package boltfile opens bbolt files so that a damaged one is reported and
// set aside instead of crashing the process.
//
// bbolt trusts its file: a page overwritten with garbage makes it panic on
// the first read of that page, and when a file is opened for writing
// without a stored freelist (NoFreelistSync) bbolt walks every page in a
// goroutine of its own, where no recover of the caller can catch the
// panic. So Open first walks the file itself (verify.go), through a
// read-only map with bounds-checked slices, under a shared lock, and only
// then lets bbolt open it; bbolt's open and the Init transaction run under
// recover as well. The walk checks what bbolt's own check does (pages where
// they claim to be, referenced once, not free, elements inside their page,
// keys in order) and reads every branch and leaf page but no values: a
// millisecond for a small state file, about 0.1 s of CPU for a 190 MB index
// store (bbolt's own walk at a writable open costs about as much).
//
// One kind of damage is mended in place instead: a top-level bucket whose
// element lost its bucket flag (one flipped bit) reads as a plain value,
// so the bucket and all it holds vanish and making it again fails. bbolt
// keeps only buckets at the top level, so the walk knows such a value for
// what it is when its bytes walk as a bucket; Open copies the file as it
// was to <path>.damaged-YYYYMMDDTHHMMSS and sets the bit again
// (LostFlags, DB.Mended).
//
// A damaged file is renamed to <path>.damaged-YYYYMMDDTHHMMSS and a fresh
// one created in its place; DB.Damaged says so, for the caller to tell the
// user what was lost. With KeepDamaged (or a read-only open) the file is
// left alone and Open returns an error matching ErrDamaged instead. A file
// that is clearly no bbolt file at all (NotBolt: a text file, the config
// file, another program's data) is never moved: the path names a file that
// was never a state file, so Open refuses it with an error matching
// ErrNotBolt and leaves it as it is, unless KeepDamaged leaves the choice
// to the caller (the index, which owns its folder, moves such a store.db
// aside itself).
//
// An empty (0-byte) file is set up as a new store where it is, as bbolt
// does, but no longer silently: DB.WasEmpty says so, for the caller to
// report (a warning). It may be a store cut short (a crash, a full disk),
// whose contents are then gone; it may as well be what bbolt leaves when a
// process stops between making the file and writing its first pages, or a
// file made with touch, which lose nothing. It is not moved aside as a
// damaged file is: it holds no bytes to keep.
//
// Damage that the walk cannot see (a value's bytes) or that appears later
// surfaces in View and Update: they turn a panic inside the transaction
// into an error matching ErrDamaged, and let the goroutine take a fault on
// the memory map as a panic, so the process keeps running.
package boltfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
)

// ErrDamaged matches (errors.Is) every error that reports a damaged file.
var ErrDamaged = errors.New("the state file is damaged")

// DamagedError says which file is damaged and what was found.
type DamagedError struct {
	Path   string
	Reason string
}

func (e *DamagedError) Error() string {
	return fmt.Sprintf("the state file %s is damaged: %s", e.Path, e.Reason)
}

// Is makes errors.Is(err, ErrDamaged) true.
func (e *DamagedError) Is(target error) bool { return target == ErrDamaged }

// Damage describes a damaged file that Open moved aside.
type Damage struct {
	// Path is the state file; a fresh, empty one is there now.
	Path string
	// MovedTo is where the damaged file was moved.
	MovedTo string
	// Cause says what was found.
	Cause error
}

// String is the sentence for the user.
func (d *Damage) String() string {
	return fmt.Sprintf("the state file %s is damaged (%v); moved aside to %s; starting fresh", d.Path, reason(d.Cause), d.MovedTo)
}

func reason(err error) string {
	var de *DamagedError
	if errors.As(err, &de) {
		return de.Reason
	}
	var fd *FreelistDamage
	if errors.As(err, &fd) {
		return fd.Reason
	}
	return err.Error()
}

// Options tune Open.
type Options struct {
	// Bolt is passed to bolt.Open (nil: bbolt's defaults). Its Timeout
	// also bounds the wait for the lock before the walk.
	Bolt *bolt.Options
	// Init runs in an Update transaction after opening, e.g. to create
	// buckets; a panic in it counts as damage.
	Init func(tx *bolt.Tx) error
	// KeepDamaged leaves a damaged file where it is and makes Open return
	// an error matching ErrDamaged, for a file that is no bbolt file at
	// all too (which Open otherwise refuses with ErrNotBolt): the caller
	// decides. A read-only open leaves every file where it is too. A lost
	// bucket flag (LostFlags) is still mended in place, a copy of the file
	// kept, unless the open is read-only.
	KeepDamaged bool
	// Now names the moved-aside file (default time.Now).
	Now func() time.Time
}

// DB is an open bbolt file whose transactions turn panics into errors.
type DB struct {
	db     *bolt.DB
	path   string
	damage *Damage
	mended *Mended
	empty  *Empty
}

// Empty describes a file that was empty (0 bytes) when Open found it, and
// that Open set up as a new store where it was (see the package comment).
type Empty struct {
	// Path is the state file, a new store now.
	Path string
}

// String is the sentence for the user.
func (e *Empty) String() string {
	return fmt.Sprintf("the state file %s was empty (0 bytes) and is started as a new store: "+
		"if it held anything (a store cut short by a crash or a full disk), that is lost; a file made empty on purpose loses nothing", e.Path)
}

// WasEmpty returns what Open found when the file was empty (0 bytes) and
// set up as a new store, or nil.
func (db *DB) WasEmpty() *Empty { return db.empty }

// Mended describes a file that Open found damaged and mended in place:
// top-level buckets that had lost their bucket flag (LostFlags), their
// flag set again; the file as it was is kept too.
type Mended struct {
	// Path is the state file, mended.
	Path string
	// Buckets are the buckets restored.
	Buckets []string
	// Freelist, when set, says what was wrong with the file's list of
	// free pages, which is made again (FreelistDamage).
	Freelist string
	// CopyAt is a copy of the file as it was before.
	CopyAt string
}

// String is the sentence for the user.
func (m *Mended) String() string {
	if m.Freelist != "" {
		return fmt.Sprintf("the state file %s was damaged (%s): its list of free pages is made again from its tree of records, which is whole, and nothing was lost (the file as it was is kept at %s)", m.Path, m.Freelist, m.CopyAt)
	}
	return fmt.Sprintf("the state file %s was damaged: the buckets %q had lost their bucket flag and read as empty; their flag is set again, and they hold what their pages hold (the file as it was is kept at %s)", m.Path, m.Buckets, m.CopyAt)
}

// Mended returns what Open mended in place, or nil.
func (db *DB) Mended() *Mended { return db.mended }

// mend mends in place the damage a walk of the file at path finds that
// can be mended without loss (mendable: lost bucket flags, set again; a
// damaged freelist, made again by bbolt), under an exclusive lock, after
// copying the file as it was to path.damaged-<time>. The walk is made
// again here, as another process may have written the file since. It
// returns nil, nil when that walk finds the file sound (another process
// mended it meanwhile), an error matching ErrDamaged when it finds other
// damage, and any other error (the lock, the copy, a write) as it is: the
// file is then as it was, its bytes all there, and nothing is to be moved
// aside for it.
func mend(path string, opts Options, now time.Time) (*Mended, error) {
	f, err := openRegular(path, os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var timeout time.Duration
	if opts.Bolt != nil {
		timeout = opts.Bolt.Timeout
	}
	if err := lockExclusive(f, timeout); err != nil {
		return nil, fmt.Errorf("lock it: %w", err)
	}
	defer unlock(f)
	var lost *LostFlags
	var fd *FreelistDamage
	switch err := verifyFile(f); {
	case err == nil:
		return nil, nil
	case errors.As(err, &lost), errors.As(err, &fd):
	case errors.As(err, new(errIO)):
		return nil, fmt.Errorf("check it again: %w", err)
	default:
		return nil, &DamagedError{Path: path, Reason: err.Error()}
	}
	copyAt, err := copyAside(f, path, now)
	if err != nil {
		return nil, fmt.Errorf("keep a copy: %w", err)
	}
	if lost != nil {
		if err := setFlags(f, lost.at); err != nil {
			return nil, fmt.Errorf("set the flags (the file as it was is kept at %s): %w", copyAt, err)
		}
		return &Mended{Path: path, Buckets: lost.Buckets, CopyAt: copyAt}, nil
	}
	// bbolt, opening a file whose meta pages name no freelist, finds the
	// free pages by walking its tree, which the walk found whole.
	if err := dropFreelist(f); err != nil {
		return nil, fmt.Errorf("drop its freelist (the file as it was is kept at %s): %w", copyAt, err)
	}
	return &Mended{Path: path, Freelist: fd.Reason, CopyAt: copyAt}, nil
}

// mendable reports whether err is damage mend mends in place.
func mendable(err error) bool {
	var lost *LostFlags
	var fd *FreelistDamage
	return errors.As(err, &lost) || errors.As(err, &fd)
}

// dropFreelist writes the valid meta pages of f to name no freelist, with
// their checksums made again, and syncs f. The second meta page is the one
// the verifier reads: a first one that is not valid gives no page size
// (helper 97: its size field, zeroed, left the second page unwritten, and
// the file was lost at the next open).
func dropFreelist(f *os.File) error {
	info, err := f.Stat()
	if err != nil {
		return err
	}
	v := &verifier{r: f, size: info.Size()}
	_, _, off1, err0, err1 := v.bothMetas()
	var offsets []int64
	if err0 == nil {
		offsets = append(offsets, 0)
	}
	if err1 == nil {
		offsets = append(offsets, off1)
	}
	if len(offsets) == 0 {
		return errors.New("no valid meta page")
	}
	for _, off := range offsets {
		buf, err := v.read(off, pageHeaderSize+metaSize)
		if err != nil {
			return err
		}
		b := buf[pageHeaderSize:]
		order.PutUint64(b[32:], noFreelist)
		order.PutUint64(b[56:], metaSum(b))
		if _, err := f.WriteAt(buf, off); err != nil {
			return err
		}
	}
	return f.Sync()
}

// setFlags sets the bucket flag of the leaf elements whose flags are at
// the file offsets at, and syncs the file.
func setFlags(f *os.File, at []int64) error {
	for _, off := range at {
		var b [4]byte
		if _, err := f.ReadAt(b[:], off); err != nil {
			return err
		}
		order.PutUint32(b[:], order.Uint32(b[:])|leafBucket)
		if _, err := f.WriteAt(b[:], off); err != nil {
			return err
		}
	}
	return f.Sync()
}

// copyAside copies f, the file at path, to a new file named as MoveAside
// names it. The copy is written and synced under that name plus
// ".partial" and renamed once whole, so that a process killed while
// copying leaves no truncated file under a copy's name; such a leftover
// (the caller holds the exclusive lock, so no other process is copying) is
// removed first.
func copyAside(f *os.File, path string, now time.Time) (string, error) {
	dir, base := filepath.Split(path)
	if entries, err := os.ReadDir(filepath.Clean(dir)); err == nil {
		for _, e := range entries {
			if n := e.Name(); strings.HasPrefix(n, base+".damaged-") && strings.HasSuffix(n, partialSuffix) {
				_ = os.Remove(filepath.Join(dir, n))
			}
		}
	}
	to := asideName(path, now)
	tmp := to + partialSuffix
	out, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", err
	}
	_, err = io.Copy(out, io.NewSectionReader(f, 0, 1<<62))
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, to)
	}
	if err != nil {
		os.Remove(tmp)
		return "", err
	}
	// The rename is made durable too, so that after a power cut the copy
	// is there under its name before the file is mended. Best effort: not
	// every file system syncs a directory, and the copy's bytes are synced.
	if d, err := os.Open(filepath.Clean(dir)); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return to, nil
}

// partialSuffix marks a copy still being written (copyAside).
const partialSuffix = ".partial"

// Open opens (creating if needed) the bbolt file at path after checking
// its structure; see the package comment for what happens to a damaged
// file. Errors other than damage (the file is locked by another process,
// permissions) are returned as bbolt reports them, and so is a mend that
// could not be done (the file in use, no room for the copy): the file is
// then left as it was, for a later open to mend.
func Open(path string, mode fs.FileMode, opts Options) (*DB, error) {
	db, err := open(path, mode, opts)
	if err == nil || !errors.Is(err, ErrDamaged) {
		return db, err
	}
	readOnly := opts.Bolt != nil && opts.Bolt.ReadOnly
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	// Mended in place, a copy kept: nothing is lost, so this is done with
	// KeepDamaged too. A file may need both mends (a lost flag, then its
	// freelist), each found by the open after the other.
	for range 2 {
		if readOnly || !mendable(err) {
			break
		}
		mended, merr := mend(path, opts, now())
		switch {
		case merr == nil:
			if db, err = open(path, mode, opts); err == nil {
				db.mended = mended
				return db, nil
			}
		case errors.Is(merr, ErrDamaged):
			err = merr
		default:
			// In use, or no room for the copy: the bytes are all there,
			// so the file is left as it is for the next open to mend.
			return nil, fmt.Errorf("%v; mending it failed, and the file is left as it is: %w", err, merr)
		}
		if !errors.Is(err, ErrDamaged) {
			return nil, err
		}
	}
	if opts.KeepDamaged {
		return nil, err
	}
	// Not ours to move: a file that is no bbolt file at all was never a
	// state file (the path names the user's file).
	if nb := NotBolt(path); nb != nil {
		return nil, nb
	}
	if readOnly {
		return nil, err
	}
	aside, merr := MoveAside(path, now())
	if merr != nil {
		return nil, fmt.Errorf("%w (moving it aside failed: %v)", err, merr)
	}
	db, ferr := open(path, mode, opts)
	if ferr != nil {
		return nil, fmt.Errorf("%w; moved aside to %s, but a fresh file could not be made: %w", err, aside, ferr)
	}
	db.damage = &Damage{Path: path, MovedTo: aside, Cause: err}
	return db, nil
}

func open(path string, mode fs.FileMode, opts Options) (*DB, error) {
	bopts := opts.Bolt
	if bopts == nil {
		bopts = &bolt.Options{}
	}
	if err := verifyPath(path, bopts); err != nil {
		return nil, err
	}
	// bbolt sets up an empty file as a new store (a read-only open cannot).
	// Another process could set it up between this look and bbolt's lock;
	// it would then be reported by both, which is the lesser harm.
	wasEmpty := false
	if info, err := os.Stat(path); err == nil && info.Mode().IsRegular() && info.Size() == 0 && !bopts.ReadOnly {
		wasEmpty = true
	}
	// bbolt opens the path again: a FIFO swapped in since the walk is
	// refused there too.
	withCheck := *bopts
	if withCheck.OpenFile == nil {
		withCheck.OpenFile = openRegular
	}
	var bdb *bolt.DB
	err := Guard(path, func() error {
		var err error
		bdb, err = bolt.Open(path, mode, &withCheck)
		return err
	})
	if err != nil {
		if isDamage(err) {
			return nil, &DamagedError{Path: path, Reason: err.Error()}
		}
		return nil, err
	}
	db := &DB{db: bdb, path: path}
	if wasEmpty {
		db.empty = &Empty{Path: path}
	}
	if opts.Init != nil {
		if err := db.Update(opts.Init); err != nil {
			bdb.Close()
			return nil, err
		}
	}
	return db, nil
}

// openRegular opens path as os.OpenFile does, but refuses a path that is,
// or links to, something other than a regular file: a read-only open(2) of
// a FIFO blocks until a writer comes, and bbolt's errors for a directory or
// a device do not say what is wrong. Such a path is not damage: it is left
// as it is. A path that does not exist, or that cannot be looked at, is for
// the open to report.
//
// A stat first refuses what is already not a file without opening it (a
// device); the open is then non-blocking where the system has it, and the
// opened file is checked itself (fstat), so that a FIFO swapped in between
// the stat and the open is refused instead of blocking. The file is put
// back in blocking mode once it is known to be regular.
func openRegular(path string, flag int, perm fs.FileMode) (*os.File, error) {
	if info, err := os.Stat(path); err == nil && !info.Mode().IsRegular() {
		return nil, notRegular(path, info.Mode())
	}
	f, err := os.OpenFile(path, flag|nonblock, perm)
	if err != nil {
		return nil, err
	}
	info, err := f.Stat()
	switch {
	case err != nil:
	case !info.Mode().IsRegular():
		err = notRegular(path, info.Mode())
	default:
		err = setBlocking(f)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// NotRegularError says that the state file at Path is not a regular file.
type NotRegularError struct {
	Path string
	// What it is: "a directory", "a named pipe (FIFO)", "a socket", "a
	// device", ...
	What string
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("the state file %s is not a regular file but %s; give the path of a file (it is created if missing)", e.Path, e.What)
}

// notRegular is the error for a state file at path that is not a regular
// file but of mode.
func notRegular(path string, mode fs.FileMode) error {
	what := "a " + mode.Type().String()
	switch t := mode.Type(); {
	case t&fs.ModeDir != 0:
		what = "a directory"
	case t&fs.ModeNamedPipe != 0:
		what = "a named pipe (FIFO)"
	case t&fs.ModeSocket != 0:
		what = "a socket"
	case t&fs.ModeDevice != 0:
		what = "a device"
	}
	return &NotRegularError{Path: path, What: what}
}

// verifyPath walks the file at path, when it has content, under a shared
// lock.
func verifyPath(path string, bopts *bolt.Options) error {
	flag := os.O_RDWR
	if bopts.ReadOnly {
		flag = os.O_RDONLY
	}
	f, err := openRegular(path, flag, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // bolt.Open creates it (or says why not)
	}
	if err != nil {
		return err
	}
	defer f.Close()
	if info, err := f.Stat(); err != nil || info.Size() == 0 {
		return err // an empty file is initialised by bolt.Open
	}
	if err := lockShared(f, bopts.Timeout); err != nil {
		return err
	}
	defer unlock(f)
	if err := verifyFile(f); err != nil {
		var e errIO
		if errors.As(err, &e) {
			return fmt.Errorf("check %s: %w", path, err)
		}
		var lost *LostFlags
		if errors.As(err, &lost) {
			lost.Path = path
			return lost
		}
		var fd *FreelistDamage
		if errors.As(err, &fd) {
			fd.Path = path
			return fd
		}
		return &DamagedError{Path: path, Reason: err.Error()}
	}
	return nil
}

// Check walks the bbolt file at path (its meta pages, every page a
// bucket reaches and its freelist) under a shared lock, without opening
// it: for a file another library opens itself (Bleve's root.bolt), whose
// damage would otherwise panic or fault in that library's goroutines,
// beyond Guard's reach. The error is a *DamagedError (errors.Is
// ErrDamaged) for damage, another error when the file cannot be read; a
// missing or empty file is no error.
func Check(path string, timeout time.Duration) error {
	return verifyPath(path, &bolt.Options{ReadOnly: true, Timeout: timeout})
}

// isDamage reports the errors bolt.Open returns for a file it cannot read
// as a database.
func isDamage(err error) bool {
	return errors.Is(err, bolt.ErrInvalid) || errors.Is(err, bolt.ErrChecksum) ||
		errors.Is(err, bolt.ErrVersionMismatch) || strings.Contains(err.Error(), "file size too small")
}

// MoveAside renames path to path.damaged-<UTC time>, adding -2, -3 ...
// when that name is taken.
func MoveAside(path string, now time.Time) (string, error) {
	to := asideName(path, now)
	if err := os.Rename(path, to); err != nil {
		return "", err
	}
	return to, nil
}

// asideName is path.damaged-<UTC time>, with -2, -3 ... when that name is
// taken.
func asideName(path string, now time.Time) string {
	base := path + ".damaged-" + now.UTC().Format("20060102T150405")
	to := base
	for i := 2; ; i++ {
		if _, err := os.Lstat(to); errors.Is(err, fs.ErrNotExist) {
			return to
		}
		to = fmt.Sprintf("%s-%d", base, i)
	}
}

// Damaged returns what Open found and set aside, or nil when the file
// was sound.
func (db *DB) Damaged() *Damage { return db.damage }

// Path returns the file's path.
func (db *DB) Path() string { return db.path }

// Bolt returns the bbolt handle, for calls that View and Update do not
// cover; panics in them are not caught.
func (db *DB) Bolt() *bolt.DB { return db.db }

// Close closes the file.
func (db *DB) Close() error { return db.db.Close() }

// View runs fn in a read-only transaction (bolt.DB.View); a panic inside
// it is returned as an error matching ErrDamaged.
func (db *DB) View(fn func(*bolt.Tx) error) error {
	return Guard(db.path, func() error { return db.db.View(fn) })
}

// Update runs fn in a read-write transaction (bolt.DB.Update); a panic
// inside it is returned as an error matching ErrDamaged, and the
// transaction is rolled back.
func (db *DB) Update(fn func(*bolt.Tx) error) error {
	return Guard(db.path, func() error { return db.db.Update(fn) })
}

// Guard runs fn, turning a panic, or a fault on memory-mapped data, into a
// DamagedError for path. It is for code that reads a bbolt file through
// another library (Bleve's root.bolt, say); panics in goroutines that fn
// starts are not caught.
func Guard(path string, fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = &DamagedError{Path: path, Reason: fmt.Sprintf("reading it failed: %v", r)}
		}
	}()
	return fn()
}
