#!/bin/sh
# 0320-refilter.sh - `mda filter` over a Maildir of 3000 stored messages
# (the corpus of tests/corpus/gen.py, each made unique by an X-Seq header
# and given a route), read afterwards by Dovecot (doveadm, as in 0120).
#
# The filter files a fifth into Lists, a fifth into Archive.2026 with
# \Answered, flags a fifth \Flagged in place, discards a fifth (withheld:
# no --allow-delete) and keeps the rest; a seventh of the messages were
# in cur/ with \Seen already.  Checked: -n changes nothing; a run killed
# with SIGKILL part-way and run again, and a move cut between link and
# unlink (made by hand), end with every message exactly once (the
# multiset of file hashes is the one before); counts per folder and flags
# as Dovecot sees them; a third run changes nothing; --allow-delete
# deletes the discarded fifth.
. "$MDA_ROOT/tests/lib.sh"

N=3000
MD=$T/Maildir
C=$T/corpus
if ! python3 "$MDA_ROOT/tests/corpus/gen.py" "$C" >"$T/gen.out" 2>&1; then
	not_ok "corpus generated"; done_testing; exit
fi
python3 - "$C" "$MD" "$N" >"$T/seen.count" <<'PY' || { not_ok "Maildir generated"; done_testing; exit; }
import os, sys
src, md, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
msgs = sorted(os.path.join(src, f) for f in os.listdir(src) if f.endswith(".eml"))
for d in ("tmp", "new", "cur"):
    os.makedirs(os.path.join(md, d), exist_ok=True)
routes = ["lists", "archive", "flag", "discard", "keep"]
seen = {}
for i in range(n):
    body = open(msgs[i % len(msgs)], "rb").read()
    if body.startswith(b"From "):          # a From_ line is not stored
        body = body.split(b"\n", 1)[1]
    head = b"X-Seq: %d\nX-Route: %s\n" % (i, routes[i % 5].encode())
    data = head + body
    name = "%d.M%dP1Q%d.gen,S=%d" % (1700000000 + i, i, i, len(data))
    if i % 7 == 3:
        path = os.path.join(md, "cur", name + ":2,S")
    else:
        path = os.path.join(md, "new", name)
    with open(path, "wb") as f:
        f.write(data)
    seen[routes[i % 5]] = seen.get(routes[i % 5], 0) + (i % 7 == 3)
print(seen["lists"], seen["archive"], seen["flag"])
PY
read -r seen_lists seen_archive seen_flag <"$T/seen.count"
cat >"$T/f.sieve" <<'SIEVE'
require ["fileinto", "imap4flags"];
if header :is "X-Route" "lists" { fileinto "Lists"; stop; }
if header :is "X-Route" "archive" { fileinto :flags "\\Answered" "Archive.2026"; stop; }
if header :is "X-Route" "flag" { addflag "\\Flagged"; }
if header :is "X-Route" "discard" { discard; }
SIEVE

# hashes: the sha256 of every message file, sorted (the multiset)
hashes() { find "$MD" -path '*/new/*' -type f -o -path '*/cur/*' -type f |
	xargs -r sha256sum | cut -d' ' -f1 | LC_ALL=C sort; }
listing() { (cd "$MD" && find . -type f | LC_ALL=C sort); }
count() { find "$MD/$1new" "$MD/$1cur" -type f | wc -l | tr -d ' '; }
hashes >"$T/h0"
is "generated" "$(wc -l <"$T/h0" | tr -d ' ')" "$N"

# -n: the plan, nothing changed
listing >"$T/l0"
"$MDA" filter -n -s "$T/f.sieve" "$MD" >"$T/plan" 2>"$T/err"
is "-n exits 0" "$?" 0
is "-n summary" "$(tail -n 1 "$T/plan")" \
	"$MD: $N messages: (dry run) 1200 moved, 600 flagged, 1200 kept, 0 deleted, 0 errors, 600 actions not carried out"
listing >"$T/l1"
check "-n: nothing changed" cmp -s "$T/l0" "$T/l1"
is "-n: a line per move" "$(grep -c ': would move to: ' "$T/plan")" 1200

# a move cut between link and unlink, as a crash would leave it
victim=$(grep -l '^X-Route: lists$' "$MD"/new/* | head -n 1)
vseq=$(sed -n 's/^X-Seq: //p' "$victim")
mkdir -p "$MD/.Lists/new" "$MD/.Lists/cur" "$MD/.Lists/tmp"
ln "$victim" "$MD/.Lists/new/1.M1P1Q1.crashed,S=$(stat -c %s "$victim")"

# SIGKILL part-way, then run again
"$MDA" filter -s "$T/f.sieve" "$MD" >"$T/run1" 2>&1 &
pid=$!
i=0
while [ "$i" -lt 3000 ] && kill -0 "$pid" 2>/dev/null &&
      [ "$(ls "$MD/.Lists/new" 2>/dev/null | wc -l)" -lt 150 ]; do
	i=$((i + 1)); sleep 0.01
done
if kill -9 "$pid" 2>/dev/null; then ok "killed part-way (SIGKILL)"; else
	skip "the run ended before it could be killed"; fi
wait "$pid" 2>/dev/null
"$MDA" filter -s "$T/f.sieve" "$MD" >"$T/run2" 2>"$T/err"
is "run after the kill exits 0" "$?" 0
hashes >"$T/h1"
check "every message exactly once (hash multiset unchanged)" cmp -s "$T/h0" "$T/h1"
is "INBOX count" "$(count '')" 1800
is "Lists count" "$(count .Lists/)" 600
is "Archive.2026 count" "$(count .Archive.2026/)" 600
is "the cut move was finished, not doubled" \
	"$(grep -rlx "X-Seq: $vseq" "$MD" | wc -l | tr -d ' ')" 1
is "flagged in place: new/ to cur/ with F" \
	"$(ls "$MD/cur" | grep -c ':2,F$')" $((600 - seen_flag))
is "stored \\Seen kept with the new flag" "$(ls "$MD/cur" | grep -c ':2,FS$')" "$seen_flag"
is "archived with the stored and the filter's flags" \
	"$(ls "$MD/.Archive.2026/cur" | grep -c ':2,RS$') $(ls "$MD/.Archive.2026/cur" | grep -c ':2,R$')" \
	"$seen_archive $((600 - seen_archive))"
is "a seen message moved stays in cur/" "$(ls "$MD/.Lists/cur" | wc -l | tr -d ' ')" "$seen_lists"

# a third run changes nothing
listing >"$T/l2"
"$MDA" filter -s "$T/f.sieve" "$MD" >"$T/run3" 2>&1
is "third run: summary" "$(tail -n 1 "$T/run3")" \
	"$MD: 1800 messages: 0 moved, 0 flagged, 1800 kept, 0 deleted, 0 errors, 600 actions not carried out"
listing >"$T/l3"
check "third run: nothing changed" cmp -s "$T/l2" "$T/l3"

# Dovecot reads the result
if command -v doveadm >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
	dovecot_copy "$MD"
	for box in INBOX:1800 Lists:600 Archive.2026:600; do
		is "Dovecot: ${box%%:*} holds ${box#*:}" \
			"$(dv mailbox status -t messages "${box%%:*}" 2>&1)" "messages=${box#*:}"
	done
	is "Dovecot: \\Flagged in INBOX" \
		"$(dv search mailbox INBOX FLAGGED 2>&1 | wc -l | tr -d ' ')" 600
	is "Dovecot: \\Answered in Archive.2026" \
		"$(dv search mailbox Archive.2026 ANSWERED 2>&1 | wc -l | tr -d ' ')" 600
	# every X-Seq once over all mailboxes, each where its route says
	for box in INBOX Lists Archive.2026; do
		dv fetch 'hdr.x-seq hdr.x-route' mailbox "$box" all 2>>"$T/dv.err" |
			awk -v b="$box" '/^hdr.x-seq:/ { s = $2 } /^hdr.x-route:/ { print s, b, $2 }'
	done | LC_ALL=C sort -n >"$T/seen"
	is "Dovecot: every X-Seq exactly once" \
		"$(cut -d' ' -f1 "$T/seen" | sort -u | wc -l | tr -d ' ') $(wc -l <"$T/seen" | tr -d ' ')" "$N $N"
	is "Dovecot: each in its route's mailbox" \
		"$(awk '!(($3 == "lists" && $2 == "Lists") || ($3 == "archive" && $2 == "Archive.2026") || ($2 == "INBOX" && $3 != "lists" && $3 != "archive"))' "$T/seen" | wc -l | tr -d ' ')" 0
	if grep -q 'Error' "$T/dv.err" 2>/dev/null; then
		not_ok "Dovecot logs no error"; head -n 5 "$T/dv.err" | sed 's/^/#   /'
	else
		ok "Dovecot logs no error"
	fi
else
	skip "doveadm not installed or not root"
fi

# --allow-delete carries out discard
"$MDA" filter --allow-delete -s "$T/f.sieve" "$MD" >"$T/run4" 2>&1
is "--allow-delete: summary" "$(tail -n 1 "$T/run4")" \
	"$MD: 1800 messages: 0 moved, 0 flagged, 1200 kept, 600 deleted, 0 errors, 0 actions not carried out"
is "--allow-delete: INBOX count" "$(count '')" 1200

# hostile entries: a FIFO and a symlink in new/, a folder name refused
# at run time: each left alone and counted as an error, nothing hangs
H=$T/hostile
mkdir -p "$H/new" "$H/cur" "$H/tmp"
mkfifo "$H/new/1.fifo"
printf 'secret\n' >"$T/secret"
ln -s "$T/secret" "$H/new/2.link"
printf 'X-Route: bad\nSubject: x\n\nbody\n' >"$H/new/3.M3P1Q3.gen,S=30"
printf 'require "fileinto";\nif header :is "X-Route" "bad" { fileinto "A/B"; }\n' >"$T/bad.sieve"
timeout 60 "$MDA" filter -s "$T/bad.sieve" "$H" >"$T/run5" 2>&1
is "hostile: exit 0, not hung" "$?" 0
is "hostile: summary" "$(tail -n 1 "$T/run5")" \
	"$H: 3 messages: 0 moved, 0 flagged, 0 kept, 0 deleted, 3 errors, 0 actions not carried out"
is "hostile: all left where they were" \
	"$(ls "$H/new" | LC_ALL=C sort | tr '\n' ' ')$(cat "$T/secret")" \
	"1.fifo 2.link 3.M3P1Q3.gen,S=30 secret"
check "hostile: the refused folder is named" grep -q 'invalid mailbox name "A/B"' "$T/run5"

done_testing
