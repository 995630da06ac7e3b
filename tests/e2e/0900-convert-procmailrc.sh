#!/bin/sh
# 0900-convert-procmailrc.sh - proof by difference for `mda
# convert-procmailrc`: every case in tests/convert/ (a procmailrc and the
# messages that exercise its recipes) is delivered by the real procmail
# (`procmail -m`, as a scratch non-root user, into a scratch home) and by
# mda with the converted script, twice: into a Maildir (-m) and, as the
# docs promise for mbox users, into procmail's own mbox layout (-M SPOOL
# --folder-dir ~/Mail); compare.py then compares, message by message,
# the folders and contents each produced.  A difference passes
# only when the converter's report names the recipe that caused it.
# Also: each converted script passes `mda check` and Dovecot's sievec.
. "$(dirname "$0")/../lib.sh"

# The command line, as any user: usage 64, an unreadable rcfile 65, the
# default ~/.procmailrc, a report line per inexact recipe.
"$MDA" convert-procmailrc a b >/dev/null 2>&1
is "two rcfiles: usage (64)" "$?" 64
"$MDA" convert-procmailrc "$T/none" >/dev/null 2>"$T/err"
is "missing rcfile: 65" "$?" 65
check "missing rcfile: says which" grep -q "$T/none: cannot read" "$T/err"
printf ':0:\n* ^Subject:.*x\nx\n:0\n| lpr\n' >"$HOME/.procmailrc"
"$MDA" convert-procmailrc >"$T/out" 2>"$T/err"
is "default ~/.procmailrc: 0" "$?" 0
check "rule names its line" grep -q '^# procmailrc:1$' "$T/out"
is "one report line, for the program" "$(cat "$T/err")" \
	"$HOME/.procmailrc:4: program not converted (vnd.dovecot.pipe is not available): the message is kept in INBOX instead"

if [ "$(id -u)" -ne 0 ]; then
	skip "needs root (a scratch user for procmail)"
	done_testing; exit
fi
for tool in procmail formail useradd usermod userdel runuser python3; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		skip "$tool not installed"
		done_testing; exit
	fi
done
CASES="$MDA_ROOT/tests/convert"
CMP="$CASES/compare.py"
TU=mdapm$$
TH=$T/home-$TU
made_user=no
cleanup() {
	[ "$made_user" = yes ] && userdel "$TU" >/dev/null 2>&1
	rm -rf "$T"
}
trap cleanup EXIT
if ! useradd -M -d "$TH" -s /bin/sh "$TU" 2>"$T/err"; then
	not_ok "useradd $TU"; sed 's/^/#   /' "$T/err"; done_testing; exit
fi
made_user=yes
mkdir -p "$TH" "$T/bin"
cp "$MDA" "$T/bin/mda"
# The fake sendmail: each message it is handed lands in $HOME/sent,
# named after the message being delivered ($PM_MSG), its arguments first.
cat >"$T/bin/sendmail" <<'SH'
#!/bin/sh
d="$HOME/sent"
mkdir -p "$d" || exit 75
n=$(ls "$d" | wc -l)
{ printf 'X-Fake-Args: %s\n' "$*"; cat; } >"$d/${PM_MSG:-unknown}.$n"
SH
chmod 755 "$T/bin" "$T/bin/mda" "$T/bin/sendmail"
as_user() { # HOME MSGID CMD...: run CMD as the scratch user
	h=$1 id=$2; shift 2
	(cd "$h" && runuser -u "$TU" -- env -i HOME="$h" LOGNAME="$TU" \
		USER="$TU" PATH=/usr/bin:/bin TZ=UTC PM_MSG="$id" "$@")
}

have_sievec=yes
command -v sievec >/dev/null 2>&1 || have_sievec=no
ncase=0 ra=0 rt=0 ma=0 mt=0 ba=0 bt=0
python3 "$CMP" split "$CASES" "$TH"
for dir in "$CASES"/[0-9]*/; do
	case=$(basename "$dir")
	ncase=$((ncase + 1))
	HP=$TH/p/$case HM=$TH/m/$case HB=$TH/b/$case OUT=$TH/out/$case
	# the folders' parents exist, as in a real home
	mkdir -p "$HP/Mail" "$HP/Maildir" "$HM" "$HB/Mail"
	# a case's "mkdirs" names directories its user already has
	# (procmail does not make the parent of an mbox folder)
	if [ -f "$dir/mkdirs" ]; then
		while read -r d; do mkdir -p "$HP/$d"; done <"$dir/mkdirs"
	fi
	cp -R "$dir" "$HP/case"
	cp -R "$dir" "$HM/case"
	# procmail's own DEFAULT would be /var/mail/USER, which a -m run
	# may not lock: the wrapper names a spool in the home instead and
	# includes the case's rcfile (so INCLUDERC is in every case).
	printf '%s\n' "SENDMAIL=$T/bin/sendmail" 'ORGMAIL=$HOME/spool' \
		'DEFAULT=$ORGMAIL' 'INCLUDERC=$HOME/case/rc' >"$HP/wrap"
	chown -R "$TU" "$TH"
	# procmail takes HOME from the password entry, not the environment
	usermod -d "$HP" "$TU" || { not_ok "$case: usermod -d"; continue; }
	mkdir -p "$OUT"
	if ! as_user "$HP" - "$T/bin/mda" convert-procmailrc "$HP/wrap" \
		>"$OUT/script.sieve" 2>"$OUT/err"; then
		not_ok "$case: convert-procmailrc failed"
		sed 's/^/#   /' "$OUT/err"; continue
	fi
	mv "$OUT/err" "$OUT/report"
	sed "s/^/# $case report: /" "$OUT/report"
	if "$MDA" check "$OUT/script.sieve" >"$OUT/check" 2>&1; then
		ok "$case: mda check passes"
	else
		not_ok "$case: mda check"; sed 's/^/#   /' "$OUT/check"
	fi
	if [ "$have_sievec" = no ]; then
		skip "$case: sievec not installed"
	elif sievec -x +editheader "$OUT/script.sieve" "$OUT/script.svbin" \
		>"$OUT/sievec" 2>&1; then
		ok "$case: sievec compiles it"
	else
		not_ok "$case: sievec"; sed 's/^/#   /' "$OUT/sievec"
	fi
	chown -R "$TU" "$OUT"
	# one runuser per case: the messages in order, procmail then mda
	# (procmail clears the environment: PM_MSG goes as an argument)
	as_user "$HP" - sh -c '
		for m in "$1"/msgs/*; do
			id=${m##*/}
			procmail -m PM_MSG="$id" "$1/wrap" <"$m" ||
				echo "# $id: procmail exited $?"
			HOME=$2 PM_MSG=$id "$3/mda" -m "$2/Maildir" -s "$4" \
				--sendmail "$3/sendmail" <"$m" ||
				echo "# $id: mda exited $?"
			HOME=$5 PM_MSG=$id "$3/mda" -M "$5/spool" -s "$4" \
				--folder-dir "$5/Mail" --sendmail "$3/sendmail" \
				<"$m" || echo "# $id: mda -M exited $?"
		done' - "$HP" "$HM" "$T/bin" "$OUT/script.sieve" "$HB"
done
python3 "$CMP" compare "$TH" >"$T/compare" 2>&1 || echo "# compare.py exited $?"
while IFS= read -r line; do
	case $line in
	"ok "*) ok "${line#ok }" ;;
	"not ok "*) not_ok "${line#not ok }" ;;
	"TOTALS "*) set -- $line
		ra=$((ra + $2)) rt=$((rt + $3)) ma=$((ma + $4)) mt=$((mt + $5))
		ba=$((ba + $6)) bt=$((bt + $7)) ;;
	*) echo "$line" ;;
	esac
done <"$T/compare"
echo "# agreement: $ra of $rt recipes and $ma of $mt messages agree" \
	"(the rest are reported)"
echo "# mbox layout (-M --folder-dir): $ba of $bt messages agree"
check "at least 30 cases ($ncase)" [ "$ncase" -ge 30 ]
done_testing
