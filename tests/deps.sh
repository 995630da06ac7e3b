#!/bin/sh
# deps.sh [build|test] - install what a fresh Debian machine lacks.
#
#   build  what compiling mda and `make demo` need: a compiler, the headers
#          of zlib, libmagic, SQLite and TRE.  Nothing else: a newcomer who
#          tries the demo gets no mail servers installed.
#   test   build, plus every program the test layers run side by side
#          with mda (Postfix, Dovecot, GlusterFS, procmail, ...).
#
# As root: apt-get install the missing packages, with services kept from
# starting at install time (the tests start private instances of their
# own).  Otherwise: print the apt-get line.
set -u
BUILD_PKGS="gcc make pkg-config libc6-dev zlib1g-dev libmagic-dev
libsqlite3-dev libtre-dev"
TEST_PKGS="libcmocka-dev procmail maildrop dovecot-core dovecot-sieve
dovecot-imapd dovecot-lmtpd mblaze mb2md postfix safecat swaks strace
hyperfine valgrind python3 gzip clang libclang-rt-14-dev time bzip2 xz-utils
sqlite3 util-linux passwd glusterfs-server glusterfs-client"
case "${1:-test}" in
build) PKGS=$BUILD_PKGS ;;
test) PKGS="$BUILD_PKGS $TEST_PKGS" ;;
*) echo "usage: deps.sh [build|test]" >&2; exit 64 ;;
esac
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
# No daemon starts because a package was installed (policy-rc.d, 101 =
# action not allowed); ours is removed again, a site's own is left alone.
ours=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d &&
		chmod 755 /usr/sbin/policy-rc.d && ours=1
fi
rc=0
apt-get install -y -qq $missing >/tmp/mda-deps.log 2>&1 || rc=$?
[ -n "$ours" ] && rm -f /usr/sbin/policy-rc.d
if [ "$rc" -ne 0 ]; then
	echo "deps: apt-get failed, see /tmp/mda-deps.log" >&2
	tail -20 /tmp/mda-deps.log >&2
	exit 1
fi
