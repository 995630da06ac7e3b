# lib.sh - TAP helpers for the end-to-end scripts (sourced, POSIX sh).
#   . "$MDA_ROOT/tests/lib.sh"
# gives: $MDA, $T (a fresh temp dir, removed at exit), ok/not_ok/is/skip/
# done_testing, and msg_corpus to reach the test messages.
set -u
: "${MDA_ROOT:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${MDA:=$MDA_ROOT/build/mda}"
: "${MDA_BUILD:=$MDA_ROOT/build}"
DATA="$MDA_ROOT/tests/data"
T=$(mktemp -d /tmp/mda-e2e.XXXXXX)
chmod 755 "$T"
trap 'rm -rf "$T"' EXIT
_n=0
_failed=0
unset SENDER RECIPIENT ORIGINAL_RECIPIENT EXTENSION MAILDIR MDA_SIEVE
export HOME="$T/home" USER="${USER:-root}" TZ=UTC
mkdir -p "$HOME"

ok() { _n=$((_n + 1)); echo "ok $_n - $*"; }
not_ok() { _n=$((_n + 1)); _failed=$((_failed + 1)); echo "not ok $_n - $*"; }
# check DESC CMD...: ok when CMD succeeds
check() { d=$1; shift; if "$@"; then ok "$d"; else not_ok "$d"; fi; }
# is DESC GOT WANT
is() {
	if [ "$2" = "$3" ]; then ok "$1"; else
		not_ok "$1"; echo "#   got:  '$2'"; echo "#   want: '$3'"; fi
}
skip() { _n=$((_n + 1)); echo "ok $_n # SKIP $*"; }
done_testing() { echo "1..$_n"; [ "$_failed" -eq 0 ]; }
# only_file DIR: prints the single file in DIR, fails if not exactly one
only_file() { set -- "$1"/*; [ $# -eq 1 ] && [ -f "$1" ] && echo "$1"; }
count_files() { find "$1" -maxdepth 1 -type f | wc -l | tr -d ' '; }
# dovecot_copy MAILDIR: a copy of MAILDIR for Dovecot to read, as nobody
# (Dovecot refuses root; it writes its index files there), with a
# throwaway config; afterwards `dv ARGS` runs doveadm on it, no daemon.
dovecot_copy() {
	D=$T/dv
	mkdir -p "$D"
	cp -a "$1" "$D/Maildir"
	chown -R nobody:nogroup "$D"
	printf '%s\n' "mail_location = maildir:$D/Maildir" "mail_uid = nobody" \
		"mail_gid = nogroup" "log_path = $T/dovecot.log" \
		"base_dir = $T/dvrun" "ssl = no" >"$T/dovecot.conf"
}
dv() { USER=nobody HOME=$D timeout 120 doveadm -c "$T/dovecot.conf" "$@"; }
# kill_at_random N CMD...: run CMD N times in the background, each killed
# with SIGKILL at a random point (0 to 1.4 s in), for crash-and-re-run tests
kill_at_random() {
	_k=$1; shift
	while [ "$_k" -gt 0 ]; do  # bounded by N
		"$@" >/dev/null 2>&1 &
		_p=$!
		sleep "0.$(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 15 ))"
		kill -9 "$_p" 2>/dev/null
		wait "$_p" 2>/dev/null
		_k=$((_k - 1))
	done
}
