# quota-lib.sh - helpers for the 025x quota scripts (sourced after lib.sh).

# msg N SIZE: a message of exactly SIZE octets (SIZE >= 100), id N.
msg() {
	python3 - "$1" "$2" <<'PY'
import sys
n, size = sys.argv[1], int(sys.argv[2])
h = ("From: q@example.org\nTo: u@example.net\nSubject: quota %s\n"
     "Message-ID: <q%s@mda.test>\n\n" % (n, n))
body = size - len(h)
text = ("x" * 71 + "\n") * (body // 72)
if body % 72:
    text += "y" * (body % 72 - 1) + "\n"
sys.stdout.write(h + text)
PY
}
# files DIR: messages in new/ and cur/ of every folder of a Maildir
files() {
	find "$1" \( -path '*/new/*' -o -path '*/cur/*' \) -type f | wc -l |
		tr -d ' '
}
# sums FILE: "BYTES COUNT" summed over the usage lines of a maildirsize
sums() { awk 'NR > 1 { b += $1; c += $2 } END { print b + 0, c + 0 }' "$1"; }
