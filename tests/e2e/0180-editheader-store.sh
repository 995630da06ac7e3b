#!/bin/sh
# 0180-editheader-store.sh - editheader changes reach the stored message
# (Maildir and mbox), a fileinto made before the edit keeps the original
# header, and a CRLF message stays CRLF throughout after an edit.
. "$MDA_ROOT/tests/lib.sh"

printf 'From: a@example.org\nTo: b@example.org\nSubject: hello\nX-Drop: me\n\nbody\n' > "$T/lf"
cat > "$T/s.sieve" <<'S'
require ["editheader", "fileinto", "copy"];
fileinto :copy "Before";
addheader "X-Filter" "mda";
deleteheader "X-Drop";
fileinto "After";
S
MD="$T/Maildir"
"$MDA" -m "$MD" -s "$T/s.sieve" < "$T/lf"
is "exit 0" "$?" 0
want_before=$(cat "$T/lf")
got_before=$(cat "$MD"/.Before/new/*)
is "fileinto before the edit: original bytes" "$got_before" "$want_before"
printf 'X-Filter: mda\nFrom: a@example.org\nTo: b@example.org\nSubject: hello\n\nbody\n' > "$T/want_after"
check "fileinto after the edit: edited header, same body" cmp -s "$MD"/.After/new/* "$T/want_after"
is "nothing kept in INBOX" "$(count_files "$MD/new")" 0
name=$(basename "$MD"/.After/new/*)
is "S= is the size of the edited copy" "${name##*,S=}" "$(wc -c < "$T/want_after" | tr -d ' ')"

printf 'require "editheader";\naddheader "X-Filter" "mda";\n' > "$T/add.sieve"
"$MDA" -M "$T/mbox" -s "$T/add.sieve" < "$T/lf"
check "mbox: the edited header is stored" grep -q '^X-Filter: mda$' "$T/mbox"

printf 'From: a@example.org\r\nSubject: crlf\r\n\r\nbody\r\nline 2\r\n' > "$T/crlf"
"$MDA" -m "$T/M2" -s "$T/add.sieve" < "$T/crlf"
f=$(only_file "$T/M2/new")
printf 'X-Filter: mda\r\nFrom: a@example.org\r\nSubject: crlf\r\n\r\nbody\r\nline 2\r\n' > "$T/want_crlf"
check "CRLF message: the edited copy is CRLF throughout" cmp -s "$f" "$T/want_crlf"
done_testing
