#!/bin/sh
# 0510-migrate-sources.sh - `mda migrate` from where mail really is:
# a Google Takeout mbox (labels to folders, or to keywords), a Thunderbird
# profile, an MH tree and a Maildir merged into an existing one, each
# generated in the layout its program writes (tests/corpus/gen_sources.py)
# and read back through Dovecot (folders, message counts, flags,
# keywords), byte for byte and with their dates; a second run adds
# nothing; a kill -9 and a re-run store each message once in each of its
# folders; a Takeout file four times larger needs no more memory.
. "$MDA_ROOT/tests/lib.sh"

G=$T/src
if ! python3 "$MDA_ROOT/tests/corpus/gen_sources.py" "$G" >"$T/gen.out" 2>&1; then
	not_ok "sources generated"; sed 's/^/#   /' "$T/gen.out"
	done_testing; exit
fi
cd "$T" || exit

# check.py DEST KIND: the stored files against KIND.bytes (each exactly
# as wanted, every wanted message somewhere) and KIND.dates (the mtime).
cat >check.py <<'PY'
import sys, os, re
dest, kind = sys.argv[1], sys.argv[2]
src = os.path.join(os.environ["G"], kind)
want = {open(os.path.join(src + ".bytes", f), "rb").read()
        for f in os.listdir(src + ".bytes")}
dates = dict(l.split() for l in open(src + ".dates"))
got, bad, late = set(), 0, 0
for root, dirs, files in os.walk(dest):
    if os.path.basename(root) not in ("new", "cur"):
        continue
    for f in files:
        p = os.path.join(root, f)
        b = open(p, "rb").read()
        got.add(b)
        bad += b not in want
        m = re.search(rb"(?mi)^Message-ID: (<[^>]+>)", b)
        if m and int(os.stat(p).st_mtime) != int(dates[m.group(1).decode()]):
            late += 1
print("unexpected %d missing %d wrong-mtime %d"
      % (bad, len(want - got), late))
PY
export G
dovecot_ok=no
if command -v doveadm >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
	dovecot_ok=yes
fi
# seen DEST: "folder|message-id|flags" as Dovecot shows them (sorted,
# \Recent left out: that one is Dovecot's, per session).
seen() {
	rm -rf dv && mkdir -p dv && cp -a "$1" dv/Maildir && chown -R nobody:nogroup dv
	printf 'mail_location = maildir:%s\nmail_uid = nobody\nmail_gid = nogroup\nlog_path = %s\nbase_dir = %s\nssl = no\n' \
		"$T/dv/Maildir" "$T/dv.log" "$T/dvrun" >dv.conf
	USER=nobody HOME=$T/dv timeout 60 doveadm -c dv.conf fetch \
		'mailbox hdr.message-id flags' all >dv.out 2>dv.err
	python3 - <<'PY'
recs, cur = [], {}
for line in open("dv.out"):
    k, _, v = line.rstrip("\n").partition(": ")
    if k in ("mailbox", "hdr.message-id", "flags"):
        cur[k] = v
    if k == "flags":
        fl = sorted(f for f in v.split() if f != "\\Recent")
        recs.append("%s|%s|%s" % (cur["mailbox"], cur["hdr.message-id"],
                                  " ".join(fl)))
print("\n".join(sorted(recs)))
PY
}

# one KIND WANT DEST ARGS...: migrate, then check bytes, dates, Dovecot.
one() {
	kind=$1 want=$2 dest=$3
	shift 3
	"$MDA" migrate "$@" "$dest" >"$kind.out" 2>"$kind.err"
	is "$want: exit 0, nothing on stderr" "$?:$(cat "$kind.err")" "0:"
	is "$want: byte for byte, dated" "$(python3 check.py "$dest" "$kind")" \
		"unexpected 0 missing 0 wrong-mtime 0"
	if [ "$dovecot_ok" = yes ]; then
		seen "$dest" >"$want.got"
		is "$want: Dovecot's folders, messages, flags, keywords" \
			"$(diff "$want.got" "$G/$want.want")" ""
		is "$want: Dovecot logs no error" "$(grep -c Error dv.err dv.log 2>/dev/null | grep -v ':0$')" ""
	else
		skip "doveadm missing or not root"; skip "doveadm missing or not root"
	fi
	"$MDA" migrate "$@" "$dest" >"$kind.again" 2>&1
	is "$want: a second run adds nothing" \
		"$?:$(sed -n 's/^mda migrate: \([0-9]*\) messages stored.*/\1/p' "$kind.again")" "0:0"
}

# (1) Google Takeout: labels as folders (found by shape), hard links
one takeout takeout gm "$G/takeout.mbox"
is "takeout: the per-file line" "$(sed -n 1p takeout.out)" \
	"$G/takeout.mbox: 11 messages -> the folders of their Gmail labels (mboxrd)"
is "takeout: extra folders are hard links" \
	"$(sed -n 's/^  \([0-9]*\) further folders got a hard link.*/\1/p' takeout.out) $(find gm -path '*/cur/*' -links +1 | wc -l | tr -d ' ')" \
	"5 9"
check "takeout: nested label Work/Project.X is .Work.Project_X" \
	test -f gm/.Work.Project_X/maildirfolder
check "takeout: Bücher in modified UTF-7" test -d "gm/.B&APw-cher/cur"
# with --labels-as-keywords: once, labels as keywords
one takeout takeout-kw gmk --from gmail --labels-as-keywords "$G/takeout.mbox"
is "takeout-kw: no hard links" "$(find gmk -path '*/cur/*' -links +1 | wc -l | tr -d ' ')" 0

# (2) Thunderbird profile: accounts merged, expunged skipped and counted
one thunderbird thunderbird tb "$G/profile"
is "thunderbird: expunged counted" "$(grep '^  skipped' thunderbird.out)" \
	"  skipped: 2 deleted in Thunderbird, not yet compacted away (X-Mozilla-Status 0x8)"
check "thunderbird: .msf and msgFilterRules.dat read as nothing" \
	sh -c '! grep -q "msf\|\.dat" thunderbird.out thunderbird.err'
check "thunderbird: X-Mozilla headers not stored" \
	sh -c '! grep -rqi "^X-Mozilla-" tb/cur tb/new tb/.*/cur'

# (3) MH: .mh_sequences, subfolders, rmm's leftovers
one mh mh mhd "$G/mh"
is "mh: the rmm file counted" "$(grep '^  skipped' mh.out)" \
	"  skipped: 1 MH files removed by rmm (,N or #N)"

# (4) Maildir merge into an existing Maildir with its own keyword letters
cp -a "$G/dest-pre" md
one maildir maildir md "$G/maildir"
is "maildir: the copy already there is not stored again" \
	"$(sed -n 's/.*; \([0-9]*\) duplicates skipped.*/\1/p' maildir.out)" 1
is "maildir: the destination's keyword letters kept" \
	"$(head -n 2 md/dovecot-keywords | tr '\n' ' ')" "0 Work 1 Other "

# a label that is no valid folder name (Latin-1, not UTF-8) is counted,
# and a message left with no folder goes to Archive, not nowhere
printf 'From 1@xxx Tue Jan 02 10:00:00 +0000 2024\nX-Gmail-Labels: B\374cher,Opened\nSubject: l1\n\nbody\n' >latin1.mbox
"$MDA" migrate latin1.mbox lat >out 2>&1
is "Latin-1 label: counted, message in Archive" \
	"$(grep '^  skipped' out):$(ls lat/.Archive/cur | wc -l | tr -d ' ')" \
	"  skipped: 1 Gmail labels left out (no usable folder name, or more than 32):1"

# (5) progress for a source of message files (no ETA: not sized), and a
# dry run of a Takeout, which counts every folder copy and writes nothing
"$MDA" migrate --progress "$G/mh" mhp >/dev/null 2>err
is "progress line for MH" "$(tr '\r' '\n' <err | grep -c '^7 messages, .* MiB/s *$')" 1
"$MDA" migrate -n "$G/takeout.mbox" dry >out 2>&1
is "dry run: every copy counted, nothing written" \
	"$(sed -n 2p out | cut -d, -f1):$(test -e dry && echo made)" \
	"mda migrate: 16 messages would be stored in 11 folders:"

# (6) --from: a wrong word is a usage error; the destination as source
"$MDA" migrate --from eudora "$G/mh" x >/dev/null 2>err
is "--from eudora: exit 64" "$?" 64
"$MDA" migrate --from maildir md md >out 2>err
is "a Maildir into itself: refused as damage" "$?:$(sed -n 1p err)" \
	"65:mda migrate: md: is the destination; passed over"

# (7) kill -9 while a Takeout with multi-label messages is stored, then
# run again: each message exactly once in each of its folders
python3 "$MDA_ROOT/tests/corpus/gen_sources.py" --takeout big.mbox 6000 0
kill_at_random 4 "$MDA" migrate --quiet big.mbox kill
"$MDA" migrate --quiet big.mbox kill
is "after kill -9, the re-run exits 0" "$?" 0
"$MDA" migrate big.mbox whole >/dev/null 2>&1
# folder/SEC.Dhex of each stored file (new/ or cur/ and flags left out)
count() { find "$1" -path '*/cur/*' -type f -o -path '*/new/*' -type f |
	sed 's|/\(new\|cur\)/\([0-9]*\.D[0-9a-f]*\).*|/\2|' | sort; }
is "every message once per folder, as an uninterrupted run" \
	"$( (cd kill && count .) | md5sum)" "$( (cd whole && count .) | md5sum)"
is "and nothing left in tmp/" "$(find kill -path '*/tmp/*' -type f | wc -l | tr -d ' ')" 0

# (8) memory: a Takeout four times the size reads in the same memory
# (the message count is the same: only the per-message digests grow)
rss() { /usr/bin/time -f %M "$MDA" migrate --quiet "$1" "$2" 2>&1 >/dev/null | tail -n 1; }
if [ -x /usr/bin/time ]; then
	python3 "$MDA_ROOT/tests/corpus/gen_sources.py" --takeout s.mbox 2000 24
	python3 "$MDA_ROOT/tests/corpus/gen_sources.py" --takeout l.mbox 2000 96
	a=$(rss s.mbox rs) b=$(rss l.mbox rl)
	echo "# max RSS: 24 MiB source $a KiB, 96 MiB source $b KiB"
	check "96 MiB of Takeout in no more memory than 24 MiB (+4 MiB)" \
		test "$b" -le $((a + 4096))
else
	skip "GNU time missing"
fi
done_testing
