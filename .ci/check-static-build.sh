#!/bin/sh
# Builds the bot exactly as the Dockerfile does and checks that the binary is
# statically linked, so it runs on distroless/static. Run from anywhere:
#   .ci/check-static-build.sh
set -eu
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$out/bot" ./cmd/bot

fail() { echo "check-static-build: $*" >&2; exit 1; }
if command -v file >/dev/null 2>&1; then
	desc=$(file -b "$out/bot")
	case "$desc" in
	*"statically linked"* | *"static-pie linked"*) ;;
	*) fail "not a static binary: $desc" ;;
	esac
fi
if command -v ldd >/dev/null 2>&1; then
	# ldd fails on a static binary ("not a dynamic executable").
	if ldd "$out/bot" >/dev/null 2>&1; then
		fail "ldd lists dynamic dependencies: $(ldd "$out/bot")"
	fi
fi
if command -v readelf >/dev/null 2>&1; then
	if readelf -l "$out/bot" | grep -q INTERP; then
		fail "the binary has a program interpreter (dynamic loader)"
	fi
	if readelf -d "$out/bot" 2>/dev/null | grep -q NEEDED; then
		fail "the binary needs shared libraries: $(readelf -d "$out/bot" | grep NEEDED)"
	fi
fi
"$out/bot" --help >/dev/null || fail "the binary does not run"
echo "check-static-build: ok ($(du -h "$out/bot" | cut -f1) static binary)"
