#!/bin/sh
# 0310-pigeonhole-suite.sh - Pigeonhole 0.5.19's own conformance suite
# (../shared/conformance/pigeonhole-0.5.19/tests, read-only, never edited)
# run by `mda test --svtest`, one TAP line per `test` block.
#
# A block that fails is "not ok" unless tests/conformance/skip.txt lists
# it (file, block, reason); listed blocks print "ok ... # SKIP reason",
# or "not ok ... # TODO reason" for a known difference of mda's own.
# Files under failures/ are crash tests (their blocks fail in Pigeonhole
# too): they pass when mda runs them to the end.  A skip entry that names
# no block of the suite is itself a failure, so the list cannot rot.
# Prints, per extension, "blocks passed / total" and the skips by reason.
# Also runs docs/example-filter.svtest.  Writes only under $T.
. "$MDA_ROOT/tests/lib.sh"

SKIPS=$MDA_ROOT/tests/conformance/skip.txt
SUITE=
for d in "${SVTEST_SUITE:-}" \
	"$MDA_ROOT/../shared/conformance/pigeonhole-0.5.19/tests" \
	"$MDA_ROOT/../../shared/conformance/pigeonhole-0.5.19/tests"; do
	[ -n "$d" ] && [ -d "$d" ] && SUITE=$d && break
done

# the extension is refused outside the test mode
printf 'require "vnd.dovecot.testsuite";\ntest "x" { }\n' >"$T/ts.sieve"
"$MDA" check "$T/ts.sieve" >"$T/check.out" 2>&1
rc=$?
check "mda check refuses vnd.dovecot.testsuite (exit 65)" [ "$rc" -eq 65 ]
check "... as an unknown extension" grep -q 'unknown extension' "$T/check.out"

# the README's filter, tested the way users test theirs
(cd "$T" && TMPDIR=$T "$MDA" test --svtest \
	"$MDA_ROOT/docs/example-filter.svtest") >"$T/example.out" 2>&1
rc=$?
check "docs/example-filter.svtest: every block passes (exit 0)" [ "$rc" -eq 0 ]
grep -E '^(not ok|#   )' "$T/example.out"

if [ -z "$SUITE" ]; then
	skip "Pigeonhole suite not found beside the repository"
	done_testing
	exit
fi

mkdir "$T/tmp"
(cd "$SUITE" && find . -name '*.svtest' | sed 's|^\./||' | LC_ALL=C sort) \
	>"$T/files"
# shellcheck disable=SC2046 # the suite's file names hold no blanks
(cd "$SUITE" && TMPDIR=$T/tmp "$MDA" test --svtest $(cat "$T/files")) \
	>"$T/run.out" 2>"$T/run.err"
rc=$?
check "mda test --svtest ran the suite (exit 0 or 65, got $rc)" \
	test "$rc" -eq 0 -o "$rc" -eq 65
check "nothing left in the scratch directory" \
	[ "$(find "$T/tmp" -mindepth 1 | wc -l)" -eq 0 ]

awk -F '\t' -v n0="$_n" -v skipfile="$SKIPS" '
function group(f,   g) {
	g = f
	sub(/^(extensions|deprecated|plugins)\//, "", g)
	if (g !~ /\//) return "core"
	sub(/\/.*/, "", g)
	return g
}
function skipped(f, b,   k) {
	k = f SUBSEP b
	if (k in skip) { used[k] = 1; return skip[k] }
	k = f SUBSEP "*"
	if (k in skip) { used[k] = 1; return skip[k] }
	return ""
}
BEGIN {
	while ((getline line < skipfile) > 0) {
		if (line ~ /^#/ || line ~ /^[ \t]*$/) continue
		split(line, p, "\t")
		skip[p[1] SUBSEP p[2]] = p[3]
	}
	n = n0
}
FILENAME == ARGV[1] { known[$0] = 1; next }
/^# / && !/^#   / {
	f = substr($0, 3)
	if (f in known) { file = f; seen[f] = 1 }
	next
}
/^(not )?ok [0-9]+ - / {
	good = $0 ~ /^ok/
	name = $0
	sub(/^(not )?ok [0-9]+ - /, "", name)
	names[file SUBSEP name] = 1
	g = group(file)
	total[g]++
	why = skipped(file, name)
	n++
	if (file ~ /^failures\//) {
		printf "ok %d - %s: %s (crash test: ran to the end)\n", n, file, name
		pass[g]++
	} else if (why ~ /^known-difference/ && !good) {
		printf "not ok %d - %s: %s # TODO %s\n", n, file, name, why
		reason["known-difference"]++
		todo[g]++
	} else if (why != "") {
		printf "ok %d - %s: %s # SKIP %s%s\n", n, file, name, why,
			good ? " (passes now: take it off the list)" : ""
		split(why, r, " ")
		reason[r[1]]++
		skips[g]++
	} else if (good) {
		printf "ok %d - %s: %s\n", n, file, name
		pass[g]++
	} else {
		printf "not ok %d - %s: %s\n", n, file, name
		failed++
		last = 1
		next
	}
	last = 0
	next
}
/^#   / { if (last) print; next }
END {
	for (f in known) if (!(f in seen)) {
		n++; failed++
		printf "not ok %d - %s: not run\n", n, f
	}
	for (k in skip) if (!(k in used)) {
		split(k, p, SUBSEP)
		n++; failed++
		printf "not ok %d - skip.txt names no such block: %s: %s\n", n, p[1], p[2]
	}
	print "# extension           passed / total  (skipped, todo)"
	for (g in total) {
		printf "# %-20s %4d / %-4d  (%d, %d)\n", g, pass[g], total[g], skips[g], todo[g] | "LC_ALL=C sort"
		all += total[g]; allp += pass[g]; alls += skips[g]; allt += todo[g]
	}
	close("LC_ALL=C sort")
	printf "# %-20s %4d / %-4d  (%d, %d)\n", "all", allp, all, alls, allt
	for (rr in reason) printf "# skipped, %s: %d\n", rr, reason[rr]
	print n > "/dev/stderr"
	print failed + 0 > "/dev/stderr"
}' "$T/files" "$T/run.out" 2>"$T/counts"

_n=$(sed -n 1p "$T/counts")
_failed=$((_failed + $(sed -n 2p "$T/counts")))
done_testing
