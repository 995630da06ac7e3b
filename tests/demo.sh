#!/bin/sh
# demo.sh MDA - deliver the built-in example messages, with the example
# filter, into a fresh Maildir and an mbox, and show what landed where.
set -eu
MDA=$1
HERE=$(cd "$(dirname "$0")" && pwd)
DEMO="$HERE/data/demo"
OUT=$(mktemp -d /tmp/mda-demo.XXXXXX)
echo "== mda demo: messages in $DEMO, output in $OUT"
SIEVE=""
if "$MDA" check --capabilities 2>/dev/null | grep -q fileinto; then
	SIEVE="-s $DEMO/demo.sieve"
	echo "== filter: $DEMO/demo.sieve"
	"$MDA" check "$DEMO/demo.sieve" && echo "   (mda check: no errors)"
fi
for m in "$DEMO"/*.eml; do
	echo "== deliver $(basename "$m") into Maildir"
	# shellcheck disable=SC2086
	"$MDA" -v $SIEVE -m "$OUT/Maildir" < "$m"
	echo "== deliver $(basename "$m") into mbox"
	"$MDA" -v -M "$OUT/mbox" < "$m"
done
echo "== the Maildir:"
(cd "$OUT/Maildir" && find . -type f | sort)
echo "== the mbox ($(grep -c '^From ' "$OUT/mbox") messages):"
head -n 14 "$OUT/mbox"
echo "..."
echo "== done; remove with: rm -rf $OUT"
