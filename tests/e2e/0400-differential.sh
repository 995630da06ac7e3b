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
. "$MDA_ROOT/tests/diff/suite.sh"

diff_suite gen.py expected-failures.txt
