"""bench_hostile.py - filter bombs: the worst cases of issue 14, mda
against dovecot-lda (Pigeonhole, glibc regex) on the same script and
message, one delivery each into a fresh Maildir, bounded by a timeout.

  cases:  body :text :regex "buy.*now" over a 256 KiB and a 1 MiB body
          of "buy " (no "now"); header :regex "(x+x+)+y" on a 60 KB
          Subject of x; 1024 unanchored :regex keys against 10,000
          Subject fields.
  BENCH_BASELINE=/path/to/an/older/mda adds its column (e.g. the build
  before TRE and the CPU budget), run the same way.

  run(mda, T, log)         -> {"timeout": s, "cases": [...]}
  render(r, w, summary)    the report section.

Each figure is one run (these are seconds to minutes, not microseconds):
wall and CPU (user+system) from wait4, the exit status, and where the
message went (a filter that ran out of time keeps it in INBOX).
"""
import os
import shutil

import tools
from bench_body import _spawn
from measure import Tool

QUICK = os.environ.get("QUICK", "") not in ("", "0")
TIMEOUT = 20 if QUICK else 60
DV_CONF = """\
protocols =
base_dir = {d}/dvrun
log_path = {d}/dovecot.log
ssl = no
mail_location = maildir:~/Maildir
first_valid_uid = 0
postmaster_address = postmaster@example.org
mail_plugins = sieve
protocol lda {{
  mail_plugins = sieve
}}
plugin {{
  sieve = file:~/sieve;active=~/.dovecot.sieve
}}
"""


def _buy(kib):
    text = "buy " * (kib * 1024 // 4)
    lines = "\n".join(text[i:i + 76] for i in range(0, len(text), 76))
    return "From: a@example.org\nSubject: offer\n\n" + lines + "\n"


def cases():
    keys = ", ".join('"k%04d.*(urgent|alert)"' % i for i in range(1024))
    buy = ('require ["body", "regex", "fileinto"];\n'
           'if body :text :regex "buy.*now" { fileinto "Junk"; }\n')
    return [
        ("body :regex \"buy.*now\", 256 KiB", buy, _buy(256)),
        ("body :regex \"buy.*now\", 1 MiB", buy, _buy(1024)),
        ("header :regex \"(x+x+)+y\", 60 KB Subject",
         'require ["regex", "fileinto"];\n'
         'if header :regex "subject" "(x+x+)+y" { fileinto "Junk"; }\n',
         "From: a@example.org\nSubject: " + "x" * 60000 + "\n\nbody\n"),
        ("1024 :regex keys x 10,000 Subject fields",
         'require ["regex", "fileinto"];\n'
         'if header :regex "subject" [%s] { fileinto "Junk"; }\n' % keys,
         "From: a@example.org\n" + "".join(
             "Subject: an ordinary subject line number %d\n" % i
             for i in range(10000)) + "\nbody\n"),
    ]


def _home(base, name, script, owner):
    h = os.path.join(base, name)
    for sub in ("Maildir/tmp", "Maildir/new", "Maildir/cur", "dvrun"):
        os.makedirs(os.path.join(h, sub), exist_ok=True)
    with open(os.path.join(h, ".dovecot.sieve"), "w") as f:
        f.write(script)
    if owner:
        for root, dirs, files in os.walk(h):
            for x in dirs + files:
                shutil.chown(os.path.join(root, x), owner, owner_group())
        shutil.chown(h, owner, owner_group())
    return h


def owner_group():
    import grp
    import pwd
    return grp.getgrgid(pwd.getpwnam(tools.RUNAS).pw_gid).gr_name


def _landed(maildir):
    """Where the message went: Junk (the rule matched), INBOX, or none."""
    for name, sub in (("Junk", ".Junk/new"), ("Junk", ".Junk/cur"),
                      ("INBOX", "new"), ("INBOX", "cur")):
        try:
            if os.listdir(os.path.join(maildir, sub)):
                return name
        except OSError:
            pass
    return "none"


def _one(tool, msg, maildir):
    st, wall, cpu, rss = _spawn(tool, msg, TIMEOUT)
    return {"status": st, "wall": wall, "cpu": cpu, "rss": rss,
            "landed": _landed(maildir)}


def run(mda, T, log):
    d = os.path.join(T, "hostile")
    os.makedirs(d)
    os.chmod(d, 0o755)
    base = os.environ.get("BENCH_BASELINE", "")
    agents = [("mda", mda)] + ([("baseline", base)] if base else [])
    out = {"timeout": TIMEOUT, "baseline": base, "cases": []}
    for i, (name, script, text) in enumerate(cases()):
        msg = os.path.join(d, "msg%d.eml" % i)
        with open(msg, "w") as f:
            f.write(text)
        os.chmod(msg, 0o644)
        row = {"name": name, "size": len(text)}
        for who, exe in agents:
            h = _home(d, "%s%d" % (who, i), script, None)
            sc = os.path.join(h, ".dovecot.sieve")
            t = Tool(who, [exe, "-v", "-m", os.path.join(h, "Maildir"),
                           "-s", sc, "-f", tools.SENDER, "-a", tools.RCPT],
                     {"HOME": h, "USER": "root"})
            row[who] = _one(t, msg, os.path.join(h, "Maildir"))
            log("hostile: %s: %s %.1f s" % (name, who, row[who]["wall"]))
        h = _home(d, "dv%d" % i, script, tools.RUNAS)
        conf = os.path.join(h, "dovecot.conf")
        with open(conf, "w") as f:
            f.write(DV_CONF.format(d=h))
        os.chmod(conf, 0o644)
        t = Tool("dovecot-lda", [tools.LDA, "-c", conf, "-f", tools.SENDER,
                                 "-a", tools.RCPT],
                 {"HOME": h, "USER": tools.RUNAS}, user=tools.RUNAS)
        row["dovecot-lda"] = _one(t, msg, os.path.join(h, "Maildir"))
        log("hostile: %s: dovecot-lda %.1f s" % (name,
                                                 row["dovecot-lda"]["wall"]))
        out["cases"].append(row)
    return out


def _cell(x, timeout):
    if x is None:
        return "-"
    if x["status"] == -1:
        return "> %d s (killed)" % timeout
    return "%.2f s (CPU %.2f s), exit %d, in %s" % (
        x["wall"], x["cpu"], x["status"], x["landed"])


def render(r, w, summary):
    x = r.get("hostile")
    w("## Filter bombs (issue 14)\n")
    if not x:
        w("not run\n")
        return
    w("One delivery each into a fresh Maildir, the script as the user's "
      "filter: `mda -m DIR -s SCRIPT` against `dovecot-lda` (Pigeonhole, "
      "glibc regex, as %s), killed after %d s. mda matches :regex with TRE "
      "(linear in the subject) and stops a filter run after 5 s of CPU "
      "(the message is then kept in INBOX, the error logged).%s\n"
      % (tools.RUNAS, x["timeout"],
         " The baseline column is %s." % x["baseline"] if x["baseline"]
         else ""))
    cols = ["mda"] + (["baseline"] if x["baseline"] else []) + \
        ["dovecot-lda"]
    w("| case | " + " | ".join(cols) + " |")
    w("| --- |" + " ---: |" * len(cols))
    for c in x["cases"]:
        w("| %s | %s |" % (c["name"], " | ".join(
            _cell(c.get(k), x["timeout"]) for k in cols)))
    w("")
    worst = max(c["mda"]["wall"] for c in x["cases"])
    summary.append("filter bombs: mda at most %.1f s per delivery" % worst)
