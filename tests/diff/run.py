#!/usr/bin/env python3
"""run.py - deliver every generated case with dovecot-lda and with mda and
compare the Maildirs they leave; TAP on stdout.

usage: run.py CASES WORK MDA LDA EXPECTED_FAILURES [PATTERN]

CASES is what gen.py wrote.  WORK is an empty directory; for each case the
reference gets WORK/dv/case-NNN/ as its home (its Maildir is ~/Maildir, its
script ~/.dovecot.sieve) and mda gets WORK/mda/case-NNN/Maildir.

dovecot-lda runs without any Dovecot daemon: a throwaway config file
(WORK/dovecot.conf, written here), no -d (so no auth lookup: the user is the
one running it), USER and HOME in the environment.  Dovecot refuses to
deliver as root, so it runs as nobody:nogroup on a home chowned to it.
`-e` makes reject an exit status (77) as mda does; redirect and vacation go
to a fake sendmail that appends its arguments and input to a log.

The outcome of a run is a listing, one line per stored message:
    FOLDER new|cur FLAGS sha1
FOLDER the directory relative to the Maildir root ("." or ".A.B"), FLAGS the
system flag letters in ASCII order, then the keywords by name (mapped back
through that folder's dovecot-keywords), sha1 the first 12 hex digits of the
stored bytes (Dovecot's lda stores the message as given, editheader's edits
included); plus one line per mail handed to sendmail ("sent reply|forward
to=RCPT") and "exit=N" when the exit status is not 0.  Lines are sorted.  Sieve reject
is the one outcome told the same way from two forms: Pigeonhole 2.3 sends
the sender a rejection MDN itself (even with -e), while design.md has mda
hand the message back to the MTA with exit 77; both become "rejected".
A case passes when both listings are equal.  A case listed in
EXPECTED_FAILURES (by id and name) that differs is "not ok ... # TODO"; one listed there that
agrees is reported as "ok ... # listed as known but agrees".
"""
import hashlib
import os
import re
import shutil
import subprocess
import sys

TIMEOUT = 20
NOBODY = "nobody"
NOGROUP = "nogroup"

CONF = """\
protocols =
base_dir = {work}/dvrun
log_path = {work}/dovecot.log
info_log_path = {work}/dovecot.log
ssl = no
mail_location = maildir:~/Maildir
first_valid_uid = 0
postmaster_address = postmaster@example.org
hostname = mx.example.org
recipient_delimiter = +
lda_mailbox_autocreate = yes
lda_mailbox_autosubscribe = no
sendmail_path = {work}/sendmail-dv
mail_plugins = sieve
protocol lda {{
  mail_plugins = sieve
}}
plugin {{
  sieve = file:~/sieve;active=~/.dovecot.sieve
  sieve_extensions = +editheader +vacation-seconds
}}
"""

SENDMAIL = """#!/bin/sh
{{ printf 'ARGS'; for a; do printf ' <%s>' "$a"; done; echo; cat; echo;
  echo '.END'; }} >>{log}
"""


def read_cases(path):
    cases = []
    with open(os.path.join(path, "cases.tsv"), encoding="utf-8") as f:
        for line in f:
            cid, name, frm, to = line.rstrip("\n").split("\t")
            cases.append((cid, name, frm, to))
    return cases


def read_expected(path):
    """case id -> (name, cause).  A line: "case-NNN NAME cause..."; '#'
    starts a comment line.  The name guards against ids that moved when
    gen.py changed: a listed id whose case has another name is not known."""
    known = {}
    if not os.path.exists(path):
        return known
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split(None, 2)
            cid = parts[0]
            name = parts[1] if len(parts) > 1 else ""
            cause = parts[2] if len(parts) > 2 else "known difference"
            known[cid] = (name, cause)
    return known


def keywords(folder):
    kw = {}
    try:
        with open(os.path.join(folder, "dovecot-keywords"), "rb") as f:
            for line in f:
                n, _, name = line.decode("utf-8", "replace").strip() \
                    .partition(" ")
                if n.isdigit():
                    kw[chr(ord("a") + int(n))] = name
    except FileNotFoundError:
        pass
    return kw


def listing(md):
    out = []
    if not os.path.isdir(md):
        return out
    folders = ["."] + sorted(d for d in os.listdir(md) if d.startswith(".")
                             and d not in (".", "..")
                             and os.path.isdir(os.path.join(md, d)))
    for fo in folders:
        fdir = os.path.join(md, fo)
        kw = None
        for sub in ("new", "cur"):
            sdir = os.path.join(fdir, sub)
            if not os.path.isdir(sdir):
                continue
            for name in sorted(os.listdir(sdir)):
                path = os.path.join(sdir, name)
                if not os.path.isfile(path):
                    continue
                info = name.partition(":2,")[2] if ":2," in name else ""
                if kw is None:
                    kw = keywords(fdir)
                sysf = "".join(sorted(c for c in info if c.isupper()))
                kws = sorted(kw.get(c, "?" + c) for c in info if c.islower())
                flags = ",".join(([sysf] if sysf else []) + kws) or "-"
                with open(path, "rb") as f:
                    data = f.read()
                dig = hashlib.sha1(data).hexdigest()[:12]
                out.append("%s %s %s %s" % (fo, sub, flags, dig))
    return out


def stored(md):
    """path of every stored message, keyed by its listing line."""
    res = {}
    for fo in ["."] + [d for d in (os.listdir(md) if os.path.isdir(md)
                                   else []) if d.startswith(".")]:
        for sub in ("new", "cur"):
            sdir = os.path.join(md, fo, sub)
            if os.path.isdir(sdir):
                for n in sorted(os.listdir(sdir)):
                    res.setdefault((fo, sub), []).append(
                        os.path.join(sdir, n))
    return res


def sent(log):
    out = []
    try:
        with open(log, "rb") as f:
            text = f.read().decode("utf-8", "replace")
    except FileNotFoundError:
        return out
    for chunk in text.split("\n.END\n"):
        if not chunk.startswith("ARGS"):
            continue
        first, _, body = chunk.partition("\n")
        args = re.findall(r"<([^>]*)>", first)
        rcpts, i, after = [], 0, False
        while i < len(args):
            a = args[i]
            if after or not a.startswith("-"):
                rcpts.append(a)
            elif a == "--":
                after = True
            elif a in ("-f", "-F", "-N", "-R", "-V", "-O", "-o", "-B"):
                i += 1
            i += 1
        hdr = body.split("\n\n", 1)[0]
        if re.search(r"^Auto-Submitted:\s*auto-replied \(rejected\)", hdr,
                     re.I | re.M):
            out.append("rejected")   # Dovecot's rejection MDN, see main()
            continue
        kind = "reply" if re.search(r"^Auto-Submitted:\s*auto-replied", hdr,
                                    re.I | re.M) else "forward"
        for r in rcpts or ["?"]:
            out.append("sent %s to=%s" % (kind, r.lower()))
    return out


def run(cmd, stdin, env, user=None, group=None):
    try:
        with open(stdin, "rb") as f:
            p = subprocess.run(cmd, stdin=f, env=env, user=user, group=group,
                               extra_groups=[] if user else None,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               timeout=TIMEOUT)
        return p.returncode, (p.stdout + p.stderr).decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return "timeout", ""


def chown_tree(path):
    for root, dirs, files in os.walk(path):
        for n in [root] + [os.path.join(root, x) for x in dirs + files]:
            shutil.chown(n, NOBODY, NOGROUP)


def header_block(path):
    with open(path, "rb") as f:
        data = f.read()
    m = re.search(rb"\r?\n\r?\n", data)
    return data[:m.start()] if m else data


def explain(dv_md, mda_md, want, got):
    """comment lines showing the header difference of the same folder."""
    lines = []
    a, b = stored(dv_md), stored(mda_md)
    for key in sorted(set(a) & set(b)):
        if len(a[key]) == 1 and len(b[key]) == 1:
            ha, hb = header_block(a[key][0]), header_block(b[key][0])
            if ha != hb:
                la, lb = ha.split(b"\n"), hb.split(b"\n")
                for x in la:
                    if x not in lb:
                        lines.append("#   %s dovecot only: %r" % (key[0], x))
                for x in lb:
                    if x not in la:
                        lines.append("#   %s mda only:     %r" % (key[0], x))
                if not lines:
                    lines.append("#   %s same header lines, other order"
                                 % key[0])
    return lines[:12]


def main():
    cases_dir, work, mda, lda, expected = sys.argv[1:6]
    pattern = sys.argv[6] if len(sys.argv) > 6 else ""
    known = read_expected(expected)
    os.makedirs(os.path.join(work, "dvrun"), exist_ok=True)
    shutil.chown(os.path.join(work, "dvrun"), NOBODY, NOGROUP)
    with open(os.path.join(work, "dovecot.conf"), "w") as f:
        f.write(CONF.format(work=work))
    logs = {}
    for side in ("dv", "mda"):
        logs[side] = os.path.join(work, "sent-%s.log" % side)
        sm = os.path.join(work, "sendmail-%s" % side)
        with open(sm, "w") as f:
            f.write(SENDMAIL.format(log=logs[side]))
        os.chmod(sm, 0o755)
    open(os.path.join(work, "dovecot.log"), "a").close()
    shutil.chown(os.path.join(work, "dovecot.log"), NOBODY, NOGROUP)
    base_env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "TZ": "UTC",
                "LANG": "C.UTF-8"}
    n = failed = todo = 0
    for cid, name, frm, to in read_cases(cases_dir):
        if pattern and pattern not in cid and pattern not in name:
            continue
        n += 1
        src = os.path.join(cases_dir, cid)
        msgf = os.path.join(src, "msg.eml")
        dvh = os.path.join(work, "dv", cid)
        os.makedirs(dvh)
        shutil.copy(os.path.join(src, "script.sieve"),
                    os.path.join(dvh, ".dovecot.sieve"))
        shutil.chown(os.path.join(work, "dv"), NOBODY, NOGROUP)
        chown_tree(dvh)
        for side in logs:
            with open(logs[side], "w"):
                pass
        os.chmod(logs["dv"], 0o666)
        env = dict(base_env, USER=NOBODY, HOME=dvh)
        rc_dv, out_dv = run([lda, "-c", os.path.join(work, "dovecot.conf"),
                             "-e", "-f", frm, "-a", to], msgf, env,
                            NOBODY, NOGROUP)
        mh = os.path.join(work, "mda", cid)
        os.makedirs(mh)
        env = dict(base_env, USER="bob", HOME=mh)
        rc_mda, out_mda = run([mda, "-m", os.path.join(mh, "Maildir"),
                               "-s", os.path.join(src, "script.sieve"),
                               "--sendmail", os.path.join(work,
                                                          "sendmail-mda"),
                               "-f", frm, "-a", to], msgf, env)
        want = listing(os.path.join(dvh, "Maildir")) + sent(logs["dv"])
        got = listing(os.path.join(mh, "Maildir")) + sent(logs["mda"])
        if rc_dv != 0:
            want.append("exit=%s" % rc_dv)
        if rc_mda == 77:
            got.append("rejected")   # handed back to the MTA: design.md
        elif rc_mda != 0:
            got.append("exit=%s" % rc_mda)
        want.sort()
        got.sort()
        cause = None
        if cid in known:
            if known[cid][0] == name:
                cause = known[cid][1]
            else:
                print("# expected-failures.txt lists %s as %s, but it is %s"
                      % (cid, known[cid][0], name))
        if want == got:
            note = " # listed as known but agrees" if cause else ""
            print("ok %d - %s %s%s" % (n, cid, name, note))
            continue
        if cause:
            todo += 1
            print("not ok %d - %s %s # TODO %s" % (n, cid, name, cause))
        else:
            failed += 1
            print("not ok %d - %s %s" % (n, cid, name))
        print("#   got:  %s" % (" | ".join(got) or "(nothing)"))
        print("#   want: %s" % (" | ".join(want) or "(nothing)"))
        for line in explain(os.path.join(dvh, "Maildir"),
                            os.path.join(mh, "Maildir"), want, got):
            print(line)
        for line in out_mda.strip().splitlines()[:3]:
            print("#   mda says: %s" % line)
        slog = os.path.join(dvh, ".dovecot.sieve.log")
        if os.path.exists(slog):
            with open(slog, encoding="utf-8", errors="replace") as f:
                for line in f.read().splitlines()[1:4]:
                    print("#   dovecot says: %s" % line)
    print("# %d cases, %d agree, %d differ (%d of them known: TODO)"
          % (n, n - failed - todo, failed + todo, todo))
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
