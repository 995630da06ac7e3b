#!/bin/sh
# 0120-dovecot-reads.sh - what mda writes into a Maildir, Dovecot reads:
# every corpus message byte for byte, with the size Dovecot trusts from the
# ",S=" of the name; the Maildir++ folders a Sieve fileinto made, under the
# names a user sees ("Lists.debian", "Bücher" from .B&APw-cher); and the
# flags and keyword imap4flags set (\Seen \Flagged $Label1 through
# dovecot-keywords).
#
# doveadm runs without any daemon: a throwaway config (-c), USER and HOME in
# the environment and no -u, so no auth lookup is needed.  Dovecot refuses
# mail access as root, so it runs as nobody on a copy of the Maildir (it
# writes its index and uidlist files there).
. "$MDA_ROOT/tests/lib.sh"

if ! command -v doveadm >/dev/null 2>&1; then
	skip "doveadm not installed (apt-get install dovecot-core)"
	done_testing; exit
fi
if [ "$(id -u)" -ne 0 ]; then
	skip "needs root (Dovecot reads as nobody, files are chowned to it)"
	done_testing; exit
fi

C=$T/corpus
MD=$T/Maildir
if ! python3 "$MDA_ROOT/tests/corpus/gen.py" "$C" >"$T/gen.out" 2>&1; then
	not_ok "corpus generated"; sed 's/^/#   /' "$T/gen.out"
	done_testing; exit
fi
nmsg=$(find "$C" -name '*.eml' | wc -l | tr -d ' ')

# Deliver the corpus, remembering which file each input became.
: >"$T/seen" ; : >"$T/map" ; : >"$T/bad.rc"
for f in "$C"/*.eml; do
	"$MDA" -m "$MD" <"$f" >/dev/null 2>"$T/err" ||
		echo "$(basename "$f") $(head -n 1 "$T/err")" >>"$T/bad.rc"
	ls "$MD/new" | LC_ALL=C sort >"$T/now"
	LC_ALL=C comm -13 "$T/seen" "$T/now" | sed "s|^|$f |" >>"$T/map"
	mv "$T/now" "$T/seen"
done
is "corpus delivered without error" "$(wc -l <"$T/bad.rc" | tr -d ' ')" 0
is "one Maildir file per message" "$(wc -l <"$T/map" | tr -d ' ')" "$nmsg"

# Folders and flags by Sieve, once the engine offers them.
caps=$("$MDA" check --capabilities 2>/dev/null)
sieve_ok=no
case " $caps " in *fileinto*imap4flags*|*imap4flags*fileinto*) sieve_ok=yes ;; esac
if [ "$sieve_ok" = yes ]; then
	cat >"$T/route.sieve" <<'EOF'
require ["fileinto", "imap4flags"];
if header :contains "List-Id" "debian-devel.lists.debian.org" {
	fileinto "Lists.debian";
	stop;
}
if header :is "Subject" "Bücher" {
	fileinto "Bücher";
	stop;
}
if header :is "X-Test" "flag-me" {
	addflag ["\\Seen", "\\Flagged", "$Label1"];
}
EOF
	printf 'From: list@example.org\nList-Id: Debian Devel <debian-devel.lists.debian.org>\nSubject: [debian] hello\nMessage-ID: <list@mda.test>\n\nlist mail\n' >"$T/list.eml"
	printf 'From: shop@example.org\nSubject: =?UTF-8?Q?B=C3=BCcher?=\nMessage-ID: <book@mda.test>\n\nbooks\n' >"$T/book.eml"
	printf 'From: boss@example.org\nX-Test: flag-me\nSubject: important\nMessage-ID: <flag@mda.test>\n\nflagged\n' >"$T/flag.eml"
	for m in list book flag; do
		"$MDA" -m "$MD" -s "$T/route.sieve" <"$T/$m.eml" >/dev/null 2>"$T/err"
		is "sieve delivery of $m exits 0" "$?" 0
	done
	check "fileinto Lists.debian made .Lists.debian/ with maildirfolder" \
		test -f "$MD/.Lists.debian/maildirfolder"
	check "fileinto Bücher made .B&APw-cher/ (modified UTF-7)" \
		test -f "$MD/.B&APw-cher/maildirfolder"
	check "the keyword is in dovecot-keywords" \
		grep -q ' \$Label1$' "$MD/dovecot-keywords"
else
	skip "Sieve fileinto/imap4flags not available yet (mda check --capabilities)"
fi

# Hand a copy to Dovecot.
dovecot_copy "$MD"

# Every message, byte for byte, as Dovecot reads it; a wrong S= makes
# Dovecot complain ("Cached message size smaller than expected").
dv fetch 'uid guid size.physical' mailbox INBOX all >"$T/uids" 2>"$T/dv.err"
is "doveadm fetch exits 0" "$?" 0
: >"$T/bad.text" ; : >"$T/bad.size"
while read -r f name; do  # bounded by the map of deliveries
	uid=$(grep -B1 "^guid: $name\$" "$T/uids" | sed -n 's/^uid: //p')
	if [ -z "$uid" ]; then
		echo "$(basename "$f"): $name not listed by Dovecot" >>"$T/bad.text"
		continue
	fi
	case $f in
	*-fromline.eml) tail -n +2 "$f" >"$T/body" ;;
	*) cp "$f" "$T/body" ;;
	esac
	{ printf 'text:\n'; cat "$T/body"; } >"$T/want"
	dv fetch text mailbox INBOX uid "$uid" >"$T/got" 2>>"$T/dv.err"
	cmp -s "$T/want" "$T/got" || echo "$(basename "$f") (uid $uid)" >>"$T/bad.text"
	psize=$(grep -A1 "^guid: $name\$" "$T/uids" | sed -n 's/^size.physical: //p')
	[ "$psize" = "$(stat -c %s "$T/body")" ] ||
		echo "$(basename "$f"): size.physical $psize" >>"$T/bad.size"
done <"$T/map"
if [ -s "$T/bad.text" ]; then
	not_ok "Dovecot reads every message byte-identical ($(wc -l <"$T/bad.text" | tr -d ' ') differ)"
	head -n 10 "$T/bad.text" | sed 's/^/#   /'
else
	ok "Dovecot reads every message byte-identical"
fi
if [ -s "$T/bad.size" ]; then
	not_ok "Dovecot's physical size is the input size"
	head -n 10 "$T/bad.size" | sed 's/^/#   /'
else
	ok "Dovecot's physical size is the input size"
fi
if grep -q 'Error' "$T/dv.err"; then
	not_ok "Dovecot logs no error"; head -n 5 "$T/dv.err" | sed 's/^/#   /'
else
	ok "Dovecot logs no error"
fi

if [ "$sieve_ok" = yes ]; then
	# "Lists" is listed too: Dovecot shows the parent of Lists.debian as a
	# \NonExistent node.  The separator of the Maildir++ layout is '.'.
	dv mailbox list >"$T/boxes" 2>"$T/dv.err"
	is "Dovecot's mailboxes" "$(LC_ALL=C sort "$T/boxes" | tr '\n' ' ')" \
		"Bücher INBOX Lists Lists.debian "
	is "Lists.debian holds the list mail" \
		"$(dv fetch 'hdr.message-id' mailbox Lists.debian all 2>&1)" \
		"hdr.message-id: <list@mda.test>"
	is "Bücher holds the book mail" \
		"$(dv fetch 'hdr.message-id' mailbox Bücher all 2>&1)" \
		"hdr.message-id: <book@mda.test>"
	is "INBOX holds corpus + the flagged mail" \
		"$(dv mailbox status -t messages INBOX 2>&1)" "messages=$((nmsg + 1))"
	# \Recent is Dovecot's per-session flag; everything else is ours.
	flags=$(dv fetch flags mailbox INBOX header Message-ID '<flag@mda.test>' 2>&1 |
		sed -n 's/^flags: //p' | tr ' ' '\n' | grep -v '^\\Recent$' |
		LC_ALL=C sort | tr '\n' ' ')
	is "flags of the flagged mail" "$flags" '$Label1 \Flagged \Seen '
	is "only that message is flagged or seen" \
		"$(dv search mailbox '*' OR FLAGGED SEEN 2>&1 | wc -l | tr -d ' ')" 1
	is "only that message has \$Label1" \
		"$(dv search mailbox '*' KEYWORD '$Label1' 2>&1 | wc -l | tr -d ' ')" 1
fi

done_testing
