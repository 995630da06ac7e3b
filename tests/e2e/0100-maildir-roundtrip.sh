#!/bin/sh
# 0100-maildir-roundtrip.sh - every corpus message delivered with -m lands
# in new/ exactly once, byte for byte (a leading From_ line is not stored),
# under a name of the design's pattern whose S= is the file size; tmp/ is
# left empty.  Then: empty input, usage errors by hand and under an MTA, and
# the default INBOX ($MAILDIR, else ~/Maildir).
. "$MDA_ROOT/tests/lib.sh"

C=$T/corpus
MD=$T/Maildir
if ! python3 "$MDA_ROOT/tests/corpus/gen.py" "$C" >"$T/gen.out" 2>&1; then
	not_ok "corpus generated"; sed 's/^/#   /' "$T/gen.out"
	done_testing; exit
fi
nmsg=$(find "$C" -name '*.eml' | wc -l | tr -d ' ')
check "corpus has at least 220 messages ($nmsg)" [ "$nmsg" -ge 220 ]

# expected FILE OUT: the bytes mda must store for corpus FILE.
expected() {
	case $1 in
	*-fromline.eml) tail -n +2 "$1" >"$2" ;;
	*) cp "$1" "$2" ;;
	esac
}

: >"$T/seen"
: >"$T/bad.rc" ; : >"$T/bad.count" ; : >"$T/bad.bytes" ; : >"$T/bad.name"
for f in "$C"/*.eml; do
	b=$(basename "$f")
	"$MDA" -m "$MD" <"$f" >"$T/out" 2>"$T/err"
	rc=$?
	[ "$rc" -eq 0 ] || echo "$b rc=$rc $(head -n 1 "$T/err")" >>"$T/bad.rc"
	ls "$MD/new" 2>/dev/null | LC_ALL=C sort >"$T/now"
	LC_ALL=C comm -13 "$T/seen" "$T/now" >"$T/added"
	mv "$T/now" "$T/seen"
	n=$(wc -l <"$T/added" | tr -d ' ')
	if [ "$n" -ne 1 ]; then
		echo "$b added $n files to new/" >>"$T/bad.count"
		continue
	fi
	name=$(cat "$T/added")
	expected "$f" "$T/want"
	cmp -s "$T/want" "$MD/new/$name" ||
		echo "$b differs from new/$name" >>"$T/bad.bytes"
	size=$(stat -c %s "$MD/new/$name")
	echo "$name" | grep -Eq \
		'^[0-9]+\.M[0-9]+P[0-9]+Q[0-9]+R[0-9a-f]+\..+,S='"$size"'$' ||
		echo "$b: bad name '$name' (size $size)" >>"$T/bad.name"
done

report() { # DESC FILE: ok when FILE is empty, else show its first lines
	if [ -s "$2" ]; then
		not_ok "$1 ($(wc -l <"$2" | tr -d ' ') failures)"
		head -n 10 "$2" | sed 's/^/#   /'
	else
		ok "$1"
	fi
}
report "every delivery exits 0" "$T/bad.rc"
report "every delivery adds exactly one file to new/" "$T/bad.count"
report "every stored message is byte-identical to its input" "$T/bad.bytes"
report "every name matches SEC.MusecPpidQnRhex.host,S=size" "$T/bad.name"
is "new/ holds one file per message" "$(count_files "$MD/new")" "$nmsg"
is "distinct names in new/" "$(ls "$MD/new" | sort -u | wc -l | tr -d ' ')" \
	"$nmsg"
is "tmp/ is empty afterwards" "$(ls -A "$MD/tmp" | wc -l | tr -d ' ')" 0
is "cur/ is empty (no flags were set)" "$(ls -A "$MD/cur" | wc -l | tr -d ' ')" 0

# The 2 MiB message is stored whole.
big=$(grep -l 'Subject: Two MiB' "$MD"/new/* 2>/dev/null | head -n 1)
is "the 2 MiB message is 2097152 octets" \
	"$(stat -c %s "${big:-/nonexistent}" 2>/dev/null)" 2097152

# Empty input: 65, a 5.x.x first line, nothing stored.
E=$T/empty
"$MDA" -m "$E" </dev/null >"$T/out" 2>"$T/err"
is "empty input exits 65" "$?" 65
check "empty input: first stderr line is a 5.x.x status" \
	grep -Eq '^5\.[0-9]+\.[0-9]+ ' "$T/err"
is "empty input stores nothing" \
	"$(find "$E" -type f 2>/dev/null | wc -l | tr -d ' ')" 0

# Only a From_ line is empty input too.
printf 'From someone@example.org  Mon Nov 23 16:28:13 2026\n' >"$T/fromonly"
"$MDA" -m "$E" <"$T/fromonly" >"$T/out" 2>"$T/err"
is "a lone From_ line exits 65" "$?" 65
is "a lone From_ line stores nothing" \
	"$(find "$E" -type f 2>/dev/null | wc -l | tr -d ' ')" 0

# Usage errors: 64 by hand, 75 with 4.3.5 under an MTA (stdin not a tty).
one=$(ls "$C"/*-plain.eml | head -n 1)
"$MDA" --bogus <"$one" >"$T/out" 2>"$T/err"
is "--bogus by hand exits 64" "$?" 64
is "--bogus by hand: first line is 5.3.5" \
	"$(head -n 1 "$T/err" | cut -d' ' -f1)" 5.3.5
SENDER=x RECIPIENT=y "$MDA" --bogus <"$one" >"$T/out" 2>"$T/err"
is "--bogus under an MTA exits 75" "$?" 75
is "--bogus under an MTA: first line is 4.3.5" \
	"$(head -n 1 "$T/err" | cut -d' ' -f1)" 4.3.5
SENDER=x "$MDA" -m "$T/U" extra-arg <"$one" >"$T/out" 2>"$T/err"
is "a stray argument under an MTA exits 75" "$?" 75
is "nothing delivered on a usage error" \
	"$(find "$T/U" -type f 2>/dev/null | wc -l | tr -d ' ')" 0

# A storage failure is temporary: 75 and a 4.x.x first line, nothing left
# behind.  (new/ is a file here, which fails even for root.)
BR=$T/broken
mkdir -p "$BR/tmp" "$BR/cur"
: >"$BR/new"
"$MDA" -m "$BR" <"$one" >"$T/out" 2>"$T/err"
is "Maildir whose new/ is a file: exits 75" "$?" 75
check "  with a 4.x.x first line" grep -Eq '^4\.[0-9]+\.[0-9]+ ' "$T/err"
is "  and nothing in tmp/ or cur/" \
	"$(find "$BR/tmp" "$BR/cur" -type f | wc -l | tr -d ' ')" 0
SENDER=x RECIPIENT=y "$MDA" -m "$BR" <"$one" >"$T/out" 2>"$T/err"
is "  the same under an MTA: 75" "$?" 75

# Defaults: ~/Maildir when it is a directory; $MAILDIR wins over it.
mkdir -p "$HOME/Maildir"
"$MDA" <"$one" >"$T/out" 2>"$T/err"
is "no -m/-M with ~/Maildir/: exits 0" "$?" 0
got=$(only_file "$HOME/Maildir/new")
if [ -n "$got" ] && cmp -s "$one" "$got"; then
	ok "delivered into ~/Maildir/new"
else
	not_ok "delivered into ~/Maildir/new"
fi
MAILDIR=$T/envmd "$MDA" <"$one" >"$T/out" 2>"$T/err"
is "\$MAILDIR: exits 0" "$?" 0
got=$(only_file "$T/envmd/new")
if [ -n "$got" ] && cmp -s "$one" "$got"; then
	ok "\$MAILDIR wins over ~/Maildir"
else
	not_ok "\$MAILDIR wins over ~/Maildir"
fi
is "~/Maildir untouched when \$MAILDIR is set" \
	"$(count_files "$HOME/Maildir/new")" 1

# A user the system does not know (no HOME): every NSS source of
# nsswitch.conf is asked, then 67 (EX_NOUSER) with a 5.1.1 reason; nothing
# stored, never a crash (a static glibc build crashed in libnss_systemd).
env -i PATH="$PATH" USER=mda-no-such-user-$$ "$MDA" <"$one" >"$T/out" 2>"$T/err"
is "unknown user: exits 67" "$?" 67
check "  with a 5.1.1 first line" grep -q '^5\.1\.1 ' "$T/err"

done_testing
