# postfix.sh - a throwaway Postfix instance for the e2e scripts (sourced
# after lib.sh).  Everything lives under $PF: its own config, queue and
# data directories, its own syslog_name and maillog_file, SMTP on
# 127.0.0.1:$PORT (a free port the kernel picked), no chroot, no
# outbound mail.
#   pf_setup NAME         set PF, CONF, LOG, PORT; write main.cf/master.cf
#                         (add lines with: cat >>"$CONF/main.cf")
#   pf_start              start it; 0 when it runs
#   pf_stop               stop it and wait (bounded) for its master
#   wait_for CMD...       poll (at most 30 s) until CMD succeeds
PF=$T/pf
CONF=$PF/etc
LOG=$PF/postfix.log
pf_started=no

pf_setup() {
	PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	mkdir -p "$CONF" "$PF/queue" "$PF/data"
	chown postfix "$PF/data"   # master.lock and caches live there
	cat >"$CONF/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $PF/queue
data_directory = $PF/data
command_directory = $(postconf -dh command_directory)
daemon_directory = $(postconf -dh daemon_directory)
meta_directory = $(postconf -dh meta_directory)
shlib_directory = $(postconf -dh shlib_directory)
mail_owner = postfix
setgid_group = postdrop
syslog_name = postfix-$1
maillog_file = $LOG
maillog_file_prefixes = $PF
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relayhost =
default_transport = error:no outbound mail from the test instance
relay_transport = error:no outbound mail from the test instance
alias_maps =
alias_database =
biff = no
smtputf8_enable = no
delay_warning_time = 0
maximal_queue_lifetime = 1d
bounce_queue_lifetime = 1d
queue_run_delay = 300s
minimal_backoff_time = 300s
EOF
	cat >"$CONF/master.cf" <<EOF
127.0.0.1:$PORT inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
}

pf_start() {
	if timeout 60 postfix -c "$CONF" start >"$T/start.out" 2>&1; then
		pf_started=yes
		ok "a private Postfix instance starts on 127.0.0.1:$PORT"
		return 0
	fi
	not_ok "a private Postfix instance starts on 127.0.0.1:$PORT"
	# postfix(1) logs its fatal errors to the not yet running postlogd;
	# with -v they reach stderr as well
	timeout 60 postfix -c "$CONF" -v start 2>&1 | tail -n 5 | sed 's/^/#   /'
	return 1
}

pf_stop() {
	[ "$pf_started" = yes ] || return 0
	timeout 30 postfix -c "$CONF" stop >/dev/null 2>&1 ||
		timeout 30 postfix -c "$CONF" abort >/dev/null 2>&1
	# wait (bounded) for the master to go away before removing files
	i=0
	while [ $i -lt 50 ] && [ -f "$PF/queue/pid/master.pid" ] &&
	      kill -0 "$(tr -d ' ' <"$PF/queue/pid/master.pid")" 2>/dev/null; do
		sleep 0.2; i=$((i + 1))
	done
}

wait_for() {
	i=0
	while [ $i -lt 150 ]; do
		"$@" && return 0
		sleep 0.2; i=$((i + 1))
	done
	return 1
}
