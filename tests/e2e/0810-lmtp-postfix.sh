#!/bin/sh
# 0810-lmtp-postfix.sh - a real Postfix hands mail for virtual users to
# `mda lmtp` over a unix socket, and Dovecot's IMAP server reads it.
#
# A throwaway Postfix (own config, queue, log; SMTP on a free port of
# 127.0.0.1; see 0130-postfix.sh) has example.org as a virtual mailbox
# domain with `virtual_transport = lmtp:unix:$T/lmtp.sock`, where
# `mda lmtp --listen` serves the users of a passwd-file table.  One SMTP
# message to three users: two are stored (status=sent), the third, whose
# Maildir is broken, is deferred with mda's 4.x.x (status=deferred) and
# nothing bounces; mended, a flush delivers it exactly once.  Dovecot's
# imap binary, run pre-authenticated on a copy of a Maildir, lists and
# reads what mda stored.
. "$MDA_ROOT/tests/lib.sh"

if [ "$(id -u)" -ne 0 ]; then
	skip "needs root (own Postfix instance, server dropped to nobody)"
	done_testing; exit
fi
for tool in postfix postconf postqueue swaks; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		skip "$tool not installed"
		done_testing; exit
	fi
done

. "$MDA_ROOT/tests/postfix.sh"
V=$T/vmail
SOCK=$T/lmtp.sock
srv=""
cleanup() {
	pf_stop
	if [ -n "$srv" ]; then
		kill "$srv" 2>/dev/null
		wait "$srv" 2>/dev/null
	fi
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 75' INT TERM

# Users: alice and carol fine, bob's Maildir broken (new/ not writable).
for u in alice bob carol; do mkdir -p "$V/example.org/$u"; done
mkdir -p "$V/example.org/bob/Maildir/new" "$V/example.org/bob/Maildir/cur" \
	"$V/example.org/bob/Maildir/tmp"
NU=$(id -u nobody) NG=$(id -g nobody)
for u in alice bob carol; do
	echo "$u@example.org:{PLAIN}pw:$NU:$NG::$V/example.org/$u::"
done >"$T/users"
chown -R nobody "$V"
chmod 000 "$V/example.org/bob/Maildir/new"

"$MDA" lmtp --user nobody --listen "unix:$SOCK" --userdb "$T/users" \
	--home "$V/%d/%n" 2>"$T/lmtp.err" &
srv=$!
i=0; while [ ! -S "$SOCK" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
check "mda lmtp listens on $SOCK" [ -S "$SOCK" ]

pf_setup mda-lmtp
printf 'alice@example.org ok\nbob@example.org ok\ncarol@example.org ok\n' >"$CONF/vmailbox"
cat >>"$CONF/main.cf" <<EOF
myhostname = mx.mda.test
mydomain = mda.test
myorigin = mda.test
mydestination =
virtual_mailbox_domains = example.org
virtual_mailbox_maps = texthash:$CONF/vmailbox
virtual_transport = lmtp:unix:$SOCK
EOF
if ! pf_start; then
	done_testing; exit
fi

newcount() { find "$V/example.org/$1/Maildir/new" -type f 2>/dev/null | wc -l | tr -d ' '; }
logged() { grep -q "$1: to=<$2>.*status=$3" "$LOG"; }

# 1. One message, three virtual recipients, one of them broken.
timeout 60 swaks --server 127.0.0.1 --port "$PORT" --helo client.test \
	--from sender@example.net \
	--to alice@example.org,bob@example.org,carol@example.org \
	--header "Subject: to three" --header "Message-ID: <three@client.test>" \
	--body "mda lmtp e2e body" >"$T/swaks.out" 2>&1
q=$(sed -n 's/.*250 2\.0\.0 Ok: queued as \([0-9A-Za-z]*\).*/\1/p' "$T/swaks.out")
check "SMTP accepts the message (queue id '$q')" [ -n "$q" ]
for u in alice carol; do
	if wait_for logged "$q" "$u@example.org" sent; then
		ok "Postfix logs status=sent for $u"
	else
		not_ok "Postfix logs status=sent for $u"
		tail -n 20 "$LOG" 2>/dev/null | sed 's/^/#   /'
	fi
	is "$u has one message" "$(newcount $u)" 1
done
if wait_for logged "$q" bob@example.org deferred; then
	ok "Postfix logs status=deferred for bob (broken Maildir)"
else
	not_ok "Postfix logs status=deferred for bob (broken Maildir)"
	tail -n 20 "$LOG" 2>/dev/null | sed 's/^/#   /'
fi
line=$(grep "$q: to=<bob@example.org>.*status=deferred" "$LOG" | head -n 1)
check "with mda's 4.x.x (${line##*dsn=})" \
	sh -c 'printf "%s\n" "$1" | grep -Eq "dsn=4\.[0-9]+\.[0-9]+, status=deferred.*451 4\."' sh "$line"
check "over LMTP (relay=...lmtp.sock)" \
	sh -c 'printf "%s\n" "$1" | grep -q "relay=.*lmtp.sock"' sh "$line"
check "no bounce" sh -c '! grep -Eq "status=bounced|sender non-delivery notification" "$1"' sh "$LOG"
fa=$(find "$V/example.org/alice/Maildir/new" -type f | head -n 1)
is "Return-Path is the SMTP MAIL FROM" \
	"$(grep -m1 '^Return-Path:' "${fa:-/dev/null}")" "Return-Path: <sender@example.net>"
check "stored with LF line ends" sh -c '! grep -q "$(printf "\r")" "$1"' sh "${fa:-/dev/null}"
is "the file belongs to the server's user" "$(stat -c %U "${fa:-/dev/null}" 2>/dev/null)" nobody
is "no temp file left" \
	"$(find "$V" -path "$V/*/tmp/*" -type f | wc -l | tr -d ' ')" 0

# 2. Mended, a flush delivers bob's copy once; nobody else gets a second.
chmod 700 "$V/example.org/bob/Maildir/new"
timeout 30 postqueue -c "$CONF" -f >/dev/null 2>&1
if wait_for logged "$q" bob@example.org sent; then
	ok "after the fix a flush delivers bob's copy"
else
	not_ok "after the fix a flush delivers bob's copy"
	tail -n 10 "$LOG" 2>/dev/null | sed 's/^/#   /'
fi
is "bob has one message" "$(newcount bob)" 1
is "alice still has one" "$(newcount alice)" 1
fb=$(find "$V/example.org/bob/Maildir/new" -type f | head -n 1)
is "bob's single-recipient copy has Delivered-To" \
	"$(grep -m1 '^Delivered-To:' "${fb:-/dev/null}")" "Delivered-To: bob@example.org"

# 3. Dovecot's IMAP server reads alice's mailbox (a copy: it writes indexes).
if [ -x /usr/lib/dovecot/imap ]; then
	DV=$T/dv
	mkdir -p "$DV"
	cp -a "$V/example.org/alice/Maildir" "$DV/Maildir"
	chown -R nobody "$DV"
	cat >"$T/dovecot.conf" <<EOF
mail_location = maildir:$DV/Maildir
log_path = $T/dovecot.log
base_dir = $T/dvrun
ssl = no
EOF
	printf 'a SELECT INBOX\r\nb FETCH 1 (RFC822.SIZE BODY.PEEK[HEADER.FIELDS (SUBJECT RETURN-PATH)])\r\nc FETCH 1 BODY.PEEK[TEXT]\r\nd LOGOUT\r\n' |
		timeout 60 setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups \
		env USER=alice HOME="$DV" /usr/lib/dovecot/imap -c "$T/dovecot.conf" \
		>"$T/imap.out" 2>"$T/imap.err"
	tr -d '\r' <"$T/imap.out" >"$T/imap.txt"
	check "IMAP SELECT sees one message" grep -q '^\* 1 EXISTS' "$T/imap.txt"
	check "IMAP reads the subject" grep -q '^Subject: to three' "$T/imap.txt"
	check "IMAP reads the Return-Path" grep -q '^Return-Path: <sender@example.net>' "$T/imap.txt"
	check "IMAP reads the body" grep -q '^mda lmtp e2e body' "$T/imap.txt"
	# RFC822.SIZE counts CRLF line ends: the file's octets plus its lines
	is "RFC822.SIZE is the stored size with CRLF" \
		"$(sed -n 's/.*RFC822.SIZE \([0-9]*\).*/\1/p' "$T/imap.txt")" \
		"$(( $(stat -c %s "$fa" 2>/dev/null || echo 0) + $(wc -l <"${fa:-/dev/null}") ))"
	check "Dovecot logged no error" sh -c '! grep -qi "error" "$1" "$2" 2>/dev/null' sh "$T/dovecot.log" "$T/imap.err"
else
	skip "Dovecot's imap binary not installed (dovecot-imapd)"
fi

done_testing
