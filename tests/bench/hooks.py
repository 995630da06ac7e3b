"""hooks.py - the sections that wait on mda features: Sieve and migration.

Each probes the mda binary at run time and measures only when the feature
works; otherwise it returns {"pending": reason} and the report says so.

  sieve(mda, T, msgs, nlin, log)
      a 5,000-rule list-sorting script over each message, one process per
      message, compile included: `mda test -s SCRIPT MSG` against
      Pigeonhole's `sieve-test -C SCRIPT MSG` (-C: compile, do not load a
      saved binary; the script's directory is not writable by the user it
      runs as, so no binary is saved either).  Linearity: the first 500
      rules of the same script over the first nlin messages.  The folders
      both pick are compared on the first 100 messages.
  migrate(mda, T, n, log)
      an n-message mboxrd file (and its gzip) into a new Maildir:
      `mda migrate` against mb2md, mblaze's `mdeliver -M`, Dovecot's
      `doveadm import` (as RUNAS with a throwaway config: no daemon
      needed), and two floors: cp of the one mbox file, and `cp -r` of a
      directory holding the same messages as one file each (prepared
      beforehand with mda: the bytes every Maildir writer must write, one
      inode and directory entry per message).  Every run is followed by
      sync(1), counted in its time, so whoever skipped fsync pays for
      durability at the end.
"""
import os
import shutil
import subprocess

import corpus
import measure
import tools
from measure import Tool

SIEVE_TEST = "/usr/bin/sieve-test"


def _env(home, user):
    return {"HOME": home, "USER": user, "LOGNAME": user}


def sieve(mda, T, msgs, nlin, log):
    d = os.path.join(T, "sieve")
    home = os.path.join(d, "home")
    os.makedirs(home)
    os.chmod(d, 0o755)
    shutil.chown(home, tools.RUNAS)
    scripts = {}
    for n in (500, 5000):
        scripts[n] = os.path.join(d, "rules-%d.sieve" % n)
        corpus.sieve_script(scripts[n], n)
        os.chmod(scripts[n], 0o644)
    res = {"n": len(msgs), "nlin": nlin}
    st, _, _, caps = _out([mda, "check", "--capabilities"], T)
    res["caps"] = caps.strip()
    st2, _, _, err = _out([mda, "check", scripts[5000]], T)
    st3, _, _, out = _out([mda, "test", "-s", scripts[5000], msgs[0]], T)
    if st != 0 or "fileinto" not in caps or "regex" not in caps:
        res["pending"] = "mda does not support Sieve (fileinto, regex) yet"
    elif st2 != 0 or st3 != 0 or not tools.mda_folders(out):
        res["pending"] = ("mda does not support Sieve yet: `mda check` exit "
                          "%d, `mda test` exit %d: %s"
                          % (st2, st3, (err + out).strip()[:160]))
    if "pending" in res:
        return res
    menv = _env(os.path.join(T, "home"), "root")
    senv = _env(home, tools.RUNAS)

    def pair(script, msg):
        return (Tool("mda", [mda, "test", "-s", script, msg], menv),
                Tool("sieve-test", [SIEVE_TEST, "-C", script, msg], senv,
                     user=tools.RUNAS))

    for n, batch in ((5000, msgs), (500, msgs[:nlin])):
        walls = {"mda": [], "sieve-test": []}
        cpus = {"mda": [], "sieve-test": []}
        fails = {"mda": 0, "sieve-test": 0}
        for i, msg in enumerate(batch):
            two = pair(scripts[n], msg)
            for t in (two if i % 2 == 0 else two[::-1]):
                st, wall, cpu = measure.spawn(t, msg, timeout=60)
                fails[t.name] += st != 0
                walls[t.name].append(wall)
                cpus[t.name].append(cpu)
            if i % 200 == 199:
                log("sieve %d rules: %d/%d" % (n, i + 1, len(batch)))
        res[n] = {k: {"wall": measure.median(walls[k]),
                      "cpu": measure.median(cpus[k]), "failures": fails[k],
                      "n": len(batch)} for k in walls}
    agree, sample = 0, msgs[:100]
    disagree = []
    for msg in sample:
        a, b = pair(scripts[5000], msg)
        fa = tools.mda_folders(_out(a.argv, T, a.env)[3])
        fb = tools.sieve_test_folders(_out(b.argv, T, b.env, b.user)[3])
        if fa == fb:
            agree += 1
        elif len(disagree) < 3:
            disagree.append("%s: mda %s, sieve-test %s"
                            % (os.path.basename(msg), fa, fb))
    res["agree"] = (agree, len(sample))
    res["disagree"] = disagree
    return res


def _out(argv, T, env=None, user=None):
    """Run once, return (status, wall, cpu, stdout and stderr text)."""
    o = os.path.join(T, "out.txt")
    if os.path.exists(o):
        os.unlink(o)
    t = Tool(argv[0], argv, env, user=user)
    t.errlog = o
    st, wall, cpu = measure.spawn(t, os.devnull, 120, o)
    with open(o, errors="replace") as f:
        return st, wall, cpu, f.read()


SYNCS = ("fsync", "fdatasync", "sync_file_range", "syncfs", "sync")


def _sync_calls(mda, d, runs, n=200):
    """fsync-family calls of each tool migrating an n-message mbox."""
    small = os.path.join(d, "small.mbox")
    corpus.mbox(small, n)
    out = {"n": n}
    for _, name, argv, stdin in runs:
        dest = os.path.join(d, "dest")
        shutil.rmtree(dest, ignore_errors=True)
        if "mdeliver" in name:
            tools.maildir(dest)
        argv = [small if a.endswith("src.mbox") else a for a in argv]
        st, _, calls = measure.strace_count(
            Tool(name, argv, {"HOME": d}), small if stdin else os.devnull,
            os.path.join(d, "strace.out"))
        out[name] = {k: calls[k] for k in SYNCS if calls.get(k)}
    shutil.rmtree(os.path.join(d, "dest"), ignore_errors=True)
    os.unlink(small)
    return out


def migrate(mda, T, n, log):
    d = os.path.join(T, "migrate")
    os.makedirs(d)
    small = os.path.join(d, "probe.mbox")
    corpus.mbox(small, 2)
    dest = os.path.join(d, "dest")
    res = {"n": n}
    st_help = measure.run_bounded([mda, "migrate", "--help"])[0]
    st, _, _, err = measure.run_bounded([mda, "migrate", "--quiet", small,
                                         dest], timeout=60)
    got = tools.count_maildir(dest)
    shutil.rmtree(dest, ignore_errors=True)
    if st != 0 or got != 2:
        res["pending"] = ("mda does not support migrate yet (`mda migrate "
                          "--help` exit %d; a 2-message mbox gave exit %d, "
                          "%d messages: %s)" % (st_help, st, got, (
                              err.strip().splitlines() or [""])[0][:120]))
        shutil.rmtree(d)
        return res
    src = os.path.join(d, "src.mbox")
    log("migrate: writing a %d-message mbox" % n)
    res["bytes"] = corpus.mbox(src, n)
    gz = src + ".gz"
    with open(gz, "wb") as f:
        subprocess.run(["gzip", "-6", "-c", src], stdout=f, check=True)
    res["gz_bytes"] = os.path.getsize(gz)
    flat = dest + ".mbox"
    # Floor 2: the same messages as files, copied with cp -r.
    split = os.path.join(d, "split")
    res["split_files"] = tools.split_messages(mda, src, split)
    # doveadm import runs without a daemon as an ordinary user (as root it
    # asks a userdb through the auth socket): a throwaway config, a
    # directory that user owns, and the mbox as the source "mailbox".
    dv = os.path.join(d, "dv")
    os.makedirs(dv)
    conf = {}
    # import: the Maildir is the user's mail, the mbox the source;
    # backup (dsync one way): the mbox is the user's mail, the Maildir
    # the target, which must share the hierarchy separator.
    for k, loc, extra in (
            ("import", "maildir:" + dest, ""),
            ("backup", "mbox:%s:INBOX=%s" % (os.path.join(dv, "mb"),
                                              os.path.join(dv, "src.mbox")),
             "namespace inbox {\n  inbox = yes\n  separator = /\n"
             "  prefix =\n}\n")):
        conf[k] = os.path.join(dv, k + ".conf")
        with open(conf[k], "w") as f:
            f.write("mail_location = %s\nlog_path = /dev/stderr\n"
                    "ssl = no\n%s" % (loc, extra))
    os.makedirs(os.path.join(dv, "mb"))   # index dirs for the mbox side
    os.makedirs(os.path.join(dv, "mbi"))
    # dsync writes a mailbox GUID into the mbox it reads: its own copy.
    shutil.copyfile(src, os.path.join(dv, "src.mbox"))
    for root, dirs, files in os.walk(dv):
        for p in [root] + [os.path.join(root, x) for x in files]:
            shutil.chown(p, tools.RUNAS)
    os.chmod(d, 0o777)
    os.chmod(src, 0o644)
    who = ["setpriv", "--reuid=" + tools.RUNAS, "--regid=nogroup",
           "--clear-groups", "env", "HOME=" + dv, "USER=" + tools.RUNAS,
           "doveadm", "-c"]
    doveadm = who + [conf["import"], "import", "mbox:%s:INBOX=%s"
                     % (os.path.join(dv, "mbi"), src), "", "all"]
    dsync = who + [conf["backup"], "backup", "maildir:" + dest]
    runs = [
        ("mbox", "mda migrate", [mda, "migrate", "--quiet", src, dest], None),
        ("mbox", "mb2md", ["mb2md", "-s", src, "-d", dest], None),
        ("mbox", "mdeliver -M", ["mdeliver", "-M", dest], src),
        ("mbox", "doveadm import", doveadm, None),
        ("mbox", "doveadm backup (dsync)", dsync, None),
        ("mbox", "cp (floor)", ["cp", src, flat], None),
        ("mbox", "cp -r files (floor)", ["cp", "-r", split, flat], None),
        ("gz", "mda migrate", [mda, "migrate", "--quiet", gz, dest], None),
        ("gz", "zcat | mdeliver -M", ["sh", "-c", 'zcat "$0" | mdeliver -M '
                                      '"$1"', gz, dest], None),
        ("gz", "zcat > tmp; mb2md", ["sh", "-c", 'zcat "$0" > "$1.tmp" && '
                                     'mb2md -s "$1.tmp" -d "$1"; s=$?; rm -f '
                                     '"$1.tmp"; exit $s', gz, dest], None),
        ("gz", "zcat > file (floor)", ["sh", "-c", 'zcat "$0" > "$1"', gz,
                                       flat], None),
    ]
    res["syncs"] = _sync_calls(mda, d, runs[:3])
    subprocess.run(["sh", "-c", 'cat "$0" "$1" > /dev/null', src, gz])
    res["rows"] = []
    for kind, name, argv, stdin in runs:
        shutil.rmtree(dest, ignore_errors=True)
        shutil.rmtree(flat, ignore_errors=True)
        if os.path.exists(flat):
            os.unlink(flat)
        if "mdeliver" in name:
            tools.maildir(dest)
        subprocess.run(["sync"])
        log("migrate: %s (%s)" % (name, kind))
        st, wall, cpu, err = measure.run_bounded(argv, stdin, 600,
                                                 {"HOME": d})
        sync = measure.run_bounded(["sync"], None, 600)[1]
        arrived = (None if "floor" in name else tools.count_maildir(dest))
        res["rows"].append({"kind": kind, "name": name, "status": st,
                            "wall": wall, "sync": sync, "cpu": cpu,
                            "arrived": arrived, "err": err.strip()[:200]})
    shutil.rmtree(d)
    return res
