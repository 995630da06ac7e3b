#!/bin/sh
# 0205-spool.sh - where an mbox delivery spools the message.
#
# With no Maildir to spool in, mda keeps the message in an anonymous memory
# file while it is at most 1 MiB, and moves it to an unlinked file in
# $TMPDIR once it grows past that (intake/spool_file.h).  So:
#   - a small message needs no $TMPDIR at all, and leaves nothing there;
#   - a large one is stored byte-exact through $TMPDIR, which is empty
#     afterwards, and when $TMPDIR is unusable it is deferred (75, 4.x.x)
#     with the mailbox untouched, for the MTA to try again;
#   - where memfd_create fails (an old kernel, a seccomp filter; the fault
#     shim), the spool is a file in $TMPDIR from the start.
. "$MDA_ROOT/tests/lib.sh"

SHIM=$MDA_BUILD/tests/faultinject.so
# under ASan the shim must not be refused for coming before the runtime
ASAN_SHIM="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
mkdir -p "$T/tmp"

python3 - "$T" <<'EOF' || { not_ok "messages generated"; done_testing; exit; }
import sys
t = sys.argv[1]
def msg(subject, lines):
    body = "".join("line %06d of %s, filler to make it long enough\n"
                   % (i, subject) for i in range(lines))
    return ("From: s@example.org\nTo: u@example.net\nSubject: %s\n"
            "Message-ID: <%s@example.org>\n\n" % (subject, subject)) + body
open(t + "/small.eml", "w").write(msg("small", 60))          # ~3 KiB
open(t + "/big.eml", "w").write(msg("big", 60000))           # ~3.4 MiB
EOF

# entry_is MBOX: the mbox holds exactly one entry, a From_ line then
# $T/expect: the message and the blank line that ends it (no "From " in
# these bodies)
entry_is() {
	[ -f "$1" ] && [ "$(grep -c "^From " "$1")" -eq 1 ] &&
	head -n 1 "$1" | grep -q '^From s@example.org ' &&
	tail -n +2 "$1" | cmp -s - "$T/expect" 2>/dev/null
}
expect_of() { { cat "$1"; echo; } >"$T/expect"; }
# met_and_is MBOX: the shim delivered its one fault, and MBOX is right
met_and_is() { grep -qx 'injected 1' "$T/cnt" && entry_is "$1"; }
deliver() { # MBOX MSG TMPDIR [ENV...]: exit status in $rc, stderr in err
	mb=$1 msg=$2 td=$3; shift 3
	rc=0
	timeout 60 env TMPDIR="$td" "$@" "$MDA" -M "$mb" -f s@example.org \
		<"$msg" >"$T/out" 2>"$T/err" || rc=$?
}

# ---- a small message lives in memory --------------------------------------
expect_of "$T/small.eml"
deliver "$T/a.mbox" "$T/small.eml" "$T/no-such-dir"
is "small message with no usable TMPDIR: delivered" "$rc" 0
check "small message: the mbox holds it byte-exact" entry_is "$T/a.mbox"

# ---- a large one moves to $TMPDIR ----------------------------------------
expect_of "$T/big.eml"
deliver "$T/b.mbox" "$T/big.eml" "$T/tmp"
is "3.4 MiB message: delivered" "$rc" 0
check "3.4 MiB message: the mbox holds it byte-exact" entry_is "$T/b.mbox"
is "3.4 MiB message: nothing left in TMPDIR" "$(count_files "$T/tmp")" 0

deliver "$T/c.mbox" "$T/big.eml" "$T/no-such-dir"
is "3.4 MiB message with no usable TMPDIR: deferred" "$rc" 75
check "deferral says 4.x.x and names the spool" \
	sh -c "head -n 1 '$T/err' | grep -q '^4\.[0-9]*\.[0-9]* .*spool'"
check "deferred: no mailbox was made" [ ! -e "$T/c.mbox" ]

# spill_faults - ENOSPC at every 4th write of a 3.4 MiB delivery to an
# mbox that holds an earlier message: into memory, while moving to
# TMPDIR, into the mailbox.  Each run is delivered (0: old bytes, then the
# entry) or deferred (75: the mailbox as it was), and leaves TMPDIR empty.
spill_faults() {
	expect_of "$T/big.eml"
	printf 'From a@example.org Mon Mar  2 09:00:00 2026\nSubject: old\n\nold\n\n' \
		>"$T/old.mbox"
	deliver "$T/f.mbox" "$T/big.eml" "$T/tmp" LD_PRELOAD="$SHIM" \
		ASAN_OPTIONS="$ASAN_SHIM" FAULT_COUNT_FILE="$T/cnt"
	writes=$(awk '$1 == "write" { print $2 }' "$T/cnt")
	bad=0 deferred=0 nth=1
	while [ "$nth" -le "${writes:-0}" ]; do
		cp "$T/old.mbox" "$T/f.mbox"
		deliver "$T/f.mbox" "$T/big.eml" "$T/tmp" LD_PRELOAD="$SHIM" \
			ASAN_OPTIONS="$ASAN_SHIM" FAULT_CALL=write \
			FAULT_NTH="$nth" FAULT_ERRNO=ENOSPC
		case $rc in
		75) deferred=$((deferred + 1))
		    cmp -s "$T/f.mbox" "$T/old.mbox" || bad=$((bad + 1)) ;;
		0)  tail -n +7 "$T/f.mbox" | cmp -s - "$T/expect" ||
			bad=$((bad + 1)) ;;
		*)  bad=$((bad + 1)) ;;
		esac
		[ "$(count_files "$T/tmp")" -eq 0 ] || bad=$((bad + 1))
		nth=$((nth + 4))
	done
	echo "# ENOSPC at every 4th of $writes writes: $deferred deferred"
	is "ENOSPC at any write: delivered whole or deferred untouched" "$bad" 0
	check "ENOSPC: the writes before the mailbox's are deferred" \
		[ "$deferred" -gt 0 ]
}

# ---- no memfd: a file from the start -------------------------------------
if [ ! -f "$SHIM" ]; then
	for i in 1 2 3 4 5 6; do skip "no $SHIM (make test-build)"; done
else
	expect_of "$T/small.eml"
	deliver "$T/d.mbox" "$T/small.eml" "$T/tmp" LD_PRELOAD="$SHIM" \
		ASAN_OPTIONS="$ASAN_SHIM" FAULT_CALL=memfd FAULT_ERRNO=ENOSYS \
		FAULT_COUNT_FILE="$T/cnt"
	is "memfd_create fails: delivered through TMPDIR" "$rc" 0
	check "memfd_create fails: the fault was met, the mbox is byte-exact" \
		met_and_is "$T/d.mbox"
	deliver "$T/e.mbox" "$T/small.eml" "$T/no-such-dir" \
		LD_PRELOAD="$SHIM" ASAN_OPTIONS="$ASAN_SHIM" FAULT_CALL=memfd \
		FAULT_ERRNO=ENOSYS
	is "memfd_create fails and no usable TMPDIR: deferred" "$rc" 75
	check "no memfd, no TMPDIR: no mailbox was made" [ ! -e "$T/e.mbox" ]
	spill_faults
fi
is "TMPDIR is empty after every run" "$(count_files "$T/tmp")" 0
done_testing
