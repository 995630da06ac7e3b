#!/bin/sh
# run.sh - build every tests/fuzz/fuzz_*.c with libFuzzer + ASan + UBSan
# and run each for FUZZ_SECONDS (default 60) on a copy of its seed corpus
# (tests/fuzz/corpus/NAME/).  Exits non-zero on the first crash, leak or
# timeout; the reproducer is left in build-fuzz/.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT="$ROOT/build-fuzz"
SECS=${FUZZ_SECONDS:-60}
CC=${FUZZ_CC:-clang}
mkdir -p "$OUT"
SRCS=$(find "$ROOT/mda" "$ROOT/filters" -name '*.c' | grep -v '/mda/main.c$' | LC_ALL=C sort)
PKG="$(pkg-config --cflags --libs zlib libmagic sqlite3 2>/dev/null || true) -ltre"
status=0
for f in "$ROOT"/tests/fuzz/fuzz_*.c; do
	name=$(basename "$f" .c)
	short=${name#fuzz_}
	echo "fuzz: building $name"
	# shellcheck disable=SC2086
	$CC -g -O1 -std=c11 -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 \
		-DMDA_VERSION='"fuzz"' -iquote "$ROOT/mda" -iquote "$ROOT/filters" \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-o "$OUT/$name" "$f" $SRCS $PKG
	work="$OUT/corpus-$short"
	rm -rf "$work"
	mkdir -p "$work"
	if [ -d "$ROOT/tests/fuzz/corpus/$short" ]; then
		cp -r "$ROOT/tests/fuzz/corpus/$short/." "$work/"
	fi
	echo "fuzz: running $name for ${SECS}s"
	if ! (cd "$OUT" && "./$name" -max_total_time="$SECS" -timeout=10 \
		-rss_limit_mb=2048 -max_len=65536 "$work" >"$OUT/$name.log" 2>&1); then
		echo "fuzz: $name FAILED; see $OUT/$name.log"
		tail -30 "$OUT/$name.log"
		status=1
	else
		grep -E '^(#[0-9]+|Done)' "$OUT/$name.log" | tail -1
		echo "fuzz: $name ok"
	fi
done
exit $status
