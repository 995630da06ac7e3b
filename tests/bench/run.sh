#!/bin/sh
# run.sh - side-by-side benchmarks of mda and its peers -> docs/benchmarks.md
#
#   sh tests/bench/run.sh [MDA_BINARY]      (make bench)
#   QUICK=1 sh tests/bench/run.sh ...        smaller inputs, a smoke test
#   BENCH_ONLY=sieve,migrate sh tests/bench/run.sh ...   those sections only,
#                                            raw results, no report written
#
# Everything happens in one temporary directory, removed at the end; the
# report is written to docs/benchmarks.md and printed.  Must run as root:
# Dovecot's programs are run as `nobody` (they refuse root without a
# running auth daemon).  Bounded: every process has a timeout; the full
# run takes a few minutes on 2 cores, QUICK=1 well under one.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
mda=${1:-$top/build/mda}
out=${BENCH_OUT:-$top/docs/benchmarks.md}

case $mda in /*) ;; *) mda=$(pwd)/$mda ;; esac
if [ ! -f "$mda" ] || [ ! -x "$mda" ]; then
	echo "bench: $mda is not an executable file (build it first)" >&2
	exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "bench: run as root (peers run as nobody via setuid)" >&2
	exit 1
fi
# GNU time (peak RSS) is in its own package; install it if we may.
[ -x /usr/bin/time ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time \
	>/dev/null 2>&1 || true
missing=""
for p in cc python3 procmail maildrop /usr/lib/dovecot/dovecot-lda sieve-test \
	mdeliver mb2md strace /usr/bin/time strip size ldd setpriv gzip; do
	command -v "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "bench: missing:$missing (make deps; apt-get install time)" >&2
	exit 1
fi

T=$(mktemp -d "${TMPDIR:-/var/tmp}/mda-bench.XXXXXX")
export PYTHONDONTWRITEBYTECODE=1
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT TERM
# The report's mda is a copy: the build directory may be rebuilt meanwhile.
cp "$mda" "$T/mda"
cc -O2 -Wall -Wextra -o "$T/spawn" "$here/spawn.c"
export BENCH_SPAWN="$T/spawn"
# The floors of a durable delivery (tools.py): Maildir from shared/, mbox ours.
if [ -f "$top/../shared/bench/mindeliver.c" ] &&
	cc -O2 -o "$T/mindeliver" "$top/../shared/bench/mindeliver.c"; then
	export BENCH_MINDELIVER="$T/mindeliver"
fi
cc -O2 -Wall -Wextra -o "$T/minappend" "$here/minappend.c"
export BENCH_MINAPPEND="$T/minappend"
mkdir -p "$(dirname "$out")"
python3 "$here/bench.py" "$T/mda" "$T" "$out"
