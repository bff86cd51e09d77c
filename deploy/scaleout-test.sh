#!/usr/bin/env bash
# The scale-out test (README "Deploy"): nginx from Debian in front of two
# `bot serve` replicas in HTTP-interactions mode on loopback, each with a
# read-only copy of one `bot index` run; signed interactions through nginx,
# one replica killed mid-run, and no digest posted twice. About 90 s.
#
#   deploy/scaleout-test.sh          # from anywhere; installs nginx if needed (root)
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "scaleout-test: nginx is not installed; run as root, or: sudo apt-get install nginx" >&2
		exit 1
	fi
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null
	# The package starts a system nginx on port 80; the test runs its own.
	(systemctl stop nginx || service nginx stop || true) >/dev/null 2>&1
fi
PATH="$PATH:/usr/sbin" CHRONICLE_SCALEOUT_TEST=1 go test -count=1 -run '^TestScaleOut$' -v ./cmd/bot
