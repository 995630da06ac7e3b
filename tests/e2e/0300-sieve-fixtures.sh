#!/bin/sh
# 0300-sieve-fixtures.sh - every Sieve fixture in tests/sieve/: NAME.sieve
# run over NAME.eml (else default.eml) with NAME.env (if any) must print
# exactly NAME.expect (the action list, one sieve_action_print() line per
# action; trace-* fixtures also print the trace); every tests/sieve/errors/NAME.sieve must fail to compile with
# exactly the diagnostics in NAME.errors.  Runs build/tests/sieve_fixture.
. "$MDA_ROOT/tests/lib.sh"

FIX=$MDA_BUILD/tests/sieve_fixture
D=$MDA_ROOT/tests/sieve
if [ ! -x "$FIX" ]; then
	not_ok "sieve_fixture built ($FIX)"
	done_testing
	exit
fi

for s in "$D"/*.sieve; do
	[ -f "$s" ] || continue
	n=$(basename "$s" .sieve)
	msg=$D/$n.eml
	[ -f "$msg" ] || msg=$D/default.eml
	if [ -f "$D/$n.env" ]; then set -- -e "$D/$n.env"; else set --; fi
	case $n in trace-*) set -- -t "$@" ;; esac
	if [ ! -f "$D/$n.expect" ]; then
		not_ok "$n: no $n.expect"
		continue
	fi
	got=$(cd "$D" && TZ=UTC "$FIX" "$@" "$n.sieve" "$msg" 2>&1)
	is "$n" "$got" "$(cat "$D/$n.expect")"
done

for s in "$D"/errors/*.sieve; do
	[ -f "$s" ] || continue
	n=$(basename "$s" .sieve)
	if [ ! -f "$D/errors/$n.errors" ]; then
		not_ok "errors/$n: no $n.errors"
		continue
	fi
	got=$(cd "$D/errors" && "$FIX" "$n.sieve" 2>&1)
	is "errors/$n" "$got" "$(cat "$D/errors/$n.errors")"
done

done_testing
