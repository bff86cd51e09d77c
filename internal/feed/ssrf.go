package feed

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"syscall"
	"time"
)

// ErrBlockedAddress is returned (wrapped in a *BlockedAddressError) when a
// fetch would connect to an address that is not on the public internet.
var ErrBlockedAddress = errors.New("address is not public")

// BlockedAddressError names the address a fetch refused to connect to and
// why.
type BlockedAddressError struct {
	// Addr is the IP address (and port) the dialer was about to connect to,
	// after DNS resolution and on whichever redirect led there.
	Addr string
	// Kind says what the address is: "loopback", "private", "link-local"...
	Kind string
}

func (e *BlockedAddressError) Error() string {
	return fmt.Sprintf("refused to connect to %s, a %s address: feeds and their pages are fetched "+
		"from public addresses only unless private addresses are allowed", e.Addr, e.Kind)
}

// Unwrap makes errors.Is(err, ErrBlockedAddress) true.
func (e *BlockedAddressError) Unwrap() error { return ErrBlockedAddress }

// blockedRange is a block of addresses that is refused, with its kind.
type blockedRange struct {
	prefix netip.Prefix
	kind   string
}

// blockedRanges are the addresses a guarded fetch never connects to.
// IPv4-mapped IPv6 addresses are checked as the IPv4 address they carry, and
// so are NAT64 (64:ff9b::/96), 6to4 (2002::/16) and Teredo (2001::/32, the
// client's address) addresses. The local-use NAT64 prefix (64:ff9b:1::/48)
// reaches whatever IPv4 addresses its network maps, at a length of its
// choosing, so it is refused whole.
var blockedRanges = []blockedRange{
	{netip.MustParsePrefix("0.0.0.0/8"), "unspecified"}, // "this network"; 0.0.0.0 reaches the local host
	{netip.MustParsePrefix("10.0.0.0/8"), "private"},
	{netip.MustParsePrefix("100.64.0.0/10"), "carrier-grade NAT"},
	{netip.MustParsePrefix("127.0.0.0/8"), "loopback"},
	{netip.MustParsePrefix("169.254.0.0/16"), "link-local"}, // includes the cloud metadata 169.254.169.254
	{netip.MustParsePrefix("172.16.0.0/12"), "private"},
	{netip.MustParsePrefix("192.0.0.0/24"), "reserved"},
	{netip.MustParsePrefix("192.168.0.0/16"), "private"},
	{netip.MustParsePrefix("198.18.0.0/15"), "reserved"},
	{netip.MustParsePrefix("224.0.0.0/4"), "multicast"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved"}, // includes the broadcast 255.255.255.255
	{netip.MustParsePrefix("::/128"), "unspecified"},
	{netip.MustParsePrefix("::1/128"), "loopback"},
	{netip.MustParsePrefix("64:ff9b:1::/48"), "reserved"}, // local-use NAT64 (RFC 8215)
	{netip.MustParsePrefix("100::/64"), "reserved"},       // discard-only
	{netip.MustParsePrefix("2001:db8::/32"), "reserved"},  // documentation
	{netip.MustParsePrefix("fc00::/7"), "private"},        // unique local
	{netip.MustParsePrefix("fe80::/10"), "link-local"},
	{netip.MustParsePrefix("fec0::/10"), "private"}, // deprecated site-local
	{netip.MustParsePrefix("ff00::/8"), "multicast"},
}

var (
	nat64Prefix = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour   = netip.MustParsePrefix("2002::/16")
	teredo      = netip.MustParsePrefix("2001::/32")
)

// addressKind returns what kind of non-public address ip is, or "" for a
// public address.
func addressKind(ip netip.Addr) string {
	ip = ip.WithZone("").Unmap()
	if ip.Is6() {
		b := ip.As16()
		switch {
		case nat64Prefix.Contains(ip):
			ip = netip.AddrFrom4([4]byte(b[12:16]))
		case sixToFour.Contains(ip):
			ip = netip.AddrFrom4([4]byte(b[2:6]))
		case teredo.Contains(ip):
			// The client's address, stored with every bit inverted.
			ip = netip.AddrFrom4([4]byte{^b[12], ^b[13], ^b[14], ^b[15]})
		}
	}
	for _, r := range blockedRanges {
		if r.prefix.Contains(ip) {
			return r.kind
		}
	}
	return ""
}

// guard refuses connections to non-public addresses.
type guard struct {
	// exempt are exact addresses connected to even so (tests only: their
	// servers listen on loopback).
	exempt []netip.AddrPort
}

// control is a net.Dialer Control function: it runs for every connection
// with the address actually being connected to (after DNS resolution, on
// every redirect, whatever a name resolves to this time), and refuses
// non-public ones.
func (g guard) control(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("dial %s %s: %w", network, address, err)
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("dial %s %s: not an IP address: %w", network, address, err)
	}
	kind := addressKind(ip)
	if kind == "" {
		return nil
	}
	if ap, err := netip.ParseAddrPort(address); err == nil && slices.Contains(g.exempt, ap) {
		return nil
	}
	return &BlockedAddressError{Addr: address, Kind: kind}
}

// newClient returns the HTTP client for feeds and pages. Unless
// allowPrivate, its dialer refuses non-public addresses other than exempt
// ones, and it connects directly: an HTTP proxy from the environment is not
// used, since the guard can only check the addresses it connects to itself.
func newClient(allowPrivate bool, exempt []netip.AddrPort) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	d := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	if !allowPrivate {
		d.Control = guard{exempt: exempt}.control
		tr.Proxy = nil
	}
	tr.DialContext = d.DialContext
	return &http.Client{Transport: tr}
}
