#!/bin/sh
# 0410-differential-mime.sh - body :text/:content and mime/foreverypart/
# extracttext (RFC 5173, RFC 5703) through dovecot-lda (Pigeonhole, the
# reference) and through mda: tests/diff/gen_mime.py writes the cases
# (572: 44 scripts over 13 MIME messages), tests/diff/run.py (the harness
# of 0400-differential.sh) runs both and compares the Maildirs.  Known
# differences are listed in tests/diff/expected-failures-mime.txt (TODO).
# Needs root, as 0400 (dovecot-lda runs as nobody).  DIFF=pattern filters.
. "$MDA_ROOT/tests/lib.sh"
. "$MDA_ROOT/tests/diff/suite.sh"

diff_suite gen_mime.py expected-failures-mime.txt
