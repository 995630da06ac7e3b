#!/bin/sh
# 0600-outward.sh - filters that act outward, through a fake sendmail that
# records each call (argv one per line, stdin bytes, a line in a shared
# log):
#  (a) redirect: argv exactly `-oi -f SENDER -- ADDRESS`, stdin exactly the
#      original message; null sender as <>; a Delivered-To / X-Mda-Loop
#      loop is not sent and the message is kept; a failing sendmail defers
#      (75, nothing stored) unless the message was also kept.
#  (b) vacation: one reply per sender per period across 50 parallel
#      deliveries, its bytes (Date and Message-ID masked), argv with <>;
#      :seconds expiry.
#  (c) no reply to lists, bulk, auto-generated, null sender, MAILER-DAEMON,
#      mail not addressed to the user.
#  (d) duplicate: 50 parallel deliveries of one Message-ID store one copy.
#  corrupt / locked state database: duplicate counts as not seen (kept),
#      no vacation reply, one log line; the lock wait is bounded.
#  (e) kill -9 at random points of parallel deliveries using duplicate:
#      the database stays intact, every exit-0 delivery stored its message,
#      nothing partial in new/, and a retry of each killed delivery stores
#      its message (a kill never leaves a mark that would discard it).
# Each part needs the engine's extension and is skipped without it.
. "$MDA_ROOT/tests/lib.sh"

if [ ! -x "$MDA" ]; then skip "no mda binary at $MDA"; done_testing; exit; fi
CAPS=$("$MDA" check --capabilities 2>/dev/null)
has() { case "$CAPS" in *[\"\ ]$1[\"\ ]*) return 0 ;; esac; return 1; }

SM=$T/sendmail
export SM_DIR="$T/sm"
mkdir -p "$SM_DIR"
cat >"$SM" <<'EOF'
#!/bin/sh
# fake sendmail: one .argv (an argument a line) and one .in per call
n=$(mktemp "$SM_DIR/call.XXXXXX") || exit 75
printf '%s\n' "$@" >"$n.argv" || exit 75
cat >"$n.in" || exit 75
printf '%s\n' "$*" >>"$SM_DIR/log"
[ -f "$SM_DIR/fail" ] && exit 1
exit 0
EOF
chmod 755 "$SM"

calls() { if [ -f "$SM_DIR/log" ]; then wc -l <"$SM_DIR/log" | tr -d ' '; else echo 0; fi; }
reset_sm() { rm -rf "$SM_DIR"; mkdir -p "$SM_DIR"; }
# first_call EXT: the file of the only call (fails if not exactly one)
only_call() { set -- "$SM_DIR"/call.*."$1"; [ $# -eq 1 ] && [ -f "$1" ] && echo "$1"; }
# run_mda MAILDIR SCRIPT SENDER MSG [args]: exit status on stdout, log in $T/err
run_mda() {
	md=$1 sc=$2 snd=$3 msg=$4; shift 4
	"$MDA" -v -m "$md" -s "$sc" -f "$snd" -a bob@example.com \
		--sendmail "$SM" --state-dir "$T/state" "$@" <"$msg" 2>"$T/err"
	echo $?
}

printf 'From: Alice <alice@example.org>\nTo: Bob <bob@example.com>\nSubject: Lunch?\nMessage-ID: <lunch.1@example.org>\nReferences: <a@x> <b@x>\n\nAre you free?\r\nBytes: \001\n' >"$T/msg"

# --- (a) redirect -----------------------------------------------------
printf 'redirect "fwd@example.net";\n' >"$T/redir.sieve"
reset_sm
is "redirect: exit" "$(run_mda "$T/a1" "$T/redir.sieve" alice@example.org "$T/msg")" 0
is "redirect: one sendmail call" "$(calls)" 1
printf -- '-oi\n-f\nalice@example.org\n--\nfwd@example.net\n' >"$T/want.argv"
a=$(only_call argv) && check "redirect: argv exactly -oi -f SENDER -- ADDRESS" cmp -s "$a" "$T/want.argv" || not_ok "redirect: argv"
i=$(only_call in) && check "redirect: stdin is the original message, byte for byte" cmp -s "$i" "$T/msg" || not_ok "redirect: stdin"
is "redirect: nothing stored (redirect cancels keep)" "$(count_files "$T/a1/new")" 0

reset_sm
is "redirect, null sender: exit" "$(run_mda "$T/a2" "$T/redir.sieve" "" "$T/msg")" 0
printf -- '-oi\n-f\n<>\n--\nfwd@example.net\n' >"$T/want.argv"
a=$(only_call argv) && check "redirect, null sender: -f <>" cmp -s "$a" "$T/want.argv" || not_ok "redirect null sender argv"

for hdr in "Delivered-To: FWD@example.net" "X-Mda-Loop: <fwd@example.net>"; do
	reset_sm
	{ printf '%s\n' "$hdr"; cat "$T/msg"; } >"$T/loop.msg"
	rm -rf "$T/a3"
	is "loop ($hdr): exit" "$(run_mda "$T/a3" "$T/redir.sieve" alice@example.org "$T/loop.msg")" 0
	is "loop ($hdr): not sent" "$(calls)" 0
	f=$(only_file "$T/a3/new") && check "loop ($hdr): kept in INBOX, unchanged" cmp -s "$f" "$T/loop.msg" || not_ok "loop: kept"
	check "loop ($hdr): logged" grep -q 'redirect to <fwd@example.net> not sent: mail loop' "$T/err"
done

if has editheader; then   # RFC 5293 2: the edited message is sent
	printf 'require "editheader";\naddheader "X-Edited" "yes";\nredirect "fwd@example.net";\n' >"$T/edredir.sieve"
	reset_sm
	is "edited redirect: exit" "$(run_mda "$T/a6" "$T/edredir.sieve" alice@example.org "$T/msg")" 0
	{ printf 'X-Edited: yes\n'; cat "$T/msg"; } >"$T/edited.msg"
	i=$(only_call in) && check "edited redirect: stdin is the edited message" cmp -s "$i" "$T/edited.msg" || not_ok "edited redirect: stdin"
else
	skip "editheader extension not available"; skip "editheader"
fi

reset_sm
touch "$SM_DIR/fail"
is "failing sendmail, no keep: exit 75" "$(run_mda "$T/a4" "$T/redir.sieve" alice@example.org "$T/msg")" 75
is "failing sendmail, no keep: nothing stored" "$(count_files "$T/a4/new")" 0
if has copy; then
	printf 'require "copy";\nredirect :copy "fwd@example.net";\n' >"$T/copy.sieve"
	is "failing sendmail, :copy: exit 0" "$(run_mda "$T/a5" "$T/copy.sieve" alice@example.org "$T/msg")" 0
	is "failing sendmail, :copy: kept" "$(count_files "$T/a5/new")" 1
else
	skip "copy extension not available"; skip "copy"
fi
rm -f "$SM_DIR/fail"

# --- (b) vacation -----------------------------------------------------
if has vacation; then
	printf 'require "vacation";\nvacation :days 7 :subject "Away" :handle "h1" "I am away.\r\nBack Monday.";\n' >"$T/vac.sieve"
	reset_sm
	for n in $(seq 1 50); do
		( run_mda "$T/b1" "$T/vac.sieve" alice@example.org "$T/msg" >"$T/rc.$n" ) &
	done
	wait
	is "vacation x50: every delivery exit 0" "$(cat "$T"/rc.* | sort -u | tr '\n' ' ')" "0 "
	is "vacation x50: every message stored" "$(count_files "$T/b1/new")" 50
	is "vacation x50: exactly one reply" "$(calls)" 1
	printf -- '-oi\n-f\n<>\n--\nalice@example.org\n' >"$T/want.argv"
	a=$(only_call argv) && check "vacation: argv -oi -f <> -- SENDER" cmp -s "$a" "$T/want.argv" || not_ok "vacation argv"
	printf 'From: <bob@example.com>\nTo: Alice <alice@example.org>\nSubject: Away\nDate: X\nMessage-ID: X\nIn-Reply-To: <lunch.1@example.org>\nReferences: <a@x> <b@x>\n <lunch.1@example.org>\nAuto-Submitted: auto-replied\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\nI am away.\nBack Monday.\n' >"$T/want.reply"
	i=$(only_call in) && sed -e 's/^Date: .*/Date: X/' -e 's/^Message-ID: .*/Message-ID: X/' "$i" >"$T/got.reply"
	check "vacation: reply bytes (Date, Message-ID masked)" cmp -s "$T/got.reply" "$T/want.reply"
	check "vacation: Date is RFC 5322" grep -Eq '^Date: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} [+-][0-9]{4}$' "$i"
	check "vacation: fresh Message-ID" grep -Eq '^Message-ID: <[^<>@ ]+@[^<>@ ]+>$' "$i"
	sed 's/alice@example.org/carol@example.org/' "$T/msg" >"$T/carol.msg"
	is "vacation: another sender: exit" "$(run_mda "$T/b1" "$T/vac.sieve" Carol@Example.org "$T/carol.msg")" 0
	is "vacation: another sender gets a reply" "$(calls)" 2
	is "vacation: same sender, other case: exit" "$(run_mda "$T/b1" "$T/vac.sieve" carol@example.org "$T/carol.msg")" 0
	is "vacation: same sender in another case: no second reply" "$(calls)" 2
	check "vacation: logged why not" grep -q 'vacation: not sent (already answered within the period)' "$T/err"
	if has vacation-seconds; then
		# A period of 10 s: two deliveries in a row stay inside it even
		# on a loaded machine (at load 16 they took more than 1 s).
		printf 'require ["vacation", "vacation-seconds"];\nvacation :seconds 10 :handle "s" "brb";\n' >"$T/sec.sieve"
		reset_sm
		run_mda "$T/b2" "$T/sec.sieve" alice@example.org "$T/msg" >/dev/null
		run_mda "$T/b2" "$T/sec.sieve" alice@example.org "$T/msg" >/dev/null
		is "vacation :seconds 10: one reply within the period" "$(calls)" 1
		sleep 11
		run_mda "$T/b2" "$T/sec.sieve" alice@example.org "$T/msg" >/dev/null
		is "vacation :seconds 10: a new reply after it" "$(calls)" 2
	else
		skip "vacation-seconds not available"; skip "vacation-seconds"
	fi
else
	for n in 1 2 3 4 5 6 7 8 9 10 11 12 13; do skip "vacation not available"; done
fi

# --- (c) never answered -----------------------------------------------
if has vacation; then
	printf 'require "vacation";\nvacation :handle "c" "away";\n' >"$T/c.sieve"
	body='Subject: x\nMessage-ID: <c@example.org>\n\nbody\n'
	n=0
	while IFS='|' read -r desc snd hdrs; do
		n=$((n + 1))
		reset_sm
		printf "From: $snd\n${hdrs}${body}" >"$T/c$n.msg"
		is "no reply ($desc): exit" "$(run_mda "$T/c$n" "$T/c.sieve" "$snd" "$T/c$n.msg")" 0
		is "no reply ($desc): no sendmail call" "$(calls)" 0
		is "no reply ($desc): stored" "$(count_files "$T/c$n/new")" 1
	done <<'EOF'
List-Id|dave@example.org|To: bob@example.com\nList-Id: <l.example.org>\n
Precedence: bulk|dave@example.org|To: bob@example.com\nPrecedence: bulk\n
Auto-Submitted: auto-generated|dave@example.org|To: bob@example.com\nAuto-Submitted: auto-generated\n
null sender||To: bob@example.com\n
MAILER-DAEMON|MAILER-DAEMON@example.org|To: bob@example.com\n
owner-*|owner-list@example.org|To: bob@example.com\n
not addressed to the user|dave@example.org|To: notbob@example.com, bob@example.com.evil\n
EOF
	reset_sm
	printf 'From: dave@example.org\nTo: x@y, "B" <BOB@example.com>\nSubject: x\n\nb\n' >"$T/cok.msg"
	is "control (To names the user, other case): exit" "$(run_mda "$T/c-ok" "$T/c.sieve" dave@example.org "$T/cok.msg")" 0
	is "control: a reply" "$(calls)" 1
else
	skip "vacation not available"
fi

# --- (d) duplicate ------------------------------------------------------
if has duplicate; then
	printf 'require "duplicate";\nif duplicate { discard; stop; }\n' >"$T/dup.sieve"
	rm -f "$T"/rc.*
	for n in $(seq 1 50); do
		( run_mda "$T/d1" "$T/dup.sieve" alice@example.org "$T/msg" >"$T/rc.$n" ) &
	done
	wait
	is "duplicate x50: every delivery exit 0" "$(cat "$T"/rc.* | sort -u | tr '\n' ' ')" "0 "
	is "duplicate x50: exactly one stored" "$(count_files "$T/d1/new")" 1
	f=$(only_file "$T/d1/new") && check "duplicate: stored copy intact" cmp -s "$f" "$T/msg" || not_ok "duplicate copy"
	sed 's/lunch\.1@/lunch.2@/' "$T/msg" >"$T/other.msg"
	is "duplicate: other Message-ID: exit" "$(run_mda "$T/d1" "$T/dup.sieve" alice@example.org "$T/other.msg")" 0
	is "duplicate: other Message-ID stored" "$(count_files "$T/d1/new")" 2
	is "duplicate: same one again: exit" "$(run_mda "$T/d1" "$T/dup.sieve" alice@example.org "$T/other.msg")" 0
	is "duplicate: same one again discarded" "$(count_files "$T/d1/new")" 2
else
	skip "duplicate not available"
fi

# --- corrupt or locked database: the message is kept, no reply, logged ---
if has duplicate && has vacation; then
	mkdir -p "$T/bad"
	head -c 8192 /dev/urandom >"$T/bad/state.db"
	printf 'require ["duplicate", "vacation"];\nif duplicate { discard; stop; }\nvacation :handle "z" "away";\n' >"$T/dv.sieve"
	reset_sm
	for n in 1 2; do
		is "corrupt db, delivery $n: exit 0" "$(run_mda "$T/f1" "$T/dv.sieve" alice@example.org "$T/msg" --state-dir "$T/bad")" 0
	done
	is "corrupt db: duplicate counts as not seen, both kept" "$(count_files "$T/f1/new")" 2
	is "corrupt db: no reply" "$(calls)" 0
	check "corrupt db: logged" grep -q "state $T/bad/state.db: open: file is not a database" "$T/err"
	if command -v python3 >/dev/null 2>&1; then
		run_mda "$T/f2" "$T/dv.sieve" dave@example.org "$T/other.msg" --state-dir "$T/lk" >/dev/null
		reset_sm
		python3 -c 'import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE"); open(sys.argv[2], "w").close(); time.sleep(12)' \
			"$T/lk/state.db" "$T/lk/held" &
		holder=$!
		for n in $(seq 1 50); do [ -f "$T/lk/held" ] && break; sleep 0.1; done
		t0=$(date +%s)
		is "locked db: exit 0" "$(run_mda "$T/f2" "$T/dv.sieve" alice@example.org "$T/msg" --state-dir "$T/lk")" 0
		t1=$(date +%s)
		kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null
		check "locked db: bounded wait, not the 12 s the holder keeps it (${t0}..${t1})" test $((t1 - t0)) -lt 12
		is "locked db: kept" "$(count_files "$T/f2/new")" 2
		is "locked db: no reply" "$(calls)" 0
		check "locked db: logged" grep -q "database is locked" "$T/err"
	else
		skip "python3 not available"
	fi
else
	skip "duplicate or vacation not available"
fi

# --- (e) kill -9 during updates ------------------------------------------
if has duplicate && command -v sqlite3 >/dev/null 2>&1; then
	python3 - "$MDA" "$T" "$SM" <<'EOF' >"$T/e.out" 2>&1
import os, random, signal, subprocess, sys, time
mda, T, sm = sys.argv[1:4]
rnd = random.Random(600)
md, state = T + "/e", T + "/estate"
script = T + "/dup.sieve"
def msg(i):
    return ("From: a@example.org\nTo: bob@example.com\nMessage-ID: <k%d@x>\n"
            "Subject: %d\n\n" % (i, i) + "line of body %d\n" % i * 2000).encode()
def run(i):
    return subprocess.Popen([mda, "-m", md, "-s", script, "-f", "a@example.org",
                             "--state-dir", state, "--sendmail", sm],
                            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
ok_ids, killed = set(), []
for rnd_no in range(10):
    ids = range(rnd_no * 10, rnd_no * 10 + 10)
    procs = []
    for i in ids:
        p = run(i)
        p.stdin.write(msg(i)); p.stdin.close()
        procs.append((i, p))
    time.sleep(rnd.uniform(0.0, 0.03))
    for i, p in procs:
        if rnd.random() < 0.5:
            time.sleep(rnd.uniform(0.0, 0.005))
            p.send_signal(signal.SIGKILL)
    for i, p in procs:
        rc = p.wait()
        if rc == 0:
            ok_ids.add(i)
        else:
            killed.append(i)
def stored():
    seen = {}
    for name in os.listdir(md + "/new"):
        data = open(md + "/new/" + name, "rb").read()
        i = int(data.split(b"Subject: ")[1].split(b"\n")[0])
        if data != msg(i):
            print("partial or changed file", name)
        seen[i] = seen.get(i, 0) + 1
    return seen
s = stored()
for i in ok_ids:
    if i not in s:
        print("exit 0 but not stored:", i)
print("killed", len(killed), "ok", len(ok_ids))
for i in killed:   # the MTA's retry
    p = run(i); p.stdin.write(msg(i)); p.stdin.close()
    if p.wait() != 0:
        print("retry failed:", i)
s = stored()
for i in range(100):
    if i not in s:
        print("lost after retry:", i)
EOF
	check "kill -9: every exit-0 delivery stored, nothing partial, retries store (see below)" \
		sh -c "! grep -Eq 'partial|not stored|lost|failed' '$T/e.out'"
	sed 's/^/# /' "$T/e.out"
	is "kill -9: database integrity" "$(sqlite3 "$T/estate/state.db" 'PRAGMA integrity_check')" ok
	is "kill -9: marks = messages" "$(sqlite3 "$T/estate/state.db" 'SELECT count(*) FROM state')" 100
else
	skip "duplicate or sqlite3 not available"
fi

done_testing
