"""bench_body.py - `body :text :contains` (RFC 5173) over MIME messages:
mda against Pigeonhole's sieve-test, time and peak RSS side by side.

  run(mda, T, msgs_n, big_bytes, log)
      mixed:  msgs_n messages from corpus.message, re-encoded so that the
              plain-text ones alternate 8bit, quoted-printable and base64;
              the multiparts carry text/html alternatives or base64 PDFs.
              One process per message, compile included, the order of the
              two tools alternating: `mda test -s SCRIPT MSG` against
              `sieve-test -C SCRIPT MSG` (as RUNAS, like the Sieve section).
      large:  one multipart/mixed message, a short text part and a base64
              attachment of big_bytes (from /dev/urandom, written into T
              and deleted at the end); RUNS runs of each tool.
      For both: wall and CPU medians (spawn.c: wait4 rusage), their ratio,
      and the peak RSS (ru_maxrss of the same wait4).  The folders both
      tools pick are compared on the first 100 mixed messages.
      The goal (issue 4): faster than sieve-test, and under 32 MiB peak
      RSS on the large message.

  render(r, w, summary)   the report section (report.py calls it).

Alone:  python3 bench_body.py MDA TMPDIR   (as root; QUICK=1 for 100
messages and a 50 MiB attachment; compiles spawn.c if BENCH_SPAWN is not
set) prints the section.
"""
import base64
import os
import quopri
import random
import shutil
import subprocess
import sys

import corpus
import measure
import tools
from measure import Tool

SIEVE_TEST = "/usr/bin/sieve-test"
SCRIPT = ('require ["body", "fileinto"];\n'
          'if body :text :contains ["wire transfer overdue", "Viagra"] {\n'
          '  fileinto "Junk";\n'
          '} elsif body :text :contains "quarterly report" {\n'
          '  fileinto "Reports";\n'
          '}\n')
RSS_GOAL_KIB = 32 * 1024


def _reencode(text, i):
    """Plain 8bit messages: every third stays 8bit, the others become
    quoted-printable or base64 (the header says so)."""
    head, sep, body = text.partition("\n\n")
    if "Content-Transfer-Encoding: 8bit" not in head or i % 3 == 0:
        return text
    raw = body.encode("utf-8")
    if i % 3 == 1:
        enc, cte = quopri.encodestring(raw).decode("ascii"), "quoted-printable"
    else:
        enc, cte = base64.encodebytes(raw).decode("ascii"), "base64"
    head = head.replace("Content-Transfer-Encoding: 8bit",
                        "Content-Transfer-Encoding: " + cte)
    return head + sep + enc


def mixed(d, n, seed=5):
    rnd = random.Random(seed)
    os.makedirs(d, exist_ok=True)
    paths = []
    for i in range(n):
        text = _reencode(corpus.message(rnd, i), i)
        if i % 10 == 7:      # some messages the script files somewhere
            text = text.rstrip("\n") + "\n\nthe quarterly report follows\n"
        p = os.path.join(d, "%05d.eml" % i)
        with open(p, "w") as f:
            f.write(text)
        os.chmod(p, 0o644)
        paths.append(p)
    return paths


def large(path, nbytes):
    """multipart/mixed: a text part, then nbytes of base64 attachment."""
    with open(path, "w") as f:
        f.write("From: big@example.org\nTo: bob@example.com\n"
                "Subject: a very large attachment\n"
                "Date: Mon, 1 Jan 2024 10:00:00 +0000\n"
                "Message-ID: <big-body@example.org>\nMIME-Version: 1.0\n"
                "Content-Type: multipart/mixed; boundary=\"=_big\"\n\n"
                "--=_big\nContent-Type: text/plain; charset=utf-8\n\n"
                "Please find the data attached.\n\n"
                "--=_big\nContent-Type: application/octet-stream; "
                "name=\"data.bin\"\nContent-Transfer-Encoding: base64\n\n")
    raw = nbytes * 57 // 77
    with open(path, "ab") as f:
        subprocess.run("head -c %d /dev/urandom | base64 -w 76" % raw,
                       shell=True, stdout=f, check=True)
        f.write(b"\n--=_big--\n")
    os.chmod(path, 0o644)


def _spawn(tool, stdin_path, timeout):
    """measure.spawn, plus the child's ru_maxrss (KiB) from wait4."""
    exe = shutil.which(tool.argv[0], path=tool.env.get("PATH"))
    ids = tool.ids() or (-1, -1)
    env = ["%s=%s" % kv for kv in sorted(tool.env.items())]
    fields = [str(ids[0]), str(ids[1]), str(int(timeout)), stdin_path,
              os.devnull, os.devnull, str(len(tool.argv)),
              os.path.abspath(exe)] + tool.argv[1:] + env
    p = measure._coproc()
    p.stdin.write("\t".join(fields) + "\n")
    st, wall, ut, stime, rss = p.stdout.readline().split()
    return int(st), int(wall) / 1e9, (int(ut) + int(stime)) / 1e6, int(rss)


def _out(tool, T):
    o = os.path.join(T, "body-out.txt")
    t = Tool(tool.name, tool.argv, tool.env, user=tool.user)
    t.errlog = o
    measure.spawn(t, os.devnull, 120, o)
    with open(o, errors="replace") as f:
        return f.read()


def _series(pairs, timeout, log, what):
    keys = ("mda", "sieve-test")
    acc = {k: {"wall": [], "cpu": [], "rss": [], "fail": 0} for k in keys}
    for i, two in enumerate(pairs):
        for t in (two if i % 2 == 0 else two[::-1]):
            st, wall, cpu, rss = _spawn(t, os.devnull, timeout)
            a = acc[t.name]
            a["fail"] += st != 0
            a["wall"].append(wall)
            a["cpu"].append(cpu)
            a["rss"].append(rss)
        if i % 200 == 199:
            log("body %s: %d/%d" % (what, i + 1, len(pairs)))
    return {k: {"wall": measure.median(v["wall"]),
                "cpu": measure.median(v["cpu"]), "rss": max(v["rss"]),
                "rss_median": measure.median(v["rss"]),
                "failures": v["fail"], "n": len(v["wall"])}
            for k, v in acc.items()}


def run(mda, T, n, big_bytes, log, runs=3):
    d = os.path.join(T, "body")
    home = os.path.join(d, "home")
    os.makedirs(home)
    os.chmod(d, 0o755)
    shutil.chown(home, tools.RUNAS)
    script = os.path.join(d, "body.sieve")
    with open(script, "w") as f:
        f.write(SCRIPT)
    os.chmod(script, 0o644)
    menv = {"HOME": os.path.join(d, "mhome"), "USER": "root",
            "LOGNAME": "root"}
    senv = {"HOME": home, "USER": tools.RUNAS, "LOGNAME": tools.RUNAS}

    def pair(msg):
        return (Tool("mda", [mda, "test", "-s", script, msg], menv),
                Tool("sieve-test", [SIEVE_TEST, "-C", script, msg], senv,
                     user=tools.RUNAS))

    res = {"n": n, "big": big_bytes, "runs": runs}
    caps = _out(Tool("mda", [mda, "check", "--capabilities"], menv), T)
    if "body" not in caps.split():
        return {"pending": "mda has no body extension: " + caps[:120]}
    log("body: %d mixed messages" % n)
    msgs = mixed(os.path.join(d, "msgs"), n)
    res["mixed"] = _series([pair(m) for m in msgs], 60, log, "mixed")
    agree, dis = 0, []
    for m in msgs[:100]:
        a, b = pair(m)
        fa = tools.mda_folders(_out(a, T))
        fb = tools.sieve_test_folders(_out(b, T))
        agree += fa == fb
        if fa != fb and len(dis) < 3:
            dis.append("%s: mda %s, sieve-test %s"
                       % (os.path.basename(m), fa, fb))
    res["agree"], res["disagree"] = (agree, min(100, len(msgs))), dis
    big = os.path.join(d, "large.eml")
    log("body: one message with a %d MiB attachment" % (big_bytes >> 20))
    try:
        large(big, big_bytes)
        res["large_size"] = os.path.getsize(big)
        res["large"] = _series([pair(big)] * runs, 900, log, "large")
    finally:
        if os.path.exists(big):
            os.unlink(big)
    shutil.rmtree(os.path.join(d, "msgs"), ignore_errors=True)
    return res


def _ms(x):
    return "%.1f ms" % (x * 1e3)


def _ratio(a, b):
    return "%.2f" % (a / b) if b else "n/a"


def render(r, w, summary):
    x = r.get("body")
    w("## 6. body :text :contains over MIME messages\n")
    if not x:
        w("not run\n")
        return
    if x.get("pending"):
        w("pending: %s\n" % x["pending"])
        summary.append("body :text: pending")
        return
    w("`body :text :contains` (RFC 5173: every text part decoded from "
      "base64 or quoted-printable, converted to UTF-8, HTML turned into "
      "plain text), one process per message, compile included: `mda test "
      "-s` against Pigeonhole's `sieve-test -C` (as %s). Mixed: %d corpus "
      "messages, plain text as 8bit, quoted-printable or base64, multiparts "
      "with HTML alternatives or base64 PDFs. Large: one multipart message, "
      "a text part and a %d MiB base64 attachment (%d octets), %d runs. "
      "Peak RSS is ru_maxrss from wait4; CPU is user+system.\n"
      % (tools.RUNAS, x["n"], x["big"] >> 20, x.get("large_size", 0),
         x["runs"]))
    w("| input | mda wall | sieve-test wall | wall mda/peer | mda CPU | "
      "sieve-test CPU | CPU mda/peer | mda peak RSS | sieve-test peak RSS | "
      "RSS mda/peer | failed (mda, peer) |")
    w("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
      "| --- |")
    for key in ("mixed", "large"):
        a, b = x[key]["mda"], x[key]["sieve-test"]
        w("| %s | %s | %s | %s | %s | %s | %s | %.1f MiB | %.1f MiB | %s | "
          "%d, %d |" % (key, _ms(a["wall"]), _ms(b["wall"]),
                        _ratio(a["wall"], b["wall"]), _ms(a["cpu"]),
                        _ms(b["cpu"]), _ratio(a["cpu"], b["cpu"]),
                        a["rss"] / 1024, b["rss"] / 1024,
                        _ratio(a["rss"], b["rss"]), a["failures"],
                        b["failures"]))
    big = x["large"]["mda"]
    w("\nGoal (issue 4): faster than sieve-test on both, and mda under "
      "32 MiB peak RSS on the large message: %s.\n"
      % ("met" if big["rss"] < RSS_GOAL_KIB and
         big["wall"] < x["large"]["sieve-test"]["wall"] and
         x["mixed"]["mda"]["wall"] < x["mixed"]["sieve-test"]["wall"]
         else "**not met**"))
    w("Same folders as sieve-test on %d of %d mixed messages.%s\n"
      % (x["agree"][0], x["agree"][1], (" Differences: " + "; ".join(
          x["disagree"])) if x["disagree"] else ""))
    summary.append("body :text :contains: wall mda/sieve-test %s (mixed), "
                   "%s (%d MiB attachment); peak RSS %.1f MiB vs %.1f MiB"
                   % (_ratio(x["mixed"]["mda"]["wall"],
                             x["mixed"]["sieve-test"]["wall"]),
                      _ratio(big["wall"], x["large"]["sieve-test"]["wall"]),
                      x["big"] >> 20, big["rss"] / 1024,
                      x["large"]["sieve-test"]["rss"] / 1024))


def main():
    mda, T = os.path.abspath(sys.argv[1]), sys.argv[2]
    quick = os.environ.get("QUICK", "") not in ("", "0")
    os.chmod(T, 0o755)
    if "BENCH_SPAWN" not in os.environ:
        here = os.path.dirname(os.path.abspath(__file__))
        sp = os.path.join(T, "spawn")
        subprocess.run(["cc", "-O2", "-o", sp,
                        os.path.join(here, "spawn.c")], check=True)
        os.environ["BENCH_SPAWN"] = sp
    r = {"body": run(mda, T, 100 if quick else 1000,
                     (50 if quick else 500) << 20,
                     lambda *a: print("bench:", *a, file=sys.stderr,
                                      flush=True))}
    out, summary = [], []
    render(r, out.append, summary)
    print("\n".join(out + ["- " + s for s in summary]))


if __name__ == "__main__":
    main()
