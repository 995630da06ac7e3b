#!/bin/sh
# 0380-enotify.sh - enotify's mailto method (RFC 5435, RFC 5436) through a
# fake sendmail that records each call: one call per recipient with argv
# `-oi -f FROM -- RCPT`, the notification's header (Auto-Submitted:
# auto-notified, Importance, To/Cc, Subject) and body; each address once
# per delivery; nothing for an Auto-Submitted message; a null envelope
# sender stays null; the per-message limit ([notify] max) is a run-time
# error that keeps the message.
. "$MDA_ROOT/tests/lib.sh"

SM=$T/sendmail
export SM_DIR="$T/sm"
cat >"$SM" <<'S'
#!/bin/sh
n=$(mktemp "$SM_DIR/call.XXXXXX") || exit 75
printf '%s\n' "$@" >"$n.argv" || exit 75
cat >"$n.in" || exit 75
printf '%s\n' "$*" >>"$SM_DIR/log"
exit 0
S
chmod 755 "$SM"
reset_sm() { rm -rf "$SM_DIR"; mkdir -p "$SM_DIR"; }
calls() { if [ -f "$SM_DIR/log" ]; then wc -l <"$SM_DIR/log" | tr -d ' '; else echo 0; fi; }
run() {   # run MAILDIR SCRIPT SENDER MSG [args]
	md=$1 sc=$2 snd=$3 msg=$4; shift 4
	"$MDA" -v -m "$md" -s "$sc" -f "$snd" -a bob@example.com \
		--sendmail "$SM" "$@" <"$msg" 2>"$T/err"
	echo $?
}
printf 'From: Alice <alice@example.org>\nTo: Bob <bob@example.com>\nSubject: Lunch?\n\nAre you free?\n' >"$T/msg"
cat >"$T/n.sieve" <<'S'
require ["enotify"];
notify :importance "1" :message "Mail from Alice"
	"mailto:carol@example.org%2cdave@example.org?cc=erin@example.org&body=See%20INBOX";
notify "mailto:dave@example.org?cc=frank@example.org";
S

reset_sm
is "notify: exit 0" "$(run "$T/m1" "$T/n.sieve" alice@example.org "$T/msg")" 0
is "notify: one call per new recipient (dave once)" "$(calls)" 4
is "notify: the message is kept" "$(count_files "$T/m1/new")" 1
f=$(grep -l '^carol@example.org$' "$SM_DIR"/*.argv | head -1)
is "notify: argv -oi -f USER -- RCPT" "$(tr '\n' ' ' < "$f")" "-oi -f bob@example.com -- carol@example.org "
in=${f%.argv}.in
check "notify: Auto-Submitted: auto-notified" grep -q '^Auto-Submitted: auto-notified$' "$in"
check "notify: Importance high" grep -q '^Importance: high$' "$in"
check "notify: :message is the Subject" grep -q '^Subject: Mail from Alice$' "$in"
is "notify: To and Cc of the URI" "$(grep -c -e '^To: <carol@example.org>,$' -e '^ <dave@example.org>$' -e '^Cc: <erin@example.org>$' "$in")" 3
is "notify: the URI's body" "$(sed -n '/^$/,$p' "$in" | tail -n +2)" "See INBOX"
g=$(grep -l '^frank@example.org$' "$SM_DIR"/*.argv | head -1)
check "notify: second notification shows only new addresses" \
	test "$(grep -c 'dave@example.org' "${g%.argv}.in")" = 0

reset_sm
printf 'Auto-Submitted: auto-replied\n' | cat - "$T/msg" > "$T/auto.msg"
run "$T/m2" "$T/n.sieve" alice@example.org "$T/auto.msg" >/dev/null
is "notify: nothing for an Auto-Submitted message" "$(calls)" 0
check "notify: that is logged" grep -q 'notify: not sent (the message is Auto-Submitted)' "$T/err"

reset_sm
run "$T/m3" "$T/n.sieve" "" "$T/msg" >/dev/null
f=$(grep -l '^carol@example.org$' "$SM_DIR"/*.argv | head -1)
is "notify: null sender stays null" "$(sed -n 3p "$f")" "<>"

printf '[notify]\nmax = 1\n' > "$T/one.conf"
reset_sm
is "limit: exit 0" "$(run "$T/m4" "$T/n.sieve" alice@example.org "$T/msg" -c "$T/one.conf")" 0
is "limit: nothing sent (run-time error)" "$(calls)" 0
is "limit: kept" "$(count_files "$T/m4/new")" 1
check "limit: the error says why" grep -q 'more than 1 notifications' "$T/err"
done_testing
