#!/usr/bin/env python3
"""fleet_check.py - did a load.py run store every message exactly once?

usage: fleet_check.py DOMAIN_DIR MBOX USERS TAG:N...
DOMAIN_DIR holds the Maildir users u0..u{USERS-1}; message i of each TAG
went to u{i % USERS} and to the mbox MBOX, two recipients a transaction
(so no Delivered-To).  Checks: each message in exactly one Maildir file,
in the right user's, byte for byte; each in the mbox exactly once, byte
for byte after mboxrd unquoting, with every message whole (no torn or
interleaved append); no temp file in tmp/, no lock file beside the mbox.
Prints one "ok"/"not ok" line per check (TAP without a plan) and the
hosts seen in Maildir names.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import load  # noqa: E402

ID = re.compile(rb"^Message-ID: <([^.]+)\.(\d+)@load\.test>$", re.M)


def report(ok, text, detail=None):
    print(("ok - " if ok else "not ok - ") + text)
    if not ok and detail:
        print("#   " + str(detail)[:400])


def check_maildirs(root, users, want):
    seen, bad, wrong, hosts, tmp = {}, [], [], set(), 0
    for u in range(users):
        md = os.path.join(root, "u%d" % u, "Maildir")
        tmp += len(os.listdir(os.path.join(md, "tmp")))
        for sub in ("new", "cur"):
            for name in os.listdir(os.path.join(md, sub)):
                data = open(os.path.join(md, sub, name), "rb").read()
                m = ID.search(data)
                if not m:
                    bad.append(name)
                    continue
                key = (m.group(1).decode(), int(m.group(2)))
                seen[key] = seen.get(key, 0) + 1
                if data != load.stored(key[0], key[1], 2, ""):
                    bad.append(name)
                if key[1] % users != u:
                    wrong.append(name)
                hosts.add(name.split(",")[0].rsplit(".", 1)[-1])
    missing = [k for k in want if seen.get(k, 0) == 0]
    twice = [k for k, n in seen.items() if n > 1]
    report(not missing, "every message in a Maildir (%d of %d)"
           % (len(want) - len(missing), len(want)), missing[:5])
    report(not twice, "none twice in the Maildirs", twice[:5])
    report(not bad, "every Maildir file byte-exact", bad[:5])
    report(not wrong, "each in its recipient's Maildir", wrong[:5])
    report(tmp == 0, "no temp file left in tmp/ (%d)" % tmp)
    print("# hosts in Maildir names: " + " ".join(sorted(hosts)))
    return hosts


def check_mbox(path, want):
    data = open(path, "rb").read()
    chunks = re.split(rb"(?m)^From (?=\S+ )", data)
    torn, seen = [], {}
    if chunks and chunks[0] != b"":
        torn.append("data before the first From_ line")
    for c in chunks[1:]:
        nl = c.find(b"\n")
        body = c[nl + 1:]
        if not body.endswith(b"\n\n"):
            torn.append(c[:80])
            continue
        body = re.sub(rb"(?m)^>(>*From )", rb"\1", body[:-1])
        m = ID.search(body)
        if not m:
            torn.append(c[:80])
            continue
        key = (m.group(1).decode(), int(m.group(2)))
        seen[key] = seen.get(key, 0) + 1
        if body != load.stored(key[0], key[1], 2, ""):
            torn.append(c[:80])
    missing = [k for k in want if k not in seen]
    twice = [k for k, n in seen.items() if n > 1]
    report(not missing, "every message in the mbox (%d of %d)"
           % (len(want) - len(missing), len(want)), missing[:5])
    report(not twice, "none twice in the mbox", twice[:5])
    report(not torn, "no torn or mixed mbox message (%d)" % len(torn),
           torn[:3])
    locks = [n for n in os.listdir(os.path.dirname(path))
             if n.endswith(".lock")]
    report(not locks, "no lock file left", locks)


def main(argv):
    root, mbox, users = argv[1], argv[2], int(argv[3])
    want = []
    for spec in argv[4:]:
        tag, n = spec.split(":")
        want += [(tag, i) for i in range(int(n))]
    check_maildirs(root, users, want)
    check_mbox(mbox, want)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
