#!/bin/sh
# 0500-migrate.sh - `mda migrate`: round trip (mboxrd and gzip) byte for
# byte, folder trees, flags and dates as Dovecot reads them, kill -9 and
# re-run, damaged inputs, and agreement with mblaze's mdeliver -M and mb2md.
. "$MDA_ROOT/tests/lib.sh"

# gen.py OUT N SEED: N messages in $T/msgs-SEED/ and their mboxrd file OUT.
# Bodies hold From_, >From_ and >>From_ lines; every fifth message has no
# final newline (the mbox adds one: the documented difference).
cat >"$T/gen.py" <<'PY'
import sys, os, random
out, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(seed)
d = os.path.join(os.path.dirname(out), "msgs-%d" % seed)
os.makedirs(d, exist_ok=True)
pool = [b"From the desk of nobody", b">From quoted once", b">>From twice",
        b"From", b"From ", b"plain text", b"", b">", b">>>From deep",
        b" From indented", b"From: not a header", b"X" * 300,
        b"caf\xc3\xa9 8bit", b"line with CR\r"]
mb = bytearray()
for i in range(n):
    day, mi = 1 + i % 28, i % 60
    hdr = (b"From: a%d@example.org\nTo: b@example.org\nSubject: test %d\n"
           b"Date: Mon, %d Jan 2024 10:%02d:00 +0000\nMessage-ID: <%d.%d@x>\n"
           % (i, i, day, mi, i, seed))
    body = b"\n".join(random.choice(pool) for _ in range(random.randint(0, 12)))
    msg = hdr + b"\n" + body + (b"" if i % 5 == 0 else b"\n")
    if i == 7: msg = hdr
    if i == 8: msg = hdr + b"\n"
    if i == 9: msg = hdr + b"\nbody\n\n\n"
    open(os.path.join(d, "%05d" % i), "wb").write(msg)
    mb += b"From a%d@example.org Mon Jan %2d 10:%02d:00 2024\n" % (i, day, mi)
    text = msg[:-1] if msg.endswith(b"\n") else msg
    for line in text.split(b"\n"):
        mb += (b">" if line.lstrip(b">").startswith(b"From ") else b"") + line + b"\n"
    mb += b"\n"
open(out, "wb").write(mb)
PY
# cmp.py MAILDIR MSGDIR: every message exactly once, byte for byte.
cat >"$T/cmp.py" <<'PY'
import sys, os, glob
md, msgs = sys.argv[1], sys.argv[2]
got = {}
for f in glob.glob(md + "/new/*") + glob.glob(md + "/cur/*"):
    b = open(f, "rb").read()
    got[b] = got.get(b, 0) + 1
want = {}
for f in os.listdir(msgs):
    m = open(os.path.join(msgs, f), "rb").read()
    m = m if m.endswith(b"\n") else m + b"\n"
    want[m] = want.get(m, 0) + 1
extra = sum(1 for b in got if b not in want)
missing = sum(1 for b in want if b not in got)
twice = sum(1 for b in got if got[b] > 1)
print("files %d missing %d extra %d twice %d" % (sum(got.values()), missing, extra, twice))
PY
# bodies.py DIR [unquote]: sorted digests of bodies (after the header),
# trailing newlines dropped; "unquote" reads mb2md's mboxrd-quoted copies.
cat >"$T/bodies.py" <<'PY'
import sys, glob, hashlib, re
for f in sorted(glob.glob(sys.argv[1] + "/new/*") + glob.glob(sys.argv[1] + "/cur/*")):
    m = open(f, "rb").read()
    i = m.find(b"\n\n")
    b = m[i + 2:] if i >= 0 else b""
    if len(sys.argv) > 2:
        b = re.sub(rb"(?m)^>(>*From )", rb"\1", b)
    print(hashlib.sha256(b.replace(b"\r", b"").rstrip(b"\n")).hexdigest())
PY

python3 "$T/gen.py" "$T/in.mbox" 50 1
gzip -c "$T/in.mbox" >"$T/in.gz"
cd "$T" || exit

# (1) round trip
"$MDA" migrate in.mbox md >out 2>err
is "migrate exits 0" "$?" 0
is "per-file line" "$(sed -n 1p out)" "in.mbox: 50 messages -> INBOX (mboxrd)"
is "summary" "$(sed -n 2p out)" \
	"mda migrate: 50 messages stored in 1 folders, 14346 bytes; 0 duplicates skipped; 0 damaged inputs"
is "nothing on stderr" "$(cat err)" ""
is "every message byte-identical" "$(python3 cmp.py md msgs-1)" \
	"files 50 missing 0 extra 0 twice 0"
is "no tmp files left" "$(count_files md/tmp)" 0
f=$(ls md/new | head -1)
is "mtime is the Date: header" "$(TZ=UTC stat -c %y "md/new/$f")" \
	"2024-01-01 10:00:00.000000000 +0000"
"$MDA" migrate in.mbox md >out 2>&1
is "second run adds nothing" "$(sed -n 2p out)" \
	"mda migrate: 0 messages stored in 1 folders, 0 bytes; 50 duplicates skipped; 0 damaged inputs"
"$MDA" migrate --quiet in.gz mdz >out 2>&1
is "gzip: quiet and exit 0" "$?:$(cat out)" "0:"
is "gzip: byte-identical" "$(python3 cmp.py mdz msgs-1)" "files 50 missing 0 extra 0 twice 0"
"$MDA" migrate --dry-run in.mbox mdn >out 2>&1
is "dry run writes nothing" "$?:$(ls mdn 2>&1 | wc -l | tr -d ' ')" "0:1"
mkdir -p Mail/lists Mail/.hidden
cp in.mbox Mail/inbox; cp in.gz Mail/lists/foo.gz; cp in.mbox Mail/lists/a.b
"$MDA" migrate Mail tree >out 2>&1
is "tree exits 0" "$?" 0
check "lists/foo.gz became .lists.foo (a Maildir++ folder)" test -f tree/.lists.foo/maildirfolder
check "lists/a.b became .lists.a_b" test -d tree/.lists.a_b/cur
is "tree INBOX" "$(python3 cmp.py tree msgs-1)" "files 50 missing 0 extra 0 twice 0"
is "tree .lists.foo" "$(python3 cmp.py tree/.lists.foo msgs-1)" "files 50 missing 0 extra 0 twice 0"

# (2) flags and dates, read back by Dovecot
python3 - <<'PY'
mb, want, n = bytearray(), [], 0
flagname = {"S": "\\Seen", "R": "\\Answered", "F": "\\Flagged", "T": "\\Deleted", "D": "\\Draft"}
for st in ["", "R", "O", "RO"]:
    for xs in ["", "A", "F", "D", "T", "AFDT"]:
        n += 1
        mb += b"From x@y Tue Feb  6 12:00:00 2024\nSubject: m%d\n" % n
        mb += b"Date: Tue, 6 Feb 2024 12:%02d:00 +0100\n" % n
        if st: mb += b"Status: %s\n" % st.encode()
        if xs: mb += b"X-Status: %s\n" % xs.encode()
        mb += b"X-UID: %d\n\nbody\n\n" % n
        letters = set()
        if "R" in st: letters.add("S")
        for c, l in (("A", "R"), ("F", "F"), ("D", "T"), ("T", "D")):
            if c in xs: letters.add(l)
        fl = [flagname[c] for c in "DFRST" if c in letters]
        order = ["\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft"]
        fl = sorted(fl, key=order.index) + ["\\Recent"]
        want.append("m%d|%s|2024-02-06 11:%02d:00" % (n, " ".join(fl), n))
mb += b"From - Tue Feb  6 13:00:00 2024\nSubject: moz\nX-Mozilla-Status: 0005\n"
mb += b"X-Mozilla-Status2: 00000000\nX-Keywords: $Label1 Junk\n\nmoz\n\n"
want.append("moz|\\Flagged \\Seen \\Recent $Label1 Junk|2024-02-06 13:00:00")
open("flags.mbox", "wb").write(mb)
open("flags.want", "w").write("\n".join(want) + "\n")
PY
"$MDA" migrate --quiet flags.mbox fl
is "flags: exit 0" "$?" 0
is "flags: new/ holds only the never-opened message" "$(ls fl/new | wc -l | tr -d ' ')" 1
check "state headers are not stored" sh -c 'test -d fl/cur && ! grep -rqE "^(Status|X-Status|X-UID|X-Keywords|X-Mozilla-Status2?):" fl/new fl/cur'
if command -v doveadm >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
	mkdir -p dv && cp -a fl dv/Maildir && chown -R nobody:nogroup dv
	printf 'mail_location = maildir:%s\nmail_uid = nobody\nmail_gid = nogroup\nlog_path = %s\nbase_dir = %s\nssl = no\n' \
		"$T/dv/Maildir" "$T/dv.log" "$T/dvrun" >dv.conf
	USER=nobody HOME=$T/dv timeout 60 doveadm -c dv.conf fetch \
		'hdr.subject flags date.received' mailbox INBOX all >dv.out 2>&1
	python3 - >dv.got <<'PY'
recs, cur = [], {}
for line in open("dv.out"):
    line = line.rstrip("\n")
    if not line:
        continue
    k, _, v = line.partition(": ")
    cur[k] = v
    if k == "date.received":
        recs.append("%s|%s|%s" % (cur.get("hdr.subject"), cur.get("flags"), v)); cur = {}
print("\n".join(sorted(recs, key=lambda r: (len(r.split("|")[0]), r))))
PY
	is "Dovecot sees every flag and date" "$(diff dv.got flags.want)" ""
else
	skip "doveadm missing or not root"
fi

# (3) kill -9 at random points, then run again: every message exactly once
python3 gen.py big.mbox 5000 2 >/dev/null
kill_at_random 5 "$MDA" migrate --quiet big.mbox kill
"$MDA" migrate --quiet big.mbox kill
is "re-run after kill -9 exits 0" "$?" 0
is "every message exactly once" "$(python3 cmp.py kill msgs-2)" \
	"files 5000 missing 0 extra 0 twice 0"
"$MDA" migrate big.mbox kill >out 2>&1
is "a further run adds nothing" "$(sed -n 2p out | cut -d';' -f1)" \
	"mda migrate: 0 messages stored in 1 folders, 0 bytes"

# (3b) killed after writing, before any link (strace kills it on entering
# the first syncfs: a batch written, nothing linked): the unnamed files
# vanish with the process, nothing is visible, the re-run stores all once
if command -v strace >/dev/null 2>&1 &&
	strace -o /dev/null -e trace=syncfs \
		-e inject=syncfs:signal=KILL:when=1 true 2>/dev/null; then
	strace -o /dev/null -e trace=syncfs -e inject=syncfs:signal=KILL:when=1 \
		"$MDA" migrate --quiet big.mbox k2 >/dev/null 2>&1
	is "killed before the first link: new/ cur/ tmp/ hold nothing" \
		"$(count_files k2/new) $(count_files k2/cur) $(count_files k2/tmp)" \
		"0 0 0"
	"$MDA" migrate --quiet big.mbox k2
	is "the re-run stores every message once" \
		"$(python3 cmp.py k2 msgs-2)" "files 5000 missing 0 extra 0 twice 0"
else
	skip "strace with syscall injection missing"
	skip "strace with syscall injection missing"
fi

# (3c) the fallbacks: linkat(AT_EMPTY_PATH) refused (kernels before 6.10
# without CAP_DAC_READ_SEARCH) -> /proc/self/fd; O_TMPFILE refused (a
# filesystem without it) -> named tmp/ files, linked and unlinked
SHIM=$MDA_BUILD/tests/faultinject.so
# Under AddressSanitizer the shim comes first in the library list, which
# ASan would refuse by default.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
export ASAN_OPTIONS
if [ -f "$SHIM" ] && [ -d /proc/self/fd ]; then
	LD_PRELOAD=$SHIM FAULT_CALL=linkat FAULT_NTH=1 FAULT_ERRNO=EPERM \
		"$MDA" migrate --quiet in.mbox fb1
	is "linkat AT_EMPTY_PATH refused: exit 0" "$?" 0
	is "linked through /proc/self/fd, byte-identical" \
		"$(python3 cmp.py fb1 msgs-1)" "files 50 missing 0 extra 0 twice 0"
	: >empty.mbox
	LD_PRELOAD=$SHIM FAULT_CALL=openat FAULT_NTH=999999 \
		FAULT_COUNT_FILE=$T/cnt "$MDA" migrate --quiet empty.mbox fb0
	n=$(awk '$1 == "openat" { print $2 + 1 }' cnt)
	LD_PRELOAD=$SHIM FAULT_CALL=openat FAULT_NTH=${n:-1} FAULT_ERRNO=95 \
		"$MDA" migrate --quiet in.mbox fb2
	is "O_TMPFILE refused (EOPNOTSUPP): exit 0" "$?" 0
	is "named tmp/ files instead, byte-identical" \
		"$(python3 cmp.py fb2 msgs-1)" "files 50 missing 0 extra 0 twice 0"
	is "and no tmp/ file left" "$(count_files fb2/tmp)" 0
else
	for i in 1 2 3 4 5; do skip "faultinject shim or /proc missing"; done
fi

# (4) damaged input: documented result, exit code and message
head -c 1000 in.gz >trunc.gz
"$MDA" migrate trunc.gz dmg1 >out 2>err
is "truncated gzip: exit 65" "$?" 65
is "truncated gzip: message" "$(sed -n 1p err)" \
	"mda migrate: trunc.gz: gzip: compressed data ends early (truncated file) at byte 7705, in message 22 (from byte 7605); messages 1-21 are complete, message 22 was stored as far as it was read"
is "truncated gzip: kept" "$(python3 cmp.py dmg1 msgs-1)" "files 22 missing 29 extra 1 twice 0"
head -c 5000 in.mbox >cut.mbox
"$MDA" migrate cut.mbox dmg2 >out 2>err
is "cut-off mbox: exit 65" "$?" 65
is "cut-off mbox: message" "$(sed -n 1p err)" \
	"mda migrate: cut.mbox: no newline at the end (cut off?) at byte 5000, in message 16 (from byte 4591); messages 1-15 are complete, message 16 was stored as far as it was read"
{ printf 'junk\001\000 before\n'; cat in.mbox; } >junk.mbox
"$MDA" migrate junk.mbox dmg3 >out 2>err
is "junk first: exit 65" "$?" 65
is "junk first: message" "$(sed -n 1p err)" \
	"mda migrate: junk.mbox: 14 bytes outside any message passed over (1 runs, the first at byte 0)"
is "junk first: all kept" "$(python3 cmp.py dmg3 msgs-1)" "files 50 missing 0 extra 0 twice 0"
: >empty.mbox
"$MDA" migrate empty.mbox dmg4 >out 2>err
is "empty file: exit 0, no messages" "$?:$(sed -n 1p out)" \
	"0:empty.mbox: 0 messages -> INBOX (no quoted From lines)"
bzip2 -c in.mbox >in.bz2
"$MDA" migrate in.bz2 dmg5 >out 2>err
is "bzip2: exit 65" "$?" 65
is "bzip2: message" "$(sed -n 1p err)" \
	"mda migrate: in.bz2: bzip2-compressed, which mda cannot read; decompress it first (bunzip2 -k)"
xz -c in.mbox >in.xz 2>/dev/null && { "$MDA" migrate in.xz dmg6 >/dev/null 2>err
	is "xz refused" "$(sed -n 1p err)" \
	"mda migrate: in.xz: xz-compressed, which mda cannot read; decompress it first (unxz -k)"; }
mkdir -p unr && cp in.mbox unr/a && cp in.mbox unr/b && chmod 000 unr/b
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
	chmod 777 "$T" && chmod -R a+rX unr in.mbox && chmod 000 unr/b
	setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$MDA" migrate unr "$T/dmg7" >out 2>err
	rc=$?
elif [ "$(id -u)" -ne 0 ]; then
	"$MDA" migrate unr dmg7 >out 2>err; rc=$?
else
	rc=skip
fi
if [ "$rc" = skip ]; then skip "unreadable file: no setpriv"; else
	is "unreadable file: exit 65" "$rc" 65
	is "unreadable file: message" "$(sed -n 1p err)" \
		"mda migrate: unr/b: cannot open: Permission denied"
	is "unreadable file: the readable one stored" "$(python3 cmp.py dmg7/.a msgs-1)" \
		"files 50 missing 0 extra 0 twice 0"
fi

# (5) peers agree on the set of bodies (mb2md keeps the mbox quoting:
# bodies are unquoted before comparing; mb2md drops CR: CRs and trailing
# newlines are left out of the comparison)
python3 bodies.py md | sort -u >mine
if command -v mdeliver >/dev/null 2>&1; then
	mkdir -p mbl/new mbl/cur mbl/tmp && mdeliver -M mbl <in.mbox
	is "mblaze mdeliver -M stores the same bodies" \
		"$(python3 bodies.py mbl | sort -u | diff mine - | head -5)" ""
else skip "mblaze not installed"; fi
if command -v mb2md >/dev/null 2>&1; then
	mb2md -s "$T/in.mbox" -d "$T/m2m" >/dev/null 2>&1
	is "mb2md stores the same bodies (unquoted)" \
		"$(python3 bodies.py m2m unquote | sort -u | diff mine - | head -5)" ""
else skip "mb2md not installed"; fi
done_testing
