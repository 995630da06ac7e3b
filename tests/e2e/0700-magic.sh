#!/bin/sh
# 0700-magic.sh - vnd.mda.magic on real files: an ELF binary (/bin/true),
# a PDF, a zip, a PNG, a shell script and a text file, built here at test
# time, attached with honest and with false Content-Types and file names,
# in base64 and quoted-printable, nested two levels deep and inside a
# message/rfc822 part.  `mda -m` must file each message into exactly one
# folder; `mda test` must print exactly the expected plan.  Then the memory
# check: a message with a 500 MiB base64 attachment filtered with
# `body :text :contains` and `magic :anychild` in under 32 MiB of RSS.
. "$MDA_ROOT/tests/lib.sh"

if ! python3 -c 'import zipfile, zlib' 2>/dev/null; then
	skip "python3 needed to build the corpus"; done_testing; exit
fi
mkdir "$T/c"
python3 - "$T/c" <<'EOF' || not_ok "corpus built"
import base64, binascii, os, quopri, struct, sys, zipfile, zlib
d = sys.argv[1]
def w(name, data):
    open(os.path.join(d, name), "wb").write(data)
elf = open("/bin/true", "rb").read()
pdf = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
       b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
       b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")
zpath = os.path.join(d, "z.zip")
with zipfile.ZipFile(zpath, "w") as z:
    z.writestr("notes.txt", "hello from inside a zip\n" * 20)
zipb = open(zpath, "rb").read()
def chunk(t, b):
    c = struct.pack(">I", len(b)) + t + b
    return c + struct.pack(">I", zlib.crc32(t + b) & 0xffffffff)
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))
sh = b"#!/bin/sh\necho hello\nrm -rf \"$HOME/tmp\"\n"
txt = b"Dear team,\nthe minutes are below.\nRegards\n"
HDR = "From: sender@example.org\nTo: user@example.com\nSubject: %s\nMIME-Version: 1.0\n"
def att(data, ctype, fname, enc="base64"):
    if enc == "base64":
        body = base64.encodebytes(data).decode()
    else:
        body = quopri.encodestring(data).decode()
        if not body.endswith("\n"):
            body += "\n"
    return ("Content-Type: %s; name=\"%s\"\nContent-Disposition: attachment; "
            "filename=\"%s\"\nContent-Transfer-Encoding: %s\n\n%s" % (ctype, fname, fname, enc, body))
def mixed(b, parts):
    s = "Content-Type: multipart/mixed; boundary=\"%s\"\n\npreamble\n" % b
    for p in parts:
        s += "--%s\n%s\n" % (b, p)
    return s + "--%s--\n" % b
TEXT = "Content-Type: text/plain; charset=us-ascii\n\nPlease see the attachment.\n"
msgs = {
 "elf-as-pdf": mixed("b1", [TEXT, att(elf, "application/pdf", "invoice.pdf")]),
 "real-pdf": mixed("b2", [TEXT, att(pdf, "application/pdf", "report.pdf")]),
 "pdf-qp-octet": mixed("b3", [TEXT, att(pdf, "application/octet-stream", "doc.bin", "quoted-printable")]),
 "zip-as-txt": mixed("b4", [TEXT, att(zipb, "text/plain", "notes.txt")]),
 "png-nested": mixed("b5", [TEXT, mixed("b5i", [TEXT, att(png, "image/png", "pic.png")])]),
 "sh-as-txt-qp": mixed("b6", [TEXT, att(sh, "text/plain", "readme.txt", "quoted-printable")]),
 "elf-in-rfc822": mixed("b7", [TEXT, "Content-Type: message/rfc822\n\n" + HDR % "fwd" +
     mixed("b7i", [TEXT, att(elf, "image/jpeg", "holiday.jpg")])]),
 "text-only": mixed("b8", [TEXT, att(txt, "text/plain", "minutes.txt", "quoted-printable")]),
}
for name, body in msgs.items():
    if not body.startswith("Content-Type"):
        body = "Content-Type: text/plain\n\n" + body
    w(name + ".eml", ((HDR % name) + body).encode())
w("single-text.eml", ((HDR % "single") + "Content-Type: text/plain\n\n").encode() + txt)
w("single-pdf-b64.eml", ((HDR % "single pdf") + "Content-Type: application/octet-stream\n"
  "Content-Transfer-Encoding: base64\n\n").encode() + base64.encodebytes(pdf))
EOF

cat >"$T/magic.sieve" <<'EOF'
require ["vnd.mda.magic", "fileinto", "mime", "foreverypart", "variables", "relational"];
if magic :anychild ["application/x-executable", "application/x-pie-executable", "application/x-sharedlib"] { fileinto "Quarantine"; stop; }
if magic :anychild "text/x-shellscript" { fileinto "Scripts"; stop; }
if magic :anychild :matches "application/pdf" { fileinto "PDF"; stop; }
if magic :anychild "application/zip" { fileinto "Zip"; stop; }
if magic :anychild :description :contains "PNG image data" { fileinto "Images"; stop; }
if magic :count "eq" "1" { if magic "text/plain" { fileinto "Text"; stop; } }
foreverypart { if magic :matches "*/*" { set "last" "${1}"; } }
if string :is "${last}" "text" { fileinto "AllText"; }
EOF

# name folder: where mda -m must put each message ("" = INBOX)
while read -r name want; do
	md="$T/md-$name"
	"$MDA" -m "$md" -s "$T/magic.sieve" -f sender@example.org -a user@example.com \
		<"$T/c/$name.eml" >"$T/out" 2>&1
	rc=$?
	got=$(cd "$md" && find . -path '*/new/*' -type f | sed 's|^\./||; s|/new/.*||; s|^new$|INBOX|' | sort | tr '\n' ' ')
	is "$name: exit" "$rc" 0
	is "$name: filed into" "$got" "$want "
done <<'EOF'
elf-as-pdf .Quarantine
real-pdf .PDF
pdf-qp-octet .PDF
zip-as-txt .Zip
png-nested .Images
sh-as-txt-qp .Scripts
elf-in-rfc822 .Quarantine
text-only .AllText
single-text .Text
single-pdf-b64 .PDF
EOF

got=$(cd "$T/c" && "$MDA" test -s "$T/magic.sieve" elf-as-pdf.eml single-text.eml text-only.eml 2>&1)
want='elf-as-pdf.eml:
  fileinto "Quarantine" (magic.sieve:2)
single-text.eml:
  fileinto "Text" (magic.sieve:7)
text-only.eml:
  fileinto "AllText" (magic.sieve:9)'
is "mda test plan" "$(echo "$got" | sed "s|$T/||g")" "$want"

# the declared type is not what magic sees: header says pdf, magic says ELF
cat >"$T/liar.sieve" <<'EOF'
require ["vnd.mda.magic", "fileinto", "mime", "foreverypart"];
foreverypart {
  if allof (header :mime :subtype "Content-Type" "pdf", not magic "application/pdf") { fileinto "Liar"; break; }
}
EOF
got=$(cd "$T/c" && "$MDA" test -s "$T/liar.sieve" elf-as-pdf.eml real-pdf.eml 2>&1 | sed "s|$T/||g")
is "mda test: declared pdf that is not one" "$got" 'elf-as-pdf.eml:
  fileinto "Liar" (liar.sieve:3)
real-pdf.eml:
  keep INBOX (implicit keep)'

# memory: a 500 MiB attachment (base64: about 680 MB of message), built
# here and deleted after; peak RSS of the delivery under 32 MiB.
big="$T/big.eml"
python3 - "$big" <<'EOF'
import base64, sys
with open(sys.argv[1], "wb") as f:
    f.write(b"From: a@example.org\nTo: user@example.com\nSubject: big\nMIME-Version: 1.0\n"
            b"Content-Type: multipart/mixed; boundary=\"BIG\"\n\n"
            b"--BIG\nContent-Type: application/octet-stream; name=\"x.bin\"\n"
            b"Content-Transfer-Encoding: base64\n\n")
    head = b"%PDF-1.4\n" + b"\0" * 48
    f.write(base64.encodebytes(head))
    line = base64.encodebytes(b"\x11" * 57)          # 57 octets per 77-octet line
    block = line * 10000
    total = 500 * 1024 * 1024 // (57 * 10000) + 1
    for _ in range(total):
        f.write(block)
    # the text part comes after the attachment: the scan must cross it
    f.write(b"--BIG\nContent-Type: text/plain\n\nthe needle is here\n--BIG--\n")
EOF
cat >"$T/big.sieve" <<'EOF'
require ["body", "vnd.mda.magic", "fileinto"];
if allof (body :text :contains "needle", magic :anychild "application/pdf") { fileinto "Big"; }
EOF
start=$(date +%s)
/usr/bin/time -f '%M' -o "$T/rss" "$MDA" -m "$T/md-big" -s "$T/big.sieve" <"$big" >"$T/out" 2>&1
rc=$?
secs=$(( $(date +%s) - start ))
size=$(wc -c <"$big" | tr -d ' ')
rm -f "$big"
rss=$(tail -1 "$T/rss")
check "big: message of $size octets" [ "$size" -gt 700000000 ]
is "big: exit" "$rc" 0
is "big: filed into Big" "$(ls "$T/md-big/.Big/new" 2>/dev/null | wc -l | tr -d ' ')" 1
check "big: peak RSS ${rss} KiB < 32 MiB (${secs}s)" [ "$rss" -lt 32768 ]
rm -rf "$T/md-big"
done_testing
