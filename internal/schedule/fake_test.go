package schedule

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chronicle-bot/chronicle/internal/digest"
)

// clock is a settable fake clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

// fakeBuilder returns a one-point digest (or an empty one, or err) and
// records the options it was asked for; as digest.Builder does, it checks
// topics (TopicChecker), answering topicErr and recording them.
type fakeBuilder struct {
	mu       sync.Mutex
	empty    bool
	err      error
	topicErr error
	calls    []digest.Options
	topics   []string
}

func (b *fakeBuilder) Build(ctx context.Context, opts digest.Options) (digest.Digest, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.calls = append(b.calls, opts)
	if b.err != nil {
		return digest.Digest{}, b.err
	}
	d := digest.Digest{Topic: opts.Topic, From: opts.From, To: opts.To}
	if !b.empty {
		d.Points = []digest.Point{{Articles: 1}}
	}
	return d, nil
}

func (b *fakeBuilder) CheckTopic(ctx context.Context, topic string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.topics = append(b.topics, topic)
	return b.topicErr
}

// post is one message the fake poster received.
type post struct {
	Channel string
	At      time.Time // fake-clock time of the post
	From    time.Time // the digest window's start
	To      time.Time // the digest window's end
	Heading string    // the digest's heading
}

// fakePoster records posts; fail, when set, decides the error of a call
// (before recording it unless after is set: the post then goes out and the
// error follows, like a crash or timeout after sending).
type fakePoster struct {
	mu    sync.Mutex
	clock *clock
	posts []post
	calls int
	fail  func(call int) error
	after func(call int)
}

func (p *fakePoster) PostDigest(ctx context.Context, channelID string, d digest.Digest) error {
	p.mu.Lock()
	p.calls++
	call := p.calls
	p.mu.Unlock()
	if p.fail != nil {
		if err := p.fail(call); err != nil {
			return err
		}
	}
	p.mu.Lock()
	p.posts = append(p.posts, post{Channel: channelID, At: p.clock.Now(), From: d.From, To: d.To, Heading: d.Heading()})
	p.mu.Unlock()
	if p.after != nil {
		p.after(call)
	}
	return ctx.Err()
}

func (p *fakePoster) Posts() []post {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]post(nil), p.posts...)
}

// env is a scheduler over a store in a temporary directory.
type env struct {
	path    string
	store   *Store
	clock   *clock
	builder *fakeBuilder
	poster  *fakePoster
	sched   *Scheduler
}

func newEnv(tb testing.TB, now string) *env {
	tb.Helper()
	e := &env{path: filepath.Join(tb.TempDir(), "schedules.db"), clock: &clock{t: mustTime(tb, now)}, builder: &fakeBuilder{}}
	e.poster = &fakePoster{clock: e.clock}
	e.open(tb)
	tb.Cleanup(func() { e.store.Close() })
	return e
}

// open (re)opens the store and makes a new Scheduler, as a restart does.
func (e *env) open(tb testing.TB) {
	tb.Helper()
	st, err := Open(e.path)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	e.store = st
	e.sched = &Scheduler{Store: st, Builder: e.builder, Poster: e.poster, Now: e.clock.Now}
}

func (e *env) add(tb testing.TB, s Schedule) Schedule {
	tb.Helper()
	if s.GuildID == "" {
		s.GuildID = "g1"
	}
	if s.ChannelID == "" {
		s.ChannelID = "c1"
	}
	s, err := e.sched.Add(context.Background(), s)
	if err != nil {
		tb.Fatalf("Add: %v", err)
	}
	return s
}

// tick sets the clock and runs one pass.
func (e *env) tick(tb testing.TB, at time.Time) {
	tb.Helper()
	e.clock.Set(at)
	if err := e.sched.RunOnce(context.Background()); err != nil {
		tb.Fatalf("RunOnce at %s: %v", at, err)
	}
}

// get reads a schedule back from the store.
func (e *env) get(tb testing.TB, id string) Schedule {
	tb.Helper()
	s, err := e.store.Get(context.Background(), id)
	if err != nil {
		tb.Fatalf("Get(%s): %v", id, err)
	}
	return s
}
