package commands

import (
	"crypto/rand"
	"encoding/base32"
	"sync"
	"time"
)

// Buttons keeps, for a while, the state of buttons whose state does not
// fit in a custom ID (at most 100 characters): a long search query, a long
// question. Such a button carries a short random key instead, and its state
// stays in memory for ButtonTTL; at most MaxButtons states are kept, the
// oldest dropped first. A button whose key is unknown (expired, dropped,
// from before a restart or from another replica) answers that it has
// expired. Buttons whose state fits keep it in their custom ID and work
// anywhere, for ever.
//
// Ask and Search share one Buttons: the pages of a "More sources" listing
// are turned by Search. A Buttons is safe for concurrent use.
type Buttons struct {
	now func() time.Time

	mu      sync.Mutex
	entries map[string]buttonEntry
	// order holds the keys in the order they were stored, which is also
	// the order they expire in, every entry living equally long.
	order []string
	// ttl and max are ButtonTTL and MaxButtons; tests change them.
	ttl time.Duration
	max int
}

// Defaults of Buttons.
const (
	// ButtonTTL is how long a stored button state lasts.
	ButtonTTL = 15 * time.Minute
	// MaxButtons is the most button states kept at once.
	MaxButtons = 4096
	// buttonKeyLen is the length of a key: 12 base-32 characters, 60
	// random bits.
	buttonKeyLen = 12
)

// buttonState is what a button with a key stands for.
type buttonState struct {
	Query     string
	From, To  time.Time
	AsOf      time.Time
	Shortened bool
}

type buttonEntry struct {
	state   buttonState
	expires time.Time
}

// keyEncoding spells keys in lower-case letters and digits.
var keyEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// NewButtons returns an empty Buttons that reads the time from now
// (time.Now when nil).
func NewButtons(now func() time.Time) *Buttons {
	if now == nil {
		now = time.Now
	}
	return &Buttons{now: now, entries: make(map[string]buttonEntry), ttl: ButtonTTL, max: MaxButtons}
}

// put stores st under a new key and returns the key, first dropping the
// expired states and, when full, the oldest.
func (b *Buttons) put(st buttonState) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	for len(b.order) > 0 {
		oldest := b.order[0]
		if e, ok := b.entries[oldest]; ok && now.Before(e.expires) && len(b.entries) < b.max {
			break
		}
		delete(b.entries, oldest)
		b.order[0] = ""
		b.order = b.order[1:]
	}
	key := newButtonKey()
	for _, taken := b.entries[key]; taken; _, taken = b.entries[key] {
		key = newButtonKey()
	}
	b.entries[key] = buttonEntry{state: st, expires: now.Add(b.ttl)}
	b.order = append(b.order, key)
	return key
}

// get returns the state stored under key, unless it has expired.
func (b *Buttons) get(key string) (buttonState, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	e, ok := b.entries[key]
	if !ok || !b.now().Before(e.expires) {
		return buttonState{}, false
	}
	return e.state, true
}

// len is the number of states held, expired ones not yet dropped included.
func (b *Buttons) len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.entries)
}

// newButtonKey returns a random key of buttonKeyLen characters.
func newButtonKey() string {
	var raw [8]byte
	_, _ = rand.Read(raw[:]) // crypto/rand.Read never fails (Go 1.24+)
	return keyEncoding.EncodeToString(raw[:])[:buttonKeyLen]
}
