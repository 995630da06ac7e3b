#!/bin/sh
# 0400-differential.sh - the same (script, message, envelope) cases through
# Dovecot Pigeonhole (dovecot-lda, the reference of design.md "Filters") and
# through mda, each into a fresh Maildir; every case must leave the same
# folders, the same flags and keywords, the same stored bytes (so the same
# editheader result), the same mail handed to sendmail and the same exit.
#
# tests/diff/gen.py writes the cases (deterministic, over 600 of them);
# tests/diff/run.py runs both agents and prints one TAP line per case.
# dovecot-lda runs without any Dovecot daemon from a throwaway config (see
# run.py); it refuses to deliver as root, so it runs as nobody, which is why
# this test needs root.  A case listed in tests/diff/expected-failures.txt
# that still differs is "not ok ... # TODO cause" (tests/diff/KNOWN.md says
# why); any other difference is a plain failure.  DIFF=pattern runs only the
# cases whose id or name contains pattern.
. "$MDA_ROOT/tests/lib.sh"

LDA=/usr/lib/dovecot/dovecot-lda
D="$MDA_ROOT/tests/diff"

if [ "$(id -u)" -ne 0 ]; then
	skip "needs root (dovecot-lda runs as nobody on homes chowned to it)"
	done_testing; exit
fi
if [ ! -x "$LDA" ] || [ ! -e /usr/lib/dovecot/modules/lib90_sieve_plugin.so ]; then
	sh "$MDA_ROOT/tests/deps.sh" >"$T/deps.out" 2>&1
fi
if [ ! -x "$LDA" ] || [ ! -e /usr/lib/dovecot/modules/lib90_sieve_plugin.so ]; then
	not_ok "dovecot-lda with the Sieve plugin installed (dovecot-core dovecot-sieve)"
	sed 's/^/#   /' "$T/deps.out"
	done_testing; exit
fi
if ! command -v python3 >/dev/null 2>&1; then
	not_ok "python3 installed (tests/deps.sh)"
	done_testing; exit
fi

if ! python3 "$D/gen.py" "$T/cases" >"$T/gen.out" 2>&1; then
	not_ok "cases generated"; sed 's/^/#   /' "$T/gen.out"
	done_testing; exit
fi
mkdir "$T/work"
# Bounded: every delivery has its own 20 s limit in run.py; the whole run
# takes about 30 s for 600 cases, and is stopped after 10 minutes.
timeout 600 python3 "$D/run.py" "$T/cases" "$T/work" "$MDA" "$LDA" \
	"$D/expected-failures.txt" "${DIFF:-}"
rc=$?
case $rc in
0|1) exit $rc ;;
*) echo "not ok - run.py exited $rc (124: timed out)"; exit 1 ;;
esac
