"""tools.py - the delivery agents under test, set up in a scratch directory.

make_delivery(base, mda) returns one Tool per (agent, mailbox kind), each
with a private empty destination under base and a count() that says how
many messages arrived.  Every agent gets the same message bytes on stdin
(no From_ line), the envelope on the command line, and no filter: plain
delivery to INBOX.  fsync is on wherever the agent offers it:

  mda          -m DIR / -M FILE (fsyncs file and directory by design)
  procmail     -m RCFILE with DEFAULT=DIR/ or FILE (fsyncs on close, built in)
  maildrop     FILTERFILE with `to "DIR/"` (fsyncs Maildir files, built in)
  dovecot-lda  -c CONF with mail_fsync = always; run as `nobody`, because
               as root it insists on -d USER and a userdb lookup through a
               running auth daemon
  mdeliver     (mblaze) DIR; Maildir only (fsyncs, built in)

and the floors, which do only the durable steps of a delivery: for Maildir
../shared/bench/mindeliver.c (O_EXCL in tmp/, fsync, link into new/, fsync
new/, unlink), for mbox minappend.c (fcntl + dotlock, From_ line, mboxrd
quoting, fsync).  run.sh compiles both and names them in BENCH_MINDELIVER
and BENCH_MINAPPEND; mda with a small filter (SMALL_RULES list rules, the
first rules of the Sieve section's script) is a row of its own.
"""
import os
import re
import shutil

import measure
from measure import Tool

SENDER = "sender@example.net"
RCPT = "bob@example.com"
LDA = "/usr/lib/dovecot/dovecot-lda"
RUNAS = "nobody"
SMALL_RULES = 10


def maildir(p, owner=None):
    for sub in ("tmp", "new", "cur"):
        os.makedirs(os.path.join(p, sub), exist_ok=True)
    if owner:
        for root, dirs, _ in os.walk(p):
            shutil.chown(root, owner[0], owner[1])
    return p


def count_maildir(p):
    n = 0
    for sub in ("new", "cur"):
        try:
            n += len(os.listdir(os.path.join(p, sub)))
        except OSError:
            pass
    return n


def count_maildir_tree(p):
    """Messages in the Maildir p and in every Maildir++ folder of it."""
    n = count_maildir(p)
    for d in os.listdir(p):
        if d.startswith(".") and os.path.isdir(os.path.join(p, d)):
            n += count_maildir(os.path.join(p, d))
    return n


# A From_ line with an asctime date: Dovecot writes Content-Length and does
# not quote "From " in bodies, so a bare prefix count would overcount.
FROM_ = re.compile(rb"^From \S+ +[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d "
                   rb"\d\d:\d\d:\d\d \d{4}")


def count_mbox(p):
    n = 0
    try:
        with open(p, "rb") as f:
            for line in f:
                if line.startswith(b"From ") and FROM_.match(line):
                    n += 1
    except OSError:
        pass
    return n


def _write(path, text, mode=0o644):
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)


def _dovecot(base, kind, owner):
    d = os.path.join(base, "lda-" + kind)
    os.makedirs(d, exist_ok=True)
    shutil.chown(d, owner[0], owner[1])
    if kind == "maildir":
        box = maildir(os.path.join(d, "Maildir"), owner)
        loc, count = "maildir:" + box, lambda: count_maildir(box)
    else:
        box = os.path.join(d, "inbox")
        loc = "mbox:%s/mail:INBOX=%s" % (d, box)
        count = lambda: count_mbox(box)
    conf = os.path.join(base, "dovecot-%s.conf" % kind)
    _write(conf, "mail_location = %s\npostmaster_address = postmaster@"
           "example.com\nmail_fsync = always\nlog_path = %s/lda.log\n"
           "ssl = no\n" % (loc, d))
    t = Tool("dovecot-lda", [LDA, "-c", conf, "-f", SENDER, "-a", RCPT],
             env={"HOME": d, "USER": RUNAS}, user=RUNAS)
    return t, count


def make_delivery(base, mda, peers=True):
    """[(kind, Tool, count)] with fresh destinations under base."""
    import pwd
    pw = pwd.getpwnam(RUNAS)
    owner = (pw.pw_uid, pw.pw_gid)
    os.makedirs(base, exist_ok=True)
    os.chmod(base, 0o755)
    home = os.path.join(base, "home")
    os.makedirs(home, exist_ok=True)
    env = {"HOME": home, "USER": "root", "LOGNAME": "root"}
    j = lambda *p: os.path.join(base, *p)
    out = []

    md = maildir(j("mda-md"))
    out.append(("maildir", Tool("mda", [mda, "-m", md, "-f", SENDER, "-a",
                                        RCPT], env), lambda md=md:
                count_maildir(md)))
    mb = j("mda.mbox")
    out.append(("mbox", Tool("mda", [mda, "-M", mb, "-f", SENDER, "-a",
                                     RCPT], env), lambda: count_mbox(mb)))
    if not peers:
        return out

    import corpus
    small = j("small.sieve")
    corpus.sieve_script(small, SMALL_RULES)
    fmd = maildir(j("mda-filter-md"))
    out.append(("maildir", Tool("mda -s small", [mda, "-m", fmd, "-s", small,
                                                 "-f", SENDER, "-a", RCPT],
                                env), lambda: count_maildir_tree(fmd)))
    floor_md = os.environ.get("BENCH_MINDELIVER")
    if floor_md:
        fl = maildir(j("mindeliver-md"))
        out.append(("maildir", Tool("mindeliver", [floor_md, fl], env),
                    lambda: count_maildir(fl)))
    floor_mb = os.environ.get("BENCH_MINAPPEND")
    if floor_mb:
        flb = j("minappend.mbox")
        out.append(("mbox", Tool("minappend", [floor_mb, flb], env),
                    lambda: count_mbox(flb)))

    pmd = maildir(j("procmail-md"))
    _write(j("procmailrc-md"), "DEFAULT=%s/\nLOGFILE=/dev/null\n" % pmd, 0o600)
    out.append(("maildir", Tool("procmail", ["/usr/bin/procmail", "-f", SENDER,
                                             "-m", j("procmailrc-md")], env),
                lambda: count_maildir(pmd)))
    pmb = j("procmail.mbox")
    _write(j("procmailrc-mb"), "DEFAULT=%s\nLOGFILE=/dev/null\n" % pmb, 0o600)
    out.append(("mbox", Tool("procmail", ["/usr/bin/procmail", "-f", SENDER,
                                          "-m", j("procmailrc-mb")], env),
                lambda: count_mbox(pmb)))

    mdd = maildir(j("maildrop-md"))
    _write(j("mailfilter-md"), 'to "%s/"\n' % mdd, 0o600)
    out.append(("maildir", Tool("maildrop", ["/usr/bin/maildrop", "-f", SENDER,
                                             j("mailfilter-md")], env),
                lambda: count_maildir(mdd)))
    mdb = j("maildrop.mbox")
    _write(j("mailfilter-mb"), 'to "%s"\n' % mdb, 0o600)
    out.append(("mbox", Tool("maildrop", ["/usr/bin/maildrop", "-f", SENDER,
                                          j("mailfilter-mb")], env),
                lambda: count_mbox(mdb)))

    for kind in ("maildir", "mbox"):
        t, count = _dovecot(base, kind, owner)
        out.append((kind, t, count))

    mbl = maildir(j("mdeliver-md"))
    out.append(("maildir", Tool("mdeliver", ["/usr/bin/mdeliver", mbl], env),
                lambda: count_maildir(mbl)))
    return out


def binaries(mda):
    """(name, path) of each program whose size and libraries we report."""
    return [("mda", mda), ("procmail", "/usr/bin/procmail"),
            ("maildrop", "/usr/bin/maildrop"), ("dovecot-lda", LDA),
            ("mdeliver", "/usr/bin/mdeliver"),
            ("sieve-test", "/usr/bin/sieve-test")]


def mda_folders(text):
    """Folders in `mda test` output (fileinto NAME, keep = INBOX), sorted."""
    out = []
    for line in text.splitlines():
        w = line.strip().split(" ", 2)
        if w[0] == "fileinto" and len(w) > 1:
            out.append(w[1].split('"')[1] if '"' in w[1] else w[1])
        elif w[0] == "keep":
            out.append("INBOX")
    return sorted(out)


def sieve_test_folders(text):
    """Folders in sieve-test output (store message in folder: NAME)."""
    key = "store message in folder:"
    return sorted(line.split(key, 1)[1].strip() for line in text.splitlines()
                  if key in line)


def split_messages(mda, src, split, argv_extra=(), timeout=600):
    """The messages of mbox src as one file each in directory split (made
    with mda migrate, then flattened): the cp -r floor's input."""
    md = split + ".md"
    measure.run_bounded([mda, "migrate", "--quiet"] + list(argv_extra) +
                        [src, md], timeout=timeout)
    os.makedirs(split)
    for sub in ("new", "cur"):
        p = os.path.join(md, sub)
        for name in os.listdir(p):
            os.rename(os.path.join(p, name), os.path.join(split, name))
    shutil.rmtree(md)
    return len(os.listdir(split))
