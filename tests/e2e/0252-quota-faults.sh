#!/bin/sh
# 0252-quota-faults.sh - a bad maildirsize never loses a message.
#
# For each fault the message must be delivered exactly once (or, where
# the usage cannot be known at all, deferred with 75 so the MTA keeps
# it), the log (-v: stderr) must say what was wrong with the file, and
# once the quota is known the file must again match the disk:
# - a full disk (ENOSPC) on the one append write, and a short append
#   (tests/shim/faultinject.so), with and without the limit on the
#   command line;
# - ENOSPC while the recounted file is written;
# - garbage: a bad limits line, a bad usage line, a NUL octet, a file of
#   5120 octets or more;
# - a symlink at maildirsize (never followed: its target stays as it was);
# - an unreadable maildirsize and an unreadable folder (as nobody).
. "$MDA_ROOT/tests/lib.sh"
# The fault shim is preloaded ahead of a sanitized binary's runtime, as in
# 0200-faults: tell ASan not to refuse that order (no effect otherwise).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
. "$MDA_ROOT/tests/e2e/quota-lib.sh"

SHIM=$MDA_BUILD/tests/faultinject.so
if [ ! -f "$SHIM" ]; then
	not_ok "need $SHIM (make test-build)"; done_testing; exit
fi
msg 1 1000 >"$T/m1000"
chmod 644 "$T/m1000"
disk() {
	find "$1" \( -path '*/new/*' -o -path '*/cur/*' \) -type f \
		-exec stat -c %s {} + | awk '{ s += $1; n++ } END { print s + 0, n + 0 }'
}
# well_formed FILE: every usage line is two numbers
well_formed() { awk 'NR > 1 && !/^ *-?[0-9]+ +-?[0-9]+$/ { bad = 1 } END { exit bad }' "$1"; }
# fresh NAME [LIMIT-LINE]: a Maildir with two messages and a maildirsize
fresh() {
	MD=$T/$1
	"$MDA" -m "$MD" --quota 1M <"$T/m1000" >/dev/null 2>&1
	"$MDA" -m "$MD" --quota 1M <"$T/m1000" >/dev/null 2>&1
}
run() { "$MDA" -v -m "$MD" "$@" <"$T/m1000" >/dev/null 2>"$T/err"; }

# ---- the append: ENOSPC, short ---------------------------------------------
fresh probe
FAULT_COUNT_FILE=$T/count LD_PRELOAD=$SHIM run --quota 1M
N=$(sed -n 's/^write //p' "$T/count")
check "the probe counted writes ($N)" test "${N:-0}" -gt 0
check "the last write is the append (probe line added)" \
	test "$(tail -n 1 "$MD/maildirsize")" = "1000 1"

for mode in enospc short; do
	for lim in given file; do
		fresh "$mode-$lim"
		before=$(files "$MD")
		set -- --quota 1M
		[ "$lim" = file ] && set --
		if [ "$mode" = short ]; then
			FAULT_CALL=write FAULT_NTH=$N FAULT_SHORT=1 \
				LD_PRELOAD=$SHIM run "$@"
		else
			FAULT_CALL=write FAULT_NTH=$N FAULT_ERRNO=ENOSPC \
				LD_PRELOAD=$SHIM run "$@"
		fi
		is "$mode append ($lim limit): delivered" "$?" 0
		is "$mode append ($lim limit): exactly one more file" \
			"$(files "$MD")" $((before + 1))
		check "$mode append ($lim limit): logged" \
			grep -q 'quota: appending to .*maildirsize' "$T/err"
		if [ -e "$MD/maildirsize" ]; then
			check "$mode append ($lim limit): no broken line left" \
				well_formed "$MD/maildirsize"
		else
			ok "$mode append ($lim limit): file removed to be recounted"
		fi
		run --quota 1M
		is "$mode append ($lim limit): the next delivery's count is the disk" \
			"$(sums "$MD/maildirsize")" "$(disk "$MD")"
	done
done

fresh rewrite
rm -f "$MD/maildirsize"
FAULT_CALL=write FAULT_NTH=2 FAULT_ERRNO=ENOSPC FAULT_PERSIST=1 \
	LD_PRELOAD=$SHIM "$MDA" -v -m "$MD" --quota 1M <"$T/m1000" >/dev/null 2>"$T/err"
rc=$?
# The spool write (the 1st) succeeds; every later write fails: the
# recounted file, then the append.  The message is in.
is "ENOSPC writing the recount: delivered" "$rc" 0
is "ENOSPC writing the recount: three files" "$(files "$MD")" 3
check "ENOSPC writing the recount: logged" grep -q 'quota: ' "$T/err"
is "ENOSPC writing the recount: no temp file left" \
	"$(ls "$MD/tmp" | grep -c maildirsize)" 0

# ---- garbage ---------------------------------------------------------------
for g in limits usage nul long; do
	fresh "g-$g"
	case $g in
	limits) printf 'lots\n2000 2\n' >"$MD/maildirsize" ;;
	usage) printf '1048576S\n2000 2\nnonsense\n' >"$MD/maildirsize" ;;
	nul) printf '1048576S\n2000 2\n1\0000 1\n' >"$MD/maildirsize" ;;
	long) { echo 1048576S; i=0; while [ $i -lt 600 ]; do echo "1000000 0"; i=$((i + 1)); done; } \
		>"$MD/maildirsize" ;;
	esac
	run --quota 1M
	is "garbage ($g), --quota: delivered" "$?" 0
	cp "$T/err" "$T/err.$g"
	is "garbage ($g), --quota: recounted and rewritten" \
		"$(head -n 1 "$MD/maildirsize") $(sums "$MD/maildirsize")" \
		"1048576S $(disk "$MD")"
done
check "garbage limit line, --quota: logged, recounted" \
	grep -q 'quota: .*maildirsize: first line is no Maildir++ quota; recounted' "$T/err.limits"
check "garbage usage line, --quota: logged, recounted" \
	grep -q 'maildirsize: a usage line is not two numbers; recounted' "$T/err.usage"
check "NUL octet, --quota: logged, recounted" \
	grep -q 'maildirsize: holds a NUL octet; recounted' "$T/err.nul"
check "5120 octets: the convention's recount, not logged as a fault" \
	sh -c "! grep -q 'quota:' '$T/err.long'"
fresh g-nolimit
printf 'lots\n2000 2\n' >"$MD/maildirsize"
cp "$MD/maildirsize" "$T/saved"
run
is "garbage limit line, no --quota: delivered without quota" "$?" 0
check "garbage limit line, no --quota: logged" \
	grep -q 'first line is no Maildir++ quota; no quota applied' "$T/err"
check "garbage limit line, no --quota: file left alone" cmp -s "$T/saved" "$MD/maildirsize"
fresh g-usageonly
printf '1048576S\n2000 2\nxx\n' >"$MD/maildirsize"
run
is "bad usage line, limit from the file: recounted" \
	"$?.$(head -n 1 "$MD/maildirsize") $(sums "$MD/maildirsize")" "0.1048576S $(disk "$MD")"

# ---- a symlink -------------------------------------------------------------
fresh link
printf '5S\n0 0\n' >"$T/victim"
cp "$T/victim" "$T/victim.saved"
rm -f "$MD/maildirsize"
ln -s "$T/victim" "$MD/maildirsize"
run
is "symlink, no --quota: delivered (no limit known)" "$?" 0
check "symlink, no --quota: logged" grep -q 'is a symlink, not followed' "$T/err"
check "symlink, no --quota: left as it is" test -L "$MD/maildirsize"
run --quota 1M
is "symlink, --quota: delivered" "$?" 0
check "symlink, --quota: replaced by a regular file" \
	sh -c "test ! -L '$MD/maildirsize' && test -f '$MD/maildirsize'"
is "symlink, --quota: counted from the disk" "$(sums "$MD/maildirsize")" "$(disk "$MD")"
check "the symlink's target is untouched" cmp -s "$T/victim" "$T/victim.saved"

# ---- unreadable (as nobody: root reads anything) ---------------------------
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
	fresh unread
	chown -R nobody:nogroup "$MD"
	chmod 000 "$MD/maildirsize"
	as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
	as_nobody env HOME="$T" "$MDA" -v -m "$MD" <"$T/m1000" >/dev/null 2>"$T/err"
	is "unreadable, no --quota: delivered" "$?" 0
	check "unreadable, no --quota: logged" grep -q 'cannot be opened' "$T/err"
	as_nobody env HOME="$T" "$MDA" -v -m "$MD" --quota 1M <"$T/m1000" >/dev/null 2>"$T/err"
	is "unreadable, --quota: delivered" "$?" 0
	is "unreadable, --quota: replaced by a recount" \
		"$(sums "$MD/maildirsize")" "$(disk "$MD")"
	mkdir -p "$MD/.Locked/cur" && chmod 000 "$MD/.Locked/cur"
	chown -R nobody:nogroup "$MD/.Locked"
	rm -f "$MD/maildirsize"
	n=$(files "$MD")
	as_nobody env HOME="$T" "$MDA" -v -m "$MD" --quota 1M <"$T/m1000" >/dev/null 2>"$T/err"
	is "a folder that cannot be counted: deferred (75), nothing stored" \
		"$?.$(files "$MD")" "75.$n"
	check "... and the reason is given" grep -q '^4.3.0 quota recount of' "$T/err"
else
	skip "unreadable maildirsize needs root and setpriv"
fi
done_testing
