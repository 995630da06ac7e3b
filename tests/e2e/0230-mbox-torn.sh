#!/bin/sh
# 0230-mbox-torn.sh - SIGKILL in the middle of big mbox appends, then
# every message in the mbox whole or absent (mbox_repair.h).
#
# Phase A: KILLS appends of 20-50 MB are killed at random points (mda
# spools stdin first, so some die before they lock, most in the append,
# a few after it); after each kill a small message goes in through mda,
# which must cut the torn half off, and every few kills procmail (`:0:`,
# dotlock + kernel lock) or dovecot-lda (dotlock + fcntl) add one of
# theirs.  The mbox is then split at its From_ lines: every message must
# carry the SHA-256 of its body (a torn one cannot), every small one must
# be there exactly once, and no lock may be left.
# Phase B: foreign writers after a kill, without waiting for our lock:
# dovecot-lda locking with fcntl alone appends after the torn bytes, and
# procmail with a short LOCKTIMEOUT breaks our stale lock and appends.
# The next mda delivery must leave every byte of theirs (and so the torn
# message, which cannot be cut without theirs) in place.
# Runs as `nobody` when root (dovecot-lda refuses root); on tmpfs when
# /dev/shm allows.
. "$MDA_ROOT/tests/lib.sh"

# The sanitized build (make check-asan) runs the same scenario with fewer
# kills: it looks for memory errors on these paths, the plain run for the
# property, and an instrumented 50 MB append is several times slower.
if [ -n "${MDA_SANITIZED:-}" ]; then : "${KILLS:=40}"; else : "${KILLS:=200}"; fi
LDA=/usr/lib/dovecot/dovecot-lda
if [ ! -x "$MDA" ]; then skip "no mda binary at $MDA"; done_testing; exit; fi
for tool in procmail python3; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		skip "$tool not installed"; done_testing; exit
	fi
done
W=$(mktemp -d /dev/shm/mda-torn.XXXXXX 2>/dev/null) || W=$(mktemp -d "$T/w.XXXXXX")
trap 'rm -rf "$T" "$W"' EXIT
chmod 755 "$W"
[ -x "$LDA" ] || LDA=

# The driver prints the TAP lines and the plan itself.
python3 "$MDA_ROOT/tests/e2e/mbox_torn.py" "$MDA" "$W" "$KILLS" "${LDA:-}"
