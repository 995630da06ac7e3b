#!/bin/sh
# 0160-hostile.sh - hostile destinations are refused with 75 and a 4.x.x
# first line, and nothing is written anywhere else: a symlinked mbox, an
# mbox that is a directory, a fifo, someone else's file, a hard-linked
# file; Maildir folder names that try to escape (.., leading dot, '/');
# a symlink planted as a Maildir's new/ or as a folder.
. "$MDA_ROOT/tests/lib.sh"

MSG="$T/msg"
printf 'From: a@example.org\nTo: b@example.org\nSubject: hostile\n\nbody\n' > "$MSG"
victim="$T/victim"
printf 'precious\n' > "$victim"

# refused_mbox DESC PATH: exit 75, first line 4.x.x, victim unchanged
refused_mbox() {
	timeout 20 "$MDA" -M "$2" < "$MSG" > "$T/out" 2>&1
	rc=$?
	is "$1: exit 75" "$rc" 75
	check "$1: first line is 4.x.x" grep -qE '^4\.[0-9]\.[0-9] ' "$T/out"
	is "$1: victim untouched" "$(cat "$victim")" "precious"
}

ln -s "$victim" "$T/link.mbox"
refused_mbox "symlinked mbox" "$T/link.mbox"
ln -s "$T/nowhere" "$T/dangling.mbox"
refused_mbox "dangling symlink mbox" "$T/dangling.mbox"
check "dangling symlink not followed" test ! -e "$T/nowhere"
mkdir "$T/dir.mbox"
refused_mbox "mbox is a directory" "$T/dir.mbox"
is "directory left empty" "$(ls -A "$T/dir.mbox" | wc -l | tr -d ' ')" 0
mkfifo "$T/fifo.mbox"
refused_mbox "mbox is a fifo (no hang)" "$T/fifo.mbox"
ln "$victim" "$T/hard.mbox"
refused_mbox "hard-linked mbox" "$T/hard.mbox"
rm -f "$T/hard.mbox"
if [ "$(id -u)" -eq 0 ]; then
	cp "$victim" "$T/other.mbox"
	chown nobody "$T/other.mbox"
	refused_mbox "mbox owned by someone else" "$T/other.mbox"
	is "other's mbox unchanged" "$(cat "$T/other.mbox")" "precious"
else
	skip "mbox owned by someone else: needs root to chown"
fi

# Maildir folder names that try to escape: the message stays in INBOX only.
MD="$T/Maildir"
printf 'require "fileinto";\n' > "$T/f.sieve"
: > "$T/err"
# (f.sieve.log is the user's filter log beside the script: expected)
snapshot() { find "$T" -path "$MD" -prune -o ! -name "*.lst" ! -name f.sieve.log -print | sort; find / -maxdepth 1 | sort; }
snapshot > "$T/before.lst"
for name in "../escape" ".hidden" "a/b" "a..b" "x." "INBOX/../../x"; do
	printf 'require "fileinto";\nfileinto "%s";\n' "$name" > "$T/f.sieve"
	timeout 20 "$MDA" -m "$MD" -s "$T/f.sieve" < "$MSG" 2>"$T/err"
	is "fileinto \"$name\": exit 0 (kept)" "$?" 0
done
is "all six kept in INBOX" "$(count_files "$MD/new")" 6
is "no folder directory made" "$(find "$MD" -mindepth 1 -maxdepth 1 -name '.*' | wc -l | tr -d ' ')" 0
snapshot > "$T/after.lst"
check "nothing made outside the Maildir" cmp -s "$T/before.lst" "$T/after.lst"
is "each refused name is in the filter log" "$(grep -c 'invalid mailbox name' "$T/f.sieve.log")" 6

# A symlink planted as new/ or as a folder directory is refused.
MD2="$T/M2"
mkdir -p "$MD2/tmp" "$MD2/cur" "$T/elsewhere"
ln -s "$T/elsewhere" "$MD2/new"
timeout 20 "$MDA" -m "$MD2" < "$MSG" > "$T/out" 2>&1
is "new/ is a symlink: exit 75" "$?" 75
is "nothing written through it" "$(ls -A "$T/elsewhere" | wc -l | tr -d ' ')" 0
MD3="$T/M3"
mkdir -p "$MD3/tmp" "$MD3/new" "$MD3/cur" "$T/elsewhere3"
ln -s "$T/elsewhere3" "$MD3/.Lists"
printf 'require "fileinto";\nfileinto "Lists";\n' > "$T/f.sieve"
timeout 20 "$MDA" -m "$MD3" -s "$T/f.sieve" < "$MSG" > "$T/out" 2>&1
is "folder is a symlink: exit 0, kept in INBOX" "$?" 0
is "INBOX has it" "$(count_files "$MD3/new")" 1
is "nothing written through the folder link" "$(find "$T/elsewhere3" -type f | wc -l | tr -d ' ')" 0
done_testing
