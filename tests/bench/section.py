#!/usr/bin/env python3
"""section.py - put sections of one BENCH_ONLY run into docs/benchmarks.md.

    BENCH_ONLY=delivery,syscalls sh tests/bench/run.sh build/mda >run.json
    python3 tests/bench/section.py run.json docs/benchmarks.md

A full `make bench` rewrites the whole report; this replaces only the
sections the run measured (each rendered by report.py, as the full run
does), under a line that says which run they come from, and keeps the
others as they were.  A section not yet in the report is appended."""
import datetime
import json
import re
import sys

import report

RENDER = {
    "delivery": lambda r, w, s: report._delivery(r, w, s),
    "syscalls": lambda r, w, s: report._syscalls(r, w),
    "rss": lambda r, w, s: report._rss(r, w, s),
}


def split(text):
    """[(heading or '', body)] at every '## ' heading."""
    parts = re.split(r"(?m)^(?=## )", text)
    return [(p.split("\n", 1)[0] if p.startswith("## ") else "", p)
            for p in parts]


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: section.py RUN.json REPORT.md")
    raw = open(sys.argv[1]).read()
    res = json.loads(raw[raw.index("{"):raw.rindex("}") + 1])
    parts = split(open(sys.argv[2]).read())
    stamp = datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC")
    for name, fn in RENDER.items():
        if name not in res:
            continue
        lines, summary = [], []
        fn(res, lines.append, summary)
        text = "\n".join(lines) + "\n"
        head = text.split("\n", 1)[0]
        note = ("*From a `BENCH_ONLY=%s` run of %s; the Summary above "
                "is from the last full run.*\n\n" % (name, stamp))
        body = head + "\n\n" + note + text.split("\n", 1)[1].lstrip("\n")
        summary = [s for s in summary if s not in text]   # said already
        if summary:
            body += "\n" + "\n".join("- " + s for s in summary) + "\n\n"
        for i, (h, _) in enumerate(parts):
            if h == head:
                parts[i] = (h, body)
                break
        else:
            parts.append((head, body))
    with open(sys.argv[2], "w") as f:
        f.write("".join(p for _, p in parts))


if __name__ == "__main__":
    main()
