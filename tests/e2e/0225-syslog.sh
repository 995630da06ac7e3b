#!/bin/sh
# 0225-syslog.sh - the delivery log line reaches the syslog socket as one
# RFC 3164 record "<PRI>mda[PID]: ...", facility mail, without a time
# stamp (the daemon adds it) and without mda reading the zone file; a
# record is one line whatever the header holds; a daemon listening on a
# stream socket gets the record ended by a NUL.  The socket is ours: a
# private mount namespace binds it over /dev/log (root and unshare needed).
. "$MDA_ROOT/tests/lib.sh"

if [ "$(id -u)" -ne 0 ] || ! command -v unshare >/dev/null 2>&1 ||
	! unshare -m true 2>/dev/null; then
	skip "needs root and mount namespaces"
	done_testing
	exit
fi
placeholder=""
if [ ! -e /dev/log ]; then   # something to bind over; removed at exit
	: >/dev/log && placeholder=1
fi
trap 'rm -rf "$T"; [ -n "$placeholder" ] && rm -f /dev/log' EXIT

# The listener: a socket at PATH (dgram or stream), each record a line of
# OUT (line breaks inside shown as \\n); runs until killed or 30 s idle.
cat >"$T/listen.py" <<'PY'
import socket, sys
kind, path, out = sys.argv[1:]
t = socket.SOCK_DGRAM if kind == "dgram" else socket.SOCK_STREAM
s = socket.socket(socket.AF_UNIX, t)
s.bind(path)
if kind == "stream":
    s.listen(4)
s.settimeout(30)
with open(out, "ab", buffering=0) as f:
    while True:
        if kind == "dgram":
            data = s.recv(65536)
        else:
            c, _ = s.accept()
            data = c.recv(65536)
            c.close()
        f.write(data.replace(b"\n", b"\\n") + b"\n")
PY
listen() { # KIND
	rm -f "$T/log.sock" "$T/records"
	"$PY" "$T/listen.py" "$1" "$T/log.sock" "$T/records" </dev/null &
	lpid=$!
	_i=0
	while [ ! -S "$T/log.sock" ] && [ "$_i" -lt 100 ]; do
		sleep 0.1; _i=$((_i + 1))
	done
}
# Debian's interpreter when there is one: a version manager's shim may
# take seconds to start on a loaded machine.
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
deliver() { # MESSAGE-FILE: one delivery under a fake MTA, log to our socket
	SENDER=a@example.org RECIPIENT=b@example.org \
	unshare -m sh -c 'mount --bind "$1" /dev/log && exec "$2" -m "$3" -f a@example.org -a b@example.org' \
		sh "$T/log.sock" "$MDA" "$T/md" <"$1" >/dev/null 2>&1
}

printf 'From: a@example.org\nSubject: s\nMessage-ID: <one@x>\n\nbody\n' >"$T/m1"
listen dgram
if command -v strace >/dev/null 2>&1 && [ -z "${MDA_SANITIZED:-}" ]; then
	SENDER=a@example.org RECIPIENT=b@example.org \
	unshare -m sh -c 'mount --bind "$1" /dev/log && exec strace -f -e trace=openat -o "$4" "$2" -m "$3" -f a@example.org -a b@example.org' \
		sh "$T/log.sock" "$MDA" "$T/md" "$T/trace" <"$T/m1" >/dev/null 2>&1
	is "delivery exit" "$?" 0
	is "no zone file read for the log line" \
		"$(grep -c 'zoneinfo\|localtime' "$T/trace")" 0
else
	deliver "$T/m1"; is "delivery exit" "$?" 0
fi
sleep 0.3
rec=$(head -n 1 "$T/records" 2>/dev/null)
case $rec in
"<22>mda["[0-9]*"]: msgid=<one@x> from=<a@example.org> to=<b@example.org> folders=INBOX"*" result=delivered status=2.0.0 time="*)
	ok "one record, mail.info, pid, no time stamp: $rec" ;;
*) not_ok "record: '$rec'" ;;
esac

# A header value with a line break inside stays one record of one line.
printf 'From: a@example.org\nSubject: s\nMessage-ID: <two@x\r\n\t>\n\nbody\n' >"$T/m2"
deliver "$T/m2"; sleep 0.3
is "two deliveries, two records" "$(wc -l <"$T/records" | tr -d ' ')" 2
is "no line break inside a record" "$(grep -c '\\n' "$T/records")" 0
kill "$lpid" 2>/dev/null; wait "$lpid" 2>/dev/null

listen stream
deliver "$T/m1"; sleep 0.3
rec=$(head -n 1 "$T/records" 2>/dev/null)
case $rec in
"<22>mda["*"msgid=<one@x>"*) ok "stream socket: the record arrives" ;;
*) not_ok "stream socket record: '$rec'" ;;
esac
is "stream socket: the record ends in one NUL" \
	"$(head -n 1 "$T/records" | tail -c 2 | od -An -c | tr -d ' ')" '\0\n'
kill "$lpid" 2>/dev/null; wait "$lpid" 2>/dev/null
done_testing
