"""measure.py - run one program and measure it.

  spawn(tool, stdin)   through the C runner (spawn.c): fork, exec with
                       stdin from a file, wait4(): wall time (fork to reap,
                       the harness floor included) and the child's user+sys
                       CPU from its rusage.  Bounded by an alarm; the
                       process group is killed on overrun.
  peak_rss(tool, stdin)  GNU time's %M (maximum resident set size, KiB).
                       GNU time is a small C parent, so its own pages at
                       fork (which Linux folds into the child's high-water
                       mark at exec) stay far below what is measured.
  strace_count(tool, stdin)  `strace -f -c`: total calls, fsyncs, the table.

A Tool is argv plus environment, optionally run as another user (Dovecot's
programs refuse to run as root without a userdb).
"""
import os
import pwd
import re
import shutil
import subprocess

BASE_ENV = {"PATH": "/usr/bin:/bin:/usr/sbin:/sbin", "LANG": "C",
            "TZ": "UTC"}


class Tool:
    def __init__(self, name, argv, env=None, user=None):
        self.name = name
        self.argv = argv
        self.env = dict(BASE_ENV, **(env or {}))
        self.user = user            # run as this user (name), else as we are
        self.failures = 0
        self.errlog = None

    def ids(self):
        if self.user is None:
            return None
        pw = pwd.getpwnam(self.user)
        return pw.pw_uid, pw.pw_gid


_runner = None


def _coproc():
    """The C runner (spawn.c), started once; run.sh compiles it."""
    global _runner
    if _runner is None:
        _runner = subprocess.Popen([os.environ["BENCH_SPAWN"]],
                                   stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, text=True,
                                   bufsize=1)
    return _runner


def spawn(tool, stdin_path, timeout=60, stdout=None):
    """Run tool once with stdin from stdin_path, through the C runner.
    Returns (status, wall_seconds, cpu_seconds); status -1 on overrun."""
    exe = shutil.which(tool.argv[0], path=tool.env.get("PATH"))
    if exe is None:
        return 127, 0.0, 0.0
    ids = tool.ids() or (-1, -1)
    env = ["%s=%s" % kv for kv in sorted(tool.env.items())]
    fields = [str(ids[0]), str(ids[1]), str(int(timeout)), stdin_path,
              stdout or os.devnull, tool.errlog or os.devnull,
              str(len(tool.argv)), os.path.abspath(exe)] + tool.argv[1:] + env
    assert not any("\t" in x or "\n" in x for x in fields), fields
    p = _coproc()
    p.stdin.write("\t".join(fields) + "\n")
    st, wall, ut, stime, _ = p.stdout.readline().split()
    return int(st), int(wall) / 1e9, (int(ut) + int(stime)) / 1e6


def _prefix_user(tool):
    if tool.user is None:
        return []
    return ["setpriv", "--reuid=" + tool.user, "--regid=" +
            str(tool.ids()[1]), "--clear-groups"]


def run_bounded(argv, stdin_path=None, timeout=300, env=None, stdout=None,
                errfile=None):
    """Run argv once, bounded; the process group is killed on overrun.
    Returns (status, wall_seconds, cpu_seconds of the child and the children
    it reaped, stderr text)."""
    t = Tool(argv[0], argv, env)
    t.errlog = errfile or "/tmp/mda-bench-%d.err" % os.getpid()
    if os.path.exists(t.errlog):
        os.unlink(t.errlog)
    status, wall, cpu = spawn(t, stdin_path or os.devnull, timeout, stdout)
    try:
        with open(t.errlog, errors="replace") as f:
            err = f.read()
        if errfile is None:
            os.unlink(t.errlog)
    except OSError:
        err = ""
    return status, wall, cpu, err


def peak_rss(tool, stdin_path, outfile, timeout=300):
    """(status, peak RSS in KiB, wall seconds) via GNU time."""
    argv = (["/usr/bin/time", "-f", "%M", "-o", outfile] + _prefix_user(tool)
            + tool.argv)
    status, wall, _, err = run_bounded(argv, stdin_path, timeout, tool.env)
    try:
        kib = int(open(outfile).read().split()[-1])
    except (OSError, ValueError, IndexError):
        kib = None
    return status, kib, wall, err


_ROW = re.compile(r"^\s*([\d.]+)\s+([\d.]+)\s+(\d+)\s+(\d+)\s+(\d*)\s*(\S+)\s*$")


def strace_count(tool, stdin_path, outfile, timeout=120):
    """strace -f -c of one run: (status, total calls, {syscall: calls})."""
    argv = ["strace", "-f", "-c", "-o", outfile]
    if tool.user:
        argv += ["-u", tool.user]
    status, _, _, err = run_bounded(argv + tool.argv, stdin_path, timeout,
                                    tool.env)
    calls = {}
    try:
        for line in open(outfile):
            m = _ROW.match(line)
            if m:
                calls[m.group(6)] = int(m.group(4))
    except OSError:
        pass
    total = calls.pop("total", None)
    return status, total, calls


def median(xs):
    s = sorted(xs)
    n = len(s)
    if n == 0:
        return float("nan")
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def pct(xs, p):
    s = sorted(xs)
    if not s:
        return float("nan")
    return s[min(len(s) - 1, int(p / 100.0 * len(s)))]
