#!/bin/sh
# deps.sh - install what a fresh Debian machine lacks to build and test mda.
# As root: apt-get install the missing packages.  Otherwise: print the line.
set -u
PKGS="gcc make pkg-config libc6-dev zlib1g-dev libmagic-dev libsqlite3-dev
libcmocka-dev procmail maildrop dovecot-core dovecot-sieve dovecot-imapd
mblaze mb2md postfix safecat swaks strace hyperfine valgrind python3 gzip
clang libclang-rt-14-dev time bzip2 xz-utils sqlite3 util-linux passwd"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "mda: missing packages; run as root:" >&2
	echo "  apt-get install -y$missing" >&2
	exit 0
fi
echo "deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
# Postfix asks questions at install time; answer "No configuration".
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections 2>/dev/null || true
apt-get install -y -qq $missing >/tmp/mda-deps.log 2>&1 || {
	echo "deps: apt-get failed, see /tmp/mda-deps.log" >&2
	tail -20 /tmp/mda-deps.log >&2
	exit 1
}
