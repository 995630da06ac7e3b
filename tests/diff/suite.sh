# suite.sh - sourced by the differential e2e scripts (0400, 0410), after
# tests/lib.sh: diff_suite GENERATOR EXPECTED-FAILURES generates the cases
# and runs them through dovecot-lda and mda with run.py, one TAP line each.
# Needs root (dovecot-lda refuses root and runs as nobody); installs
# dovecot when missing (tests/deps.sh).  DIFF=pattern filters the cases.
diff_suite() {
	LDA=/usr/lib/dovecot/dovecot-lda
	D="$MDA_ROOT/tests/diff"
	if [ "$(id -u)" -ne 0 ]; then
		skip "needs root (dovecot-lda runs as nobody on homes chowned to it)"
		done_testing; exit
	fi
	if [ ! -x "$LDA" ] || [ ! -e /usr/lib/dovecot/modules/lib90_sieve_plugin.so ]; then
		sh "$MDA_ROOT/tests/deps.sh" >"$T/deps.out" 2>&1
	fi
	if [ ! -x "$LDA" ] || [ ! -e /usr/lib/dovecot/modules/lib90_sieve_plugin.so ]; then
		not_ok "dovecot-lda with the Sieve plugin installed (dovecot-core dovecot-sieve)"
		[ -f "$T/deps.out" ] && sed 's/^/#   /' "$T/deps.out"
		done_testing; exit
	fi
	if ! command -v python3 >/dev/null 2>&1; then
		not_ok "python3 installed (tests/deps.sh)"
		done_testing; exit
	fi
	if ! python3 "$D/$1" "$T/cases" >"$T/gen.out" 2>&1; then
		not_ok "cases generated"; sed 's/^/#   /' "$T/gen.out"
		done_testing; exit
	fi
	mkdir "$T/work"
	# Bounded: every delivery has its own 20 s limit in run.py; a whole
	# suite takes well under a minute and is stopped after 10 minutes.
	timeout 600 python3 "$D/run.py" "$T/cases" "$T/work" "$MDA" "$LDA" \
		"$D/$2" "${DIFF:-}"
	rc=$?
	case $rc in
	0|1) exit $rc ;;
	*) echo "not ok - run.py exited $rc (124: timed out)"; exit 1 ;;
	esac
}
