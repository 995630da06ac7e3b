#!/bin/sh
# 0150-mbox-concurrency.sh - 8 mda processes x 100 messages and procmail
# (its own `:0:` dotlock and kernel lock) append to one mbox at the same
# time.  Afterwards the mbox is split at its From_ lines and every message
# must be there exactly once and intact: each carries a unique X-Test-Id
# and the SHA-256 of its body, checked after mboxrd unquoting.  Bodies hold
# "From " lines (and, for mda, ">From " lines) so quoting is exercised too;
# some are larger than the 64 KiB write buffer.  No lock or link file may
# be left behind.
. "$MDA_ROOT/tests/lib.sh"

WORKERS=8
PER=100
PM=100
G=$T/gen
MB=$T/mbox

if [ ! -x "$MDA" ]; then skip "no mda binary at $MDA"; done_testing; exit; fi
if ! command -v procmail >/dev/null 2>&1; then
	skip "procmail not installed"; done_testing; exit
fi

# generate - the messages; mda ones as given, procmail ones with a From_
# line (procmail quotes mboxo-style, so its bodies avoid ">From ").
python3 - "$G" "$WORKERS" "$PER" "$PM" <<'EOF' || { not_ok "messages generated"; done_testing; exit; }
import hashlib, os, random, sys
out, workers, per, pm = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
os.makedirs(out)
rnd = random.Random(150)
def body(n, gt_ok):
    lines = []
    for i in range(n):
        r = rnd.random()
        if r < 0.1:
            lines.append("From the desk of line %d" % i)
        elif r < 0.15 and gt_ok:
            lines.append(">" * rnd.randint(1, 3) + "From quoted %d" % i)
        elif r < 0.2:
            lines.append("")
        else:
            lines.append("".join(rnd.choice("abcdefghij ") for _ in range(rnd.randint(1, 90))))
    # procmail does not add the separating blank line after a message that
    # already ends in one (mboxo is ambiguous there): end on text
    lines.append("end")
    return ("\n".join(lines) + "\n").encode()
def write(name, tid, b, fromline):
    h = "From: t@example.org\nSubject: %s\nMessage-ID: <%s@test>\nX-Test-Id: %s\nX-Body-Sum: %s\n\n" % (
        tid, tid, tid, hashlib.sha256(b).hexdigest())
    with open(os.path.join(out, name), "wb") as f:
        if fromline:
            f.write(b"From pm@example.org Mon Nov 23 16:28:13 2026\n")
        f.write(h.encode() + b)
for w in range(workers):
    for n in range(per):
        big = n % 25 == 7
        write("w%d-%03d.eml" % (w, n), "w%d-%d" % (w, n), body(1500 if big else rnd.randint(1, 40), True), False)
for n in range(pm):
    write("p-%03d.eml" % n, "p-%d" % n, body(rnd.randint(1, 40), False), True)
EOF
ok "messages generated"

cat >"$T/procmailrc" <<EOF
SHELL=/bin/sh
LOCKTIMEOUT=60
:0:
$MB
EOF

w=0
while [ "$w" -lt "$WORKERS" ]; do
	(
		for f in "$G"/w$w-*.eml; do
			# As an MTA would: 75 (lock busy on a loaded machine)
			# is tried again, a bounded number of times.
			try=0
			while :; do
				"$MDA" -M "$MB" -f "w$w@example.org" <"$f" \
					>/dev/null 2>>"$T/err.$w"
				rc=$?
				[ "$rc" -eq 75 ] && [ "$try" -lt 3 ] || break
				try=$((try + 1))
				echo "$(basename "$f")" >>"$T/deferred.$w"
			done
			[ "$rc" -eq 0 ] || echo "$(basename "$f") rc=$rc" >>"$T/fail.$w"
		done
	) &
	w=$((w + 1))
done
(
	for f in "$G"/p-*.eml; do
		procmail -m "$T/procmailrc" <"$f" 2>>"$T/err.pm" ||
			echo "$(basename "$f") rc=$?" >>"$T/fail.pm"
	done
) &
wait

fails=$(cat "$T"/fail.* 2>/dev/null | wc -l | tr -d ' ')
deferred=$(cat "$T"/deferred.* 2>/dev/null | wc -l | tr -d ' ')
echo "# $deferred deliveries deferred (75) and tried again, as an MTA would"
is "every mda and procmail run exited 0" "$fails" 0
[ "$fails" -eq 0 ] || cat "$T"/fail.* "$T"/err.* 2>/dev/null | head -10 | sed 's/^/#   /'

left=$(cd "$T" && ls -a | grep -c '^mbox\..*' | tr -d ' ')
is "no lock or link file left beside the mbox" "$left" 0

python3 - "$MB" "$WORKERS" "$PER" "$PM" >"$T/check.out" 2>&1 <<'EOF'
import hashlib, re, sys
path, workers, per, pm = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
data = open(path, "rb").read()
problems = []
lines = data.split(b"\n")
if lines and lines[-1] == b"":
    lines.pop()
msgs, cur = [], None
for ln in lines:  # mboxrd: every unquoted ^From line starts a message
    if ln.startswith(b"From "):
        cur = []
        msgs.append(cur)
    elif cur is None:
        problems.append("bytes before the first From_ line")
        cur = []
    else:
        cur.append(ln)
seen = {}
for i, m in enumerate(msgs):
    if not m or m[-1] != b"":
        problems.append("message %d does not end in a blank line" % i)
        continue
    m = m[:-1]
    m = [ln[1:] if re.match(rb">+From ", ln) else ln for ln in m]
    try:
        sep = m.index(b"")
    except ValueError:
        problems.append("message %d has no header end" % i)
        continue
    hdr = {}
    for h in m[:sep]:
        k, _, v = h.partition(b":")
        hdr[k.lower()] = v.strip()
    body = b"\n".join(m[sep + 1:]) + b"\n"
    tid = hdr.get(b"x-test-id", b"?").decode()
    if hashlib.sha256(body).hexdigest().encode() != hdr.get(b"x-body-sum"):
        problems.append("message %s: body checksum differs" % tid)
    seen[tid] = seen.get(tid, 0) + 1
want = ["w%d-%d" % (w, n) for w in range(workers) for n in range(per)] + ["p-%d" % n for n in range(pm)]
missing = [t for t in want if t not in seen]
dups = [t for t, c in seen.items() if c > 1]
extra = [t for t in seen if t not in set(want)]
print("messages %d want %d" % (len(msgs), len(want)))
print("missing %d: %s" % (len(missing), " ".join(missing[:10])))
print("duplicated %d: %s" % (len(dups), " ".join(dups[:10])))
print("unknown %d: %s" % (len(extra), " ".join(extra[:10])))
print("problems %d" % len(problems))
for p in problems[:10]:
    print("  " + p)
sys.exit(1 if problems or missing or dups or extra or len(msgs) != len(want) else 0)
EOF
rc=$?
is "mbox split into $((WORKERS * PER + PM)) messages, each once, bodies intact" "$rc" 0
[ "$rc" -eq 0 ] || sed 's/^/#   /' "$T/check.out"

done_testing
