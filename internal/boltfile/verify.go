package boltfile

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"maps"
	"os"
	"runtime/debug"
)

// The bbolt file format (version 2), as far as the verifier reads it. All
// integers are in the machine's byte order, as bbolt writes them.
const (
	pageHeaderSize = 16 // id u64, flags u16, count u16, overflow u32
	elemSize       = 16 // branch: pos u32, ksize u32, pgid u64; leaf: flags u32, pos u32, ksize u32, vsize u32
	bucketHdrSize  = 16 // root pgid u64, sequence u64
	metaSize       = 64 // magic, version, page size, flags, root bucket, freelist, pgid, txid, checksum

	flagBranch   = 0x01
	flagLeaf     = 0x02
	flagMeta     = 0x04
	flagFreelist = 0x10
	leafBucket   = 0x01

	magic      = 0xED0CDAED
	version    = 2
	noFreelist = ^uint64(0)

	// maxPageSize bounds the buffer read for one page.
	maxPageSize = 1 << 20
)

var order = binary.NativeEndian

// meta is the part of a meta page the verifier uses.
type meta struct {
	pageSize uint32
	root     uint64
	freelist uint64
	hwm      uint64 // pgid: the first page past the end of the data
	txid     uint64
}

// verifier walks a bbolt file the way bbolt's own consistency check does,
// but reads it with ReadAt and bounds checks instead of through the memory
// map, so damage comes back as an error rather than a panic.
type verifier struct {
	r        io.ReaderAt
	data     []byte // the file mapped read-only, when it could be; else r is read
	size     int64
	m        meta
	reached  map[uint64]bool
	freed    map[uint64]bool
	maxDepth int
	// top is set while the root's own tree is walked, where bbolt keeps
	// buckets only; lost collects the top-level values that walk as
	// buckets (LostFlags).
	top  bool
	lost LostFlags
}

// verifyFile checks the structure of the bbolt file at path: a valid meta
// page, a freelist whose pages exist, and a tree of buckets whose pages
// are where they claim to be, are referenced once, are not free, hold
// their elements inside themselves and keep their keys in order. Values
// are not read. A nil result means bbolt can open and walk the file
// without tripping over its structure.
func verifyFile(f *os.File) (err error) {
	info, err := f.Stat()
	if err != nil {
		return err
	}
	v := &verifier{r: f, size: info.Size(), reached: map[uint64]bool{}, freed: map[uint64]bool{}}
	// Reading through a read-only mapping saves a system call per page (a
	// 190 MB index store has some 40,000 pages to visit). The slices are
	// bounds-checked; a fault (the file shrank under us) is a read error.
	if data, unmap, err := mapFile(f, info.Size()); err == nil {
		defer unmap()
		v.data = data
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		defer func() {
			if r := recover(); r != nil {
				err = errIO{fmt.Errorf("reading the file failed: %v", r)}
			}
		}()
	}
	return v.run()
}

// read returns n bytes at offset off of the file.
func (v *verifier) read(off, n int64) ([]byte, error) {
	if off < 0 || n < 0 || off+n > v.size {
		return nil, fmt.Errorf("offset %d+%d is past the end of the file", off, n)
	}
	if v.data != nil {
		return v.data[off : off+n : off+n], nil
	}
	buf := make([]byte, n)
	if _, err := v.r.ReadAt(buf, off); err != nil {
		return nil, errIO{err}
	}
	return buf, nil
}

// errIO marks a read failure that says nothing about the file's state.
type errIO struct{ err error }

func (e errIO) Error() string { return e.err.Error() }
func (e errIO) Unwrap() error { return e.err }

func (v *verifier) run() error {
	if err := v.readMeta(); err != nil {
		return err
	}
	var freelistErr error
	if v.m.freelist != noFreelist {
		freelistErr = v.checkFreelist()
		if freelistErr != nil {
			// The tree is walked without it: a freelist that alone is
			// damaged is made again (FreelistDamage), not the file lost.
			v.reached, v.freed = map[uint64]bool{}, map[uint64]bool{}
		}
	}
	v.top = true
	// A page the tree reaches that a sound freelist says is free is damage
	// of either: the tree may point at a freed page's older copy (helper
	// 97), which no mend of the freelist makes right.
	if _, err := v.walk(v.m.root, nil, nil, 0); err != nil {
		return err
	}
	if len(v.lost.at) > 0 {
		return &v.lost
	}
	if freelistErr != nil {
		return &FreelistDamage{Reason: freelistErr.Error()}
	}
	return nil
}

// FreelistDamage is damage to a file's freelist (bbolt's list of free
// pages) alone, its tree of buckets whole: bbolt makes the list again by
// walking the tree when the meta pages name none, so Open mends it so
// (mend) instead of losing the file. errors.Is(err, ErrDamaged)
// is true.
type FreelistDamage struct {
	Path   string
	Reason string
}

func (e *FreelistDamage) Error() string {
	return fmt.Sprintf("the state file %s is damaged: %s", e.Path, e.Reason)
}

// Is makes errors.Is(err, ErrDamaged) true.
func (e *FreelistDamage) Is(target error) bool { return target == ErrDamaged }

// readMeta picks the meta page bbolt would use: the valid one with the
// higher transaction ID.
func (v *verifier) readMeta() error {
	if v.size < 2*1024 {
		return fmt.Errorf("the file is %d bytes, too small for a database", v.size)
	}
	m0, m1, _, err0, err1 := v.bothMetas()
	if errors.As(err1, new(errIO)) {
		return err1
	}
	var e errIO
	if errors.As(err0, &e) {
		return err0
	}
	switch {
	case err0 == nil && (err1 != nil || m0.txid >= m1.txid):
		v.m = m0
	case err1 == nil:
		v.m = m1
	default:
		return fmt.Errorf("both meta pages are invalid (%v; %v)", err0, err1)
	}
	m := v.m
	if m.pageSize < 512 || m.pageSize > maxPageSize {
		return fmt.Errorf("meta: page size %d is impossible", m.pageSize)
	}
	if m.hwm < 3 || m.hwm > uint64(v.size)/uint64(m.pageSize) {
		return fmt.Errorf("meta: the data ends at page %d, the file holds %d pages", m.hwm, v.size/int64(m.pageSize))
	}
	return nil
}

// bothMetas reads the first meta page and looks for the second where
// bbolt does: one page of the first's size on, or, when the first is not
// valid, at the usual page sizes; off1 is where the second was read. A
// read that fails stops the search, its error err1.
func (v *verifier) bothMetas() (m0, m1 meta, off1 int64, err0, err1 error) {
	m0, err0 = v.metaAt(0)
	var cands []int64
	if err0 == nil {
		cands = append(cands, int64(m0.pageSize))
	} else {
		cands = append(cands, int64(os.Getpagesize()), 4096, 16384, 65536)
	}
	err1 = errors.New("no second meta page")
	for _, off := range cands {
		if m1, err1 = v.metaAt(off); err1 == nil || errors.As(err1, new(errIO)) {
			return m0, m1, off, err0, err1
		}
	}
	return m0, m1, 0, err0, err1
}

// metaSum is the checksum of meta page b (without its page header): of
// the fields before it.
func metaSum(b []byte) uint64 {
	h := fnv.New64a()
	h.Write(b[:56])
	return h.Sum64()
}

func (v *verifier) metaAt(off int64) (meta, error) {
	var m meta
	if off+pageHeaderSize+metaSize > v.size {
		return m, fmt.Errorf("no meta page at offset %d", off)
	}
	buf, err := v.read(off, pageHeaderSize+metaSize)
	if err != nil {
		return m, err
	}
	if order.Uint16(buf[8:])&flagMeta == 0 {
		return m, fmt.Errorf("page at offset %d is not a meta page", off)
	}
	b := buf[pageHeaderSize:]
	if order.Uint32(b[0:]) != magic {
		return m, fmt.Errorf("meta at offset %d: bad magic", off)
	}
	if order.Uint32(b[4:]) != version {
		return m, fmt.Errorf("meta at offset %d: unknown version %d", off, order.Uint32(b[4:]))
	}
	if metaSum(b) != order.Uint64(b[56:]) {
		return m, fmt.Errorf("meta at offset %d: checksum mismatch", off)
	}
	m.pageSize = order.Uint32(b[8:])
	m.root = order.Uint64(b[16:])
	m.freelist = order.Uint64(b[32:])
	m.hwm = order.Uint64(b[40:])
	m.txid = order.Uint64(b[48:])
	return m, nil
}

// page is one page (with its overflow) as the verifier sees it: the first
// page is read, the rest on demand.
type page struct {
	v        *verifier
	id       uint64
	flags    uint16
	count    int
	size     int64  // bytes of the page and its overflow
	first    []byte // the first page
	overflow uint32
}

// readPage reads the header of page id and checks that it lies inside the
// data and names itself.
func (v *verifier) readPage(id uint64) (*page, error) {
	ps := uint64(v.m.pageSize)
	if id < 2 || id >= v.m.hwm {
		return nil, fmt.Errorf("page %d: out of bounds (the data ends at page %d)", id, v.m.hwm)
	}
	buf, err := v.read(int64(id*ps), int64(ps))
	if err != nil {
		return nil, err
	}
	p := &page{v: v, id: id, first: buf, flags: order.Uint16(buf[8:]), count: int(order.Uint16(buf[10:])),
		overflow: order.Uint32(buf[12:])}
	if got := order.Uint64(buf[0:]); got != id {
		return nil, fmt.Errorf("page %d: its header says page %d", id, got)
	}
	if id+uint64(p.overflow) >= v.m.hwm {
		return nil, fmt.Errorf("page %d: %d overflow pages run past the data (page %d)", id, p.overflow, v.m.hwm)
	}
	p.size = int64(uint64(p.overflow)+1) * int64(ps)
	return p, nil
}

// bytes returns n bytes at offset off of the page, reading past the first
// page when needed; off and n are checked against the page's size.
func (p *page) bytes(off, n int64) ([]byte, error) {
	if off < 0 || n < 0 || off+n > p.size {
		return nil, fmt.Errorf("page %d: an element points outside the page", p.id)
	}
	if off+n <= int64(len(p.first)) {
		return p.first[off : off+n], nil
	}
	return p.v.read(int64(p.id)*int64(p.v.m.pageSize)+off, n)
}

func (v *verifier) checkFreelist() error {
	p, err := v.readPage(v.m.freelist)
	if err != nil {
		return fmt.Errorf("freelist: %w", err)
	}
	if p.flags != flagFreelist {
		return fmt.Errorf("freelist: page %d has type %#x", p.id, p.flags)
	}
	off, n := int64(pageHeaderSize), int64(p.count)
	if p.count == 0xFFFF {
		b, err := p.bytes(off, 8)
		if err != nil {
			return fmt.Errorf("freelist: %w", err)
		}
		n, off = int64(order.Uint64(b)), off+8
	}
	if n > (p.size-off)/8 {
		return fmt.Errorf("freelist: %d entries do not fit its %d bytes", n, p.size)
	}
	ids, err := p.bytes(off, 8*n)
	if err != nil {
		return fmt.Errorf("freelist: %w", err)
	}
	for i := int64(0); i < n; i++ {
		id := order.Uint64(ids[8*i:])
		if id < 2 || id >= v.m.hwm {
			return fmt.Errorf("freelist: free page %d is out of bounds", id)
		}
		if v.freed[id] {
			return fmt.Errorf("freelist: page %d is freed twice", id)
		}
		v.freed[id] = true
	}
	return v.reach(p)
}

// reach marks the pages of p as in use, refusing a page used twice or one
// the freelist says is free.
func (v *verifier) reach(p *page) error {
	for i := uint64(0); i <= uint64(p.overflow); i++ {
		id := p.id + i
		if v.reached[id] {
			return fmt.Errorf("page %d: referenced more than once", id)
		}
		if v.freed[id] {
			return fmt.Errorf("page %d: in use and on the freelist", id)
		}
		v.reached[id] = true
	}
	return nil
}

// walk checks the subtree rooted at page id, whose keys must lie in
// [lo, hi) (nil: unbounded), and returns its largest key.
func (v *verifier) walk(id uint64, lo, hi []byte, depth int) ([]byte, error) {
	if depth > 64 {
		return nil, fmt.Errorf("page %d: the tree is impossibly deep", id)
	}
	p, err := v.readPage(id)
	if err != nil {
		return nil, err
	}
	if p.flags != flagBranch && p.flags != flagLeaf {
		return nil, fmt.Errorf("page %d: type %#x where a branch or leaf page belongs", id, p.flags)
	}
	if err := v.reach(p); err != nil {
		return nil, err
	}
	return v.elements(p, lo, hi, depth)
}

// elements checks the elements of a branch or leaf page (a real one or an
// inline bucket's) and recurses into children and nested buckets.
func (v *verifier) elements(p *page, lo, hi []byte, depth int) ([]byte, error) {
	if int64(pageHeaderSize)+int64(p.count)*elemSize > p.size {
		return nil, fmt.Errorf("page %d: %d elements do not fit in the page", p.id, p.count)
	}
	elems, err := p.bytes(pageHeaderSize, int64(p.count)*elemSize)
	if err != nil {
		return nil, err
	}
	prev := lo
	for i := 0; i < p.count; i++ {
		e := elems[i*elemSize:]
		at := int64(pageHeaderSize + i*elemSize)
		var key []byte
		if p.flags == flagBranch {
			key, err = p.bytes(at+int64(order.Uint32(e[0:])), int64(order.Uint32(e[4:])))
		} else {
			key, err = p.bytes(at+int64(order.Uint32(e[4:])), int64(order.Uint32(e[8:])))
		}
		if err != nil {
			return nil, err
		}
		if prev != nil && (bytes.Compare(prev, key) > 0 || (i > 0 && bytes.Equal(prev, key))) {
			return nil, fmt.Errorf("page %d: key %d is out of order", p.id, i)
		}
		if hi != nil && bytes.Compare(key, hi) >= 0 {
			return nil, fmt.Errorf("page %d: key %d is past its parent's range", p.id, i)
		}
		if p.flags == flagBranch {
			next := hi
			if i+1 < p.count {
				n := elems[(i+1)*elemSize:]
				if next, err = p.bytes(at+elemSize+int64(order.Uint32(n[0:])), int64(order.Uint32(n[4:]))); err != nil {
					return nil, err
				}
			}
			max, err := v.walk(order.Uint64(e[8:]), key, next, depth+1)
			if err != nil {
				return nil, err
			}
			prev = max
			if max == nil {
				prev = key
			}
			continue
		}
		prev = key
		if order.Uint32(e[0:])&leafBucket == 0 {
			off, n := at+int64(order.Uint32(e[4:]))+int64(len(key)), int64(order.Uint32(e[12:]))
			if _, err := p.bytes(off, n); err != nil {
				return nil, err
			}
			if v.top {
				if err := v.lostFlag(p, at, key, off, n, depth); err != nil {
					return nil, err
				}
			}
			continue
		}
		if err := v.bucket(p, at+int64(order.Uint32(e[4:]))+int64(len(key)), int64(order.Uint32(e[12:])), depth); err != nil {
			return nil, fmt.Errorf("bucket %q: %w", key, err)
		}
	}
	if p.count == 0 {
		return nil, nil
	}
	return prev, nil
}

// lostFlag checks a value at the top level of the file, where bbolt keeps
// only buckets (a transaction has no Put): it is a bucket whose flag bit
// was lost (the element at offset at of p, named key) when its n bytes at
// off walk as a bucket, and is recorded to be mended; else it is damage.
func (v *verifier) lostFlag(p *page, at int64, key []byte, off, n int64, depth int) error {
	reached := maps.Clone(v.reached)
	if err := v.bucket(p, off, n, depth); err != nil {
		v.reached = reached
		return fmt.Errorf("page %d: a value %q where only buckets belong (%v)", p.id, key, err)
	}
	v.lost.at = append(v.lost.at, int64(p.id)*int64(v.m.pageSize)+at)
	v.lost.Buckets = append(v.lost.Buckets, string(key))
	return nil
}

// LostFlags reports top-level buckets whose leaf element lost its bucket
// flag (one flipped bit): bbolt reads each as a plain value, so the bucket
// and everything in it vanish from view, and creating it again fails. The
// bytes are all there; setting the bit again restores them (Open does).
type LostFlags struct {
	Path    string
	Buckets []string // their names
	at      []int64  // file offsets of their elements' flags
}

func (e *LostFlags) Error() string {
	return fmt.Sprintf("the state file %s is damaged: the top-level buckets %q read as plain values (their bucket flag was lost); an open that may write the file (bot serve, bot index) mends it", e.Path, e.Buckets)
}

// Is makes errors.Is(err, ErrDamaged) true.
func (e *LostFlags) Is(target error) bool { return target == ErrDamaged }

// bucket checks the nested bucket whose header is n bytes at off in p.
func (v *verifier) bucket(p *page, off, n int64, depth int) error {
	top := v.top
	v.top = false
	defer func() { v.top = top }()
	if n < bucketHdrSize {
		return fmt.Errorf("page %d: a bucket header of %d bytes", p.id, n)
	}
	val, err := p.bytes(off, n)
	if err != nil {
		return err
	}
	root := order.Uint64(val)
	if root != 0 {
		_, err := v.walk(root, nil, nil, depth+1)
		return err
	}
	// An inline bucket: its one leaf page follows the header.
	in := val[bucketHdrSize:]
	if len(in) < pageHeaderSize {
		return fmt.Errorf("page %d: an inline bucket of %d bytes", p.id, len(in))
	}
	ip := &page{v: v, id: p.id, first: in, size: int64(len(in)), flags: order.Uint16(in[8:]),
		count: int(order.Uint16(in[10:]))}
	if ip.flags != flagLeaf {
		return fmt.Errorf("page %d: an inline bucket of type %#x", p.id, ip.flags)
	}
	_, err = v.elements(ip, nil, nil, depth+1)
	return err
}
