#!/bin/sh
# 0360-siteconf.sh - the site configuration file (-c, else /etc/mda.conf):
# its spamtest and extlists settings reach the filter (redirect :list
# sends to each member through sendmail, RFC 6134 2.3); a bad line, an
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

# redirect :list: one sendmail call per member, through a fake sendmail
SM=$T/sendmail
cat >"$SM" <<'EOF2'
#!/bin/sh
printf '%s\n' "$*" >>"${0%/*}/sm.log"
cat >/dev/null
EOF2
chmod 755 "$SM"
printf 'require ["extlists", "copy"];\nredirect :copy :list "tag:friends";\n' \
	>"$T/r.sieve"
"$MDA" -c "$T/mda.conf" -m "$T/M3" -s "$T/r.sieve" -f a@example.org \
	--sendmail "$SM" --state-dir "$T/state" < "$MSG"
is "redirect :list: exit 0" "$?" 0
is "redirect :list: one sendmail call per member" \
	"$(grep -c -e 'x@example.org' -e 'a@example.org' "$T/sm.log" 2>/dev/null)" 2
is "redirect :copy :list: the message is kept too" \
	"$(count_files "$T/M3/new")" 1
printf 'require "extlists";\nredirect :list "tag:nosuch";\n' >"$T/r2.sieve"
"$MDA" -c "$T/mda.conf" -m "$T/M4" -s "$T/r2.sieve" -f a@example.org \
	--sendmail "$SM" --state-dir "$T/state" < "$MSG" 2>/dev/null
is "redirect to an unknown list: exit 0" "$?" 0
is "redirect to an unknown list: kept (a run-time error)" \
	"$(count_files "$T/M4/new")" 1

out=$("$MDA" test -c "$T/mda.conf" -s "$T/f.sieve" "$MSG" 2>&1)
is "mda test reads -c too" "$(echo "$out" | grep -c 'fileinto "Junk"')" 1
done_testing
