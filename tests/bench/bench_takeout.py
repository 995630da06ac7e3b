"""bench_takeout.py - the Takeout section: a Google-Takeout-shaped mbox of
n messages (tests/corpus/gen_sources.py --takeout: X-GM-THRID and
X-Gmail-Labels first, From_ lines "From <id>@xxx <date> +0000 <year>",
about a third of the messages with two folder labels) into a Maildir.

  run(mda, T, n, log)   the raw results (BENCH_ONLY=takeout prints them)
  render(r, w, summary) the report's section

Rows: `mda migrate` three ways (labels to folders with hard links,
--labels-as-keywords, and --from mbox: one folder, the job the peers do),
the peers that can read the file at all, as an mbox into one folder
(mb2md, mblaze's `mdeliver -M`, Dovecot's `doveadm import` as nobody with
a throwaway config), and two floors: cp of the file, and `cp -r` of the
messages as one file each.  No peer reads the labels.  Every run is
followed by sync(1), counted, so whoever skipped fsync pays at the end.
"""
import os
import shutil
import subprocess
import sys

import measure
import tools

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "..", "corpus", "gen_sources.py")
PAD_MIB_PER_10K = 20      # about 2 KiB a message
TIMEOUT = 1800


def _count_tree(p):
    n = 0
    for root, dirs, files in os.walk(p):
        if os.path.basename(root) in ("new", "cur"):
            n += len(files)
    return n


def _doveadm(d, src, dest):
    dv = os.path.join(d, "dv")
    os.makedirs(os.path.join(dv, "mbi"))
    conf = os.path.join(dv, "import.conf")
    with open(conf, "w") as f:
        f.write("mail_location = maildir:%s\nlog_path = /dev/stderr\n"
                "ssl = no\n" % dest)
    for root, dirs, files in os.walk(dv):
        for p in [root] + [os.path.join(root, x) for x in files]:
            shutil.chown(p, tools.RUNAS)
    return ["setpriv", "--reuid=" + tools.RUNAS, "--regid=nogroup",
            "--clear-groups", "env", "HOME=" + dv, "USER=" + tools.RUNAS,
            "doveadm", "-c", conf, "import", "mbox:%s:INBOX=%s"
            % (os.path.join(dv, "mbi"), src), "", "all"]


def run(mda, T, n, log):
    d = os.path.join(T, "takeout")
    os.makedirs(d)
    os.chmod(d, 0o777)
    src = os.path.join(d, "takeout.mbox")
    log("takeout: writing a %d-message Takeout mbox" % n)
    subprocess.run([sys.executable, GEN, "--takeout", src, str(n),
                    str(max(1, n * PAD_MIB_PER_10K // 10000))], check=True)
    os.chmod(src, 0o644)
    res = {"n": n, "bytes": os.path.getsize(src)}
    split = os.path.join(d, "split")
    res["split_files"] = tools.split_messages(mda, src, split,
                                              ("--from", "mbox"), TIMEOUT)
    dest, flat = os.path.join(d, "dest"), os.path.join(d, "flat")
    runs = [
        ("mda migrate (labels -> folders)", [mda, "migrate", "--quiet", src,
                                             dest], None),
        ("mda migrate --labels-as-keywords",
         [mda, "migrate", "--quiet", "--labels-as-keywords", src, dest],
         None),
        ("mda migrate --from mbox (one folder)",
         [mda, "migrate", "--quiet", "--from", "mbox", src, dest], None),
        ("mb2md", ["mb2md", "-s", src, "-d", dest], None),
        ("mdeliver -M", ["mdeliver", "-M", dest], src),
        ("doveadm import", None, None),
        ("cp (floor)", ["cp", src, flat], None),
        ("cp -r files (floor)", ["cp", "-r", split, flat], None),
    ]
    res["rows"] = []
    subprocess.run(["cat", src], stdout=subprocess.DEVNULL)
    for name, argv, stdin in runs:
        shutil.rmtree(dest, ignore_errors=True)
        shutil.rmtree(os.path.join(d, "dv"), ignore_errors=True)
        shutil.rmtree(flat, ignore_errors=True)
        if os.path.exists(flat):
            os.unlink(flat)
        if argv is None:
            tools.maildir(dest)
            shutil.chown(dest, tools.RUNAS)
            for sub in ("tmp", "new", "cur"):
                shutil.chown(os.path.join(dest, sub), tools.RUNAS)
            argv = _doveadm(d, src, dest)
        elif "mdeliver" in name:
            tools.maildir(dest)
        subprocess.run(["sync"])
        log("takeout: %s" % name)
        st, wall, cpu, err = measure.run_bounded(argv, stdin, TIMEOUT,
                                                 {"HOME": d})
        sync = measure.run_bounded(["sync"], None, 600)[1]
        res["rows"].append({
            "name": name, "status": st, "wall": wall, "sync": sync,
            "cpu": cpu, "err": err.strip()[:200],
            "arrived": None if "floor" in name else _count_tree(dest),
            "folders": None if "floor" in name else sum(
                1 for x in os.listdir(dest) if x.startswith(".")) + 1})
    shutil.rmtree(d)
    return res


def render(r, w, summary):
    x = r.get("takeout")
    if not x:
        return
    from report import secs, ratio, kb
    w("## Migration from a Google Takeout mbox\n")
    w("%d messages, %s, shaped like Takeout's \"All mail Including Spam "
      "and Trash.mbox\" (X-Gmail-Labels; a third with two folder labels). "
      "mda runs three ways; the peers read the file as a plain mbox into "
      "one folder (none reads labels). Each run is followed by `sync`, "
      "counted in the total. Ratios against `mda migrate --from mbox`, "
      "the same job as the peers'.\n" % (x["n"], kb(x["bytes"])))
    w("| tool | run | sync | total | total mda/tool | CPU | exit | "
      "messages | folders |")
    w("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    me = [y for y in x["rows"] if "--from mbox" in y["name"]][0]
    mt = me["wall"] + me["sync"]
    for y in x["rows"]:
        tot = y["wall"] + y["sync"]
        w("| %s | %s | %s | %s | %s | %s | %s | %s | %s |"
          % (y["name"], secs(y["wall"]), secs(y["sync"]), secs(tot),
             ratio(mt, tot), secs(y["cpu"]), y["status"],
             "-" if y["arrived"] is None else y["arrived"],
             "-" if y["folders"] is None else y["folders"]))
    w("")
    peers = [y for y in x["rows"] if not y["name"].startswith("mda") and
             "floor" not in y["name"] and y["status"] == 0]
    floor = [y for y in x["rows"] if y["name"] == "cp -r files (floor)"]
    if peers and floor:
        best = min(peers, key=lambda y: y["wall"] + y["sync"])
        summary.append("Takeout, %d messages: mda --from mbox / fastest peer "
                       "(%s) %s; / cp -r of the files %s"
                       % (x["n"], best["name"],
                          ratio(mt, best["wall"] + best["sync"]),
                          ratio(mt, floor[0]["wall"] + floor[0]["sync"])))
