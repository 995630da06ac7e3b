#!/bin/sh
# 0820-lmtp-gluster.sh - two hosts, one shared filesystem: a fleet of
# `mda lmtp` servers delivering into the same mailboxes (docs/fleet.md).
#
# A private glusterd (its working directory, socket and volfile under $T,
# listening on 127.0.0.2 only) serves one volume of two bricks under $T;
# it is mounted twice with FUSE.  Each "host" is an `mda lmtp` in its own
# UTS and pid namespaces (`unshare`), with its own host name and mount and
# its own user table pointing at that mount.  Both take thousands of
# messages at once for the same three Maildir users and one mbox user;
# then every message must be in its Maildir exactly once and in the mbox
# exactly once, byte for byte, with no torn mbox message, no temp file
# and no lock file left (tests/lmtp/fleet_check.py).
. "$MDA_ROOT/tests/lib.sh"

N=${MDA_FLEET_MESSAGES:-1000}    # per host
if [ "$(id -u)" -ne 0 ]; then
	skip "needs root (glusterd, FUSE mounts, namespaces)"
	done_testing; exit
fi
for tool in glusterd gluster glusterfs unshare; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		skip "$tool not installed (glusterfs-server, glusterfs-client)"
		done_testing; exit
	fi
done
if [ ! -c /dev/fuse ] || ! grep -qw fuse /proc/filesystems; then
	skip "FUSE is not available here (/dev/fuse, fuse in /proc/filesystems)"
	done_testing; exit
fi

G=$T/gluster
GL="gluster --glusterd-sock=$G/gd.sock --log-file=$G/cli.log --mode=script"
VOL=mdafleet$$
srv_a="" srv_b=""
cleanup() {
	# unshare ignores SIGTERM while it waits: stop the server it runs
	for p in $srv_a $srv_b; do
		kill $(pgrep -P "$p") 2>/dev/null
		wait "$p" 2>/dev/null
	done
	for m in "$T/m1" "$T/m2"; do
		mountpoint -q "$m" 2>/dev/null && umount "$m" 2>/dev/null
	done
	if [ -f "$G/glusterd.pid" ]; then
		# each brick's control socket (-S) outlives it: note them first
		for f in "$G"/run/vols/"$VOL"/*.pid; do
			[ -f "$f" ] && tr '\0' '\n' <"/proc/$(cat "$f")/cmdline" |
				sed -n '/^-S$/{n;p;}'
		done >"$G/sockets" 2>/dev/null
		$GL volume stop "$VOL" force >/dev/null 2>&1
		$GL volume delete "$VOL" >/dev/null 2>&1
		kill "$(cat "$G/glusterd.pid")" 2>/dev/null
	fi
	# brick logs and sockets are what glusterd writes outside $T
	[ -f "$G/sockets" ] && while read -r sock; do
		case $sock in /var/run/gluster/*.socket) rm -f "$sock" ;; esac
	done <"$G/sockets"
	for b in b1 b2; do
		rm -f "/var/log/glusterfs/bricks/$(echo "$T/$b" | sed 's|^/||; s|/|-|g').log"
	done
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 75' INT TERM

mkdir -p "$G/gd" "$G/run" "$T/b1" "$T/b2" "$T/m1" "$T/m2"
cat >"$G/glusterd.vol" <<EOF
volume management
    type mgmt/glusterd
    option working-directory $G/gd
    option run-directory $G/run
    option glusterd-sockfile $G/gd.sock
    option transport-type socket
    option transport.socket.bind-address 127.0.0.2
    option transport.socket.listen-port 24007
    option transport.socket.read-fail-log off
    option ping-timeout 0
    option event-threads 1
end-volume
EOF
if ! glusterd -f "$G/glusterd.vol" -p "$G/glusterd.pid" -l "$G/glusterd.log"; then
	not_ok "glusterd starts"; done_testing; exit
fi
i=0; while [ ! -S "$G/gd.sock" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
# 127.0.0.2: gluster refuses 127.0.0.1 as a brick host; still the loopback
if $GL volume create "$VOL" "127.0.0.2:$T/b1" "127.0.0.2:$T/b2" force >"$G/create.out" 2>&1 &&
   $GL volume start "$VOL" >>"$G/create.out" 2>&1; then
	ok "a two-brick GlusterFS volume starts on 127.0.0.2"
else
	not_ok "a two-brick GlusterFS volume starts on 127.0.0.2"
	sed 's/^/#   /' "$G/create.out"; tail -n 5 "$G/glusterd.log" | sed 's/^/#   /'
	done_testing; exit
fi
for m in m1 m2; do
	glusterfs --volfile-server=127.0.0.2 --volfile-id="$VOL" \
		-l "$G/$m.log" "$T/$m" 2>"$G/$m.err"
	i=0; while ! mountpoint -q "$T/$m" && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
done
if ! mountpoint -q "$T/m1" || ! mountpoint -q "$T/m2"; then
	skip "FUSE mount of the volume failed here: $(head -n 1 "$G/m1.err")"
	done_testing; exit
fi
ok "the volume is mounted twice (two hosts' views)"

# Users on the shared volume, owned by the server's user.
D=$T/m1/example.org
mkdir -p "$D/u0" "$D/u1" "$D/u2" "$D/mb"
chown -R nobody "$T/m1/example.org"
NU=$(id -u nobody) NG=$(id -g nobody)
for h in 1 2; do
	for u in u0 u1 u2; do
		echo "$u@example.org::$NU:$NG::$T/m$h/example.org/$u::"
	done >"$T/users$h"
	echo "mb@example.org::$NU:$NG::$T/m$h/example.org/mb::userdb_mail=mbox:~/mbox" >>"$T/users$h"
done
check "host 2 sees host 1's directories" [ -d "$T/m2/example.org/mb" ]

# Two hosts: own UTS (host name) and pid namespaces, own mount, own table.
host() {  # host N: an mda lmtp as host fleet-N on $T/m$N
	unshare --uts --pid --mount-proc --kill-child=TERM sh -c \
		'hostname "$1" && exec "$2" lmtp --user nobody --listen "unix:$3" --userdb "$4"' \
		sh "fleet-$1" "$MDA" "$T/h$1.sock" "$T/users$1" 2>"$T/h$1.err" &
}
host 1; srv_a=$!
host 2; srv_b=$!
i=0; while { [ ! -S "$T/h1.sock" ] || [ ! -S "$T/h2.sock" ]; } && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
check "both hosts listen" [ -S "$T/h1.sock" ] && [ -S "$T/h2.sock" ]

LOAD="python3 $MDA_ROOT/tests/lmtp/load.py"
$LOAD "unix:$T/h1.sock" a "$N" 4 'u{i%3}@example.org' mb@example.org >"$T/load1" 2>&1 &
l1=$!
$LOAD "unix:$T/h2.sock" b "$N" 4 'u{i%3}@example.org' mb@example.org >"$T/load2" 2>&1 &
l2=$!
wait $l1; r1=$?
wait $l2; r2=$?
is "host 1 got 250 for all of its $N messages x 2 recipients ($(head -n 1 "$T/load1"))" "$r1" 0
is "host 2 got 250 for all of its $N messages x 2 recipients ($(head -n 1 "$T/load2"))" "$r2" 0
sed -n 's/^first failure/#   &/p' "$T/load1" "$T/load2"

# Check through the other host's mount than the one that wrote most.
python3 "$MDA_ROOT/tests/lmtp/fleet_check.py" "$T/m2/example.org" \
	"$T/m2/example.org/mb/mbox" 3 "a:$N" "b:$N" >"$T/check" 2>&1
while IFS= read -r line; do  # bounded by the checker's output
	case $line in
	"ok - "*) ok "${line#ok - }" ;;
	"not ok - "*) not_ok "${line#not ok - }" ;;
	*) echo "$line" ;;
	esac
done <"$T/check"
check "the checker ran" grep -q "no lock file left" "$T/check"
check "Maildir names from both hosts" sh -c 'grep -q "fleet-1" "$1" && grep -q "fleet-2" "$1"' sh "$T/check"

done_testing
