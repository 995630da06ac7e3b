#!/bin/sh
# 0800-lmtp-protocol.sh - mda lmtp speaks RFC 2033, checked reply by reply.
#
# A client's whole side of a conversation is sent at once (so every
# command after LHLO is pipelined, RFC 2920), first on standard
# input/output, then over a unix socket with a scripted client
# (tests/lmtp/client.py).  Virtual users live under $T/vmail, owned by
# the user the server runs as (nobody when the test runs as root).
. "$MDA_ROOT/tests/lib.sh"

CLIENT="python3 $MDA_ROOT/tests/lmtp/client.py"
V=$T/vmail
D=$V/example.org
RUNAS=""
OWNER=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
	OWNER=nobody
	RUNAS="--user nobody"
fi
UID_=$(id -u "$OWNER")
GID_=$(id -g "$OWNER")
mkdir -p "$D/quinn" "$D/alice" "$D/bob" "$D/carol/Maildir/new" "$D/carol/Maildir/cur" \
	"$D/carol/Maildir/tmp" "$D/dave" "$D/erin" "$D/frank"
cat >"$D/dave/.mda.sieve" <<'S'
require "reject";
reject "dave takes
no mail";
S
cat >"$D/erin/.mda.sieve" <<'S'
require ["environment", "fileinto", "subaddress", "envelope"];
if environment :is "vnd.mda.original-recipient" "boss@example.net" {
	fileinto "FromBoss";
}
if envelope :detail "to" "lists" { fileinto "Lists"; }
S
U=$T/users
cat >"$U" <<USERS
alice@example.org:{PLAIN}secret:$UID_:$GID_::$D/alice::userdb_quota_rule=*:storage=1G
bob@Example.ORG:x:::::
carol@example.org:x:::::
dave@example.org:x:::::
erin@example.org:x:::::
frank@example.org:x:::::
zed@example.org:x:0:0::$D/zed::
quinn@example.org:x::::$D/quinn::userdb_quota_rule=*:storage=4
USERS
chown -R "$OWNER" "$V"
[ "$OWNER" != root ] && chown root "$D/frank"   # frank's home is not ours
chmod 000 "$D/carol/Maildir/new"      # carol's Maildir is broken
LMTP="$MDA lmtp $RUNAS --userdb $U --home $V/%d/%n"

# talk INPUT: one stdio session; the status words of each reply line
talk() {
	printf "$1" | $LMTP 2>"$T/err" | cut -c1-9 | tr -d '\r' | tr '\n' ' '
}
newfiles() { find "$1" -type f 2>/dev/null | wc -l | tr -d ' '; }
tmpfiles() { find "$V" -path "$V/*/tmp/*" -type f | wc -l | tr -d ' '; }
HDR=$(printf '220 %s LMTP' "$(hostname)" | cut -c1-9)
LHLO_R="$(printf '250-%s' "$(hostname)" | cut -c1-9) 250-PIPEL 250-ENHAN 250-8BITM 250-SIZE  250 DSN"

# 1. Greeting, LHLO with its extensions.
out=$(printf 'LHLO client\r\nQUIT\r\n' | $LMTP 2>/dev/null | tr -d '\r')
is "greeting is 220" "$(printf '%s\n' "$out" | head -n 1 | cut -c1-4)" "220 "
for ext in PIPELINING ENHANCEDSTATUSCODES 8BITMIME "SIZE 67108864" DSN; do
	check "LHLO advertises $ext" sh -c 'printf "%s\n" "$1" | grep -q "^250[- ]$2\$"' sh "$out" "$ext"
done
is "QUIT is 221" "$(printf '%s\n' "$out" | tail -n 1 | cut -c1-9)" "221 2.0.0"

# 2. One pipelined transaction, mixed outcomes, in RCPT order.
MSG='Subject: mixed\r\nMessage-ID: <mixed@test>\r\n\r\nline one\r\n..leading dot\r\n.\r\n'
got=$(talk "LHLO c\r\nMAIL FROM:<sender@example.net> SIZE=200 BODY=8BITMIME RET=HDRS ENVID=x+2By\r\nRCPT TO:<alice@example.org> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;alice@example.org\r\nRCPT TO:<nobody@example.org>\r\nRCPT TO:<carol@example.org>\r\nRCPT TO:<dave@example.org>\r\nRCPT TO:<bob@EXAMPLE.ORG>\r\nRCPT TO:<zed@example.org>\r\nRCPT TO:<frank@example.org>\r\nDATA\r\n${MSG}QUIT\r\n")
is "replies of a mixed transaction" "$got" \
"$HDR $LHLO_R 250 2.1.0 250 2.1.5 550 5.1.1 250 2.1.5 250 2.1.5 250 2.1.5 451 4.3.0 250 2.1.5 354 End d 250 2.0.0 451 4.2.0 550 5.7.1 250 2.0.0 451 4.3.0 221 2.0.0 "
is "alice got one message" "$(newfiles "$D/alice/Maildir/new")" 1
is "bob (domain case folded) got one message" "$(newfiles "$D/bob/Maildir/new")" 1
is "carol (broken Maildir) got nothing" "$(newfiles "$D/carol/Maildir/cur")" 0
is "dave (rejected by his filter) got nothing" "$(newfiles "$D/dave/Maildir")" 0
is "frank (home owned by another uid) got nothing" "$(newfiles "$D/frank")" 0
fa=$(find "$D/alice/Maildir/new" -type f | head -n 1)
fb=$(find "$D/bob/Maildir/new" -type f | head -n 1)
is "the copies are one file (hard links)" \
	"$(stat -c %i "$fa" 2>/dev/null)" "$(stat -c %i "$fb" 2>/dev/null)"
is "stored bytes: Return-Path, LF line ends, dot unstuffed" \
	"$(od -c "$fa" | head -n 20)" \
	"$(printf 'Return-Path: <sender@example.net>\nSubject: mixed\nMessage-ID: <mixed@test>\n\nline one\n.leading dot\n' | od -c | head -n 20)"
check "no Delivered-To with several recipients" sh -c '! grep -q "^Delivered-To:" "$1"' sh "$fa"
check "the name carries S=<size>" [ "${fa##*,S=}" = "$(stat -c %s "$fa")" ]
is "no temp file left" "$(tmpfiles)" 0
got=$(printf 'LHLO c\r\nMAIL FROM:<a@b>\r\nRCPT TO:<dave@example.org>\r\nDATA\r\nSubject: r\r\n\r\nx\r\n.\r\nQUIT\r\n' | $LMTP 2>/dev/null | grep '^550' | tr -d '\r')
is "the filter's reason, its line end made a space (one reply line)" "$got" "550 5.7.1 dave takes no mail"

# 3. One recipient: Delivered-To; ORCPT and +detail reach the filter.
got=$(talk "LHLO c\r\nMAIL FROM:<>\r\nRCPT TO:<erin+lists@example.org> ORCPT=rfc822;boss+2B1@example.net\r\nDATA\r\nSubject: one\r\n\r\nx\r\n.\r\nQUIT\r\n")
is "single recipient with ORCPT and detail" "$got" \
"$HDR $LHLO_R 250 2.1.0 250 2.1.5 354 End d 250 2.0.0 221 2.0.0 "
fe=$(find "$D/erin/Maildir/.Lists/new" -type f 2>/dev/null | head -n 1)
check "the +detail reached the filter (fileinto Lists)" [ -n "$fe" ]
is "Delivered-To names the recipient" \
	"$(grep '^Delivered-To:' "${fe:-/dev/null}")" "Delivered-To: erin+lists@example.org"
is "the null sender is Return-Path: <>" \
	"$(grep '^Return-Path:' "${fe:-/dev/null}")" "Return-Path: <>"
check "ORCPT boss+1 is not boss: no FromBoss" [ ! -d "$D/erin/Maildir/.FromBoss" ]
talk "LHLO c\r\nMAIL FROM:<a@b>\r\nRCPT TO:<erin@example.org> ORCPT=rfc822;boss@example.net\r\nDATA\r\nSubject: two\r\n\r\nx\r\n.\r\nQUIT\r\n" >/dev/null
is "the original recipient is the environment item" \
	"$(newfiles "$D/erin/Maildir/.FromBoss/new")" 1

# The user's userdb_quota_rule (storage=4: 4 KiB): the first 3 KB message
# fits, the second is 452 4.2.2 for that recipient alone; one that can
# never fit is 552 5.2.2.
big=$(head -c 3000 /dev/zero | tr '\0' y)
Q="RCPT TO:<quinn@example.org>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\nSubject: big\r\n\r\n$big\r\n.\r\n"
got=$(talk "LHLO c\r\nMAIL FROM:<a@b>\r\n${Q}MAIL FROM:<a@b>\r\n${Q}MAIL FROM:<a@b>\r\n${Q%%Subject*}Subject: huge\r\n\r\n$big$big\r\n.\r\nQUIT\r\n")
is "quota rule: 250, then 452 4.2.2, then 552 5.2.2, for that recipient only" "$got" \
"$HDR $LHLO_R 250 2.1.0 250 2.1.5 250 2.1.5 354 End d 250 2.0.0 250 2.0.0 250 2.1.0 250 2.1.5 250 2.1.5 354 End d 452 4.2.2 250 2.0.0 250 2.1.0 250 2.1.5 250 2.1.5 354 End d 552 5.2.2 250 2.0.0 221 2.0.0 "
is "one message stored for the user with the small quota" "$(newfiles "$D/quinn/Maildir/new")" 1

# 4. Bad sequences, VRFY, NOOP, RSET, unknown commands, overlong line.
long=$(head -c 3000 /dev/zero | tr '\0' x)
got=$(talk "MAIL FROM:<a@b>\r\nLHLO c\r\nRCPT TO:<alice@example.org>\r\nDATA\r\nMAIL FROM:<a@b>\r\nMAIL FROM:<a@b>\r\nDATA\r\nVRFY alice\r\nNOOP\r\nRSET\r\nRCPT TO:<alice@example.org>\r\nEHLO x\r\nFOO\r\nNOOP $long\r\nNOOP\r\nMAIL FROM:<a@b> SIZE=999999999999\r\nMAIL FROM:<a@b> FOO=1\r\nMAIL FROM:a@b\r\nQUIT\r\n")
is "sequence errors, VRFY, RSET, an overlong line" "$got" \
"$HDR 503 5.5.1 $LHLO_R 503 5.5.1 503 5.5.1 250 2.1.0 503 5.5.1 503 5.5.1 252 2.5.2 250 2.0.0 250 2.0.0 503 5.5.1 500 5.5.1 500 5.5.2 500 5.5.2 250 2.0.0 552 5.3.4 555 5.5.4 501 5.5.4 221 2.0.0 "

# 5. Too many recipients: 452 4.5.3 for the 1001st, the session goes on.
rcpts=$(i=0; while [ $i -lt 1001 ]; do printf 'RCPT TO:<alice@example.org>\\r\\n'; i=$((i + 1)); done)
got=$(printf "LHLO c\r\nMAIL FROM:<a@b>\r\n${rcpts}RSET\r\nQUIT\r\n" | $LMTP 2>/dev/null | cut -c1-9 | sort | uniq -c | tr -s ' ' | tr -d '\r' | tr '\n' ' ')
check "1000 accepted, the 1001st is 452 4.5.3 ($got)" sh -c 'case "$1" in *" 1000 250 2.1.5 "*"1 452 4.5.3"*) exit 0;; esac; exit 1' sh "$got"

# 6. A connection dropped mid-DATA leaves no temp file and stores nothing.
before=$(newfiles "$D/alice/Maildir/new")
got=$(talk "LHLO c\r\nMAIL FROM:<a@b>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\nSubject: cut\r\n\r\nhalf a mess")
is "no reply after 354 for a cut message" "$got" "$HDR $LHLO_R 250 2.1.0 250 2.1.5 354 End d "
is "nothing stored" "$(newfiles "$D/alice/Maildir/new")" "$before"
is "no temp file left after the drop" "$(tmpfiles)" 0

# 7. Started as root, it will not deliver as root.
if [ "$(id -u)" -eq 0 ]; then
	printf 'QUIT\r\n' | "$MDA" lmtp --userdb "$U" >"$T/root.out" 2>"$T/root.err"
	is "root without --user: exit 64" "$?" 64
	check "and says why ($(head -n 1 "$T/root.err"))" grep -q -- "--user" "$T/root.err"
	is "and speaks no LMTP" "$(wc -c <"$T/root.out" | tr -d ' ')" 0
else
	skip "not root"
fi

# 8. Over a unix socket: pipelined transactions, SIGTERM drains.
S=$T/lmtp.sock
$LMTP --listen "unix:$S" --max-connections 4 2>"$T/server.err" &
srv=$!
i=0; while [ ! -S "$S" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
check "the server listens on $S" [ -S "$S" ]
before=$(newfiles "$D/alice/Maildir/new")
# at_once SOCK N NAME RCPTS: N clients at once, each one message to RCPTS
# (RCPT lines), replies in $T/NAME1 .. $T/NAMEn.
at_once() {
	pids=""
	for n in $(seq "$2"); do
		$CLIENT "unix:$1" "s:LHLO c\r\nMAIL FROM:<$3$n@x>\r\n$4DATA\r\nSubject: $3 $n\r\n\r\nbody $n\r\n.\r\nQUIT\r\n" e >"$T/$3$n" &
		pids="$pids $!"
	done
	for p in $pids; do wait "$p"; done
}
at_once "$S" 6 par "RCPT TO:<alice@example.org>\r\nRCPT TO:<bob@example.org>\r\n"
is "six connections (four at a time) delivered six messages" \
	"$(( $(newfiles "$D/alice/Maildir/new") - before ))" 6
is "each got 250 for both recipients" \
	"$(cat "$T"/par* | grep -c '^250 2\.0\.0')" 12
# SIGKILL of a session mid-DATA: no reply, nothing in new/ (a spool file
# in tmp/ is all a kill can leave, as the Maildir protocol allows).
before=$(newfiles "$D/alice/Maildir/new")
$CLIENT "unix:$S" "s:LHLO c\r\nMAIL FROM:<k@x>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\n" w:354 \
	"s:Subject: killed\r\n\r\nfirst half\r\n" e >"$T/killed" 2>&1 &
cl=$!
i=0; while ! grep -q '^354' "$T/killed" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
sleep 0.3
kids=$(pgrep -P "$srv")
check "the session is still open when killed" [ -n "$kids" ]
kill -9 $kids 2>/dev/null
wait "$cl"
is "SIGKILL mid-DATA: nothing stored" "$(newfiles "$D/alice/Maildir/new")" "$before"
check "and no 250 for it" sh -c '! grep -q "^250 2\.0\.0" "$1"' sh "$T/killed"
find "$V" -path "$V/*/tmp/*" -type f -delete
# SIGHUP reads the table again and the server goes on serving.
kill -HUP "$srv"
got=$($CLIENT "unix:$S" "s:LHLO c\r\nNOOP\r\nQUIT\r\n" e | cut -c1-9 | tr -d '\r' | tail -n 2 | tr '\n' ' ')
is "after SIGHUP the server still answers" "$got" "250 2.0.0 221 2.0.0 "
# The table is read again when it changes: unreadable, RCPT is 451 4.3.0.
if [ "$OWNER" != root ]; then
	chmod 000 "$U"
	got=$($CLIENT "unix:$S" "s:LHLO c\r\nMAIL FROM:<a@b>\r\nRCPT TO:<alice@example.org>\r\nQUIT\r\n" e | cut -c1-9 | tr -d '\r' | tr '\n' ' ')
	is "table unreadable: 451 4.3.0 at RCPT" "$got" "$HDR $LHLO_R 250 2.1.0 451 4.3.0 221 2.0.0 "
	chmod 644 "$U"
else
	skip "root reads any table"
fi
$CLIENT "unix:$S" "s:LHLO c\r\nMAIL FROM:<t@x>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\n" w:354 \
	"k:$srv:TERM" "s:Subject: in flight\r\n\r\nstill delivered\r\n.\r\nNOOP\r\n" e >"$T/drain"
# The NOOP may come before the session sees the signal (it is relayed by
# the parent): either way the message gets its 250 and the session 421.
tr -d '\r' <"$T/drain" | cut -c1-9 | tail -n 2 >"$T/drain.tail"
is "SIGTERM: the transaction in flight ends with 250, then 421" \
	"$(tr '\n' ' ' <"$T/drain.tail")" "250 2.0.0 421 4.3.2 "
check "the in-flight message was stored" grep -qs "^Subject: in flight" "$D"/alice/Maildir/new/*
i=0; while kill -0 "$srv" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
check "the server exits after SIGTERM" sh -c '! kill -0 "$1" 2>/dev/null' sh "$srv"
wait "$srv"; rc=$?
is "and exits 0" "$rc" 0
is "no temp file left at the end" "$(tmpfiles)" 0

# 9. One worker (--max-connections 1) serves connections one after
# another: three at once all get their 250, the others wait in the
# backlog; the pool never grows past its size.
S1=$T/one.sock
$LMTP --listen "unix:$S1" --max-connections 1 2>"$T/one.err" &
srv=$!
i=0; while [ ! -S "$S1" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
before=$(newfiles "$D/alice/Maildir/new")
at_once "$S1" 3 one "RCPT TO:<alice@example.org>\r\n"
is "one worker, three connections: three stored" \
	"$(( $(newfiles "$D/alice/Maildir/new") - before ))" 3
is "each got its 250" "$(cat "$T"/one1 "$T"/one2 "$T"/one3 | grep -c '^250 2\.0\.0')" 3
is "the pool holds one worker" "$(pgrep -P "$srv" | wc -l | tr -d ' ')" 1
kill -TERM "$srv"
wait "$srv"; rc=$?
is "an idle pool exits 0 on SIGTERM" "$rc" 0

# 10. What a killed worker left in tmp/ goes as for the command: a spool
# file older than 36 hours, when tmp/ was not read for an hour.
A=$D/alice/Maildir
printf 'half\n' >"$A/tmp/killed.old"; touch -d '-40 hours' "$A/tmp/killed.old"
chown "$OWNER" "$A/tmp/killed.old"
touch -a -d '-2 hours' "$A/tmp"
got=$(talk "LHLO c\r\nMAIL FROM:<a@b>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\nSubject: sweep\r\n\r\nx\r\n.\r\nQUIT\r\n")
is "a delivery after a killed one: stored" "$(printf '%s' "$got" | grep -o '250 2.0.0' | head -n 1)" "250 2.0.0"
check "the killed worker's spool file is gone" [ ! -e "$A/tmp/killed.old" ]

done_testing
