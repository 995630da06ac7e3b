#!/bin/sh
# 0370-programs.sh - vnd.dovecot.pipe, filter and execute with small
# programs in the site's directory: a recorder sees the script's
# arguments, the message and only the cleaned environment; a failing, a
# hanging and a flooding program are stopped and the message is kept in
# INBOX; :try and :copy; a filter's output is what later actions store
# while earlier ones keep the original; execute :output fills a variable;
# names with '/' or programs outside the directory never run.
. "$MDA_ROOT/tests/lib.sh"

B="$T/bin"
mkdir -p "$B" "$T/outside"
cat > "$B/rec" <<S
#!/bin/sh
{ printf 'args:'; for a in "\$@"; do printf ' [%s]' "\$a"; done; echo
  env | grep -v '^PWD=' | grep -v '^SHLVL=' | grep -v '^_=' | sort; echo ---; cat; } > "$T/rec.out"
S
printf '#!/bin/sh\ncat > /dev/null\necho "no good" >&2\nexit 3\n' > "$B/fail"
printf '#!/bin/sh\nexec sleep 30\n' > "$B/hang"
printf '#!/bin/sh\nwhile :; do echo xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; done\n' > "$B/flood"
printf '#!/bin/sh\necho "X-Filtered: yes"\ncat\n' > "$B/addhdr"
printf '#!/bin/sh\nprintf "val-%%s" "$1"\n' > "$B/getval"
printf '#!/bin/sh\nexit 1\n' > "$B/no"
printf '#!/bin/sh\ntouch "%s/outside.ran"\n' "$T" > "$T/outside/evil"
chmod 755 "$B"/* "$T/outside/evil"
printf '[programs]\ndir = %s\ntimeout = 1\noutput_max = 4096\n' "$B" > "$T/mda.conf"
MSG="$T/msg"
printf 'From: a@example.org\nTo: b@example.org\nSubject: x\n\nbody\n' > "$MSG"

# deliver NAME SCRIPT-TEXT: run mda into $T/NAME with the site config
deliver() {
	printf '%s\n' "$2" > "$T/$1.sieve"
	SENDER=s@example.org RECIPIENT=r@example.com MDA_PATH_LEAK=1 \
		"$MDA" -c "$T/mda.conf" -m "$T/$1" -s "$T/$1.sieve" < "$MSG" \
		2> "$T/$1.err"
	echo $? > "$T/$1.rc"
}
inbox() { count_files "$T/$1/new"; }

deliver pipe 'require "vnd.dovecot.pipe"; pipe "rec" ["a b", "-c"];'
is "pipe: exit 0" "$(cat "$T/pipe.rc")" 0
is "pipe: the implicit keep is cancelled" "$(inbox pipe)" 0
is "pipe: argv as the script gave it" "$(head -1 "$T/rec.out")" "args: [a b] [-c]"
is "pipe: a cleaned environment with the envelope" \
	"$(sed -n '2,/^---$/p' "$T/rec.out" | grep -v '^---$' | cut -d= -f1 | tr '\n' ' ')" \
	"HOME HOST ORIG_RECIPIENT PATH RECIPIENT SENDER USER "
is "pipe: SENDER" "$(grep '^SENDER=' "$T/rec.out")" "SENDER=s@example.org"
is "pipe: the message on stdin" "$(sed -n '/^---$/,$p' "$T/rec.out" | tail -n +2)" "$(cat "$MSG")"

deliver copy 'require ["vnd.dovecot.pipe", "copy"]; pipe :copy "rec";'
is "pipe :copy: kept too" "$(inbox copy)" 1

deliver fail 'require ["vnd.dovecot.pipe", "fileinto"]; fileinto "F"; pipe "fail";'
is "failing pipe: exit 0" "$(cat "$T/fail.rc")" 0
is "failing pipe: kept in INBOX" "$(inbox fail)" 1
is "failing pipe: fileinto done too" "$(count_files "$T/fail/.F/new")" 1

deliver try 'require ["vnd.dovecot.pipe", "fileinto"]; fileinto "F"; pipe :try "fail";'
is "pipe :try fails: not kept when stored elsewhere" "$(inbox try)" 0
deliver tryonly 'require "vnd.dovecot.pipe"; pipe :try "fail";'
is "pipe :try fails alone: kept" "$(inbox tryonly)" 1

deliver hang 'require "vnd.dovecot.pipe"; pipe "hang";'
is "hanging pipe: killed, kept" "$(inbox hang)" 1
deliver flood 'require "vnd.dovecot.pipe"; pipe "flood";'
is "flooding pipe: killed, kept" "$(inbox flood)" 1

deliver unknown 'require "vnd.dovecot.pipe"; pipe "nothere";'
is "unknown program: kept" "$(inbox unknown)" 1
deliver slash 'require "vnd.dovecot.pipe"; pipe "../outside/evil";'
is "name with a slash: compile error, kept" "$(inbox slash)" 1
check "nothing outside the directory ran" test ! -e "$T/outside.ran"

deliver filter 'require ["vnd.dovecot.filter", "fileinto"];
fileinto "Before"; filter "addhdr";
if header "x-filtered" "yes" { fileinto "After"; } keep;'
is "filter: earlier fileinto has the original" \
	"$(grep -c X-Filtered "$T/filter/.Before/new/"* 2>/dev/null)" 0
is "filter: later tests and actions see the output" \
	"$(grep -c X-Filtered "$T/filter/.After/new/"* 2>/dev/null)" 1
is "filter: a later keep stores the output" \
	"$(grep -c X-Filtered "$T/filter/new/"* 2>/dev/null)" 1

deliver filterfail 'require ["vnd.dovecot.filter"]; filter "fail";'
is "failing filter: message unchanged, kept" "$(grep -c '^body$' "$T/filterfail/new/"* 2>/dev/null)" 1

# each action takes the message as it was when it ran (extprograms 6.1,
# RFC 5293 2): a redirect after a filter sends the filtered version, one
# before it the original; a header added later is on neither copy filed
# or sent before it
SM="$T/sendmail"
printf '#!/bin/sh\nfor a; do r=$a; done\ncat > "%s/sent.$r"\n' "$T" > "$SM"
chmod 755 "$SM"
printf '%s\n' 'require ["vnd.dovecot.filter", "editheader", "fileinto"];
redirect "one@example.net"; filter "addhdr"; redirect "two@example.net";
fileinto "B"; addheader "X-Late" "1"; fileinto "C";' > "$T/versions.sieve"
SENDER=s@example.org RECIPIENT=r@example.com "$MDA" -c "$T/mda.conf" \
	--sendmail "$SM" -m "$T/versions" -s "$T/versions.sieve" < "$MSG" \
	2> "$T/versions.err"
is "versions: delivered (exit 0)" "$?" 0
is "versions: a redirect before the filter sends the original" \
	"$(grep -c -e X-Filtered -e X-Late "$T/sent.one@example.net")" 0
is "versions: a redirect after it sends the filtered one" \
	"$(grep -c X-Filtered "$T/sent.two@example.net")" 1
is "versions: ... without the header added after it" \
	"$(grep -c X-Late "$T/sent.two@example.net")" 0
is "versions: fileinto after the filter: filtered, not the later header" \
	"$(cat "$T/versions/.B/new/"* | grep -c -e X-Filtered -e X-Late)" 1
is "versions: fileinto after addheader: both" \
	"$(cat "$T/versions/.C/new/"* | grep -c -e X-Filtered -e X-Late)" 2

deliver exec 'require ["vnd.dovecot.execute", "variables", "fileinto"];
execute :output "v" "getval" ["x"]; fileinto "${v}";
if execute "no" { fileinto "yes"; } else { fileinto "no"; }
execute :pipe "rec"; execute :input "some data" :output "w" "getval" ["${v}"];
fileinto "${w}";'
is "execute :output" "$(count_files "$T/exec/.val-x/new")" 1
is "execute as a test: a non-zero exit is false" "$(count_files "$T/exec/.no/new")" 1
is "execute :pipe sees the message" "$(tail -1 "$T/rec.out")" "body"
is "execute :input and a variable argument" "$(count_files "$T/exec/.val-val-x/new")" 1

printf '[spamtest]\nheader = X\n' > "$T/none.conf"
printf 'require "vnd.dovecot.pipe"; pipe "rec";\n' > "$T/none.sieve"
rm -f "$T/rec.out"
"$MDA" -c "$T/none.conf" -m "$T/none" -s "$T/none.sieve" < "$MSG" 2>/dev/null
is "no program directory: kept" "$(inbox none)" 1
check "no program directory: nothing ran" test ! -e "$T/rec.out"

out=$("$MDA" -n -c "$T/mda.conf" -m "$T/dry" -s "$T/pipe.sieve" < "$MSG" 2>&1)
check "dry run: pipe planned, not run" test ! -e "$T/rec.out"
is "dry run: the plan names it" "$(echo "$out" | grep -c 'action: pipe "rec" \["a b", "-c"\]')" 1
done_testing
