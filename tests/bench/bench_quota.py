"""bench_quota.py - what Maildir++ quota costs one delivery.

  run(mda, T, msgs, nfill, log)
      three Maildirs filled alike with nfill messages (names with ",S=",
      spread over INBOX and four folders, as a user's mail lies), then
      len(msgs) deliveries into each, one process per message, the order
      rotating with every message:
        none     mda -m DIR                   (no limit, no maildirsize)
        quota    mda -m DIR --quota 10G       (steady state: read the
                                               file, append one line)
        recount  the same after the file was removed, so every delivery
                 recounts the whole Maildir (the worst case: a new user,
                 a file over 5120 octets, an over-quota file gone stale)
      All three run through `sh -c` so they pay the same start-up.
      Reported: median wall and CPU per delivery and the ratios to none.
  render(r, w, summary)
      the report section.
"""
import os
import shutil

import measure
from measure import Tool

FOLDERS = ["", ".Lists.debian", ".Archive", ".Sent", ".Trash"]


def _fill(d, n):
    """n message files spread over the folders' cur/, 2-12 KiB each."""
    for f in FOLDERS:
        for sub in ("new", "cur", "tmp"):
            os.makedirs(os.path.join(d, f, sub), exist_ok=True)
    for i in range(n):
        size = 2048 + (i * 7919) % 10240
        name = "%d.M%dP%d.bench,S=%d:2,S" % (1700000000 + i, i, 4242, size)
        path = os.path.join(d, FOLDERS[i % len(FOLDERS)], "cur", name)
        with open(path, "wb") as f:
            f.write(b"x" * size)


def run(mda, T, msgs, nfill, log):
    base = os.path.join(T, "quota")
    dirs = {k: os.path.join(base, k) for k in ("none", "quota", "recount")}
    for k, d in dirs.items():
        log("quota: filling %s with %d messages" % (k, nfill))
        _fill(d, nfill)
    sh = "/bin/sh"
    tools = {
        "none": Tool("none", [sh, "-c", 'exec "$0" -m "$1"', mda,
                              dirs["none"]]),
        "quota": Tool("quota", [sh, "-c", 'exec "$0" -m "$1" --quota 10G',
                                mda, dirs["quota"]]),
        "recount": Tool("recount", [sh, "-c", 'rm -f "$1/maildirsize"; '
                                    'exec "$0" -m "$1" --quota 10G', mda,
                                    dirs["recount"]]),
    }
    order = ["none", "quota", "recount"]
    for t in tools.values():
        t.walls, t.cpus = [], []
        t.errlog = os.path.join(T, "quota-%s.err" % t.name)
    for i, msg in enumerate(msgs):
        k = i % len(order)
        for name in order[k:] + order[:k]:
            t = tools[name]
            st, wall, cpu = measure.spawn(t, msg, timeout=60)
            t.failures += st != 0
            t.walls.append(wall)
            t.cpus.append(cpu)
        if i % 100 == 99:
            log("quota %d/%d" % (i + 1, len(msgs)))
    res = {"n": len(msgs), "fill": nfill, "rows": {}}
    with open(os.path.join(dirs["quota"], "maildirsize")) as f:
        res["maildirsize_lines"] = sum(1 for _ in f)
    for name, t in tools.items():
        res["rows"][name] = {"wall": measure.median(t.walls),
                             "wall90": measure.pct(t.walls, 90),
                             "cpu": measure.median(t.cpus),
                             "failures": t.failures}
    shutil.rmtree(base)
    return res


def render(r, w, summary):
    x = r.get("quota")
    if x is None:
        return
    w("## Quota: the cost of Maildir++ quota on a delivery\n")
    w("%d deliveries into each of three Maildirs that already hold %d "
      "messages (INBOX and four folders); one process per message, the "
      "order rotating. `quota`: `--quota 10G` with maildirsize in place "
      "(read it, append a line); `recount`: maildirsize removed before "
      "each delivery, so each one counts the whole Maildir. All through "
      "`sh -c`.\n" % (x["n"], x["fill"]))
    w("| mode | wall (median) | wall p90 | CPU (median) | wall /none | "
      "CPU /none | failures |")
    w("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    base = x["rows"]["none"]
    for name in ("none", "quota", "recount"):
        y = x["rows"][name]
        w("| %s | %.2f ms | %.2f ms | %.2f ms | %.2f | %.2f | %d |"
          % (name, y["wall"] * 1e3, y["wall90"] * 1e3, y["cpu"] * 1e3,
             y["wall"] / base["wall"], y["cpu"] / max(base["cpu"], 1e-9),
             y["failures"]))
    w("")
    q, rc = x["rows"]["quota"], x["rows"]["recount"]
    summary.append("Quota (%d-message Maildir): steady state %.2fx the wall "
                   "time of no quota, a full recount %.2fx"
                   % (x["fill"], q["wall"] / base["wall"],
                      rc["wall"] / base["wall"]))
