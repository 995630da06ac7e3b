"""bench_bigfilter.py - a large filter at delivery time.

The 5,000-rule list-sorting script of the Sieve section, used by a real
delivery (one process per message, fsync of file and directory on both
sides, folders made on demand):

  mda          -m MAILDIR -s rules-5000.sieve      (compiles per delivery)
  dovecot-lda  sieve plugin with the script compiled beforehand by sievec
               (rules-5000.svbin beside it, newer than the script, so
               Pigeonhole loads the binary and does not compile)

run(mda, T, msgs, log) -> {"n", "rules", per agent {"wall", "cpu",
"failures", "arrived"}, "agree": messages stored in the same folder}.
The two agents alternate which goes first, message by message.
"""
import os
import shutil
import subprocess

import corpus
import measure
import tools
from measure import Tool

RULES = 5000
SIEVEC = "/usr/bin/sievec"


def _folders(md):
    """{message file name prefix: folder} of a Maildir++ tree."""
    out = {}
    for d in [md] + [os.path.join(md, x) for x in os.listdir(md)
                     if x.startswith(".")]:
        name = os.path.basename(d)[1:] if d != md else "INBOX"
        for sub in ("new", "cur"):
            try:
                for f in os.listdir(os.path.join(d, sub)):
                    with open(os.path.join(d, sub, f), "rb") as fh:
                        head = fh.read(65536)
                    key = [line for line in head.split(b"\n")
                           if line.lower().startswith(b"message-id:")]
                    out[key[0] if key else f] = name
            except OSError:
                pass
    return out


def run(mda, T, msgs, log):
    d = os.path.join(T, "bigfilter")
    os.makedirs(d)
    os.chmod(d, 0o755)
    owner = shutil.chown   # (path, user)
    script = os.path.join(d, "rules-%d.sieve" % RULES)
    corpus.sieve_script(script, RULES)
    os.chmod(script, 0o644)
    res = {"n": len(msgs), "rules": RULES}
    # Pigeonhole's binary, made as the user dovecot-lda runs as.
    lda_home = os.path.join(d, "lda")
    os.makedirs(lda_home)
    owner(lda_home, tools.RUNAS)
    owner(d, tools.RUNAS)
    st, _, _, err = measure.run_bounded(
        ["setpriv", "--reuid=" + tools.RUNAS,
         "--regid=%d" % _ids(tools.RUNAS)[1], "--clear-groups", SIEVEC,
         script], timeout=300, env={"HOME": lda_home})
    svbin = script[:-len(".sieve")] + ".svbin"
    if st != 0 or not os.path.exists(svbin):
        return {"pending": "sievec failed: %s" % err.strip()[:200]}
    box = tools.maildir(os.path.join(lda_home, "Maildir"), _ids(tools.RUNAS))
    conf = os.path.join(d, "dovecot.conf")
    tools._write(conf, "mail_location = maildir:%s\n"
                 "postmaster_address = postmaster@example.com\n"
                 "mail_fsync = always\nlog_path = %s/lda.log\nssl = no\n"
                 "lda_mailbox_autocreate = yes\n"
                 "mail_plugins = sieve\n"
                 "plugin {\n  sieve = file:%s;active=%s\n}\n"
                 % (box, lda_home, d, script))
    lda = Tool("dovecot-lda", [tools.LDA, "-c", conf, "-f", tools.SENDER,
                               "-a", tools.RCPT],
               env={"HOME": lda_home, "USER": tools.RUNAS}, user=tools.RUNAS)
    mhome = os.path.join(d, "mhome")
    os.makedirs(mhome)
    md = tools.maildir(os.path.join(d, "mda-md"))
    me = Tool("mda", [mda, "-m", md, "-s", script, "-f", tools.SENDER, "-a",
                      tools.RCPT], env={"HOME": mhome, "USER": "root"})
    two = (me, lda)
    for t in two:
        t.walls, t.cpus = [], []
        t.errlog = os.path.join(d, t.name + ".err")
    for i, msg in enumerate(msgs):
        for t in (two if i % 2 == 0 else two[::-1]):
            st, wall, cpu = measure.spawn(t, msg, timeout=60)
            t.failures += st != 0
            t.walls.append(wall)
            t.cpus.append(cpu)
        if i % 200 == 199:
            log("bigfilter: %d/%d" % (i + 1, len(msgs)))
    fm, fl = _folders(md), _folders(box)
    res["agree"] = (sum(1 for k in fm if fl.get(k) == fm[k]), len(fm))
    for t, tree in ((me, fm), (lda, fl)):
        res[t.name] = {"wall": measure.median(t.walls),
                       "cpu": measure.median(t.cpus),
                       "failures": t.failures, "arrived": len(tree)}
    # Did Pigeonhole really load its binary rather than compile?  sievec's
    # output is untouched when it did (a compile would rewrite it or fail
    # to, the directory being ours).
    res["svbin_used"] = os.path.getmtime(svbin) <= os.path.getmtime(conf)
    return res


def _ids(user):
    import pwd
    pw = pwd.getpwnam(user)
    return pw.pw_uid, pw.pw_gid


def render(r, w, summary):
    x = r.get("bigfilter")
    if x is None:
        return
    w("## Large filter at delivery\n")
    if "pending" in x:
        w("Pending: %s\n" % x["pending"])
        summary.append("Large filter at delivery: pending")
        return
    me, lda = x["mda"], x["dovecot-lda"]
    rw = me["wall"] / lda["wall"] if lda["wall"] else float("nan")
    rc = me["cpu"] / lda["cpu"] if lda["cpu"] else float("nan")
    w("The %d-rule script of the Sieve section in a real delivery, %d "
      "messages, one process each, fsync on both sides, the two agents "
      "alternating. mda compiles the script in every delivery; dovecot-lda "
      "loads the binary `sievec` made beforehand (%s).\n"
      % (x["rules"], x["n"], "its binary was used" if x["svbin_used"]
         else "**its binary was rewritten: Pigeonhole compiled**"))
    w("| agent | wall median | CPU median | failed | stored |")
    w("| --- | ---: | ---: | ---: | ---: |")
    for name, v in (("mda", me), ("dovecot-lda + .svbin", lda)):
        w("| %s | %.2f ms | %.2f ms | %d | %d |" % (
            name, v["wall"] * 1e3, v["cpu"] * 1e3, v["failures"],
            v["arrived"]))
    w("\nmda/dovecot-lda: wall %.2f, CPU %.2f. Same folder for %d of %d "
      "messages.\n" % (rw, rc, x["agree"][0], x["agree"][1]))
    summary.append("Large filter at delivery (%d rules, vs dovecot-lda with "
                   "a precompiled .svbin): wall %.2f, CPU %.2f"
                   % (x["rules"], rw, rc))
