#!/bin/sh
# 0251-quota-peers.sh - mda's maildirsize is Dovecot's and maildrop's.
#
# One Maildir, owned by nobody, written by three programs:
# - mda deliveries (one filed into a folder by Sieve), with --quota 1M,1000;
# - Dovecot's imap (run over stdin, preauthenticated, no daemon; plugin
#   quota = maildir:User quota with the same rule) doing APPENDs into
#   INBOX and a folder and an EXPUNGE, each of which Dovecot records in
#   maildirsize;
# then: Dovecot's GETQUOTAROOT equals the sums of maildirsize; with the
# file removed, Dovecot's recount and mda's recount are the same line,
# octet for octet; and maildrop's deliverquota, on the same Maildir and
# file, says over or under exactly when mda does (deliverquota exits 77
# over quota, mda 75).
. "$MDA_ROOT/tests/lib.sh"
. "$MDA_ROOT/tests/e2e/quota-lib.sh"

IMAP=/usr/lib/dovecot/imap
if [ "$(id -u)" -ne 0 ]; then
	skip "needs root (Dovecot and deliverquota run as nobody)"
	done_testing; exit
fi
if [ ! -x "$IMAP" ] || ! command -v deliverquota >/dev/null 2>&1 ||
   ! command -v setpriv >/dev/null 2>&1; then
	skip "needs dovecot-imapd, maildrop and setpriv (tests/deps.sh test)"
	done_testing; exit
fi

D=$T/dv
MD=$D/Maildir
mkdir -p "$D"
chown nobody:nogroup "$D"
cat >"$T/dovecot.conf" <<EOF
mail_location = maildir:$MD
mail_uid = nobody
mail_gid = nogroup
log_path = $T/dovecot.log
base_dir = $T/dvrun
ssl = no
mail_plugins = quota
protocol imap {
  mail_plugins = \$mail_plugins imap_quota
}
plugin {
  quota = maildir:User quota
  quota_rule = *:storage=1M:messages=1000
}
EOF
# as_nobody CMD...: run as the Maildir's owner
as_nobody() {
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
		env HOME="$D" "$@"
}
imap() { USER=nobody HOME=$D timeout 60 "$IMAP" -c "$T/dovecot.conf"; }
mda_q() { as_nobody "$MDA" -m "$MD" --quota 1M,1000 "$@"; }
# getquota: "KB MESSAGES" from GETQUOTAROOT INBOX
getquota() {
	printf 'a GETQUOTAROOT INBOX\r\nb LOGOUT\r\n' | imap >"$T/imap.out" 2>&1
	sed -n 's/^\* QUOTA "User quota" (STORAGE \([0-9]*\) [0-9]* MESSAGE \([0-9]*\) [0-9]*).*/\1 \2/p' \
		"$T/imap.out" | tr -d '\r'
}
# kb_msgs: what maildirsize says, in GETQUOTAROOT's units (KB rounded up)
kb_msgs() { sums "$MD/maildirsize" | awk '{ print int(($1 + 1023) / 1024), $2 }'; }

for i in 1 2 3; do msg "d$i" $((1500 * i + 7)) >"$T/d$i"; done
printf 'require "fileinto";\nif header :contains "Subject" "d2" { fileinto "Lists"; }\n' \
	>"$T/route.sieve"
chmod 644 "$T"/d[0-9] "$T/route.sieve"
for i in 1 2 3; do
	mda_q -s "$T/route.sieve" <"$T/d$i" >/dev/null 2>"$T/err"
	is "mda delivery d$i" "$?" 0
done
check "Lists was made by fileinto" test -d "$MD/.Lists/new"
is "Dovecot reads mda's maildirsize" "$(getquota)" "$(kb_msgs)"

# APPEND two (LITERAL+, CRLF as on the wire), expunge one, APPEND to Lists.
a1=$(msg a1 2222 | sed 's/$/\r/')
a2=$(msg a2 5000 | sed 's/$/\r/')
n1=$(printf '%s\n' "$a1" | wc -c | tr -d ' ')
n2=$(printf '%s\n' "$a2" | wc -c | tr -d ' ')
{
	printf 'a APPEND INBOX {%s+}\r\n%s\n\r\n' "$n1" "$a1"
	printf 'b APPEND Lists {%s+}\r\n%s\n\r\n' "$n2" "$a2"
	printf 'c SELECT INBOX\r\nd STORE 1 +FLAGS.SILENT (\\Deleted)\r\n'
	printf 'e EXPUNGE\r\nf LOGOUT\r\n'
} | imap >"$T/imap1.out" 2>&1
is "IMAP: two APPENDs and an EXPUNGE ok" \
	"$(grep -c '^[abe] OK' "$T/imap1.out" | tr -d ' ')" 3
check "Dovecot wrote its lines into maildirsize (a negative one too)" \
	grep -q '^-' "$MD/maildirsize"
for i in 1 3; do mda_q <"$T/d$i" >/dev/null 2>&1; done
is "after the mix: GETQUOTAROOT equals maildirsize" "$(getquota)" "$(kb_msgs)"
is "the count is the files on disk" "$(sums "$MD/maildirsize" | cut -d' ' -f2)" \
	"$(files "$MD")"

# Both recounts, octet for octet.
rm -f "$MD/maildirsize"
getquota >/dev/null
dv_line=$(sed -n 2p "$MD/maildirsize")
is "Dovecot's recount header" "$(head -n 1 "$MD/maildirsize")" "1048576S,1000C"
rm -f "$MD/maildirsize"
mda_q <"$T/d1" >/dev/null 2>&1
is "mda's recount equals Dovecot's" "$(sed -n 2p "$MD/maildirsize")" "$dv_line"
bytes=$(find "$MD" \( -path '*/new/*' -o -path '*/cur/*' \) -type f \
	-exec stat -c %s {} + | awk '{ s += $1 } END { print s }')
is "and the sizes of the files" "$(sums "$MD/maildirsize" | cut -d' ' -f1)" "$bytes"

# deliverquota: the same verdicts, at the edge.  A limit 2000 octets above
# the usage; the first delivery there also stores the 95% warning.
disk() {
	find "$MD" \( -path '*/new/*' -o -path '*/cur/*' \) -type f \
		-exec stat -c %s {} + | awk '{ s += $1; n++ } END { print s, n }'
}
used=$(sums "$MD/maildirsize" | cut -d' ' -f1)
lim=$((used + 2000))
mq() { as_nobody "$MDA" -m "$MD" --quota "$lim,1000" <"$1" >/dev/null 2>&1; }
dq() { as_nobody deliverquota "$MD" <"$1" >/dev/null 2>&1; }
sized() { msg "$1" "$2" >"$T/sz$1"; chmod 644 "$T/sz$1"; echo "$T/sz$1"; }
left() { echo $((lim - $(sums "$MD/maildirsize" | cut -d' ' -f1))); }
mq "$(sized 1 300)"
is "mda: 300 of 2000 fit" "$?" 0
L=$(left)
mq "$(sized 2 $((L + 1)))"
is "mda: one octet more than is left ($L) is over" "$?" 75
dq "$T/sz2"
is "deliverquota: over too (77)" "$?" 77
dq "$(sized 3 $((L / 2)))"
is "deliverquota: half of what is left fits" "$?" 0
check "deliverquota wrote its line (padded), which mda reads next" \
	grep -q '^  *[0-9]' "$MD/maildirsize"
L=$(left)
mq "$(sized 4 $((L + 1)))"
is "mda, after deliverquota's line: one more than left ($L) is over" "$?" 75
dq "$T/sz4"
is "deliverquota agrees" "$?" 77
mq "$(sized 5 "$L")"
is "mda: exactly what is left fits" "$?" 0
mq "$(sized 6 100)"
is "mda: full" "$?" 75
dq "$T/sz6"
is "deliverquota: full" "$?" 77
is "maildirsize is what is on disk" \
	"$(sums "$MD/maildirsize")" "$(disk)"
if grep -q 'Error' "$T/dovecot.log" 2>/dev/null; then
	not_ok "Dovecot logs no error"; grep Error "$T/dovecot.log" | head -n 5 | sed 's/^/#   /'
else
	ok "Dovecot logs no error"
fi
done_testing
