#!/bin/sh
# 0130-postfix.sh - mda as Postfix's mailbox_command, for real.
#
# A throwaway Postfix instance (its own config, queue and data directories
# under $T, its own syslog_name and maillog_file, SMTP on 127.0.0.1 at a
# free high port, no chroot) delivers to a local user made for the test,
# whose mailbox_command is the built mda.  Mail sent over SMTP must land in
# ~user/Maildir/new with a Return-Path equal to the SMTP MAIL FROM.  With
# new/ made unwritable the next mail must be deferred (mda exits 75 with a
# 4.x.x line) and stay queued, never bounce; once new/ is mended a queue
# flush delivers it.  With ~/Maildir made a plain file, then a dangling
# symbolic link, mail must be deferred as well, naming the path, and never
# diverted into the user's spool mbox (which exists and is writable here,
# so a fallback would succeed).
. "$MDA_ROOT/tests/lib.sh"

if [ "$(id -u)" -ne 0 ]; then
	skip "needs root (own Postfix instance and a test user)"
	done_testing; exit
fi
for tool in postfix postconf postqueue swaks useradd userdel; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		skip "$tool not installed"
		done_testing; exit
	fi
done

. "$MDA_ROOT/tests/postfix.sh"
TU=mdae2e$$
TH=$T/home-$TU
made_user=no
cleanup() {
	pf_stop
	[ "$made_user" = yes ] && userdel "$TU" >/dev/null 2>&1
	[ "$made_user" = yes ] && rm -f "/var/mail/$TU"
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 75' INT TERM

# The test user, its Maildir, and a copy of mda it may execute.
if ! useradd -M -d "$TH" -s /bin/sh "$TU" 2>"$T/err"; then
	not_ok "useradd $TU"; sed 's/^/#   /' "$T/err"; done_testing; exit
fi
made_user=yes
mkdir -p "$TH/Maildir/new" "$TH/Maildir/cur" "$TH/Maildir/tmp" "$T/bin"
chown -R "$TU" "$TH"
chmod 700 "$TH/Maildir"
cp "$MDA" "$T/bin/mda"
chmod 755 "$T/bin" "$T/bin/mda"

# A free port: pf_setup asks the kernel for one (a race with another
# program is possible but harmless: start-up then fails and says so).
pf_setup mda-e2e
cat >>"$CONF/main.cf" <<EOF
myhostname = mda.test
mydomain = mda.test
myorigin = mda.test
mydestination = mda.test
local_recipient_maps = unix:passwd.byname
home_mailbox =
mailbox_command = $T/bin/mda
EOF
if ! pf_start; then
	done_testing; exit
fi

# send FROM SUBJECT: one message over SMTP; prints the queue id.
send() {
	timeout 60 swaks --server 127.0.0.1 --port "$PORT" --helo client.test \
		--from "$1" --to "$TU@mda.test" \
		--header "Subject: $2" --header "Message-ID: <$2@client.test>" \
		--body "mda e2e body for $2" >"$T/swaks.out" 2>&1 || return 1
	sed -n 's/.*250 2\.0\.0 Ok: queued as \([0-9A-Za-z]*\).*/\1/p' "$T/swaks.out"
}
newcount() { find "$TH/Maildir/new" -type f | wc -l | tr -d ' '; }

# 1. A mail is delivered into ~/Maildir/new by mda.
q1=$(send "alice@example.org" "first")
check "SMTP accepts the first mail (queue id '$q1')" [ -n "$q1" ]
if wait_for sh -c '[ "$(find "$1" -type f | wc -l)" -ge 1 ]' sh "$TH/Maildir/new"; then
	ok "the first mail lands in ~$TU/Maildir/new"
else
	not_ok "the first mail lands in ~$TU/Maildir/new"
	tail -n 20 "$LOG" 2>/dev/null | sed 's/^/#   /'
fi
f1=$(find "$TH/Maildir/new" -type f | head -n 1)
is "one file in new/" "$(newcount)" 1
if [ -n "$f1" ]; then
	hdr=$(sed '/^\r\{0,1\}$/q' "$f1")
	is "Return-Path equals the SMTP MAIL FROM" \
		"$(printf '%s\n' "$hdr" | grep -i '^Return-Path:' | tr -d '\r')" \
		"Return-Path: <alice@example.org>"
	check "the stored mail is the one sent (Message-ID)" \
		grep -q '^Message-ID: <first@client.test>' "$f1"
	check "no From_ line stored in the Maildir file" \
		sh -c '! head -n 1 "$1" | grep -q "^From "' sh "$f1"
	is "the file belongs to the user" "$(stat -c %U "$f1")" "$TU"
	name=$(basename "$f1")
	check "the name carries S=<size>" \
		[ "${name##*,S=}" = "$(stat -c %s "$f1")" ]
else
	skip "no delivered file to inspect"
fi
check "the log shows status=sent for $q1" \
	grep -q "$q1: to=<$TU@mda.test>.*status=sent" "$LOG"

# 2. new/ unwritable: deferred (4.x.x), kept in the queue, no bounce.
chmod 000 "$TH/Maildir/new"
q2=$(send "bob@example.org" "second")
check "SMTP accepts the second mail (queue id '$q2')" [ -n "$q2" ]
if [ -n "$q2" ] && wait_for grep -q "$q2: to=<$TU@mda.test>.*status=deferred" "$LOG"; then
	ok "the second mail is deferred"
else
	not_ok "the second mail is deferred"
	tail -n 20 "$LOG" 2>/dev/null | sed 's/^/#   /'
fi
line=$(grep "$q2: to=<$TU@mda.test>.*status=deferred" "$LOG" | head -n 1)
check "with a 4.x.x status (${line##*dsn=})" \
	sh -c 'printf "%s\n" "$1" | grep -Eq "dsn=4\.[0-9]+\.[0-9]+, status=deferred"' sh "$line"
# Postfix takes the status from mda's first output line and logs the rest
# of it as the reason; its own wording ("temporary failure ...") would
# mean mda said nothing usable.
reason=${line##*status=deferred (}
check "the reason is mda's own line ($reason)" \
	sh -c 'case $1 in "temporary failure"*|"") exit 1 ;; esac' sh "$reason"
timeout 30 postqueue -c "$CONF" -p >"$T/queue" 2>&1
check "postqueue -p shows the second mail" grep -q "^$q2" "$T/queue"
check "no bounce in the log" sh -c '! grep -Eq "status=bounced|sender non-delivery notification" "$1"' sh "$LOG"
is "nothing more reached new/ (root reads it anyway)" "$(newcount)" 1
is "tmp/ is left empty" "$(find "$TH/Maildir/tmp" -type f | wc -l | tr -d ' ')" 0

# 3. Mended: a flush delivers the deferred mail, exactly once.
chmod 700 "$TH/Maildir/new"
timeout 30 postqueue -c "$CONF" -f >/dev/null 2>&1
if wait_for grep -q "$q2: to=<$TU@mda.test>.*status=sent" "$LOG"; then
	ok "after the fix a queue flush delivers it"
else
	not_ok "after the fix a queue flush delivers it"
	tail -n 10 "$LOG" 2>/dev/null | sed 's/^/#   /'
fi
is "two files in new/" "$(newcount)" 2
is "the second is there once" \
	"$(grep -l '^Message-ID: <second@client.test>' "$TH"/Maildir/new/* 2>/dev/null | wc -l | tr -d ' ')" 1
f2=$(grep -l '^Message-ID: <second@client.test>' "$TH"/Maildir/new/* 2>/dev/null | head -n 1)
is "its Return-Path is the second MAIL FROM" \
	"$(sed '/^\r\{0,1\}$/q' "${f2:-/dev/null}" | grep -i '^Return-Path:' | tr -d '\r')" \
	"Return-Path: <bob@example.org>"
check "still no bounce" sh -c '! grep -Eq "status=bounced|sender non-delivery notification" "$1"' sh "$LOG"

# 4. ~/Maildir unusable (a file, a dangling link): deferred naming the
# path, never diverted to the spool mbox, which would take the mail.
SPOOL=/var/mail/$TU
if [ -d /var/mail ] && : >"$SPOOL" && chown "$TU" "$SPOOL" && chmod 600 "$SPOOL"; then
	mv "$TH/Maildir" "$TH/Maildir.real"
	n=3
	for form in file link; do
		if [ "$form" = file ]; then
			: >"$TH/Maildir"; chown "$TU" "$TH/Maildir"
		else
			ln -s "$TH/nowhere" "$TH/Maildir"
		fi
		q=$(send "carol@example.org" "broken-$form")
		if [ -n "$q" ] && wait_for grep -q "$q: to=<$TU@mda.test>.*status=deferred" "$LOG"; then
			ok "~/Maildir as a $form: the mail is deferred"
		else
			not_ok "~/Maildir as a $form: the mail is deferred"
			grep "${q:-none}" "$LOG" | tail -n 5 | sed 's/^/#   /'
		fi
		line=$(grep "$q: to=<$TU@mda.test>.*status=deferred" "$LOG" | head -n 1)
		check "the reason names the path (${line##*status=deferred })" \
			sh -c 'case $1 in *"$2/Maildir"*) exit 0 ;; esac; exit 1' sh "$line" "$TH"
		is "nothing was diverted into $SPOOL" "$(stat -c %s "$SPOOL")" 0
		rm -f "$TH/Maildir"
		n=$((n + 1))
	done
	mv "$TH/Maildir.real" "$TH/Maildir"
	timeout 30 postqueue -c "$CONF" -f >/dev/null 2>&1
	if wait_for sh -c '[ "$(grep -c "status=sent" "$1")" -ge 4 ]' sh "$LOG"; then
		ok "mended, both deferred mails are delivered"
	else
		not_ok "mended, both deferred mails are delivered"
	fi
	is "four files in new/" "$(newcount)" 4
else
	skip "cannot make $SPOOL for the diversion check"
fi

done_testing
