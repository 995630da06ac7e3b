#!/usr/bin/env python3
"""compare.py - where procmail and mda put each message of one case.

usage: compare.py split CASES ROOT
       compare.py compare ROOT

split: each case directory CASES/NN-name gets ROOT/p/NN-name/msgs;
compare: each case's procmail home ROOT/p/NN-name against its mda home
ROOT/m/NN-name, with the converter's script and report in
ROOT/out/NN-name/ (script.sieve, report).  One run for all the cases:
the interpreter is slow to start on a loaded machine.

A case's "msgs" file holds its messages, each after a line "%%% ID"; each
becomes OUTDIR/ID with a From_ line (unless it has one) and an
"X-Case-Msg: ID" field first, so copies can be told apart.

Both deliveries are done; this reads what they left.  procmail's side:
every mbox file, Maildir and MH/directory folder under its home, named
through the "#   PATH -> NAME" map the converter writes; mda's side: the
Maildir++ folders of MDA_HOME/Maildir.  Copies handed to the fake
sendmail count as folder "SENT:recipient", one per recipient (compared by body only: a
vacation reply and formail's differ in their header by nature).

Messages are named NAME-TAG: NAME is the recipe they exercise, marked
by a comment line "#@NAME" just above its ":0" line in any of the case's
rcfiles ("none": no recipe).  A message whose folders or contents
differ must have its recipe in the converter's report ("file:line:
why"); "none" messages must agree.  Prints "ok ..."/"not ok ..." lines, "# ..." notes and a final
"TOTALS recipes_agree recipes messages_agree messages" line.
"""
import hashlib
import os
import re
import sys

SKIP_DIRS = {"case", "sent", ".mda", "msgs"}


def norm(text, body_only=False):
    lines = text.split("\n")
    if lines and lines[0].startswith("From "):
        lines = lines[1:]
    lines = [l for l in lines if not l.startswith("X-Fake-Args:")]
    if body_only and "" in lines:
        lines = lines[lines.index("") + 1:]
    while lines and lines[-1] == "":
        lines.pop()
    return hashlib.sha1("\n".join(lines).encode("utf-8", "replace")).hexdigest()[:10]


def msg_id(text):
    m = re.search(r"^X-Case-Msg:\s*(\S+)", text.split("\n\n", 1)[0], re.M)
    return m.group(1) if m else "?"


def split_mbox(text):
    msgs, cur = [], []
    prev_blank = True
    for line in text.split("\n"):
        if line.startswith("From ") and prev_blank and cur:
            msgs.append("\n".join(cur))
            cur = []
        cur.append(line)
        prev_blank = line == ""
    if cur and any(cur):
        msgs.append("\n".join(cur))
    return msgs


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def folder_map(script):
    m = {}
    for line in read(script).split("\n"):
        g = re.match(r"^#   (/\S*) -> (\S+)$", line)
        if g:
            m[g.group(1)] = g.group(2)
    return m


def procmail_side(home, fmap):
    out = {}
    for dirpath, dirs, files in os.walk(home):
        rel = os.path.relpath(dirpath, home)
        if rel.split(os.sep)[0] in SKIP_DIRS:
            dirs[:] = []
            continue
        for f in files:
            p = os.path.join(dirpath, f)
            text = read(p)
            base = os.path.basename(dirpath)
            if base in ("new", "cur") and os.path.isdir(
                    os.path.join(os.path.dirname(dirpath), "tmp")):
                folder, msgs = os.path.dirname(dirpath), [text]
            elif text.startswith("From "):
                folder, msgs = p, split_mbox(text)
            elif "X-Case-Msg:" in text:
                folder, msgs = dirpath, [text]
            else:
                continue
            name = fmap.get(folder, "UNMAPPED:" + os.path.relpath(folder, home))
            for t in msgs:
                out.setdefault(msg_id(t), []).append((name, norm(t)))
    return out


def mda_side(maildir):
    out = {}
    for dirpath, dirs, files in os.walk(maildir):
        if os.path.basename(dirpath) not in ("new", "cur"):
            continue
        parent = os.path.relpath(os.path.dirname(dirpath), maildir)
        name = "INBOX" if parent == "." else parent.lstrip(".")
        for f in files:
            t = read(os.path.join(dirpath, f))
            out.setdefault(msg_id(t), []).append((name, norm(t)))
    return out


def mbox_side(home):
    """mda -M HOME/spool --folder-dir HOME/Mail: folder a.b is Mail/a/b."""
    out = {}
    for dirpath, dirs, files in os.walk(home):
        rel = os.path.relpath(dirpath, home)
        if rel.split(os.sep)[0] in SKIP_DIRS:
            dirs[:] = []
            continue
        for f in files:
            p = os.path.join(dirpath, f)
            r = os.path.relpath(p, home)
            if r == "spool":
                name = "INBOX"
            elif r.startswith("Mail" + os.sep):
                name = r[5:].replace(os.sep, ".")
            else:
                continue
            for t in split_mbox(read(p)):
                out.setdefault(msg_id(t), []).append((name, norm(t)))
    return out


def sent(home, into):
    d = os.path.join(home, "sent")
    if not os.path.isdir(d):
        return
    for f in sorted(os.listdir(d)):
        t = read(os.path.join(d, f))
        args = re.match(r"X-Fake-Args: (.*)", t)
        words = args.group(1).split() if args else []
        rcpt, skip = [], False
        for w in words:
            if skip:
                skip = False
            elif w in ("-f", "-F"):
                skip = True
            elif w == "-t":
                rcpt.append("(To:)")
            elif not w.startswith("-"):
                rcpt.append(w)
        # one entry per recipient: one call for two addresses or two
        # calls for one each hand each recipient the same message
        for r in rcpt or ["?"]:
            into.setdefault(f.rsplit(".", 1)[0], []).append(
                ("SENT:" + r, norm(t, body_only=True)))


def split(msgs, outdir):
    os.makedirs(outdir, exist_ok=True)
    for block in read(msgs).split("%%% ")[1:]:
        mid, text = block.split("\n", 1)
        mid = mid.strip()
        lines = text.rstrip("\n").split("\n")
        head = []
        if lines[0].startswith("From "):
            head.append(lines.pop(0))
        else:
            head.append("From alice@example.org  Fri Dec  4 10:00:00 2026")
        head.append("X-Case-Msg: " + mid)
        with open(os.path.join(outdir, mid), "w") as f:
            f.write("\n".join(head + lines) + "\n")


def markers(casedir):
    """#@NAME comments -> (file, line of the next ':' line)."""
    out = {}
    for f in sorted(os.listdir(casedir)):
        p = os.path.join(casedir, f)
        if f in ("msgs", "mkdirs") or not os.path.isfile(p):
            continue
        pending = None
        for n, line in enumerate(read(p).split("\n"), 1):
            t = line.strip()
            if t.startswith("#@"):
                pending = t[2:]
            elif pending and t.startswith(":"):
                out[pending] = (f, n)
                pending = None
    return out


def compare(case, phome, mhome, bhome, script, report):
    messages = sorted(os.listdir(os.path.join(phome, "msgs")))
    fmap = folder_map(script)
    p = procmail_side(phome, fmap)
    m = mda_side(os.path.join(mhome, "Maildir"))
    b = mbox_side(bhome)
    sent(phome, p)
    sent(mhome, m)
    sent(bhome, b)
    # the mbox layout stands for procmail's only where the INBOX is
    # procmail's spool and the folders are mbox files under ~/Mail
    mbox_like = fmap.get(os.path.join(phome, "spool")) == "INBOX" and all(
        k.startswith(os.path.join(phome, "Mail") + "/") or v == "INBOX"
        for k, v in fmap.items())
    reported = set()
    for line in read(report).split("\n"):
        g = re.match(r"^(\S*?):(\d+): ", line)
        if g:
            reported.add((os.path.basename(g.group(1)), int(g.group(2))))
    marks = markers(os.path.join(phome, "case"))
    recipes, magree, bad, bagree = {}, 0, 0, 0
    for mid in messages:
        name = mid.split("-", 1)[0]
        if name != "none" and name not in marks:
            print("# %s: no #@%s marker in the case" % (mid, name))
            bad += 1
        key = marks.get(name, ("rc", 0))
        got_p, got_m = sorted(p.get(mid, [])), sorted(m.get(mid, []))
        same = got_p == got_m
        if mbox_like:
            bagree += sorted(b.get(mid, [])) == got_p
            if sorted(b.get(mid, [])) != got_p and same:
                print("# mbox layout differs for %s: %s" % (
                    mid, sorted(b.get(mid, []))))
                bad += 1
        magree += same
        recipes.setdefault(key, True)
        recipes[key] &= same
        if same:
            continue
        ok = key[1] != 0 and key in reported
        bad += not ok
        print("# %s %s: procmail %s, mda %s" % (
            "reported" if ok else "UNREPORTED", mid, got_p, got_m))
    rec = {k: v for k, v in recipes.items() if k[1] != 0}
    ragree = sum(rec.values())
    desc = "%s: %d/%d recipes agree, %d/%d messages agree" % (
        case, ragree, len(rec), magree, len(messages))
    if not messages:
        bad += 1
        desc += " (a case needs messages)"
    print(("ok " if bad == 0 else "not ok ") + desc +
          ("" if bad == 0 else ", %d differences not reported" % bad))
    print("TOTALS %d %d %d %d %d %d" % (ragree, len(rec), magree,
          len(messages), bagree, len(messages) if mbox_like else 0))


def main():
    root = sys.argv[3] if sys.argv[1] == "split" else sys.argv[2]
    if sys.argv[1] == "split":
        cases = sys.argv[2]
        for c in sorted(os.listdir(cases)):
            if os.path.isfile(os.path.join(cases, c, "msgs")):
                split(os.path.join(cases, c, "msgs"),
                      os.path.join(root, "p", c, "msgs"))
        return
    for c in sorted(os.listdir(os.path.join(root, "p"))):
        out = os.path.join(root, "out", c)
        if not os.path.isfile(os.path.join(out, "report")):
            continue    # the converter failed: the shell said so
        compare(c, os.path.join(root, "p", c), os.path.join(root, "m", c),
                os.path.join(root, "b", c), os.path.join(out, "script.sieve"),
                os.path.join(out, "report"))


main()
