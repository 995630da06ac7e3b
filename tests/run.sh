#!/bin/sh
# run.sh BUILD - run every test layer and end with "N passed, M failed".
#
# Layers: cmocka unit tests (TAP output), then tests/e2e/*.sh (TAP), which
# run the real binary.  T=pattern runs only scripts/binaries matching it.
set -u
BUILD=${1:-build}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export MDA="$ROOT/$BUILD/mda" MDA_BUILD="$ROOT/$BUILD" MDA_ROOT="$ROOT"
export CMOCKA_MESSAGE_OUTPUT=TAP
pass=0 fail=0 skip=0 todo=0
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT

tally() { # name, exit status, TAP in $LOG
	name=$1 rc=$2
	p=$(grep -c '^ok ' "$LOG" | tr -d ' ')
	s=$(grep -c '^ok .*# *[Ss][Kk][Ii][Pp]' "$LOG" | tr -d ' ')
	f=$(grep -c '^not ok ' "$LOG" | tr -d ' ')
	# TAP: "not ok ... # TODO" is a known, listed defect, not a failure;
	# it is counted and shown, never hidden.
	d=$(grep -c '^not ok .*# *TODO' "$LOG" | tr -d ' ')
	p=$((p - s)) f=$((f - d))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $name exited $rc without a failing test"
	fi
	grep -E '^(not ok|#)' "$LOG" | grep -v '^# *ok' | head -40 | sed "s|^|  $name: |"
	printf '%-40s %4d passed %3d failed %3d skipped %3d todo\n' "$name" "$p" "$f" "$s" "$d"
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s)) todo=$((todo + d))
}

for t in "$ROOT/$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	case "$t" in *.d|*.o) continue ;; esac
	n=$(basename "$t")
	[ -n "${T:-}" ] && case "$n" in *$T*) ;; *) continue ;; esac
	"$t" >"$LOG" 2>&1
	tally "$n" $?
done

for t in "$ROOT"/tests/e2e/[0-9]*.sh; do
	[ -f "$t" ] || continue
	n=$(basename "$t" .sh)
	[ -n "${T:-}" ] && case "$n" in *$T*) ;; *) continue ;; esac
	sh "$t" >"$LOG" 2>&1
	tally "$n" $?
done

[ "$todo" -gt 0 ] && echo "$todo known differences marked TODO (listed above)"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
