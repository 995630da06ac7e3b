#!/bin/sh
# 0170-mailboxexists.sh - mailboxexists (RFC 5490 3.1) asks the store:
# true for INBOX and for folders that are there, false for the others, in
# Maildir and in mbox mode.
. "$MDA_ROOT/tests/lib.sh"

MSG="$T/msg"
printf 'From: a@example.org\nTo: b@example.org\nSubject: x\n\nbody\n' > "$MSG"
cat > "$T/probe.sieve" <<'S'
require ["fileinto", "mailbox"];
if mailboxexists "Lists" { fileinto "has-lists"; }
if mailboxexists ["INBOX", "inbox"] { fileinto "has-inbox"; }
if mailboxexists "Nope" { fileinto "has-nope"; }
if mailboxexists "a/b" { fileinto "has-bad"; }
S
printf 'require "fileinto";\nfileinto "Lists";\n' > "$T/make.sieve"

MD="$T/Maildir"
"$MDA" -m "$MD" -s "$T/probe.sieve" < "$MSG"
is "maildir: before Lists exists" "$(cd "$MD" && ls -d .has-* | tr '\n' ' ')" ".has-inbox "
"$MDA" -m "$MD" -s "$T/make.sieve" < "$MSG"
"$MDA" -m "$MD" -s "$T/probe.sieve" < "$MSG"
is "maildir: after Lists exists" "$(count_files "$MD/.has-lists/new")" 1
check "maildir: no folder for a missing or bad name" test ! -d "$MD/.has-nope" -a ! -d "$MD/.has-bad"

FD="$T/Mail"
"$MDA" -M "$T/inbox.mbox" --folder-dir "$FD" -s "$T/probe.sieve" < "$MSG"
is "mbox: before Lists exists" "$(ls "$FD" | tr '\n' ' ')" "has-inbox "
"$MDA" -M "$T/inbox.mbox" --folder-dir "$FD" -s "$T/make.sieve" < "$MSG"
"$MDA" -M "$T/inbox.mbox" --folder-dir "$FD" -s "$T/probe.sieve" < "$MSG"
check "mbox: after Lists exists" test -f "$FD/has-lists"
done_testing
