#!/bin/sh
# 0255-filterlog.sh - a broken filter is reported where the user looks.
#
# Each broken filter (compile error, invalid folder name, reject with
# fileinto, a missing include) must leave the message in INBOX with exit
# 0, print the error with file:line:col on stderr, and append it to
# FILTER.log (~/.mda.sieve.log for the default script), mode 0600.  A clean
# run empties that log.  Bad logs (a symlink, a FIFO, someone else's file,
# an unwritable directory, a full disk) never change the delivery; mda -v
# shows the note that would go to syslog.  The log is rotated to .log.1.
. "$MDA_ROOT/tests/lib.sh"
# The fault shim is preloaded ahead of a sanitized binary's runtime, as in
# 0200-faults: tell ASan not to refuse that order (no effect otherwise).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

SHIM=$MDA_BUILD/tests/faultinject.so
MSG=$T/msg.eml
printf 'From: a@example.org\nTo: u@example.net\nSubject: hi\nMessage-ID: <fl-1@example.org>\n\nbody\n' >"$MSG"
S=$T/f.sieve

inbox_count() { find "$T/md/new" "$T/md/cur" -type f 2>/dev/null | wc -l | tr -d ' '; }
folders() { find "$T/md" -mindepth 1 -maxdepth 1 -name '.*' -type d | wc -l | tr -d ' '; }
mode_of() { stat -c %a "$1"; }

# deliver SCRIPT_TEXT: fresh Maildir, the script, one delivery; $rc, $err
deliver() {
	rm -rf "$T/md"
	printf '%b' "$1" >"$S"
	"$MDA" -m "$T/md" -s "$S" ${V:-} <"$MSG" >"$T/out" 2>"$T/err"
	rc=$?
	err=$(cat "$T/err")
}

# broken NAME SCRIPT WANT: a broken filter kept in INBOX and reported
broken() {
	rm -f "$S.log"
	deliver "$2"
	is "$1: exit 0" "$rc" 0
	is "$1: kept in INBOX, no folder" "$(inbox_count) $(folders)" "1 0"
	case $err in *"$3"*) ok "$1: stderr names it" ;;
	*) not_ok "$1: stderr names it"; echo "# got: $err"; echo "# want: $3" ;; esac
	check "$1: FILTER.log has it" grep -qF "$3" "$S.log"
	is "$1: FILTER.log is private" "$(mode_of "$S.log")" 600
	check "$1: entry names the message" grep -q '^20.* message <fl-1@example.org>:$' "$S.log"
}

broken "missing ;" 'require "fileinto"\nfileinto "x";\n' "$S:1:"
broken "invalid folder" 'require "fileinto";\nfileinto "A/B";\n' \
	"$S:2:1: error: fileinto: invalid mailbox name"
broken "reject with fileinto" 'require ["fileinto","reject"];\nfileinto "x";\nreject "no";\n' \
	"$S:3:1: error: reject conflicts with earlier fileinto"
broken "missing include" 'require "include";\ninclude "nothere";\n' \
	"$S:2:9: error: include: script \"nothere\" not found"

# the log grows over deliveries and is emptied by a clean run
deliver 'require "fileinto";\nfileinto "A/B";\n'
deliver 'require "fileinto";\nfileinto "A/B";\n'
is "two more entries appended" "$(grep -c '^20' "$S.log")" 3
deliver 'require "fileinto";\nfileinto "lists";\n'
is "clean run: filed" "$(folders) $rc" "1 0"
is "clean run: log emptied" "$(stat -c %s "$S.log")" 0
is "clean run: nothing on stderr" "$err" ""
deliver 'keep;\n'
is "clean run on an empty log leaves it" "$(stat -c %s "$S.log")" 0

# the log line names the deciding rule; --log-format json parses
V=-v deliver 'require "fileinto";\nif true {\n  fileinto "lists";\n}\n'
case $err in *'folders=lists('"$S"':3) '*' rule="'"$S"':3"'*) ok "log line names the rule" ;;
*) not_ok "log line names the rule"; echo "# got: $err" ;; esac
V=-v deliver 'require "fileinto";\nfileinto "A/B";\n'
case $err in *'rule="implicit keep"'*) ok "a refused folder: the rule is the implicit keep" ;;
*) not_ok "a refused folder: the rule is the implicit keep"; echo "# got: $err" ;; esac
rm -rf "$T/md"
"$MDA" -v --log-format json -m "$T/md" -s "$S" <"$MSG" 2>&1 >/dev/null |
	sed -n 's/^mda: {/{/p' >"$T/json"
is "json log line parses, names rule and warning" "$(python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
print(o["msgid"], o["rule"], o["result"], o["folders"], "A/B" in o["warning"])' "$T/json")" \
	"<fl-1@example.org> implicit keep delivered INBOX(implicit keep) True"

# the default script logs beside itself
rm -rf "$T/md"
printf 'require "fileinto"\nkeep;\n' >"$HOME/.mda.sieve"
"$MDA" -m "$T/md" <"$MSG" 2>/dev/null
check "~/.mda.sieve.log written" grep -q "$HOME/.mda.sieve:1:" "$HOME/.mda.sieve.log"
rm -f "$HOME/.mda.sieve" "$HOME/.mda.sieve.log"

# rotation: an entry that would pass 64 KiB moves the log to .log.1
rm -f "$S.log" "$S.log.1"
head -c 65500 /dev/zero | tr '\0' x >"$S.log"
chmod 600 "$S.log"
deliver 'require "fileinto";\nfileinto "A/B";\n'
is "rotated: old log is .log.1" "$(stat -c %s "$S.log.1")" 65500
check "rotated: new log holds only the entry" \
	test "$(stat -c %s "$S.log")" -lt 1000
is "rotated: new log is private" "$(mode_of "$S.log")" 600

# bad logs: the delivery is as it would be, the note is in the log line
V=-v
bad_log() { # NAME WANT-NOTE
	deliver 'require "fileinto";\nfileinto "A/B";\n'
	is "$1: delivery unchanged" "$rc $(inbox_count) $(folders)" "0 1 0"
	case $err in *"filter log $S.log: $2"*) ok "$1: noted" ;;
	*) not_ok "$1: noted"; echo "# got: $err" ;; esac
}
rm -f "$S.log"; printf 'other\n' >"$T/target"; ln -s "$T/target" "$S.log"
bad_log "symlink" "is a symlink"
is "symlink: target untouched" "$(cat "$T/target")" other
deliver 'keep;\n'
is "symlink: a clean run does not empty the target" "$(cat "$T/target")" other
rm -f "$S.log"; mkfifo "$S.log"
exec 3<>"$S.log"   # a reader (Linux opens a FIFO read-write at once)
bad_log "FIFO with a reader" "is not a regular file"
exec 3<&-
rm -f "$S.log"; mkfifo "$S.log"
bad_log "FIFO without reader" "is a FIFO"
rm -f "$S.log"; printf 'x\n' >"$S.log"; chown nobody "$S.log"
bad_log "someone else's log" "belongs to someone else"
rm -f "$S.log"; printf 'x\n' >"$T/other"; ln "$T/other" "$S.log"
bad_log "hard link" "has more than one link"
rm -f "$S.log" "$T/other"

# a full disk: the entry's write fails with ENOSPC and is cut back
if [ -f "$SHIM" ]; then
	printf 'older entry\n' >"$S.log"; chmod 600 "$S.log"
	printf 'require "fileinto";\nfileinto "A/B";\n' >"$S"
	rm -rf "$T/md"
	env LD_PRELOAD="$SHIM" FAULT_COUNT_FILE="$T/cnt" "$MDA" -m "$T/md" -s "$S" <"$MSG" 2>/dev/null
	n=$(awk '$1 == "write" { print $2 }' "$T/cnt")
	printf 'older entry\n' >"$S.log"
	rm -rf "$T/md"
	env LD_PRELOAD="$SHIM" FAULT_CALL=write FAULT_NTH="$n" FAULT_ERRNO=ENOSPC \
		"$MDA" -v -m "$T/md" -s "$S" <"$MSG" >/dev/null 2>"$T/err"
	rc=$?
	is "full disk: delivery unchanged" "$rc $(inbox_count) $(folders)" "0 1 0"
	check "full disk: noted" grep -q "filter log $S.log: cannot write: No space left" "$T/err"
	is "full disk: log cut back" "$(cat "$S.log")" "older entry"
else
	skip "no $SHIM"; skip "no shim"; skip "no shim"
fi

# a directory the user cannot write: run as nobody
if command -v setpriv >/dev/null && [ "$(id -u)" -eq 0 ]; then
	D=$T/ro; mkdir -p "$D/home"; chmod 755 "$T" "$D"
	printf 'require "fileinto";\nfileinto "A/B";\n' >"$D/f.sieve"
	chmod 644 "$D/f.sieve"; chown nobody "$D/home"
	setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME="$D/home" \
		"$MDA" -v -m "$D/home/md" -s "$D/f.sieve" <"$MSG" >/dev/null 2>"$T/err"
	rc=$?
	is "unwritable dir: delivery unchanged" \
		"$rc $(find "$D/home/md/new" -type f | wc -l | tr -d ' ')" "0 1"
	check "unwritable dir: noted" grep -q "filter log $D/f.sieve.log: cannot open: Permission denied" "$T/err"
	check "unwritable dir: no log" test ! -e "$D/f.sieve.log"
else
	skip "not root"; skip "not root"; skip "not root"
fi

done_testing
