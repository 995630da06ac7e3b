"""mbox_torn.py MDA WORKDIR KILLS LDA - the driver of 0230-mbox-torn.sh
(what it checks is described there).  Prints TAP, plan last."""
import hashlib, os, random, re, subprocess, sys, time

mda, work, kills, lda = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
rnd = random.Random(int(os.environ.get("SEED", "230")))
root = os.geteuid() == 0
RUN = dict(user="nobody", group="nogroup", extra_groups=[]) if root else {}
home = os.path.join(work, "home")
os.makedirs(home)
if root:
    os.system("chown -R nobody:nogroup '%s'" % work)
n_ok = n_fail = 0


def ok(cond, what, detail=""):
    global n_ok, n_fail
    if cond:
        n_ok += 1
        print("ok %d - %s" % (n_ok + n_fail, what))
    else:
        n_fail += 1
        print("not ok %d - %s" % (n_ok + n_fail, what))
        for line in str(detail).splitlines()[:20]:
            print("#   " + line)
    sys.stdout.flush()


def message(tid, body, fromline=False):
    body = body.rstrip(b"\n") + b"\n"
    head = ("From: t@example.org\nSubject: %s\nMessage-ID: <%s@test>\n"
            "X-Test-Id: %s\nX-Body-Sum: %s\n\n" %
            (tid, tid, tid, hashlib.sha256(body.rstrip(b"\n")).hexdigest()))
    pre = b"From pm@example.org Mon Nov 23 16:28:13 2026\n" if fromline else b""
    return pre + head.encode() + body


def big_body(mb):
    # lines that need mboxrd quoting, so the writer's quoting is exercised
    block = b"".join(b"From the desk of line %d\n>From quoted %d\n%s\n" %
                     (i, i, b"x" * rnd.randint(10, 100)) for i in range(6000))
    out = bytearray()
    while len(out) < mb << 20:
        out += block
    return bytes(out[:mb << 20]).rsplit(b"\n", 1)[0] + b"\n"


def env():
    return {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": home,
            "USER": "nobody" if root else os.environ.get("USER", "root"),
            "TZ": "UTC"}


def run(cmd, data, timeout=60):
    p = subprocess.run(cmd, input=data, env=env(), capture_output=True,
                       timeout=timeout, **RUN)
    return p.returncode, p.stderr.decode(errors="replace")


def mda_small(box, tid):
    return run([mda, "-v", "-M", box, "-f", "s@example.org"],
               message(tid, b"small body of %s\n" % tid.encode()))


def procmail(box, tid, locktimeout=None):
    rc = os.path.join(work, "procmailrc-" + tid)
    with open(rc, "w") as f:
        f.write("SHELL=/bin/sh\nLOCKSLEEP=1\n%s:0:\n%s\n" %
                ("LOCKTIMEOUT=%d\n" % locktimeout if locktimeout else "", box))
    os.chmod(rc, 0o644)
    return run(["procmail", "-m", rc],
               message(tid, b"procmail body of %s\n" % tid.encode(), True))


def dovecot(box, tid, locks="dotlock fcntl", change="30s"):
    conf = os.path.join(work, "dovecot-%s.conf" % tid)
    d = os.path.join(work, "dv")
    os.makedirs(d, exist_ok=True)
    if root:
        os.chown(d, *owner)
    with open(conf, "w") as f:
        f.write("mail_location = mbox:%s:INBOX=%s\nmbox_write_locks = %s\n"
                "mbox_read_locks = %s\n"
                "mbox_dotlock_change_timeout = %s\n"
                "postmaster_address = postmaster@example.org\n"
                "log_path = %s/lda.log\nssl = no\nbase_dir = %s\n"
                % (d, box, locks, "fcntl" if "fcntl" in locks else "",
                   change, d, d))
    return run([lda, "-c", conf, "-f", "dv@example.org", "-a",
                "nobody@example.org"],
               message(tid, b"dovecot body of %s\n" % tid.encode()))


if root:
    import pwd
    pw = pwd.getpwnam("nobody")
    owner = (pw.pw_uid, pw.pw_gid)
else:
    owner = (os.getuid(), os.getgid())


def split(box):
    """[(tid, whole)] of every message in box (mboxrd read)."""
    with open(box, "rb") as f:
        data = f.read()
    out = []
    for chunk in re.split(rb"(?:^|\n)(?=From )", data):
        if not chunk:
            continue
        if not chunk.startswith(b"From "):
            out.append((None, False, chunk[:80]))
            continue
        msg = chunk.split(b"\n", 1)[1] if b"\n" in chunk else b""
        head, _, body = msg.partition(b"\n\n")
        m = re.search(rb"^X-Test-Id: (\S+)", head, re.M)
        s = re.search(rb"^X-Body-Sum: (\S+)", head, re.M)
        body = re.sub(rb"(?m)^>(>*From )", rb"\1", body)
        whole = bool(m and s) and hashlib.sha256(
            body.rstrip(b"\n")).hexdigest().encode() == s.group(1)
        out.append((m.group(1).decode() if m else None, whole, chunk[:80]))
    return out


def make_bigs():
    paths = []
    for mb in (20, 35, 50):
        p = os.path.join(work, "big-%d.eml" % mb)
        with open(p, "wb") as f:
            f.write(message("big-%d" % mb, big_body(mb)))
        paths.append(p)
    return paths


def kill_one(box, big):
    """Start a big append and SIGKILL it: one time in ten within its first
    30 ms (while it spools stdin, before any lock), else once the mailbox
    grew by a random fraction of the message (inside the append).  The
    point is found by watching the file, not by timing, so a loaded
    machine moves it nowhere.  Returns the exit status (-9: killed)."""
    before = os.path.getsize(box) if os.path.exists(box) else 0
    goal = before + int(rnd.uniform(0, 1.0) * os.path.getsize(big))
    early = rnd.random() < 0.1
    with open(big, "rb") as f:
        p = subprocess.Popen([mda, "-M", box, "-f", "b@example.org"],
                             stdin=f, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, env=env(), **RUN)
        if early:
            time.sleep(rnd.uniform(0, 0.03))
        else:
            for _ in range(60000):   # at most a minute
                if p.poll() is not None:
                    break
                try:
                    if os.path.getsize(box) >= goal:
                        break
                except OSError:
                    pass
                time.sleep(0.001)
        p.kill()
        return p.wait()


def phase_a(bigs):
    box = os.path.join(work, "mbox-a")
    want, bad, died, cut, repaired = [], [], 0, 0, 0
    for i in range(kills):
        rc = kill_one(box, rnd.choice(bigs))
        died += rc == -9
        tid = "small-%d" % i
        rc, err = mda_small(box, tid)
        want.append(tid)
        if rc != 0:
            bad.append("%s: exit %d %s" % (tid, rc, err))
        m = re.search(r"cut off (\d+) octets", err)
        if m:
            repaired += 1
            cut += int(m.group(1))
        if i % 10 == 3:
            tid = "pm-%d" % i
            rc, err = procmail(box, tid)
            want.append(tid)
            if rc != 0:
                bad.append("%s: exit %d %s" % (tid, rc, err))
        if i % 10 == 8 and lda:
            tid = "dv-%d" % i
            rc, err = dovecot(box, tid)
            want.append(tid)
            if rc != 0:
                bad.append("%s: exit %d %s" % (tid, rc, err))
    ok(died >= kills * 0.8, "%d of %d big appends killed by SIGKILL" %
       (died, kills))
    ok(not bad, "every small delivery (mda, procmail, dovecot-lda) "
       "succeeded", "\n".join(bad))
    ok(repaired > 0, "%d torn appends cut back (%d MB in all)" %
       (repaired, cut >> 20))
    msgs = split(box)
    torn = [m for m in msgs if not m[1]]
    ok(not torn, "all %d messages in the mbox are whole (%d torn)" %
       (len(msgs), len(torn)), "\n".join(repr(m) for m in torn[:5]))
    ids = [m[0] for m in msgs]
    missing = [t for t in want if ids.count(t) != 1]
    ok(not missing, "each of the %d small messages is there exactly once"
       % len(want), " ".join(missing[:20]))
    bigs_in = sum(1 for t in ids if t and t.startswith("big-"))
    print("# %d whole big messages kept (appends that ended before the "
          "kill)" % bigs_in)
    ok(not os.path.exists(box + ".lock"), "no dotlock left behind")


def torn_kill(box, big):
    """kill an append once it is well inside the mailbox; size before."""
    before = os.path.getsize(box) if os.path.exists(box) else 0
    with open(big, "rb") as f:
        p = subprocess.Popen([mda, "-M", box, "-f", "b@example.org"],
                             stdin=f, env=env(), **RUN)
        for _ in range(3000):
            if os.path.exists(box + ".lock") and \
               os.path.getsize(box) > before + (4 << 20):
                break
            time.sleep(0.001)
        p.kill()
        p.wait()
    return before


def phase_b(bigs):
    # B1: dovecot-lda with fcntl locks only writes after our torn bytes
    # while our stale dotlock is still there.
    if lda:
        box = os.path.join(work, "mbox-b1")
        mda_small(box, "b1-first")
        torn_kill(box, bigs[0])
        rc, err = dovecot(box, "b1-dv", "fcntl")
        ok(rc == 0, "dovecot-lda (fcntl only) appends after a torn one", err)
        size = os.path.getsize(box)
        rc, err = mda_small(box, "b1-after")
        ok(rc == 0 and "left what a crashed delivery wrote" in err,
           "mda leaves the torn bytes when another wrote after them", err)
        msgs = split(box)
        whole = {m[0] for m in msgs if m[1]}
        ok("b1-dv" in whole and "b1-first" in whole and "b1-after" in whole,
           "dovecot-lda's message is whole, nothing of it cut",
           "\n".join(repr(m) for m in msgs))
        ok(os.path.getsize(box) > size, "the mbox did not shrink")
    else:
        ok(True, "# SKIP dovecot-lda not installed")
    # B2: dovecot-lda (dotlock) breaks our stale lock once it has not
    # changed for 2 s, and appends after the torn bytes; our record goes
    # with the lock, so nothing may be cut afterwards.
    if lda:
        box = os.path.join(work, "mbox-b2")
        mda_small(box, "b2-first")
        torn_kill(box, bigs[0])
        rc, err = dovecot(box, "b2-dv", "dotlock", "2s")
        ok(rc == 0, "dovecot-lda breaks the stale lock and appends",
           "exit %d %s %s" % (rc, err, open(os.path.join(work, "dv", "lda.log")).read()[-800:]))
        size = os.path.getsize(box)
        rc, err = mda_small(box, "b2-after")
        ok(rc == 0 and "cut off" not in err, "mda cuts nothing after that",
           err)
        msgs = split(box)
        whole = {m[0] for m in msgs if m[1]}
        ok("b2-dv" in whole and "b2-after" in whole,
           "dovecot-lda's message is whole",
           "\n".join(repr(m) for m in msgs))
        ok(os.path.getsize(box) > size, "the mbox did not shrink")


t0 = time.monotonic()
bigs = make_bigs()
phase_a(bigs)
phase_b(bigs)
print("# %.1f s" % (time.monotonic() - t0))
print("1..%d" % (n_ok + n_fail))
sys.exit(1 if n_fail else 0)
