#!/bin/sh
# 0220-lazy-libs.sh - SQLite and libmagic are loaded only when a filter
# needs them, zlib only for a .gz mbox or archive (mda/dynlib.c):
#  (a) the binary does not list them (nor liblzma, libbz2, libm) as needed;
#  (b) a delivery without a filter opens none (strace); nor, with USER
#      and HOME set, the password file; a Maildir that exists is checked,
#      not made again (no mkdir);
#  (c) duplicate (SQLite) and vnd.mda.magic (libmagic) still work, loaded
#      on first use;
#  (d) a library that cannot be loaded (LD_PRELOAD shim nodlopen.so) is
#      reported in the log; the message is kept in INBOX, exit 0, as for a
#      broken state database or magic database.
. "$MDA_ROOT/tests/lib.sh"

if [ ! -x "$MDA" ]; then skip "no mda binary at $MDA"; done_testing; exit; fi
CAPS=$("$MDA" check --capabilities 2>/dev/null)
has() { case "$CAPS" in *[\"\ ]$1[\"\ ]*) return 0 ;; esac; return 1; }
SHIM="$MDA_BUILD/tests/nodlopen.so"
MSG=$T/msg
printf 'From: a@example.org\nTo: b@example.org\nSubject: lazy\nMessage-ID: <lazy@example.org>\n\nplain text body\n' >"$MSG"
deliver() { # MAILDIR SIEVE [VAR=VALUE...]: one delivery, stderr in $T/err
	_md=$1 _s=$2; shift 2
	env ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" "$@" \
		"$MDA" -v -m "$_md" -s "$_s" -f a@example.org -a b@example.org \
		<"$MSG" 2>"$T/err"
}
folders() { (cd "$1" && find . -path '*/new/*' -type f | sed 's|^\./||; s|/*new/.*||; s|^$|INBOX|' | sort | tr '\n' ' '); }

# --- (a) link time -------------------------------------------------------
if command -v readelf >/dev/null 2>&1; then
	needed=$(readelf -d "$MDA" | sed -n 's/.*(NEEDED).*\[\(.*\)\].*/\1/p' | tr '\n' ' ')
	case $needed in
	*sqlite*|*magic*|*lzma*|*bz2*|*libm.so*|*libz.so*) not_ok "needed: $needed" ;;
	*) ok "needed libraries: $needed" ;;
	esac
else
	skip "readelf not available"
fi

# --- (b) a plain delivery maps neither -----------------------------------
printf 'keep;\n' >"$T/keep.sieve"
if command -v strace >/dev/null 2>&1 && [ -z "${MDA_SANITIZED:-}" ]; then
	"$MDA" -m "$T/plain" -s "$T/keep.sieve" -f a@example.org <"$MSG"
	strace -f -e trace=open,openat,mkdir,mkdirat -o "$T/trace" "$MDA" \
		-m "$T/plain" -s "$T/keep.sieve" -f a@example.org <"$MSG"
	is "plain: exit" "$?" 0
	is "plain: stored" "$(folders "$T/plain")" "INBOX INBOX "
	is "plain: no SQLite, libmagic or zlib opened" \
		"$(grep -c 'libsqlite3\|libmagic\|libz\.' "$T/trace")" 0
	is "plain: USER and HOME set, no passwd lookup" \
		"$(grep -c '/etc/passwd\|nsswitch' "$T/trace")" 0
	is "plain: existing Maildir, no mkdir" "$(grep -c 'mkdir' "$T/trace")" 0
else
	skip "strace not available (or sanitized build)"
fi

# --- (c) loaded on first use ----------------------------------------------
"$MDA" -M "$T/box.gz" -f a@example.org <"$MSG"; r1=$?
"$MDA" -M "$T/box.gz" -f a@example.org <"$MSG"; r2=$?
is "gzip mbox: exits" "$r1 $r2" "0 0"
is "gzip mbox: zcat reads both messages" \
	"$(gzip -dc "$T/box.gz" | grep -c '^Subject: lazy$')" 2
if has duplicate; then
	printf 'require "duplicate";\nif duplicate { discard; stop; }\n' >"$T/dup.sieve"
	deliver "$T/d1" "$T/dup.sieve"; r1=$?
	deliver "$T/d1" "$T/dup.sieve"; r2=$?
	is "duplicate: exits" "$r1 $r2" "0 0"
	is "duplicate: second copy discarded" "$(folders "$T/d1")" "INBOX "
else
	skip "no duplicate extension"
fi
if has vnd.mda.magic; then
	printf 'require ["vnd.mda.magic", "fileinto"];\nif magic "text/plain" { fileinto "Text"; }\n' >"$T/magic.sieve"
	deliver "$T/m1" "$T/magic.sieve"
	is "magic: exit" "$?" 0
	is "magic: filed by content" "$(folders "$T/m1")" ".Text "
else
	skip "no vnd.mda.magic extension"
fi

# --- (d) a library that cannot be loaded ----------------------------------
if [ ! -f "$SHIM" ]; then
	skip "no $SHIM"
else
	if has duplicate; then
		rm -rf "$HOME/.mda"
		deliver "$T/d2" "$T/dup.sieve" LD_PRELOAD="$SHIM" NODLOPEN=libsqlite3; r1=$?
		cp "$T/err" "$T/err1"
		deliver "$T/d2" "$T/dup.sieve" LD_PRELOAD="$SHIM" NODLOPEN=libsqlite3; r2=$?
		is "no SQLite: exits" "$r1 $r2" "0 0"
		is "no SQLite: both kept" "$(count_files "$T/d2/new")" 2
		check "no SQLite: logged" grep -q 'cannot load libsqlite3' "$T/err1"
	fi
	if has vnd.mda.magic; then
		deliver "$T/m2" "$T/magic.sieve" LD_PRELOAD="$SHIM" NODLOPEN=libmagic
		is "no libmagic: exit" "$?" 0
		is "no libmagic: test false, INBOX" "$(folders "$T/m2")" "INBOX "
	fi
fi

done_testing
