"""bench_lmtp.py - the LMTP section: mda lmtp against dovecot-lmtp, with
smtp-sink (stores nothing) as the floor.

Postfix's load generator `smtp-source -L` sends the same messages (1,000
octets of payload) to each server over a unix socket, a new connection
per message as Postfix does by default, with 1, 10 and 50 recipients per
message and 1 and 8 connections at once.  Both stores run as nobody for
the same 51 virtual users in a Maildir each, fsync on (mda always;
Dovecot with mail_fsync = always).  The servers take turns for every
configuration, so drift in the machine hits all of them.  Also measured:
mda lmtp's CPU per stored copy against one `mda` mailbox_command run, and
the peak RSS of the server and its sessions with 8 busy connections.
"""
import os
import resource
import shutil
import subprocess
import threading
import time

USERS = [""] + [str(i) for i in range(51)]   # smtp-source -r N: 1u..Nu
CONFIGS = [(1, 1), (10, 1), (50, 1), (1, 8), (10, 8), (50, 8)]


def _users(path, root):
    pw = subprocess.run(["id", "-u", "nobody"], capture_output=True,
                        text=True).stdout.strip()
    gr = subprocess.run(["id", "-g", "nobody"], capture_output=True,
                        text=True).stdout.strip()
    with open(path, "w") as f:
        for u in USERS:
            f.write("%su@example.org::%s:%s::%s/%su::\n" % (u, pw, gr, root, u))
    os.makedirs(root)
    shutil.chown(root, "nobody")


def _dovecot_conf(D, users):
    with open(os.path.join(D, "dovecot.conf"), "w") as f:
        f.write("""base_dir = {D}/run
state_dir = {D}/state
log_path = {D}/log
instance_name = mda-bench-dovecot
protocols = lmtp
listen = 127.0.0.1
ssl = no
mail_location = maildir:~/Maildir
mail_fsync = always
default_internal_user = nobody
default_login_user = nobody
first_valid_uid = 1
passdb {{
  driver = passwd-file
  args = {u}
}}
userdb {{
  driver = passwd-file
  args = {u}
}}
service lmtp {{
  unix_listener {D}/lmtp.sock {{
    mode = 0666
  }}
}}
""".format(D=D, u=users))


def _wait_socket(path):
    for _ in range(100):
        if os.path.exists(path):
            return True
        time.sleep(0.1)
    return False


def _stored(root):
    n = 0
    for u in USERS:
        d = os.path.join(root, u + "u", "Maildir", "new")
        if os.path.isdir(d):
            n += len(os.listdir(d))
    return n


def _cpu(pid):
    """CPU seconds of pid, its reaped children and its live workers."""
    def one(p, fields):
        try:
            f = open("/proc/%d/stat" % p).read().rsplit(")", 1)[1].split()
        except OSError:
            return 0
        return sum(int(x) for x in f[fields])
    total = one(pid, slice(11, 15))
    try:
        kids = open("/proc/%d/task/%d/children" % (pid, pid)).read().split()
    except OSError:
        kids = []
    total += sum(one(int(k), slice(11, 15)) for k in kids)
    return total / os.sysconf("SC_CLK_TCK")


def _tree_rss(pid, key="VmRSS:", name="status"):
    """KiB of RSS (or, with key "Pss:" in smaps_rollup, the proportional
    share, which counts pages the workers share once) of pid and its
    children now."""
    total = 0
    pids = [pid]
    try:
        kids = open("/proc/%d/task/%d/children" % (pid, pid)).read().split()
        pids += [int(k) for k in kids]
    except OSError:
        pass
    for p in pids:
        try:
            for line in open("/proc/%d/%s" % (p, name)):
                if line.startswith(key):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


class Sampler(threading.Thread):
    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak, self.pss, self.stop = pid, 0, 0, False

    def run(self):
        while not self.stop:
            self.peak = max(self.peak, _tree_rss(self.pid))
            self.pss = max(self.pss, _tree_rss(self.pid, "Pss:",
                                               "smaps_rollup"))
            time.sleep(0.02)


def _source(sock, n, rcpts, conns):
    t0 = time.monotonic()
    r = subprocess.run(["timeout", "600", "smtp-source", "-L", "-s",
                        str(conns), "-m", str(n), "-r", str(rcpts),
                        "-t", "u@example.org", "-f", "bench@example.net",
                        "-l", "1000", "unix:" + sock],
                       capture_output=True, text=True)
    return time.monotonic() - t0, r.returncode, r.stderr.strip()[:200]


def _mailbox_command_cpu(mda, T, msg, n):
    md = os.path.join(T, "mbc")
    cpu = 0.0
    for _ in range(n):
        with open(msg, "rb") as f:
            p = subprocess.Popen([mda, "-m", md], stdin=f,
                                 stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            _, _, ru = os.wait4(p.pid, 0)
        cpu += ru.ru_utime + ru.ru_stime
    return cpu / n


def run(mda, T, log, quick=False):
    L = os.path.join(T, "lmtp")
    os.makedirs(L)
    os.chmod(L, 0o755)
    n = 40 if quick else 200
    res = {"messages": n, "configs": [], "error": None}
    procs = []
    try:
        _users(os.path.join(L, "users-mda"), os.path.join(L, "vm-mda"))
        _users(os.path.join(L, "users-dv"), os.path.join(L, "vm-dv"))
        D = os.path.join(L, "dv")
        for sub in ("run", "state"):
            os.makedirs(os.path.join(D, sub))
        _dovecot_conf(D, os.path.join(L, "users-dv"))
        socks = {"mda": os.path.join(L, "mda.sock"),
                 "dovecot-lmtp": os.path.join(D, "lmtp.sock"),
                 "smtp-sink": os.path.join(L, "sink.sock")}
        srv = subprocess.Popen([mda, "lmtp", "--user", "nobody", "--listen",
                                "unix:" + socks["mda"], "--userdb",
                                os.path.join(L, "users-mda"),
                                "--max-connections", "16"],
                               stderr=subprocess.DEVNULL)
        procs.append(srv)
        subprocess.run(["dovecot", "-c", os.path.join(D, "dovecot.conf")],
                       check=True)
        procs.append(subprocess.Popen(["smtp-sink", "-u", "nobody", "-L",
                                       "unix:" + socks["smtp-sink"], "64"]))
        for s in socks.values():
            if not _wait_socket(s):
                raise RuntimeError("no socket " + s)
        roots = {"mda": os.path.join(L, "vm-mda"),
                 "dovecot-lmtp": os.path.join(L, "vm-dv")}
        order = ["mda", "dovecot-lmtp", "smtp-sink"]
        for k, (rcpts, conns) in enumerate(CONFIGS):
            row = {"rcpts": rcpts, "conns": conns}
            for name in order[k % 3:] + order[:k % 3]:
                before = _stored(roots[name]) if name in roots else 0
                cpu0 = _cpu(srv.pid) if name == "mda" else 0
                sampler = Sampler(srv.pid) if name == "mda" else None
                if sampler:
                    sampler.start()
                secs, rc, err = _source(socks[name], n, rcpts, conns)
                if sampler:
                    sampler.stop = True
                    sampler.join()
                stored = (_stored(roots[name]) - before
                          if name in roots else n * rcpts)
                row[name] = {"secs": secs, "rc": rc, "err": err,
                             "stored": stored}
                if name == "mda":
                    time.sleep(0.2)   # let the server reap its sessions
                    row[name]["cpu"] = _cpu(srv.pid) - cpu0
                    row[name]["rss_kib"] = sampler.peak
                    row[name]["pss_kib"] = sampler.pss
            log("lmtp %d rcpt %d conn: %s" % (rcpts, conns, " ".join(
                "%s %.0f/s" % (x, n / row[x]["secs"]) for x in order)))
            res["configs"].append(row)
        msg = os.path.join(L, "one.eml")
        with open(msg, "wb") as f:
            f.write(b"From: bench@example.net\nSubject: one\n\n" + b"x" * 1000
                    + b"\n")
        res["mailbox_command_cpu"] = _mailbox_command_cpu(mda, L, msg,
                                                          20 if quick else 100)
    except (OSError, RuntimeError, subprocess.CalledProcessError) as e:
        res["error"] = str(e)
    finally:
        for p in procs:
            p.terminate()
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
        pidf = os.path.join(L, "dv", "run", "master.pid")
        if os.path.exists(pidf):
            subprocess.run(["kill", open(pidf).read().strip()])
            time.sleep(1)
    return res


def render(r, w, summary):
    x = r.get("lmtp")
    if not x:
        return
    w("## LMTP: mda lmtp, dovecot-lmtp, smtp-sink\n")
    if x.get("error"):
        w("Not measured: %s\n" % x["error"])
        return
    n = x["messages"]
    w("`smtp-source -L` sends %d messages (1,000 octets of payload) per "
      "configuration, a new connection per message. Equal durability: mda "
      "fsyncs each file and its new/ directory before 250; dovecot-lmtp "
      "with mail_fsync = always does the same (under strace: fsync of the "
      "file, rename into new/, fdatasync of new/) and fdatasyncs its index "
      "files too. Both serve connections from a pool of reused processes. "
      "Time per message; ratios are mda/peer (below 1.00 mda is "
      "faster).\n" % n)
    w("| rcpts | conns | mda ms/msg | dovecot-lmtp ms/msg | smtp-sink ms/msg "
      "| mda/dovecot | mda/sink | copies stored mda / dovecot |")
    w("| --- | --- | --- | --- | --- | --- | --- | --- |")
    ratios = []
    for row in x["configs"]:
        t = {k: row[k]["secs"] * 1000.0 / n
             for k in ("mda", "dovecot-lmtp", "smtp-sink")}
        ratio = t["mda"] / t["dovecot-lmtp"]
        ratios.append(ratio)
        w("| %d | %d | %.1f | %.1f | %.2f | %.2f | %.1f | %d / %d |" % (
            row["rcpts"], row["conns"], t["mda"], t["dovecot-lmtp"],
            t["smtp-sink"], ratio, t["mda"] / t["smtp-sink"],
            row["mda"]["stored"], row["dovecot-lmtp"]["stored"]))
    w("")
    one = x["configs"][0]["mda"]
    per_copy = one["cpu"] / max(one["stored"], 1)
    w("CPU per stored copy, mda lmtp (1 recipient, 1 connection): %.2f ms; "
      "one `mda` mailbox_command delivery: %.2f ms (ratio %.2f).\n" % (
          per_copy * 1000, x["mailbox_command_cpu"] * 1000,
          per_copy / x["mailbox_command_cpu"]))
    rss = max(row["mda"]["rss_kib"] for row in x["configs"]
              if row["conns"] == 8)
    pss = max(row["mda"].get("pss_kib", 0) for row in x["configs"]
              if row["conns"] == 8)
    w("Peak RSS of mda lmtp and its workers with 8 busy connections: "
      "%.1f MiB summed over the processes (the parent and a pool of 16, "
      "--max-connections 16), %.1f MiB as proportional set size (pages "
      "the workers share counted once).\n" % (rss / 1024.0, pss / 1024.0))
    summary.append("LMTP: mda lmtp / dovecot-lmtp time per message %.2f to "
                   "%.2f over the six configurations; target at most 0.50: "
                   "met in %d of 6" % (min(ratios), max(ratios),
                                       sum(r <= 0.5 for r in ratios)))
