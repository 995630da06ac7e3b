#!/bin/sh
# 0210-kill9.sh - kill -9 in the middle of a 50 MiB delivery, both stores.
#
# For each store, two clean runs measure how long one delivery takes here;
# then 12 trials kill mda at a moment drawn (fixed seed) from 0 to 1.1
# times that, so kills land while spooling, while locking, while appending
# or linking, and some after the end.  Input comes from a file in even
# trials and through a pipe in odd ones, as an MTA feeds it.
#
# Maildir: new/ and cur/ never hold a partial message: every file there
# is byte-identical to the input (a crash may leave a file in tmp/ only).
#
# mbox: the two earlier messages stay byte-identical; if mda finished
# before the kill the mailbox is old + the whole entry; the next
# delivery (default lock timeout, bounded by timeout 15) succeeds within
# 10 s -- the fcntl lock dies with the process, and a dotlock left by the
# dead process must be broken (its pid names no live process); it leaves
# no lock behind, and it ends the mailbox whole: "\n", its own From_
# line, its bytes, the blank line -- never glued onto a torn tail.
# Last, a second delivery already waiting for the lock when the holder is
# killed must get it and succeed.
. "$MDA_ROOT/tests/lib.sh"

TRIALS=12
SEED=210
export TMPDIR="$T/tmp"  # mda's private spool for mbox deliveries
mkdir -p "$TMPDIR"

if [ ! -x "$MDA" ]; then
	not_ok "need $MDA"; done_testing; exit
fi

BIG=$T/big.eml
python3 - "$BIG" <<'EOF' || { not_ok "50 MiB message generated"; done_testing; exit; }
import base64, random, sys
r = random.Random(50)
head = ("From: Big Sender <big@example.org>\nTo: user@example.net\n"
        "Subject: fifty megabytes\nDate: Mon, 02 Mar 2026 11:00:00 +0000\n"
        "Message-ID: <kill9-big@example.org>\nMIME-Version: 1.0\n"
        "Content-Type: multipart/mixed; boundary=\"b\"\n\n--b\n"
        "Content-Type: text/plain\n\nFrom here on: a large attachment.\n"
        "\n--b\nContent-Type: application/octet-stream\n"
        "Content-Transfer-Encoding: base64\n\n")
with open(sys.argv[1], "wb") as f:
    f.write(head.encode())
    f.write(base64.encodebytes(r.randbytes(37 * 1024 * 1024)))
    f.write(b"\n--b--\n")
EOF
BIGSIZE=$(wc -c <"$BIG" | tr -d ' ')
check "message is about 50 MiB ($BIGSIZE bytes)" [ "$BIGSIZE" -gt 50000000 ]

LAST=$T/last.eml
printf '%s\n' 'From: Last <last@example.org>' 'To: user@example.net' \
	'Subject: the one after the crash' 'Message-ID: <kill9-last@example.org>' \
	'' 'This message must arrive whole, on a fresh line.' >"$LAST"

OLD=$T/old.mbox
printf '%s\n' 'From a@example.org Mon Mar  2 09:00:00 2026' 'Subject: one' '' \
	'first earlier message' '' \
	'From b@example.org Mon Mar  2 09:30:00 2026' 'Subject: two' '' \
	'second earlier message' '' >"$OLD"
OLDSIZE=$(wc -c <"$OLD" | tr -d ' ')

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# delays MAX: TRIALS kill delays in ms, uniform in [0, MAX], fixed seed
delays() {
	awk -v n="$TRIALS" -v max="$1" -v seed="$SEED" \
		'BEGIN { srand(seed); for (i = 0; i < n; i++) print int(rand() * (max + 1)) }'
}

sleep_ms() { sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"; }

# start_killed TRIAL DELAY ARGS...: run mda on $BIG in the background (from
# the file or through a pipe), kill -9 it after DELAY ms; sets $rc.
start_killed() {
	_t=$1 _ms=$2; shift 2
	if [ $((_t % 2)) -eq 0 ]; then
		"$MDA" "$@" -f big@example.org <"$BIG" >/dev/null 2>"$T/err" &
	else
		cat "$BIG" | "$MDA" "$@" -f big@example.org >/dev/null 2>"$T/err" &
	fi
	_pid=$!
	sleep_ms "$_ms"
	kill -9 "$_pid" 2>/dev/null
	{ wait "$_pid"; } 2>/dev/null   # no "Killed" from the shell
	rc=$?
	{ wait; } 2>/dev/null   # the cat of a pipe trial
}

# calibrate ARGS...: two clean deliveries; $took = the faster one in ms,
# $max = the kill window (a little longer, at least 20 ms), $rc = the
# worse exit status.
calibrate() {
	took= rc=0
	for _i in 1 2; do
		_t0=$(now_ms)
		timeout 60 "$MDA" "$@" -f big@example.org <"$BIG" 2>"$T/err" || rc=$?
		_t1=$(now_ms)
		[ -n "$took" ] && [ "$took" -le $((_t1 - _t0)) ] || took=$((_t1 - _t0))
	done
	max=$((took * 11 / 10))
	[ "$max" -ge 20 ] || max=20
}

# ---- reference mbox entries ------------------------------------------------
: >"$T/ref-big.mbox"
timeout 60 "$MDA" -M "$T/ref-big.mbox" -f big@example.org <"$BIG" 2>"$T/err"
is "reference mbox delivery of the big message" "$?" 0
tail -n +2 "$T/ref-big.mbox" >"$T/ref-big.rest"
rm -f "$T/ref-big.mbox"
: >"$T/ref-last.mbox"
timeout 20 "$MDA" -M "$T/ref-last.mbox" -f last@example.org <"$LAST" 2>"$T/err"
is "reference mbox delivery of the last message" "$?" 0
LASTSIZE=$(wc -c <"$T/ref-last.mbox" | tr -d ' ')
tail -n +2 "$T/ref-last.mbox" >"$T/ref-last.rest"

# ---- Maildir ----------------------------------------------------------------
MD=$T/Maildir
calibrate -m "$MD"
is "Maildir: a clean 50 MiB delivery" "$rc" 0
echo "# Maildir: one delivery took $took ms; kills at 0..$max ms"
: >"$T/bad"
killed=0 finished=0 tmpleft=0 t=0
for ms in $(delays "$max"); do
	rm -rf "$MD"
	start_killed "$t" "$ms" -m "$MD"
	case $rc in
	0) finished=$((finished + 1)) ;;
	137) killed=$((killed + 1)) ;;
	*) echo "trial $t (${ms} ms): exit $rc $(head -n 1 "$T/err")" >>"$T/bad" ;;
	esac
	n=0
	for f in "$MD"/new/* "$MD"/cur/*; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		cmp -s "$f" "$BIG" || echo "trial $t (${ms} ms, exit $rc):" \
			"partial or wrong file ${f#"$MD"/} ($(wc -c <"$f" | tr -d ' ') bytes)" >>"$T/bad"
	done
	[ "$rc" -ne 0 ] || [ "$n" -eq 1 ] ||
		echo "trial $t: exit 0 but $n files in new/ and cur/" >>"$T/bad"
	[ "$n" -le 1 ] || echo "trial $t: $n files in new/ and cur/" >>"$T/bad"
	k=$(find "$MD/tmp" -type f 2>/dev/null | wc -l | tr -d ' ')
	tmpleft=$((tmpleft + k))
	t=$((t + 1))
done
echo "# Maildir: $killed killed, $finished finished first, $tmpleft spool file(s) left in tmp/ (allowed)"
if [ -s "$T/bad" ]; then
	not_ok "Maildir: no partial message in new/ or cur/ after kill -9"
	sed 's/^/#   /' "$T/bad"
else
	ok "Maildir: no partial message in new/ or cur/ after kill -9 ($TRIALS trials)"
fi
rm -rf "$MD"

# ---- mbox -------------------------------------------------------------------
MB=$T/mbox
cp "$OLD" "$MB"
calibrate -M "$MB"
is "mbox: a clean 50 MiB delivery" "$rc" 0
echo "# mbox: one delivery took $took ms; kills at 0..$max ms"

# last_is_whole: the mailbox ends with "\n", the From_ line of
# last@example.org and exactly the reference entry; prints what is wrong.
last_is_whole() {
	_total=$(wc -c <"$MB" | tr -d ' ')
	tail -c "$LASTSIZE" "$MB" >"$T/tail"
	head -n 1 "$T/tail" | grep -q '^From last@example.org ' &&
		tail -n +2 "$T/tail" | cmp -s - "$T/ref-last.rest" ||
		{ echo "the last message is not whole at the end"; return; }
	[ "$_total" -gt "$LASTSIZE" ] || return 0
	_prev=$(head -c "$((_total - LASTSIZE))" "$MB" | tail -c 1 | od -An -c | tr -d ' ')
	[ "$_prev" = '\n' ] || echo "its From_ line is glued onto the torn tail"
}

: >"$T/bad"; : >"$T/stale"
killed=0 finished=0 torn=0 dotlocks=0 linkfiles=0 t=0 complete=0 midline=0
noblank=0
for ms in $(delays "$max"); do
	cp "$OLD" "$MB"
	rm -f "$MB".lock*
	start_killed "$t" "$ms" -M "$MB"
	d="trial $t (${ms} ms, exit $rc)"
	case $rc in
	0) finished=$((finished + 1)) ;;
	137) killed=$((killed + 1)) ;;
	*) echo "$d: exit $rc $(head -n 1 "$T/err")" >>"$T/bad" ;;
	esac
	head -c "$OLDSIZE" "$MB" | cmp -s - "$OLD" ||
		echo "$d: the earlier messages changed" >>"$T/bad"
	size=$(wc -c <"$MB" | tr -d ' ')
	whole=no
	if [ "$size" -gt "$OLDSIZE" ]; then
		tail -c +"$((OLDSIZE + 1))" "$MB" >"$T/mid"
		head -n 1 "$T/mid" | grep -q '^From big@example.org ' &&
			tail -n +2 "$T/mid" | cmp -s - "$T/ref-big.rest" && whole=yes
		rm -f "$T/mid"
	fi
	if [ "$rc" -eq 0 ]; then
		[ "$whole" = yes ] ||
			echo "$d: finished, but the entry is not whole" >>"$T/bad"
	elif [ "$whole" = yes ]; then
		complete=$((complete + 1))   # killed after the append
	elif [ "$size" -gt "$OLDSIZE" ]; then
		torn=$((torn + 1))
		[ "$(tail -c 1 "$MB" | od -An -c | tr -d ' ')" = '\n' ] ||
			midline=$((midline + 1))
		[ "$(tail -c 2 "$MB" | od -An -c | tr -d ' ')" = '\n\n' ] ||
			noblank=$((noblank + 1))
	fi
	[ -e "$MB.lock" ] && dotlocks=$((dotlocks + 1))
	for f in "$MB".lock.*; do
		[ -e "$f" ] && linkfiles=$((linkfiles + 1))
	done
	# The next delivery: default lock timeout (30 s), must be done in 10 s.
	# After one stale dotlock has blocked it, later ones are cleared by
	# hand first so that the script stays short; they are counted.
	if [ -e "$MB.lock" ] && [ -s "$T/stale" ]; then
		echo "$d: another stale $(basename "$MB").lock, removed by hand" >>"$T/stale"
		rm -f "$MB.lock"
	fi
	t0=$(now_ms)
	timeout 15 "$MDA" -M "$MB" -f last@example.org <"$LAST" 2>"$T/err2"
	rc2=$?
	t1=$(now_ms)
	if [ "$rc2" -ne 0 ] && [ -e "$MB.lock" ]; then
		echo "$d: next delivery exit $rc2 after $((t1 - t0)) ms," \
			"'$(head -n 1 "$T/err2")', the dead process's $(basename "$MB").lock" \
			"($(tr -d '\n' <"$MB.lock" | head -c 20)) was not broken" >>"$T/stale"
		rm -f "$MB.lock"
		timeout 15 "$MDA" -M "$MB" -f last@example.org <"$LAST" 2>"$T/err2"
		rc2=$?
	elif [ "$((t1 - t0))" -gt 10000 ]; then
		echo "$d: next delivery took $((t1 - t0)) ms" >>"$T/bad"
	fi
	[ "$rc2" -eq 0 ] || echo "$d: next delivery exit $rc2:" \
		"$(head -n 1 "$T/err2")" >>"$T/bad"
	w=$(last_is_whole)
	[ -z "$w" ] || echo "$d, torn tail $((size - OLDSIZE)) bytes: $w" >>"$T/bad"
	head -c "$OLDSIZE" "$MB" | cmp -s - "$OLD" ||
		echo "$d: the next delivery changed the earlier messages" >>"$T/bad"
	[ ! -e "$MB.lock" ] || echo "$d: FILE.lock left by the next delivery" >>"$T/bad"
	t=$((t + 1))
done
echo "# mbox: $killed killed ($complete after a complete append), $finished" \
	"finished first; $torn torn tails ($midline ending mid-line, $noblank" \
	"without the blank line an entry ends with, so the next From_ line" \
	"follows a non-blank line); $dotlocks dotlocks and $linkfiles link" \
	"files left by a killed mda"
if [ -s "$T/bad" ]; then
	not_ok "mbox: earlier messages intact, next delivery whole on a fresh line"
	sed 's/^/#   /' "$T/bad"
else
	ok "mbox: earlier messages intact, next delivery whole on a fresh line ($TRIALS trials)"
fi
if [ -s "$T/stale" ]; then
	not_ok "mbox: the lock is usable again within 10 s after kill -9" \
		"($(wc -l <"$T/stale" | tr -d ' ') stale dotlocks not broken)"
	sed 's/^/#   /' "$T/stale"
else
	ok "mbox: the lock is usable again within 10 s after kill -9" \
		"($dotlocks stale dotlocks broken)"
fi
# ---- mbox: a delivery already waiting for the lock ----------------------------
# A second mda (the small message) starts while the big one holds the
# locks and waits for them; the big one is then killed.  Whatever moment
# the kill hits, the waiting delivery must get the lock (default timeout,
# bounded by timeout 15) and leave old bytes + whatever the dead one left
# + its own entry, whole, on a fresh line.
WAITERS=4
: >"$T/bad"
t=0
for ms in $(delays "$max" | head -n "$WAITERS"); do
	cp "$OLD" "$MB"
	rm -f "$MB".lock*
	"$MDA" -M "$MB" -f big@example.org <"$BIG" >/dev/null 2>"$T/err" &
	big=$!
	sleep_ms "$((ms / 2))"
	timeout 15 "$MDA" -M "$MB" -f last@example.org <"$LAST" 2>"$T/err2" &
	small=$!
	sleep_ms "$((ms / 2 + 1))"
	kill -9 "$big" 2>/dev/null
	{ wait "$big"; } 2>/dev/null
	rc=$?
	wait "$small"
	rc2=$?
	d="waiter $t (kill at ${ms} ms, big exit $rc)"
	[ "$rc2" -eq 0 ] || echo "$d: the waiting delivery exit $rc2:" \
		"$(head -n 1 "$T/err2")" >>"$T/bad"
	head -c "$OLDSIZE" "$MB" | cmp -s - "$OLD" ||
		echo "$d: the earlier messages changed" >>"$T/bad"
	if [ "$rc2" -eq 0 ] && grep -q '^From last@example.org ' "$MB"; then
		# it may have gone first: then the big entry (or its torn
		# start) follows it, and the whole file is checked by size
		n=$(grep -c '^From last@example.org ' "$MB")
		[ "$n" -eq 1 ] || echo "$d: $n copies of the waiting message" >>"$T/bad"
		if tail -c "$LASTSIZE" "$MB" | head -n 1 | grep -q '^From last@example.org '; then
			w=$(last_is_whole)
			[ -z "$w" ] || echo "$d: $w" >>"$T/bad"
		else
			echo "# $d: the waiting delivery went first"
		fi
	elif [ "$rc2" -eq 0 ]; then
		echo "$d: exit 0 but the waiting message is not in the mailbox" >>"$T/bad"
	fi
	[ ! -e "$MB.lock" ] || [ "$rc" -ne 0 ] ||
		echo "$d: FILE.lock left after both ended" >>"$T/bad"
	t=$((t + 1))
done
if [ -s "$T/bad" ]; then
	not_ok "mbox: a delivery waiting for the lock of a killed mda succeeds"
	sed 's/^/#   /' "$T/bad"
else
	ok "mbox: a delivery waiting for the lock of a killed mda succeeds ($WAITERS trials)"
fi
done_testing
