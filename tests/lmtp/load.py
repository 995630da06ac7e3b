#!/usr/bin/env python3
"""load.py - many LMTP transactions at once, for the fleet and bench tests.

usage: load.py unix:PATH TAG MESSAGES CONNECTIONS RCPT...
Each of CONNECTIONS connections sends its share of MESSAGES messages, one
transaction each with every RCPT ("{i}" in a recipient is the message
number, "{i%K}" that number modulo K), pipelined: MAIL, RCPTs, DATA and the message in one
write, then the replies are read.  The message for number i is message(TAG, i)
below, so a checker can rebuild its bytes.  Prints "sent N ok M" and exits
0 when every recipient of every message got 250, else 1 (and prints the
first unexpected reply).
"""
import re
import socket
import sys
import threading


def message(tag, i):
    """The body of message i: CRLF lines, one starting with a dot."""
    return ("From: load@example.net\r\nTo: fleet@example.org\r\n"
            "Subject: %s %d\r\nMessage-ID: <%s.%d@load.test>\r\n\r\n"
            "body of %s %d\r\n.leading dot\r\nFrom the middle\r\n"
            % (tag, i, tag, i, tag, i)).encode()


def stored(tag, i, rcpt_count, rcpt):
    """The bytes mda stores for message i (LF ends, dot unstuffed)."""
    head = b"Return-Path: <load@example.net>\n"
    if rcpt_count == 1:
        head += b"Delivered-To: " + rcpt.encode() + b"\n"
    return head + message(tag, i).replace(b"\r\n", b"\n")


def stuffed(data):
    lines = data.split(b"\r\n")
    return b"\r\n".join(b"." + l if l.startswith(b".") else l for l in lines)


def expand(rcpt, i):
    """"{i}" is the message number, "{i%K}" that number modulo K."""
    return re.sub(r"\{i(?:%(\d+))?\}",
                  lambda m: str(i % int(m.group(1)) if m.group(1) else i),
                  rcpt)


def replies(f, n):
    out = []
    while len(out) < n:
        line = f.readline()
        if not line:
            raise EOFError("connection closed")
        if line[3:4] == b" ":
            out.append(line.decode(errors="replace").rstrip())
    return out


def worker(target, tag, numbers, rcpts, result, lock):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(target[5:])
    s.settimeout(600)
    f = s.makefile("rb")
    ok = 0
    bad = None
    try:
        replies(f, 1)
        s.sendall(b"LHLO load.test\r\n")
        replies(f, 1)
        for i in numbers:
            rs = [expand(r, i) for r in rcpts]
            cmd = b"MAIL FROM:<load@example.net>\r\n"
            cmd += b"".join(b"RCPT TO:<%s>\r\n" % r.encode() for r in rs)
            cmd += b"DATA\r\n" + stuffed(message(tag, i)) + b".\r\n"
            s.sendall(cmd)
            got = replies(f, 2 + 2 * len(rs))
            final = got[2 + len(rs):]
            good = [g for g in final if g.startswith("250 ")]
            ok += len(good)
            if len(good) != len(rs) and bad is None:
                bad = "message %d: %s" % (i, got)
        s.sendall(b"QUIT\r\n")
    except (OSError, EOFError) as e:
        bad = bad or "connection: %s" % e
    with lock:
        result["ok"] += ok
        if bad and not result["bad"]:
            result["bad"] = bad


def main(argv):
    target, tag, n, conns = argv[1], argv[2], int(argv[3]), int(argv[4])
    rcpts = argv[5:]
    result = {"ok": 0, "bad": None}
    lock = threading.Lock()
    threads = [threading.Thread(target=worker, args=(
        target, tag, range(c, n, conns), rcpts, result, lock))
        for c in range(conns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("sent %d ok %d" % (n, result["ok"]))
    if result["bad"]:
        print("first failure:", result["bad"])
    return 0 if result["ok"] == n * len(rcpts) and not result["bad"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
