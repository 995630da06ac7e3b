#!/usr/bin/env python3
"""client.py - a scripted LMTP client for the e2e tests.

usage: client.py unix:PATH|inet:HOST:PORT STEP...
  s:TEXT      send TEXT (\\r \\n \\t and \\\\ escapes understood)
  w:CODE      read until a reply line starting "CODE " (the last line of a
              reply) has arrived; fails after 30 s
  k:PID:SIG   send signal SIG (TERM, HUP) to process PID
  x           close the connection at once (a dropped peer)
  e           read until the server closes (at most 30 s)
Everything received is written to standard output as it came.  Exit 0,
or 1 when a wait timed out or the connection failed.
"""
import os
import signal
import socket
import sys
import time


def connect(target):
    if target.startswith("unix:"):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(target[5:])
    else:
        host, port = target[5:].rsplit(":", 1)
        s = socket.create_connection((host, int(port)))
    s.settimeout(30)
    return s


def unescape(text):
    return text.encode().decode("unicode_escape").encode("latin-1")


def main(argv):
    s = connect(argv[1])
    got = b""
    used = 0          # complete reply lines already matched by a wait
    out = sys.stdout.buffer

    def take():
        nonlocal got
        data = s.recv(65536)
        out.write(data)
        out.flush()
        got += data
        return data

    for step in argv[2:]:
        kind, _, arg = step.partition(":")
        if kind == "s":
            s.sendall(unescape(arg))
        elif kind == "w":
            deadline = time.monotonic() + 30
            want = (arg + " ").encode()
            while True:
                lines = got.split(b"\r\n")[:-1]
                hit = [i for i in range(used, len(lines))
                       if lines[i].startswith(want)]
                if hit:
                    used = hit[0] + 1
                    break
                if time.monotonic() > deadline or not take():
                    return 1
        elif kind == "k":
            pid, sig = arg.split(":")
            os.kill(int(pid), getattr(signal, "SIG" + sig))
        elif kind == "x":
            s.close()
            return 0
        elif kind == "e":
            try:
                while take():
                    pass
            except socket.timeout:
                return 1
            except OSError:   # reset by a killed peer: the end as well
                pass
    s.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
