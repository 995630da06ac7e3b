#!/bin/sh
# 0250-quota.sh - Maildir++ quota (maildirsize), as Dovecot and maildrop
# count it.
#
# mda alone: no limit, no file; --quota makes the file; over quota is
# exit 75 with 4.2.2 and nothing stored; --quota-full permanent and a
# message larger than the whole quota are 69 with 5.2.2; a filter with
# three fileintos that would pass the quota stores nothing at all; the
# limit on the first line of an existing file is used; discarded mail
# is not counted; the warnings at 80% and 95% come once per crossing;
# a script sees vnd.mda.quota.* through `environment`.
# Dovecot and maildrop: 0251-quota-peers.sh; faults: 0252-quota-faults.sh.
. "$MDA_ROOT/tests/lib.sh"

if [ ! -x "$MDA" ]; then
	not_ok "need $MDA"; done_testing; exit
fi

. "$MDA_ROOT/tests/e2e/quota-lib.sh"

MD=$T/m1
msg 1 1000 >"$T/m1000"
msg 2 300 >"$T/m300"
is "msg makes exact sizes" "$(wc -c <"$T/m1000" | tr -d ' ')/$(wc -c <"$T/m300" | tr -d ' ')" 1000/300

# ---- 1. mda alone ---------------------------------------------------------
"$MDA" -m "$MD" <"$T/m1000" >/dev/null 2>&1
check "no limit: no maildirsize made" test ! -e "$MD/maildirsize"

"$MDA" -n -m "$MD" --quota 3500 <"$T/m1000" >/dev/null 2>&1
check "--dry-run: no maildirsize written" test ! -e "$MD/maildirsize"
"$MDA" -m "$MD" --quota 3500 <"$T/m1000" >/dev/null 2>"$T/err"
is "--quota: delivered" "$?" 0
is "maildirsize: limit line, recount before, one line per delivery" \
	"$(cat "$MD/maildirsize" | tr '\n' '|')" "3500S|1000 1|1000 1|"
"$MDA" -m "$MD" --quota 3500 <"$T/m1000" >/dev/null 2>&1
is "3000 of 3500: delivered" "$?" 0
# 85%: a warning went into INBOX and is counted too.
nfiles=$(files "$MD") usage=$(sums "$MD/maildirsize")
"$MDA" -m "$MD" --quota 3500 <"$T/m1000" >"$T/out" 2>"$T/err"
is "over quota: exit 75" "$?" 75
is "over quota: 4.2.2 first" "$(head -n 1 "$T/err")" "4.2.2 Mailbox full"
is "over quota: nothing stored" "$(files "$MD")" "$nfiles"
is "over quota: nothing counted" "$(sums "$MD/maildirsize")" "$usage"
"$MDA" -m "$MD" --quota 3500 --quota-full permanent <"$T/m1000" >/dev/null 2>"$T/err"
is "--quota-full permanent: exit 69" "$?" 69
is "--quota-full permanent: 5.2.2" "$(head -n 1 "$T/err" | cut -c1-5)" "5.2.2"
"$MDA" -m "$MD" --quota 500 <"$T/m1000" >/dev/null 2>"$T/err"
is "larger than the whole quota: 69 even without permanent" "$?" 69
is "larger than the whole quota: 5.2.2" "$(head -n 1 "$T/err" | cut -c1-5)" "5.2.2"
is "a new --quota rewrites the limit line" "$(head -n 1 "$MD/maildirsize")" "500S"

# Limit from the file alone; a count limit.
MD=$T/m2
mkdir -p "$MD"
"$MDA" -m "$MD" <"$T/m300" >/dev/null 2>&1
printf '100000S,3C\n300 1\n' >"$MD/maildirsize"
"$MDA" -m "$MD" <"$T/m300" >/dev/null 2>&1
is "limit from the file: the second message fits 3C" "$?" 0
"$MDA" -m "$MD" <"$T/m300" >/dev/null 2>&1
is "limit from the file: the third reaches 3C (and warns)" "$?" 0
"$MDA" -m "$MD" <"$T/m300" >/dev/null 2>"$T/err"
is "limit from the file: the fourth is over 3C" "$?.$(head -n 1 "$T/err")" "75.4.2.2 Mailbox full"
is "limit kept, 4 messages counted" "$(head -n 1 "$MD/maildirsize") $(sums "$MD/maildirsize" | cut -d' ' -f2) $(files "$MD")" "100000S,3C 4 4"
check "--quota 1M,20000 parses" sh -c "'$MDA' -m '$T/m3' --quota 1M,20000 <'$T/m300' >/dev/null 2>&1"
is "1M is 1048576 octets" "$(head -n 1 "$T/m3/maildirsize")" "1048576S,20000C"
"$MDA" -m "$T/m3" --quota 12X <"$T/m300" >/dev/null 2>"$T/err"
is "--quota 12X: usage error 64" "$?" 64

# No partial delivery over several fileintos; discard never counts.
MD=$T/m4
cat >"$T/three.sieve" <<'EOF'
require ["fileinto", "copy"];
fileinto :copy "A";
fileinto :copy "B";
fileinto "C";
EOF
printf 'require "fileinto";\ndiscard;\n' >"$T/discard.sieve"
"$MDA" -m "$MD" --quota 3000 -s "$T/three.sieve" <"$T/m300" >/dev/null 2>&1
is "three fileintos of 300 under 3000: delivered" "$?" 0
is "three copies counted" "$(sums "$MD/maildirsize")" "900 3"
"$MDA" -m "$MD" --quota 3000 -s "$T/three.sieve" <"$T/m1000" >/dev/null 2>"$T/err"
is "three fileintos of 1000 would pass 3000: 75" "$?" 75
is "no partial delivery: still 3 files" "$(files "$MD")" 3
"$MDA" -m "$MD" --quota 3000 -s "$T/discard.sieve" <"$T/m1000" >/dev/null 2>&1
is "discarded: exit 0, not counted" "$?.$(sums "$MD/maildirsize")" "0.900 3"

# Concurrent deliveries: four writers of 25 messages of 1000 octets into
# a 60000-octet quota.  Each may pass the limit by its one message (plus
# the two warnings); the file stays well-formed, nothing is lost: every
# run either stored its message or deferred it.
MD=$T/mc
mkdir -p "$MD"
"$MDA" -m "$MD" --quota 60000 <"$T/m300" >/dev/null 2>&1
for w in 1 2 3 4; do
	(
		i=0
		while [ $i -lt 25 ]; do
			"$MDA" -m "$MD" --quota 60000 <"$T/m1000" >/dev/null 2>&1
			echo $? >>"$T/conc.$w"
			i=$((i + 1))
		done
	) &
done
wait
stored=$(cat "$T"/conc.? | grep -c '^0$')
deferred=$(cat "$T"/conc.? | grep -c '^75$')
is "concurrent: every run stored (0) or deferred (75)" $((stored + deferred)) 100
is "concurrent: each stored run left one file (+1 earlier, + warnings)" \
	"$(($(files "$MD") - $(grep -l '^Subject: Your mailbox' "$MD"/new/* | wc -l)))" $((stored + 1))
check "concurrent: maildirsize well-formed" \
	awk 'NR == 1 && $0 != "60000S" { exit 1 } NR > 1 && !/^-?[0-9]+ -?[0-9]+$/ { exit 1 }' "$MD/maildirsize"
bytes=$(find "$MD" -path '*/new/*' -type f -exec stat -c %s {} + | awk '{ s += $1 } END { print s }')
check "concurrent: at most one message over per writer ($bytes <= 60000 + 4 x 1000 + warnings)" \
	test "$bytes" -le $((60000 + 4 * 1000 + 2 * 600))
check "concurrent: the quota was reached ($bytes >= 59000)" test "$bytes" -ge 59000

# Sieve sees the usage.
MD=$T/m5
cat >"$T/env.sieve" <<'EOF'
require ["fileinto", "environment", "relational", "comparator-i;ascii-numeric", "variables"];
if environment :value "ge" :comparator "i;ascii-numeric" "vnd.mda.quota.percent" "50" {
	fileinto "Low";
}
if environment :matches "vnd.mda.quota.usage" "*" { set "u" "${1}"; }
if environment :matches "vnd.mda.quota.limit" "*" { set "l" "${1}"; }
if string :is "${u}/${l}" "1000/2000" { fileinto "Seen"; }
EOF
"$MDA" -m "$MD" --quota 2000 -s "$T/env.sieve" <"$T/m1000" >/dev/null 2>&1
check "usage 0%: INBOX" test "$(count_files "$MD/new")" -eq 1
"$MDA" -m "$MD" --quota 2000 -s "$T/env.sieve" <"$T/m300" >/dev/null 2>&1
is "usage 50%: filed into Low and Seen (usage/limit 1000/2000)" \
	"$(count_files "$MD/.Low/new") $(count_files "$MD/.Seen/new")" "1 1"
"$MDA" -m "$T/m5b" -s "$T/env.sieve" <"$T/m300" >/dev/null 2>&1
check "no quota: the items are unset, INBOX" test "$(count_files "$T/m5b/new")" -eq 1

# Warnings: once at 80, once at 95, again after dropping below 80.
MD=$T/m6
export HOME="$T/h6"
mkdir -p "$HOME"
warns() { grep -l '^Subject: Your mailbox is' "$MD"/new/* 2>/dev/null | wc -l | tr -d ' '; }
"$MDA" -m "$MD" --quota 100000 <"$T/m1000" >/dev/null 2>&1
is "1% full: no warning" "$(warns)" 0
msg 3 78000 >"$T/m78k"
msg 4 3000 >"$T/m3k"
"$MDA" -m "$MD" --quota 100000 <"$T/m78k" >/dev/null 2>&1
is "79%: no warning" "$(warns)" 0
"$MDA" -m "$MD" --quota 100000 <"$T/m3k" >/dev/null 2>&1
is "82%: one warning" "$(warns)" 1
check "the warning says 82%" grep -q '^Subject: Your mailbox is 82% full' "$MD"/new/*
check "the warning is auto-generated" grep -q '^Auto-Submitted: auto-generated' "$MD"/new/*
"$MDA" -m "$MD" --quota 100000 <"$T/m3k" >/dev/null 2>&1
is "86%: still one warning" "$(warns)" 1
is "the warning is counted" "$(sums "$MD/maildirsize" | cut -d' ' -f2)" 5
for i in 1 2 3 4; do "$MDA" -m "$MD" --quota 100000 <"$T/m3k" >/dev/null 2>&1; done
is "95% and more: the second warning" "$(warns)" 2
# expunge the 78000 one the way Dovecot records it: a negative line
f=$(grep -l 'quota 3' "$MD"/new/*)
rm -f "$f"
echo "-78000 -1" >>"$MD/maildirsize"
"$MDA" -m "$MD" --quota 100000 <"$T/m300" >/dev/null 2>&1
is "back below 80%: nothing new" "$(warns)" 2
# A warning stamped in the second this delivery reads the usage would be
# taken for a concurrent delivery's: let a second pass.
sleep 1
"$MDA" -m "$MD" --quota 100000 <"$T/m78k" >/dev/null 2>&1
is "crossing 80% again: warned again" "$(warns)" 3
export HOME="$T/home"

done_testing
