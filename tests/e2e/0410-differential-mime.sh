#!/bin/sh
# 0410-differential-mime.sh - body :text/:content and mime/foreverypart/
# extracttext (RFC 5173, RFC 5703) through dovecot-lda (Pigeonhole, the
# reference) and through mda: tests/diff/gen_mime.py writes the cases
# (572: 44 scripts over 13 MIME messages), tests/diff/run.py (the harness
# of 0400-differential.sh) runs both and compares the Maildirs.  Known
# differences are listed in tests/diff/expected-failures-mime.txt (TODO).
# Needs root, as 0400 (dovecot-lda runs as nobody).  DIFF=pattern filters.
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
	done_testing; exit
fi
if ! python3 "$D/gen_mime.py" "$T/cases" >"$T/gen.out" 2>&1; then
	not_ok "cases generated"; sed 's/^/#   /' "$T/gen.out"
	done_testing; exit
fi
mkdir "$T/work"
timeout 600 python3 "$D/run.py" "$T/cases" "$T/work" "$MDA" "$LDA" \
	"$D/expected-failures-mime.txt" "${DIFF:-}"
rc=$?
case $rc in
0|1) exit $rc ;;
*) echo "not ok - run.py exited $rc (124: timed out)"; exit 1 ;;
esac
