#!/bin/sh
# 0360-siteconf.sh - the site configuration file (-c, else /etc/mda.conf):
# its spamtest and extlists settings reach the filter; a bad line, an
# unknown key or a missing -c file defers the message (75, "4.3.5
# FILE:LINE: reason" on stderr) and stores nothing, so bad configuration
# never loses mail.
. "$MDA_ROOT/tests/lib.sh"

MSG="$T/msg"
printf 'From: a@example.org\nTo: b@example.org\nSubject: x\nX-Spam-Score: 9.1\n\nbody\n' > "$MSG"
cat > "$T/f.sieve" <<'S'
require ["fileinto", "spamtest", "relational", "comparator-i;ascii-numeric",
	 "extlists"];
if spamtest :value "ge" :comparator "i;ascii-numeric" "8" { fileinto "Junk"; }
if address :list "from" "tag:friends" { fileinto "Friends"; }
S
printf 'x@example.org\na@example.org\n' > "$T/friends"
cat > "$T/mda.conf" <<EOF2
# spam scores as rspamd writes them in X-Spam-Score
[spamtest]
header = X-Spam-Score
max = 10

[extlists]
tag:friends = $T/friends
EOF2

MD="$T/Maildir"
"$MDA" -c "$T/mda.conf" -m "$MD" -s "$T/f.sieve" < "$MSG"
is "configured: exit 0" "$?" 0
is "spamtest reads the configured header" "$(count_files "$MD/.Junk/new")" 1
is "extlists reads the configured list" "$(count_files "$MD/.Friends/new")" 1

printf '[spamtest]\nheader = X-Spam-Score\nmax 10\n' > "$T/bad.conf"
err=$("$MDA" -c "$T/bad.conf" -m "$T/M2" -s "$T/f.sieve" < "$MSG" 2>&1)
is "bad line: 75" "$?" 75
is "bad line: the reason names file:line" "$err" \
	"4.3.5 $T/bad.conf:3: expected key = value, got \"max 10\""
check "bad line: nothing stored" test ! -d "$T/M2/new" -o -z "$(ls "$T/M2/new" 2>/dev/null)"

printf '[programs]\nshell = /bin/sh\n' > "$T/unknown.conf"
err=$("$MDA" -c "$T/unknown.conf" -m "$T/M2" < "$MSG" 2>&1)
is "unknown key: 75" "$?" 75
is "unknown key: named" "$err" "4.3.5 $T/unknown.conf:2: unknown key \"shell\""

err=$("$MDA" -c "$T/absent.conf" -m "$T/M2" < "$MSG" 2>&1)
is "-c missing file: 75" "$?" 75
is "-c missing file: named" "$err" \
	"4.3.5 $T/absent.conf:0: cannot read: No such file or directory"

printf '[extlists]\ntag:gone = %s/gone\n' "$T" > "$T/list.conf"
err=$("$MDA" -c "$T/list.conf" -m "$T/M2" < "$MSG" 2>&1)
is "missing list file: 75" "$?" 75
is "missing list file: named with the line naming it" "$err" \
	"4.3.5 $T/list.conf:2: list tag:gone: $T/gone: No such file or directory"

out=$("$MDA" test -c "$T/mda.conf" -s "$T/f.sieve" "$MSG" 2>&1)
is "mda test reads -c too" "$(echo "$out" | grep -c 'fileinto "Junk"')" 1
done_testing
