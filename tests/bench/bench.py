"""bench.py - side-by-side benchmarks of mda and its peers.

Usage: python3 bench.py MDA TMPDIR OUT.md   (QUICK=1 in the environment
shortens every section).  Called by run.sh, which owns TMPDIR.

Sections (each returns a dict that report.py renders):
  delivery   N messages, one process each, into a Maildir and an mbox;
             the order of the agents rotates with every message, so drift
             in the machine (page cache, other tenants) hits all of them.
  rss        peak RSS delivering one big message.
  syscalls   strace -f -c of one 10 KiB delivery; binary sizes, libraries.
  sieve      hooks.py: a 5,000-rule script vs Pigeonhole's sieve-test.
  migrate    hooks.py: a 10,000-message mbox (and .gz) into a Maildir.
  body       bench_body.py: body :text :contains over 1,000 MIME messages
             and one with a 500 MiB attachment vs sieve-test, with peak RSS.
  takeout    bench_takeout.py: a 200,000-message Google-Takeout-shaped mbox
             (labels to folders) vs mb2md, mdeliver -M, doveadm import and
             the cp floors.
  hostile    bench_hostile.py: the filter bombs of issue 14 (regex over
             big bodies and headers, 1024 keys x 10,000 fields) against
             dovecot-lda (BENCH_BASELINE=OLD_MDA adds a column).
  bigfilter  bench_bigfilter.py: the 5,000-rule script in real deliveries
             vs dovecot-lda loading the binary sievec compiled.
  quota      bench_quota.py: deliveries into a 10,000-message Maildir
             without quota, with --quota, and recounting each time.
  lmtp       bench_lmtp.py: mda lmtp vs dovecot-lmtp vs smtp-sink under
             smtp-source -L, 1/10/50 recipients, 1/8 connections.
"""
import json
import os
import shutil
import subprocess
import sys
import time

import corpus
import measure
import report
import hooks
import bench_body
import bench_takeout
import bench_hostile
import bench_bigfilter
import bench_quota
import bench_lmtp
import tools

QUICK = os.environ.get("QUICK", "") not in ("", "0")
# The delivery section's messages fall into this many rounds; within a
# round every agent gets every message, in rotating order, so a ratio per
# round compares runs made side by side (issue: median of per-round ratios).
ROUNDS = 3
# BENCH_ONLY=sieve,migrate: run just those sections and print their raw
# results; docs/benchmarks.md is written only by a full run.
ONLY = [x for x in os.environ.get("BENCH_ONLY", "").split(",") if x]
P = {
    "deliver": 100 if QUICK else 1000,
    "big": (100 if QUICK else 1024) << 20,
    "sieve": 60 if QUICK else 1000,
    "linear": 30 if QUICK else 300,
    "migrate": 1000 if QUICK else 10000,
    "body": 100 if QUICK else 1000,
    "body_big": (50 if QUICK else 500) << 20,
    "takeout": 20000 if QUICK else 200000,
    "bigfilter": 60 if QUICK else 1000,
    "quota": 60 if QUICK else 300,
    "quota_fill": 1000 if QUICK else 10000,
}


def log(*a):
    print("bench:", *a, file=sys.stderr, flush=True)


def probe_delivery(mda, T, msg):
    """Which mailbox kinds mda can deliver to now: {kind: bool}."""
    ok = {}
    for kind, t, count in tools.make_delivery(os.path.join(T, "probe"), mda,
                                              peers=False):
        t.errlog = os.path.join(T, "probe-%s.err" % kind)
        st, _, _ = measure.spawn(t, msg, timeout=30)
        ok[kind] = st == 0 and count() == 1
    shutil.rmtree(os.path.join(T, "probe"))
    return ok


def delivery(mda, T, msgs, mda_ok):
    base = os.path.join(T, "deliver")
    rows = [r for r in tools.make_delivery(base, mda)
            if r[1].name != "mda" or mda_ok[r[0]]]
    floor = measure.Tool("floor", ["/bin/true"])
    start = measure.Tool("mda --version", [mda, "--version"])
    todo = [t for _, t, _ in rows] + [floor, start]
    for t in todo:
        t.walls, t.cpus = [], []
        t.round_walls = [[] for _ in range(ROUNDS)]
        t.errlog = os.path.join(base, "%s-%d.err" % (t.name, id(t)))
    t0 = time.time()
    for i, msg in enumerate(msgs):
        k = i % len(todo)
        rnd = i * ROUNDS // len(msgs)
        for t in todo[k:] + todo[:k]:
            st, wall, cpu = measure.spawn(t, msg, timeout=30)
            t.failures += st != 0
            t.walls.append(wall)
            t.cpus.append(cpu)
            t.round_walls[rnd].append(wall)
        if i % 100 == 99:
            log("delivery %d/%d (%.0f s)" % (i + 1, len(msgs),
                                            time.time() - t0))
    res = {"n": len(msgs), "floor": _stats(floor), "start": _stats(start),
           "kinds": {}}
    for kind, t, count in rows:
        r = _stats(t)
        r["arrived"] = count()
        r["err"] = _head(t.errlog)
        res["kinds"].setdefault(kind, []).append(r)
    for kind in ("maildir", "mbox"):
        if not mda_ok[kind]:
            res["kinds"].setdefault(kind, []).insert(
                0, {"name": "mda", "pending": True})
    shutil.rmtree(base)
    return res


def _stats(t):
    return {"name": t.name, "failures": t.failures,
            "wall": measure.median(t.walls), "wall90": measure.pct(t.walls, 90),
            "cpu": measure.median(t.cpus), "cpu_total": sum(t.cpus),
            "rounds": [measure.median(w) for w in
                       getattr(t, "round_walls", [])]}


def _head(path, n=3):
    try:
        with open(path, errors="replace") as f:
            return "".join(f.readlines()[:n]).strip()
    except OSError:
        return ""


def rss(mda, T, size, mda_ok):
    big = os.path.join(T, "big.eml")
    log("rss: writing a %d MiB message" % (size >> 20))
    corpus.big_message(big, size)
    res = {"bytes": os.path.getsize(big), "rows": []}
    n = len(tools.make_delivery(os.path.join(T, "rss-probe"), mda))
    shutil.rmtree(os.path.join(T, "rss-probe"))
    for j in range(n):
        base = os.path.join(T, "rss")
        kind, t, count = tools.make_delivery(base, mda)[j]
        if t.name == "mda" and not mda_ok[kind]:
            res["rows"].append({"name": t.name, "kind": kind,
                                "pending": True})
            shutil.rmtree(base)
            continue
        log("rss: %s %s" % (t.name, kind))
        st, kib, wall, err = measure.peak_rss(t, big, os.path.join(T, "rss.m"),
                                              timeout=600)
        res["rows"].append({"name": t.name, "kind": kind, "status": st,
                            "kib": kib, "wall": wall, "arrived": count(),
                            "err": err.strip()[:200]})
        shutil.rmtree(base)
        subprocess.run(["sync"])
    os.unlink(big)
    return res


def syscalls(mda, T, msgs, mda_ok):
    sizes = [(abs(os.path.getsize(m) - 10240), m) for m in msgs]
    msg = min(sizes)[1]
    res = {"msg_bytes": os.path.getsize(msg), "rows": [], "bins": []}
    for kind, t, count in tools.make_delivery(os.path.join(T, "st"), mda):
        if t.name == "mda" and not mda_ok[kind]:
            res["rows"].append({"name": t.name, "kind": kind,
                                "pending": True})
            continue
        st, total, calls = measure.strace_count(t, msg,
                                                os.path.join(T, "strace.out"))
        syncs = sum(calls.get(c, 0) for c in
                    ("fsync", "fdatasync", "sync_file_range", "syncfs"))
        res["rows"].append({"name": t.name, "kind": kind, "status": st,
                            "total": total, "fsyncs": syncs,
                            "arrived": count(),
                            "table": sorted(calls.items(),
                                            key=lambda kv: -kv[1])})
    shutil.rmtree(os.path.join(T, "st"))
    for name, path in tools.binaries(mda):
        res["bins"].append(binary_info(name, path, T))
    return res


def binary_info(name, path, T):
    s = os.path.join(T, "stripped")
    if subprocess.run(["strip", "-o", s, path], capture_output=True).returncode:
        return {"name": name, "path": path, "file": os.path.getsize(path),
                "stripped": None, "text": 0, "data": 0, "bss": 0, "libs": []}
    out = subprocess.run(["size", s], capture_output=True, text=True).stdout
    text, data, bss = (int(x) for x in out.splitlines()[1].split()[:3])
    libs = []
    for line in subprocess.run(["ldd", path], capture_output=True,
                               text=True).stdout.splitlines():
        parts = line.split()
        if "=>" in parts and len(parts) > 2 and parts[2].startswith("/"):
            libs.append((parts[0], os.path.getsize(parts[2])))
    r = {"name": name, "path": path, "file": os.path.getsize(path),
         "stripped": os.path.getsize(s), "text": text, "data": data,
         "bss": bss, "libs": libs}
    os.unlink(s)
    return r


def versions(mda):
    def first(argv, pat=None):
        try:
            p = subprocess.run(argv, capture_output=True, text=True,
                               timeout=20)
            lines = (p.stdout + p.stderr).splitlines()
            lines = [x for x in lines if not pat or pat in x] or lines
            return lines[0].strip() if lines else "?"
        except (OSError, subprocess.TimeoutExpired):
            return "?"

    def deb(pkg):
        return first(["dpkg-query", "-W", "-f", "${Version}", pkg])
    return {
        "mda": first([mda, "--version"]),
        "procmail": first(["procmail", "-v"], "procmail") +
        " (Debian %s)" % deb("procmail"),
        "maildrop": first(["maildrop", "-v"], "maildrop"),
        "dovecot-lda": "Dovecot " + first(["dovecot", "--version"]),
        "sieve-test": "Pigeonhole (Debian dovecot-sieve %s)" %
        deb("dovecot-sieve"),
        "mdeliver": "mblaze %s" % deb("mblaze"),
        "mb2md": "mb2md %s" % deb("mb2md"),
        "strace": first(["strace", "-V"]),
        "python": sys.version.split()[0],
    }


def machine(T):
    def sh(cmd):
        return subprocess.run(cmd, shell=True, capture_output=True,
                              text=True).stdout.strip()
    return {
        "nproc": sh("nproc"), "kernel": sh("uname -srm"),
        "cpu": sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"),
        "mem": sh("free -g | awk '/^Mem/{print $2\" GiB\"}'"),
        "fs": sh("stat -f -c %%T %s" % T) + ", " +
        sh("df -P %s | awk 'NR==2{print $1}'" % T),
        "date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
    }


def main():
    mda, T, out = sys.argv[1], sys.argv[2], sys.argv[3]
    os.chmod(T, 0o755)
    started = time.time()
    res = {"quick": QUICK, "params": P, "machine": machine(T),
           "versions": versions(mda)}
    log("corpus: %d messages" % P["deliver"])
    msgs = corpus.messages(os.path.join(T, "corpus"), max(P["deliver"],
                                                         P["sieve"]))
    for m in msgs:
        os.chmod(m, 0o644)
    os.chmod(os.path.join(T, "corpus"), 0o755)
    sizes = [os.path.getsize(m) for m in msgs[:P["deliver"]]]
    res["corpus"] = {"n": len(sizes), "min": min(sizes), "max": max(sizes),
                     "mean": sum(sizes) / len(sizes),
                     "multipart": sum(b"multipart/" in open(m, "rb").read()
                                      for m in msgs[:P["deliver"]])}
    sections = [
        ("delivery", lambda: delivery(mda, T, msgs[:P["deliver"]],
                                      res["mda_ok"])),
        ("syscalls", lambda: syscalls(mda, T, msgs, res["mda_ok"])),
        ("rss", lambda: rss(mda, T, P["big"], res["mda_ok"])),
        ("sieve", lambda: hooks.sieve(mda, T, msgs[:P["sieve"]],
                                      P["linear"], log)),
        ("migrate", lambda: hooks.migrate(mda, T, P["migrate"], log)),
        ("body", lambda: bench_body.run(mda, T, P["body"], P["body_big"],
                                        log)),
        ("takeout", lambda: bench_takeout.run(mda, T, P["takeout"], log)),
        ("hostile", lambda: bench_hostile.run(mda, T, log)),
        ("bigfilter", lambda: bench_bigfilter.run(mda, T,
                                                  msgs[:P["bigfilter"]],
                                                  log)),
        ("quota", lambda: bench_quota.run(mda, T, msgs[:P["quota"]],
                                          P["quota_fill"], log)),
        ("lmtp", lambda: bench_lmtp.run(mda, T, log, QUICK)),
    ]
    unknown = set(ONLY) - {name for name, _ in sections}
    if unknown:
        sys.exit("bench: BENCH_ONLY: no section %s" % ", ".join(unknown))
    res["mda_ok"] = probe_delivery(mda, T, msgs[0])
    for name, run in sections:
        if not ONLY or name in ONLY:
            res[name] = run()
    if ONLY:
        # with what a section's render() reads besides its own results
        json.dump({k: res[k] for k in ONLY + ["corpus", "params"]
                   if k in res}, sys.stdout, indent=1, default=str)
        sys.stdout.write("\n")
        return
    res["elapsed"] = time.time() - started
    with open(os.path.join(T, "results.json"), "w") as f:
        json.dump(res, f, indent=1, default=str)
    text = report.render(res)
    with open(out, "w") as f:
        f.write(text)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
