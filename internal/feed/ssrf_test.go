package feed

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/netip"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chronicle-bot/chronicle"
)

// TestIssue12_Item10_DialGuard: the dialer's check refuses every
// non-public address it is about to connect to, whatever name or redirect
// led there, and lets public ones through.
func TestIssue12_Item10_DialGuard(t *testing.T) {
	tests := []struct {
		addr string
		want string // kind, "" for allowed
	}{
		{"127.0.0.1:80", "loopback"},
		{"127.1.2.3:8080", "loopback"},
		{"[::1]:443", "loopback"},
		{"10.0.0.1:80", "private"},
		{"172.16.0.1:80", "private"},
		{"172.31.255.254:80", "private"},
		{"192.168.1.1:80", "private"},
		{"[fd12:3456::1]:80", "private"},
		{"[fc00::1]:80", "private"},
		{"169.254.169.254:80", "link-local"}, // cloud metadata
		{"169.254.1.1:80", "link-local"},
		{"[fe80::1%25eth0]:80", "link-local"},
		{"[fe80::1]:80", "link-local"},
		{"0.0.0.0:80", "unspecified"},
		{"[::]:80", "unspecified"},
		{"224.0.0.1:80", "multicast"},
		{"[ff02::1]:80", "multicast"},
		{"100.64.0.1:80", "carrier-grade NAT"},
		{"100.127.255.254:80", "carrier-grade NAT"},
		{"255.255.255.255:80", "reserved"},
		{"[::ffff:127.0.0.1]:80", "loopback"},                    // IPv4-mapped
		{"[::ffff:169.254.169.254]:80", "link-local"},            // IPv4-mapped metadata
		{"[64:ff9b::a9fe:a9fe]:80", "link-local"},                // NAT64 of the metadata address
		{"[2002:c0a8:101::1]:80", "private"},                     // 6to4 of 192.168.1.1
		{"[2002:7f00:1::1]:80", "loopback"},                      // 6to4 of 127.0.0.1
		{"[64:ff9b:1::a9fe:a9fe]:80", "reserved"},                // local-use NAT64 (RFC 8215): any IPv4 the operator maps
		{"[64:ff9b:1:a9fe:a9:fe00::]:80", "reserved"},            // the same prefix, IPv4 at a /56 position
		{"[2001:0:4136:e378:8000:63bf:f5ff:fffe]:80", "private"}, // Teredo whose client is 10.0.0.1 (stored inverted)
		{"[2001:0:4136:e378:8000:63bf:f7f7:f7f7]:80", ""},        // Teredo whose client is 8.8.8.8
		{"[2001:db8::1]:80", "reserved"},                         // documentation
		{"[100::1]:80", "reserved"},                              // discard-only
		{"93.184.216.34:443", ""},
		{"8.8.8.8:53", ""},
		{"172.32.0.1:80", ""},  // just past 172.16/12
		{"100.128.0.1:80", ""}, // just past 100.64/10
		{"169.255.0.1:80", ""}, // just past 169.254/16
		{"[2606:4700::1111]:443", ""},
		{"[2002:808:808::1]:80", ""}, // 6to4 of 8.8.8.8
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			addr := strings.Replace(tt.addr, "%25", "%", 1)
			err := guard{}.control("tcp", addr, nil)
			if tt.want == "" {
				if err != nil {
					t.Errorf("control(%s) = %v, want allowed", addr, err)
				}
				return
			}
			var blocked *BlockedAddressError
			if !errors.As(err, &blocked) || !errors.Is(err, ErrBlockedAddress) {
				t.Fatalf("control(%s) = %v, want a BlockedAddressError", addr, err)
			}
			if blocked.Kind != tt.want {
				t.Errorf("control(%s) kind = %q, want %q", addr, blocked.Kind, tt.want)
			}
		})
	}
	exempt := netip.MustParseAddrPort("127.0.0.1:8080")
	g := guard{exempt: []netip.AddrPort{exempt}}
	if err := g.control("tcp", "127.0.0.1:8080", nil); err != nil {
		t.Errorf("exempt address refused: %v", err)
	}
	if err := g.control("tcp", "127.0.0.1:8081", nil); err == nil {
		t.Error("another port of an exempt host allowed")
	}
}

// TestIssue12_Item10_LoopbackFeedRefused: with the default guard a feed on
// a loopback address, named by IP or by a host name that resolves to it,
// is not fetched, and the feed's error says why.
func TestIssue12_Item10_LoopbackFeedRefused(t *testing.T) {
	srv := newFeedServer(t, map[string]http.HandlerFunc{
		"/feed": serveBody("application/rss+xml", rssFeed("Inside", [3]string{"i", "Internal", "Secret text."})),
	})
	byName := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1) + "/feed"
	for _, u := range []string{srv.URL + "/feed", byName} {
		t.Run(u, func(t *testing.T) {
			sink := &fakeSink{}
			f, err := New([]Feed{{URL: u}}, sink, Options{StatePath: filepath.Join(t.TempDir(), "feeds.db")})
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rep, err := f.FetchAll(context.Background())
			if !errors.Is(err, ErrBlockedAddress) {
				t.Fatalf("FetchAll error = %v, want ErrBlockedAddress", err)
			}
			if rep.Failed != 1 || len(sink.articles()) != 0 {
				t.Errorf("Report = %+v, %d articles put; want the feed failed and nothing put", rep, len(sink.articles()))
			}
			h := healthOf(t, f, u)
			if !strings.Contains(h.LastError, "loopback address") || !strings.Contains(h.LastError, "private addresses are allowed") {
				t.Errorf("LastError = %q, want it to name the loopback address and the switch", h.LastError)
			}
		})
	}
	if n := len(srv.headers("/feed")); n != 0 {
		t.Errorf("the loopback server got %d requests, want 0", n)
	}
}

// syncBuffer is a bytes.Buffer safe for the concurrent writes of a logger.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestIssue12_Item10_FullTextGuard: a feed (exempted from the guard, as an
// allowed public host would be) links to pages on another loopback server,
// directly and through a redirect from the feed's own host. By default
// neither page is fetched: the items are taken with their summaries and the
// reason is logged. With private addresses allowed, the pages' text is
// taken.
func TestIssue12_Item10_FullTextGuard(t *testing.T) {
	story := `<html><body><article><h1>Inside</h1><p>The internal admin page lists every secret key of the service.</p>` +
		`<p>Nobody outside should be able to read this paragraph at all.</p></article></body></html>`
	inner := newFeedServer(t, map[string]http.HandlerFunc{"/admin": serveBody("text/html", story)})
	outer := newFeedServer(t, map[string]http.HandlerFunc{
		"/hop": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, inner.URL+"/admin?via=redirect", http.StatusFound)
		},
	})
	outer.Config.Handler.(*http.ServeMux).HandleFunc("/feed", serveBody("application/rss+xml",
		`<rss version="2.0"><channel><title>Links</title>`+
			`<item><title>Direct</title><link>`+inner.URL+`/admin</link><description>Short one.</description></item>`+
			`<item><title>Redirected</title><link>`+outer.URL+`/hop</link><description>Short two.</description></item>`+
			`</channel></rss>`))
	outerAddr := netip.MustParseAddrPort(strings.TrimPrefix(outer.URL, "http://"))

	tests := []struct {
		name     string
		allow    bool
		wantFull bool
		wantLogs []string
	}{
		{name: "refused by default", allow: false, wantFull: false,
			wantLogs: []string{"full text not fetched", inner.URL + "/admin", "loopback address",
				"redirected to " + inner.URL + "/admin?via=redirect"}},
		{name: "allowed by the switch", allow: true, wantFull: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs syncBuffer
			sink := &fakeSink{}
			f, err := New([]Feed{{URL: outer.URL + "/feed", FullText: true}}, sink, Options{
				StatePath:             filepath.Join(t.TempDir(), "feeds.db"),
				AllowPrivateAddresses: tt.allow,
				guardExempt:           []netip.AddrPort{outerAddr},
				Logger:                slog.New(slog.NewTextHandler(&logs, nil)),
			})
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			before := len(inner.headers("/admin"))
			if _, err := f.FetchAll(context.Background()); err != nil {
				t.Fatalf("FetchAll: %v", err)
			}
			got := sink.articles()
			if len(got) != 2 {
				t.Fatalf("got %d articles, want both items taken", len(got))
			}
			for _, a := range got {
				full := strings.Contains(textOf(a.Paragraphs), "secret key")
				if full != tt.wantFull {
					t.Errorf("article %q text %q: full text taken = %v, want %v", a.Title, textOf(a.Paragraphs), full, tt.wantFull)
				}
			}
			fetched := len(inner.headers("/admin")) - before
			if want := map[bool]int{false: 0, true: 2}[tt.allow]; fetched != want {
				t.Errorf("inner server got %d page requests, want %d", fetched, want)
			}
			for _, w := range tt.wantLogs {
				if !strings.Contains(logs.String(), w) {
					t.Errorf("log lacks %q:\n%s", w, logs.String())
				}
			}
		})
	}
}

func textOf(ps []chronicle.Paragraph) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.Text)
		b.WriteByte('\n')
	}
	return b.String()
}
