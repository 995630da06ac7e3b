#!/bin/sh
# 0200-faults.sh - a failing system call at every call site, for both stores.
#
# tests/shim/faultinject.so (LD_PRELOAD) fails the Nth call of one function
# family with a chosen errno, or makes the Nth write(2) short.  For each
# store and each family we first count how many calls one delivery of a
# ~220 KiB multipart message makes, then deliver once per call site and
# errno with the fault there.  Every run must end in one of two ways:
#   exit 0  - the message delivered whole, exactly once (Maildir: one file
#             in new/ byte-identical to the input; mbox: the old bytes, then
#             one From_ line and the expected entry, nothing else);
#   exit 75 - first stderr line "4.x.x text" (4.2.2 for EDQUOT), and
#             nothing visible: no file in new/ or cur/, the mbox
#             byte-identical to before, no lock file left behind.
# A short write is not an error: it must always end in exit 0.  Any other
# exit status, or a run killed by timeout(1), is a failure.  tmp/ must be
# empty after every run (the spool is unlinked on failure, too).
#
# Four stores: Maildir (-m), Maildir with a filter filing a flagged copy
# (keyword -> dovecot-keywords via rename) into a new folder, an mbox (-M)
# holding two earlier messages, and the same as FILE.gz (a new gzip member
# is appended; zcat must read old + the entry).  Then the mbox specials: the lock is
# retried after a transient EAGAIN, a lock that never comes is a bounded
# 75, and a failing ftruncate after a failed append (the mailbox cannot be
# cut back) still leaves the old bytes intact and the next delivery on a
# fresh line.
. "$MDA_ROOT/tests/lib.sh"

SHIM=$MDA_BUILD/tests/faultinject.so
CAP=40                 # call sites tried per family at most
ERRNOS="ENOSPC EIO EDQUOT EAGAIN"
SENDER=fault@example.org
export TMPDIR="$T/tmp"  # mda's private spool for mbox deliveries
mkdir -p "$TMPDIR"

if [ ! -x "$MDA" ] || [ ! -f "$SHIM" ]; then
	not_ok "need $MDA and $SHIM (make BUILD=... test-build)"
	done_testing; exit
fi

# ---- the message and the old mailbox -------------------------------------
MSG=$T/msg.eml
python3 - "$MSG" <<'EOF' || { not_ok "message generated"; done_testing; exit; }
import base64, random, sys
r = random.Random(200)
pdf = bytes(r.getrandbits(8) for _ in range(140 * 1024))
plain = "".join("Line %d of the plain part, words to fill it out nicely.\n" % i
                for i in range(300))
plain += "From the desk of the sender: mboxrd must quote this line.\n"
plain += ">From a line quoted once already.\n"
html = "<html><body>\n" + "".join(
    "<p>Paragraph %d &amp; more text</p>\n" % i for i in range(200)) + \
    "</body></html>\n"
msg = ("Return-Path: <fault@example.org>\n"
       "From: Sender <fault@example.org>\nTo: user@example.net\n"
       "Subject: quarterly report with attachment\n"
       "Date: Mon, 02 Mar 2026 10:00:00 +0000\n"
       "Message-ID: <fault-200k@example.org>\nMIME-Version: 1.0\n"
       "Content-Type: multipart/mixed; boundary=\"outer\"\n\n"
       "This is a multipart message.\n\n--outer\n"
       "Content-Type: multipart/alternative; boundary=\"inner\"\n\n"
       "--inner\nContent-Type: text/plain; charset=utf-8\n\n" + plain +
       "\n--inner\nContent-Type: text/html; charset=utf-8\n\n" + html +
       "\n--inner--\n\n--outer\n"
       "Content-Type: application/pdf; name=\"report.pdf\"\n"
       "Content-Transfer-Encoding: base64\n"
       "Content-Disposition: attachment; filename=\"report.pdf\"\n\n" +
       base64.encodebytes(pdf).decode() + "\n--outer--\n")
open(sys.argv[1], "w").write(msg)
EOF

OLD=$T/old.mbox
printf '%s\n' 'From a@example.org Mon Mar  2 09:00:00 2026' 'Subject: one' '' \
	'first earlier message' '>From quoted' '' \
	'From b@example.org Mon Mar  2 09:30:00 2026' 'Subject: two' '' \
	'second earlier message' '' >"$OLD"
OLDSIZE=$(wc -c <"$OLD" | tr -d ' ')
OLDGZ=$T/old.mbox.gz
gzip -9n <"$OLD" >"$OLDGZ"
OLDGZSIZE=$(wc -c <"$OLDGZ" | tr -d ' ')

FILTER=$T/filter.sieve
cat >"$FILTER" <<'EOF'
require ["fileinto", "imap4flags"];
fileinto :flags ["\\Seen", "$Label1"] "Archive";
keep;
EOF

# The reference entry: what one clean delivery appends to an mbox.  Its
# From_ line carries the time of delivery, so runs compare all but line 1.
MB=$T/mb
MBGZ=$T/mb.gz
: >"$T/ref.mbox"
if ! timeout 20 "$MDA" -M "$T/ref.mbox" -f "$SENDER" <"$MSG" 2>"$T/err"; then
	not_ok "reference mbox delivery"; sed 's/^/#   /' "$T/err"
	done_testing; exit
fi
tail -n +2 "$T/ref.mbox" >"$T/ref.rest"
check "reference entry starts with a From_ line for $SENDER" \
	grep -q "^From $SENDER " "$T/ref.mbox"
check "reference entry quotes the body's From line" \
	grep -qx '>From the desk of the sender: mboxrd must quote this line.' \
	"$T/ref.rest"

# ---- helpers -------------------------------------------------------------
count_of() { # FAMILY FILE: the count the shim wrote for FAMILY
	awk -v f="$1" '$1 == f { print $2; found = 1 } END { if (!found) print 0 }' \
		"$2" 2>/dev/null
}

files_in() { # DIR...: number of files directly in the existing DIRs
	_n=0
	for _d in "$@"; do
		[ -d "$_d" ] || continue
		_k=$(find "$_d" -maxdepth 1 -type f | wc -l | tr -d ' ')
		_n=$((_n + _k))
	done
	echo "$_n"
}

# mbox_is_old_plus_entry FILE: FILE = old bytes + one From_ line + entry
mbox_is_old_plus_entry() {
	head -c "$OLDSIZE" "$1" | cmp -s - "$OLD" || return 1
	tail -c +"$((OLDSIZE + 1))" "$1" >"$T/new.part"
	head -n 1 "$T/new.part" | grep -q "^From $SENDER [A-Z][a-z][a-z] " ||
		return 1
	tail -n +2 "$T/new.part" | cmp -s - "$T/ref.rest"
}

prepare() { # STORE: a fresh destination
	case $1 in
	maildir|filter) rm -rf "$T/md" ;;
	mbox) cp "$OLD" "$MB"; rm -f "$MB".lock* ;;
	mboxgz) cp "$OLDGZ" "$MBGZ"; rm -f "$MBGZ".lock* ;;
	esac
}

# state_after STORE RC: print what is wrong with the store after a run
# that exited RC (nothing when all is well); sets $how to delivered/failed.
state_after() {
	how=failed
	case $1 in
	maildir|filter)
		_tmp=$(files_in "$T/md/tmp" "$T/md/.Archive/tmp")
		[ "$_tmp" -eq 0 ] || echo "$_tmp file(s) left in tmp/"
		_in=$(files_in "$T/md/new")
		_cur=$(files_in "$T/md/cur" "$T/md/.Archive/new")
		_arch=$(files_in "$T/md/.Archive/cur")
		[ "$_cur" -eq 0 ] || echo "$_cur stray file(s) in cur/ or .Archive/new/"
		if [ "$2" -eq 0 ]; then
			how=delivered
			[ "$_in" -eq 1 ] || echo "exit 0 but $_in file(s) in new/"
			for _f in "$T/md/new"/* "$T/md/.Archive/cur"/*; do
				[ -f "$_f" ] || continue
				cmp -s "$_f" "$MSG" ||
					echo "${_f#"$T"/md/} differs from the input"
			done
			if [ "$1" = filter ] && [ "$_arch" -eq 0 ]; then
				how=kept   # the fileinto failed: implicit keep
			fi
			[ "$_arch" -le 1 ] || echo "$_arch copies in .Archive/cur/"
			for _f in "$T/md/.Archive/cur"/*; do
				[ -f "$_f" ] || continue
				case $_f in *:2,Sa) ;; *)
					echo "Archive copy named ${_f##*/}" ;; esac
			done
		else
			[ "$_in" -eq 0 ] || echo "exit $2 but $_in file(s) in new/"
			[ "$_arch" -eq 0 ] ||
				echo "exit $2 but $_arch file(s) in .Archive/cur/"
		fi ;;
	mbox)
		for _f in "$MB".lock*; do
			[ -e "$_f" ] && echo "lock file left: ${_f##*/}"
		done
		if [ "$2" -eq 0 ]; then
			how=delivered
			mbox_is_old_plus_entry "$MB" ||
				echo "exit 0 but the mbox is not old + the entry" \
				     "(size $(wc -c <"$MB" | tr -d ' '))"
		else
			cmp -s "$MB" "$OLD" ||
				echo "exit $2 but the mbox changed" \
				     "(size $(wc -c <"$MB" | tr -d ' '), was $OLDSIZE)"
		fi ;;
	mboxgz)
		for _f in "$MBGZ".lock*; do
			[ -e "$_f" ] && echo "lock file left: ${_f##*/}"
		done
		if [ "$2" -eq 0 ]; then
			how=delivered
			head -c "$OLDGZSIZE" "$MBGZ" | cmp -s - "$OLDGZ" ||
				echo "exit 0 but the old gzip members changed"
			gzip -dc <"$MBGZ" >"$T/gz.plain" 2>/dev/null ||
				echo "exit 0 but the file is not valid gzip"
			mbox_is_old_plus_entry "$T/gz.plain" ||
				echo "exit 0 but zcat is not old + the entry"
		else
			cmp -s "$MBGZ" "$OLDGZ" ||
				echo "exit $2 but the mbox.gz changed" \
				     "(size $(wc -c <"$MBGZ" | tr -d ' '), was $OLDGZSIZE)"
		fi ;;
	esac
}

store_args() { # STORE: mda's arguments for it
	case $1 in
	maildir) echo "-m $T/md" ;;
	filter) echo "-m $T/md -s $FILTER" ;;
	mbox) echo "-M $MB --lock-timeout 1" ;;
	mboxgz) echo "-M $MBGZ --lock-timeout 1" ;;
	esac
}

# run STORE [VAR=VALUE...]: one delivery under the shim; sets $rc and
# leaves stderr in $T/err and the shim's counts in $T/cnt.
run() {
	_s=$1; shift
	prepare "$_s"
	rm -f "$T/cnt"
	# shellcheck disable=SC2046 # the arguments hold no blanks
	# Under AddressSanitizer (make check-asan) the shim comes first in
	# the library list, which ASan would refuse by default.
	timeout 20 env LD_PRELOAD="$SHIM" FAULT_COUNT_FILE="$T/cnt" \
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" "$@" \
		"$MDA" $(store_args "$_s") -f "$SENDER" <"$MSG" >"$T/out" 2>"$T/err"
	rc=$?
}

# judge STORE DESC ERRNO SHORT: check the last run; append a line to $T/bad
# when it went wrong, count it in $T/tally.
judge() {
	state_after "$1" "$rc" >"$T/state"   # sets $how
	_bad=$(cat "$T/state")
	_first=$(head -n 1 "$T/err")
	case $rc in
	0) [ "$4" = 1 ] || [ "$(count_of injected "$T/cnt")" -ge 1 ] ||
		_bad="$_bad${_bad:+; }the fault was not injected" ;;
	75)
		echo "$_first" | grep -Eq '^4\.[0-9]\.[0-9] ' ||
			_bad="$_bad${_bad:+; }first line '$_first'"
		if [ "$3" = EDQUOT ]; then
			case $_first in 4.2.2\ *) ;; *)
				_bad="$_bad${_bad:+; }EDQUOT gave '$_first'" ;; esac
		fi
		[ "$4" = 1 ] && _bad="$_bad${_bad:+; }a short write failed the delivery: '$_first'" ;;
	124|137) _bad="$_bad${_bad:+; }timed out" ;;
	*) _bad="$_bad${_bad:+; }exit $rc, first line '$_first'" ;;
	esac
	if [ -n "$_bad" ]; then
		echo "$2: $(echo "$_bad" | tr '\n' ';')" >>"$T/bad"
		echo bad >>"$T/tally"
	else
		echo "$how" >>"$T/tally"
	fi
}

total_runs=0
summary() { # DESC: one TAP line for the runs since the last call
	_d=$(grep -c '^delivered$' "$T/tally"); _f=$(grep -c '^failed$' "$T/tally")
	_k=$(grep -c '^kept$' "$T/tally"); _b=$(grep -c '^bad$' "$T/tally")
	_all=$((_d + _f + _k + _b))
	total_runs=$((total_runs + _all))
	_txt="$1: $_all runs, $_d delivered, $_f failed cleanly"
	[ "$_k" -eq 0 ] || _txt="$_txt, $_k kept in INBOX only"
	if [ "$_b" -eq 0 ]; then ok "$_txt"; else
		not_ok "$_txt, $_b WRONG"; head -n 6 "$T/bad" | sed 's/^/#   /'
	fi
	: >"$T/tally"; : >"$T/bad"
}

# ---- one fault per call site ---------------------------------------------
: >"$T/tally"; : >"$T/bad"
for store in maildir filter mbox mboxgz; do
	run "$store"
	if [ "$rc" -ne 0 ] || ! [ -s "$T/cnt" ]; then
		not_ok "$store: clean delivery under the shim (exit $rc)"
		sed 's/^/#   /' "$T/err"
		continue
	fi
	state_after "$store" 0 >"$T/bad0"
	check "$store: clean delivery under the shim stores the message" \
		[ ! -s "$T/bad0" ]
	cp "$T/cnt" "$T/cnt.$store"
	echo "# $store, calls per delivery: $(grep -v '^injected' "$T/cnt" |
		awk '$2 > 0 { printf "%s %s  ", $1, $2 }')"
	for fam in write fsync link rename open openat mkdir fcntl; do
		n=$(count_of "$fam" "$T/cnt.$store")
		if [ "$n" -eq 0 ]; then
			skip "$store: no $fam call in a delivery"
			continue
		fi
		[ "$n" -le "$CAP" ] || n=$CAP
		for e in $ERRNOS; do
			i=1
			while [ "$i" -le "$n" ]; do
				run "$store" FAULT_CALL="$fam" FAULT_NTH="$i" \
					FAULT_ERRNO="$e"
				judge "$store" "$store $fam #$i $e" "$e" 0
				i=$((i + 1))
			done
		done
		if [ "$fam" = write ]; then
			i=1
			while [ "$i" -le "$n" ]; do
				run "$store" FAULT_CALL=write FAULT_NTH="$i" \
					FAULT_SHORT=1
				judge "$store" "$store write #$i short" - 1
				i=$((i + 1))
			done
		fi
		if [ "$fam" = write ]; then
			summary "$store: $fam x $n call sites x {$ERRNOS short}"
		else
			summary "$store: $fam x $n call sites x {$ERRNOS}"
		fi
	done
done

# ---- a disk that stays broken -------------------------------------------
# From call N on, every write (or fsync) fails: the disk filled up or died
# at that point.  The same outcomes are allowed.
for store in maildir filter mbox mboxgz; do
	[ -s "$T/cnt.$store" ] || continue
	for fam in write fsync; do
		n=$(count_of "$fam" "$T/cnt.$store")
		[ "$n" -le "$CAP" ] || n=$CAP
		for e in ENOSPC EIO; do
			i=1
			while [ "$i" -le "$n" ]; do
				run "$store" FAULT_CALL="$fam" FAULT_NTH="$i" \
					FAULT_ERRNO="$e" FAULT_PERSIST=1
				judge "$store" "$store $fam #$i.. $e" "$e" 0
				i=$((i + 1))
			done
		done
	done
	summary "$store: write or fsync fails from call N on, persistently {ENOSPC EIO}"
done

# ---- what a delivery must call -------------------------------------------
check "maildir: a delivery fsyncs the file and new/ ($(count_of fsync "$T/cnt.maildir") fsync calls)" \
	[ "$(count_of fsync "$T/cnt.maildir")" -ge 2 ]
check "maildir: a delivery links tmp/ into new/ ($(count_of link "$T/cnt.maildir") link calls)" \
	[ "$(count_of link "$T/cnt.maildir")" -ge 1 ]
check "mbox: a delivery fsyncs the mailbox ($(count_of fsync "$T/cnt.mbox") fsync calls)" \
	[ "$(count_of fsync "$T/cnt.mbox")" -ge 1 ]
check "mbox: a delivery takes the fcntl lock ($(count_of fcntl "$T/cnt.mbox") fcntl calls)" \
	[ "$(count_of fcntl "$T/cnt.mbox")" -ge 2 ]

# ---- mbox: the lock ------------------------------------------------------
# fcntl(F_SETLK) calls: the lock, then the unlock.  One EAGAIN ("held by
# another process") must be waited out and the delivery must succeed.
for e in EAGAIN EACCES; do
	run mbox FAULT_CALL=fcntl FAULT_FCNTL_CMD=SETLK FAULT_NTH=1 FAULT_ERRNO=$e
	_bad=$(state_after mbox "$rc")
	is "mbox: one $e from F_SETLK is retried, delivered (exit)" "$rc" 0
	is "mbox: one $e from F_SETLK is retried, delivered (store)" "$_bad" ""
	check "mbox: ... and F_SETLK was called again" \
		[ "$(count_of fcntl "$T/cnt")" -ge 3 ]
done
# A lock that never comes: bounded by --lock-timeout 1, then 75 with a
# 4.x.x line, nothing written, no dotlock left.
run mbox FAULT_CALL=fcntl FAULT_FCNTL_CMD=SETLK FAULT_NTH=1 FAULT_PERSIST=1 \
	FAULT_ERRNO=EAGAIN
_bad=$(state_after mbox "$rc")
is "mbox: lock never free -> exit 75" "$rc" 75
check "mbox: lock never free -> 4.x.x first line ($(head -n 1 "$T/err"))" \
	grep -Eq '^4\.[0-9]\.[0-9] ' "$T/err"
is "mbox: lock never free -> mbox unchanged, no lock file" "$_bad" ""
check "mbox: lock never free -> F_SETLK retried ($(count_of fcntl "$T/cnt") tries)" \
	[ "$(count_of fcntl "$T/cnt")" -ge 3 ]
# The dotlock's link() failing with EEXIST forever: someone else's live
# dotlock (younger than the stale age) -> bounded 75 as well.
run mbox FAULT_CALL=link FAULT_NTH=1 FAULT_PERSIST=1 FAULT_ERRNO=EEXIST
_bad=$(state_after mbox "$rc")
is "mbox: dotlock never free -> exit 75 ($(head -n 1 "$T/err"))" "$rc" 75
is "mbox: dotlock never free -> mbox unchanged, no lock file" "$_bad" ""

# ---- maildir: a shared filesystem settling ------------------------------
# On GlusterFS or NFS a directory another host is making at that moment
# can answer ESTALE (or ENOENT) for a short while (0820 met it under the
# sanitizer's timing).  One such answer from the open in tmp/ or from the
# link into new/ is tried again after a pause and the message delivered;
# one that persists is 75 after a bounded number of tries, nothing stored.
for fam in open link; do
	run maildir FAULT_CALL=$fam FAULT_NTH=1 FAULT_ERRNO=ESTALE
	_bad=$(state_after maildir "$rc")
	is "maildir: one ESTALE from $fam is tried again, delivered (exit; $(head -n 1 "$T/err"))" "$rc" 0
	is "maildir: one ESTALE from $fam -> stored once, whole" "$_bad" ""
	check "maildir: ... the ESTALE was injected" \
		[ "$(count_of injected "$T/cnt")" -ge 1 ]
done
run maildir FAULT_CALL=link FAULT_NTH=1 FAULT_PERSIST=1 FAULT_ERRNO=ESTALE
_bad=$(state_after maildir "$rc")
is "maildir: ESTALE from link that persists -> exit 75 ($(head -n 1 "$T/err"))" "$rc" 75
is "maildir: ... nothing stored, nothing left in tmp/" "$_bad" ""
check "maildir: ... link was tried a bounded number of times ($(count_of link "$T/cnt"))" \
	[ "$(count_of link "$T/cnt")" -ge 2 ] && [ "$(count_of link "$T/cnt")" -le 16 ]

# ---- mbox: append fails and cutting back fails too -------------------------
# The old messages must survive, the status is 75, and the next delivery
# starts on a fresh line with its own From_ line after the torn tail.
# torn_run DESC VAR=VALUE...: one such run and the clean delivery after it.
torn_run() {
	_d=$1; shift
	run mbox "$@"
	_bad=
	case $rc in 75) ;; *) _bad="exit $rc" ;; esac
	head -n 1 "$T/err" | grep -Eq '^4\.[0-9]\.[0-9] ' ||
		_bad="$_bad first line '$(head -n 1 "$T/err")'"
	head -c "$OLDSIZE" "$MB" | cmp -s - "$OLD" ||
		_bad="$_bad old messages changed"
	for _f in "$MB".lock*; do
		[ -e "$_f" ] && _bad="$_bad lock left: ${_f##*/}"
	done
	_torn=$(( $(wc -c <"$MB") - OLDSIZE ))
	_last=$(tail -c 1 "$MB" | od -An -c | tr -d ' ')
	timeout 20 "$MDA" -M "$MB" -f "$SENDER" <"$MSG" 2>"$T/err2"
	_rc2=$?
	[ "$_rc2" -eq 0 ] || _bad="$_bad next delivery exit $_rc2"
	_sz=$(wc -c <"$T/ref.mbox" | tr -d ' ')
	_total=$(wc -c <"$MB" | tr -d ' ')
	tail -c "$_sz" "$MB" >"$T/tailpart"
	head -n 1 "$T/tailpart" | grep -q "^From $SENDER " &&
		tail -n +2 "$T/tailpart" | cmp -s - "$T/ref.rest" ||
		_bad="$_bad next delivery is not whole at the end"
	if [ "$_total" -gt "$_sz" ]; then
		_prev=$(head -c "$((_total - _sz))" "$MB" | tail -c 1 | od -An -c |
			tr -d ' ')
		[ "$_prev" = '\n' ] ||
			_bad="$_bad next From_ line glued to the torn tail"
	fi
	head -c "$OLDSIZE" "$MB" | cmp -s - "$OLD" ||
		_bad="$_bad old messages changed by the next delivery"
	if [ "$_torn" -gt 0 ]; then
		echo torn >>"$T/torn"
		[ "$_last" = '\n' ] || echo midline >>"$T/torn"
	fi
	if [ -n "$_bad" ]; then
		echo "$_d (torn tail $_torn bytes):$_bad" >>"$T/bad"
		echo bad >>"$T/tally"
	else
		echo failed >>"$T/tally"
	fi
}

torn_note() { # FAMILY: how many runs left a tail for the next delivery
	midline=$(grep -c midline "$T/torn")
	echo "# mbox $1: $(grep -c torn "$T/torn") runs left a torn tail" \
	     "($midline ending mid-line) for the next delivery to follow"
	: >"$T/torn"
}

: >"$T/torn"
for fam in write fsync; do
	n=$(count_of "$fam" "$T/cnt.mbox")
	[ "$n" -le "$CAP" ] || n=$CAP
	for e in ENOSPC EIO; do
		i=1
		while [ "$i" -le "$n" ]; do
			torn_run "mbox $fam #$i + ftruncate $e" \
				FAULT_CALL="$fam" FAULT_NTH="$i" FAULT_ERRNO=ENOSPC \
				FAULT2_CALL=ftruncate FAULT2_NTH=1 FAULT2_ERRNO="$e"
			i=$((i + 1))
		done
	done
	torn_note "$fam + ftruncate"
	summary "mbox: $fam fails, cutting back fails too; old bytes kept, next delivery whole on a fresh line"
done
# The same with the tail ending mid-line: write N is short (half of it
# reaches the file), write N+1 fails, ftruncate fails.
n=$(count_of write "$T/cnt.mbox")
[ "$n" -le "$CAP" ] || n=$CAP
i=1
while [ "$i" -lt "$n" ]; do
	torn_run "mbox write #$i short, #$((i + 1)) ENOSPC, ftruncate EIO" \
		FAULT_CALL=write FAULT_NTH="$i" FAULT_SHORT=1 \
		FAULT2_CALL=write FAULT2_NTH="$((i + 1))" FAULT2_ERRNO=ENOSPC \
		FAULT3_CALL=ftruncate FAULT3_NTH=1 FAULT3_ERRNO=EIO
	i=$((i + 1))
done
torn_note "short write + failed write + ftruncate"
check "mbox: $midline torn tails ended mid-line (the shim can tear one)" \
	[ "$midline" -gt 0 ]
summary "mbox: short write, failed write, failed cut-back; next delivery on a fresh line"

echo "# $total_runs faulted deliveries in all"
check "at least 200 faulted deliveries ($total_runs)" [ "$total_runs" -ge 200 ]
done_testing
