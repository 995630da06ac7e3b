#!/bin/sh
# 0110-mbox-roundtrip.sh - the corpus appended with -M to one mbox reads back
# byte for byte with an independent mboxrd reader, mblaze's `mdeliver -M`.
# Then the raw bytes: the From_ line format, mboxrd quoting, the blank line
# after each entry, a fresh line when the mailbox does not end in one.
#
# How mblaze 1.1 reads an mbox (checked by hand, and asserted below on a
# two-message mbox so that a change in the reader shows up as its own
# failure): it splits at every line beginning "From ", drops that line,
# removes one '>' from every line matching ^>+From (mboxrd, not mboxo), and
# keeps everything else -- including the blank line that ends each entry.
# So for each message it gives back: the input without its From_ line, plus
# "\n" if the input lacked a final newline (mda's documented addition), plus
# the "\n" of the entry separator.
. "$MDA_ROOT/tests/lib.sh"

if ! command -v mdeliver >/dev/null 2>&1; then
	skip "mblaze's mdeliver is not installed (apt-get install mblaze)"
	done_testing; exit
fi

C=$T/corpus
MB=$T/mbox
if ! python3 "$MDA_ROOT/tests/corpus/gen.py" "$C" >"$T/gen.out" 2>&1; then
	not_ok "corpus generated"; sed 's/^/#   /' "$T/gen.out"
	done_testing; exit
fi
nmsg=$(find "$C" -name '*.eml' | wc -l | tr -d ' ')

# The reader itself, on bytes written by hand.
mkdir -p "$T/probe/tmp" "$T/probe/new" "$T/probe/cur"
printf 'From a Mon Nov 23 16:28:13 2026\nSubject: 1\n\n>From x\n>>From y\nFrom\n\nFrom b Mon Nov 23 16:28:13 2026\nSubject: 2\n\nz\n\n' \
	>"$T/probe.mbox"
mdeliver -M -v "$T/probe" <"$T/probe.mbox" >"$T/probe.list" 2>&1
printf 'Subject: 1\n\nFrom x\n>From y\nFrom\n\n' >"$T/probe.want1"
printf 'Subject: 2\n\nz\n\n' >"$T/probe.want2"
if [ "$(wc -l <"$T/probe.list" | tr -d ' ')" = 2 ] &&
   cmp -s "$(sed -n 1p "$T/probe.list")" "$T/probe.want1" &&
   cmp -s "$(sed -n 2p "$T/probe.list")" "$T/probe.want2"; then
	ok "mdeliver -M reads mboxrd as described above"
else
	not_ok "mdeliver -M reads mboxrd as described above"
	sed 's/^/#   /' "$T/probe.list"
fi

# Deliver the corpus.
: >"$T/bad.rc"
for f in "$C"/*.eml; do
	"$MDA" -M "$MB" <"$f" >"$T/out" 2>"$T/err"
	rc=$?
	[ "$rc" -eq 0 ] ||
		echo "$(basename "$f") rc=$rc $(head -n 1 "$T/err")" >>"$T/bad.rc"
done
if [ -s "$T/bad.rc" ]; then
	not_ok "every delivery to the mbox exits 0"
	head -n 10 "$T/bad.rc" | sed 's/^/#   /'
else
	ok "every delivery to the mbox exits 0"
fi
is "a new mbox is made 0600" "$(stat -c %a "$MB" 2>/dev/null)" 600

# Read it back.
R=$T/readback
mkdir -p "$R/tmp" "$R/new" "$R/cur"
mdeliver -M -v "$R" <"$MB" >"$T/list" 2>"$T/err"
is "mdeliver -M exits 0" "$?" 0
is "the reader finds one message per delivery" \
	"$(wc -l <"$T/list" | tr -d ' ')" "$nmsg"
: >"$T/bad.bytes"
ls "$C"/*.eml >"$T/inputs"
i=0
while IFS= read -r f; do  # bounded by the corpus listing
	i=$((i + 1))
	got=$(sed -n "${i}p" "$T/list")
	case $f in
	*-fromline.eml) tail -n +2 "$f" >"$T/want" ;;
	*) cp "$f" "$T/want" ;;
	esac
	# mda ends a message lacking a final newline with one
	[ -s "$T/want" ] && [ "$(tail -c 1 "$T/want" | od -An -c | tr -d ' ')" != '\n' ] &&
		printf '\n' >>"$T/want"
	printf '\n' >>"$T/want"   # the separator line mdeliver keeps
	if [ -z "$got" ] || ! cmp -s "$T/want" "$got"; then
		echo "$(basename "$f") differs from $got" >>"$T/bad.bytes"
	fi
done <"$T/inputs"
if [ -s "$T/bad.bytes" ]; then
	not_ok "every message reads back byte-identical ($(wc -l <"$T/bad.bytes" | tr -d ' ') differ)"
	head -n 10 "$T/bad.bytes" | sed 's/^/#   /'
else
	ok "every message reads back byte-identical"
fi

# Raw bytes of a small known message: From_ line, quoting, blank line.
S=$T/small.mbox
printf 'Subject: small\n\nFrom x\n>From y\n>>From z\nFromage\nno final newline' \
	>"$T/small.eml"
before=$(date +%s)
SENDER=sender@example.org "$MDA" -M "$S" <"$T/small.eml" >"$T/out" 2>"$T/err"
is "small message: exit 0" "$?" 0
after=$(date +%s)
first=$(head -n 1 "$S")
# asctime format: one space after the sender, day of month padded to two
check "From_ line is 'From sender asctime' ($first)" sh -c \
	'printf "%s\n" "$1" | grep -Eq "^From sender@example\.org (Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ 123][0-9] [0-2][0-9]:[0-5][0-9]:[0-6][0-9] [0-9]{4}$"' \
	sh "$first"
stamp=$(date -u -d "$(echo "$first" | cut -d' ' -f3-)" +%s 2>/dev/null || echo 0)
if [ "$stamp" -ge "$before" ] && [ "$stamp" -le "$after" ]; then
	ok "From_ line date is the delivery time (UTC)"
else
	not_ok "From_ line date is the delivery time (UTC)"
	echo "#   got: $stamp, want within [$before, $after]"
fi
{ printf '%s\n' "$first"
  printf 'Subject: small\n\n>From x\n>>From y\n>>>From z\nFromage\nno final newline\n\n'
} >"$T/small.want"
check "raw mbox bytes: quoting, final newline, blank line" cmp -s "$T/small.want" "$S"

# The envelope sender of the From_ line: -f, then the input's From_ line;
# the null sender is MAILER-DAEMON.
N=$T/senders.mbox
printf 'From postfix@example.net  Mon Nov 23 16:28:13 2026\nSubject: s\n\nb\n' |
	"$MDA" -M "$N" >/dev/null 2>&1
printf 'Subject: s\n\nb\n' | "$MDA" -f '<>' -M "$N" >/dev/null 2>&1
printf 'Subject: s\n\nb\n' | "$MDA" -f 'cli@example.com' -M "$N" >/dev/null 2>&1
is "From_ senders: input From_ line, null sender, -f" \
	"$(grep '^From ' "$N" | cut -d' ' -f2 | tr '\n' ' ')" \
	"postfix@example.net MAILER-DAEMON cli@example.com "

# A mailbox that does not end in a newline gets one before the next entry.
G=$T/glued.mbox
printf 'From old@example.org Mon Nov 23 16:28:13 2026\nSubject: old\n\nno newline' >"$G"
chmod 600 "$G"
cp "$G" "$T/glued.before"
printf 'Subject: new\n\nbody\n' | SENDER=new@example.org "$MDA" -M "$G" >"$T/out" 2>"$T/err"
is "append to a mailbox without final newline: exit 0" "$?" 0
second=$(grep -n '^From new@example.org ' "$G" | cut -d: -f1)
{ cat "$T/glued.before"; printf '\n'; sed -n "${second:-1}p" "$G"
  printf 'Subject: new\n\nbody\n\n'; } >"$T/glued.want"
check "the new entry starts on a fresh line, old bytes untouched" \
	cmp -s "$T/glued.want" "$G"

# Independent check of the entry count with Dovecot's mbox reader.  Dovecot
# refuses mail access as root, so it reads a copy owned by nobody (it
# rewrites its copy, adding X-IMAPbase/X-UID: never point it at $MB).
if ! command -v doveadm >/dev/null 2>&1; then
	skip "doveadm not installed"
elif [ "$(id -u)" -ne 0 ]; then
	skip "Dovecot check needs root (to read as nobody)"
else
	mkdir -p "$T/dv"
	cp "$MB" "$T/dv/inbox"
	chown -R nobody:nogroup "$T/dv"
	cat >"$T/dovecot.conf" <<EOF
mail_location = mbox:$T/dv:INBOX=$T/dv/inbox:INDEX=MEMORY
mail_uid = nobody
mail_gid = nogroup
log_path = $T/dovecot.log
base_dir = $T/dvrun
ssl = no
EOF
	cnt=$(USER=nobody HOME=$T/dv timeout 60 doveadm -c "$T/dovecot.conf" \
		mailbox status messages INBOX 2>"$T/dv.err")
	is "Dovecot counts one message per delivery" "$cnt" "INBOX messages=$nmsg"
	[ "$cnt" = "INBOX messages=$nmsg" ] || sed 's/^/#   /' "$T/dv.err" | head -5
fi

done_testing
