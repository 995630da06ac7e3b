#!/usr/bin/env python3
"""gen_mime.py - differential cases for body :text/:content and
mime/foreverypart/extracttext (RFC 5173, RFC 5703), mda against
dovecot-lda; run by tests/e2e/0410-differential-mime.sh through run.py.

usage: gen_mime.py OUTDIR

Same output as gen.py: OUTDIR/case-NNN/{script.sieve,msg.eml} and
OUTDIR/cases.tsv.  Every script is "if TEST { fileinto "yes" } else
{ fileinto "no" }" or files into a folder named from variables, over a
pool of MIME messages: nested multiparts, message/rfc822, base64 and
quoted-printable, charsets, RFC 2231 and RFC 2047 parameters, a missing
close delimiter, boundaries that are prefixes of each other, digests.
Deterministic, standard library only.
"""
import base64
import quopri
import sys

import gen   # write_cases: the layout run.py reads

ME = "bob@example.org"
SENDER = "alice@example.com"
HDR = ("Return-Path: <alice@example.com>\nFrom: Alice <alice@example.com>\n"
       "To: Bob <bob@example.org>\nSubject: %s\nMessage-ID: <%s@example.com>\n"
       "MIME-Version: 1.0\n")
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n%%EOF\n"


def q(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def b64(data):
    return base64.encodebytes(data).decode()


def part(ctype, body, cte=None, extra=""):
    h = "Content-Type: %s\n" % ctype if ctype else ""
    if cte:
        h += "Content-Transfer-Encoding: %s\n" % cte
    return h + extra + "\n" + body


def multi(sub, bnd, parts, close=True, pre="preamble\n", epi=""):
    s = "Content-Type: multipart/%s; boundary=\"%s\"\n\n%s" % (sub, bnd, pre)
    for p in parts:
        s += "--%s\n%s\n" % (bnd, p.rstrip("\n"))
    if close:
        s += "--%s--\n%s" % (bnd, epi)
    return s


def pool():
    P = {}
    T = part("text/plain; charset=us-ascii", "find the needle here\n")
    QP = part("text/plain; charset=iso-8859-1",
              quopri.encodestring("Grüße, the project schedule=\nfollows\n"
                                  .encode("latin-1")).decode(), "quoted-printable")
    H = part("text/html; charset=utf-8",
             "<html><body><p>HTML needle</p></body></html>\n")
    A = part("application/pdf; name=\"report.pdf\"", b64(PDF), "base64",
             "Content-Disposition: attachment; filename=\"report.pdf\"\n")
    A2231 = part("application/octet-stream", b64(b"\x00\x01binary"), "base64",
                 "Content-Disposition: attachment;\n filename*0*=utf-8''"
                 "%C3%BCber%20alles;\n filename*1=\".bin\"\n")
    A2047 = part("image/png; name=\"=?utf-8?q?Bild_=C3=A4.png?=\"",
                 "iVBORw0KGgo=\n", "base64")
    U8 = part("text/plain; charset=utf-8", b64("café naïve needle\n".encode()),
              "base64")
    W = part("text/plain; charset=windows-1252",
             quopri.encodestring("smart \x93quotes\x94 needle\n"
                                 .encode("latin-1")).decode(), "quoted-printable")
    inner = HDR % ("inner", "inner") + multi("mixed", "in1", [T, A])
    P["single"] = HDR % ("single", "s1") + T
    P["single-qp"] = HDR % ("qp", "s2") + QP
    P["single-b64"] = HDR % ("b64", "s3") + U8
    P["no-ctype"] = (HDR % ("none", "s4")).replace("MIME-Version: 1.0\n", "") + \
        "\nplain needle without MIME\n"
    P["mixed"] = HDR % ("mixed", "m1") + multi("mixed", "b1", [T, A])
    P["alt"] = HDR % ("alt", "m2") + multi("alternative", "b2", [QP, H])
    P["nested"] = HDR % ("nested", "m3") + multi(
        "mixed", "o", [multi("alternative", "oa", [QP, H]), A2231, A2047])
    P["rfc822"] = HDR % ("fwd", "m4") + multi(
        "mixed", "f", [T, part("message/rfc822", inner)])
    P["unclosed"] = HDR % ("unclosed", "m5") + multi(
        "mixed", "u", [W, A], close=False)
    P["prefix"] = HDR % ("prefix", "m6") + multi(
        "mixed", "a", [multi("mixed", "ab", [U8, H]), T])
    P["digest"] = HDR % ("digest", "m7") + multi(
        "digest", "d", ["\n" + HDR % ("d1", "d1") + "\nfirst digest needle\n",
                        "\n" + HDR % ("d2", "d2") + "\nsecond\n"])
    P["html"] = HDR % ("html", "h1") + multi("alternative", "h", [
        part("text/html; charset=iso-8859-1", quopri.encodestring(
            "<html><head><style>p { color: red }</style><script>var s = "
            "\"secret\";</script></head><body><p>Tom &amp; Jerry &lt;3 "
            "caf&eacute;</p><!-- hidden --><blockquote>quoted<br>needle"
            "</blockquote>&#x41;&#66;&euro; Gr\xfc\xdfe</body></html>\n"
            .encode("latin-1")).decode(), "quoted-printable"),
        part("application/xhtml+xml; charset=utf-8",
             b64(b"<html><body><p>xhtml &amp; needle</p></body></html>\n"),
             "base64")])
    P["epilogue"] = HDR % ("epilogue", "m8") + multi(
        "mixed", "e", [T], epi="epilogue needle\n", pre="preamble needle\n")
    return {k: v.encode("utf-8") for k, v in P.items()}


def yesno(req, test):
    return ('require %s;\nif %s {\n  fileinto "yes";\n} else {\n'
            '  fileinto "no";\n}\n' % ("[" + ", ".join(q(r) for r in
                                                      ["fileinto"] + req) + "]",
                                       test))


BODY = [':text :contains "needle"', ':text :contains "Grüße"',
        ':text :contains "schedule follows"', ':text :contains "=FC"',
        ':text :contains "café"', ':text :contains "\u201cquotes\u201d"',
        ':raw :contains "needle"', ':content "text" :contains "needle"',
        ':content "text/plain" :contains "needle"',
        ':content "application/pdf" :contains "%PDF"',
        ':content "image" :contains ""', ':content "application" :contains ""',
        ':content "multipart" :contains "needle"',
        ':content "message/rfc822" :contains "needle"',
        ':text :matches "*needle*"', ':text :is ""',
        ':content "text/html" :contains "<p>"',
        ':text :contains "Tom & Jerry <3 caf\u00e9"', ':text :contains "<p>"',
        ':text :contains "secret"', ':text :contains "> needle"',
        ':text :contains "AB\u20ac Gr\u00fc\u00dfe"',
        ':text :contains "xhtml & needle"', ':text :contains "hidden"',
        ':content "" :contains "epilogue needle"']
MIME = ['header :mime :type "Content-Type" "multipart"',
        'header :mime :subtype "Content-Type" "plain"',
        'header :mime :anychild :contenttype "Content-Type" "application/pdf"',
        'header :mime :anychild :type "Content-Type" "image"',
        'header :mime :anychild :param "filename" :matches "Content-Disposition" "*.pdf"',
        'header :mime :anychild :param "filename" "Content-Disposition" "über alles.bin"',
        'header :mime :anychild :param "name" "Content-Type" "Bild ä.png"',
        'header :mime :anychild :param "charset" "Content-Type" "iso-8859-1"',
        'exists :mime :anychild "Content-Disposition"',
        'header :mime :anychild :contenttype "Content-Type" "message/rfc822"',
        'header :mime :anychild "Subject" "inner"',
        'address :mime :anychild :domain "From" "example.com"']
LOOPS = [
    ('count', 'set "n" "";\nforeverypart { set "n" "${n}x"; }\n'
     'fileinto "n-${n}";\n'),
    ('types', 'set "t" "";\nforeverypart { if header :mime :matches :subtype '
     '"Content-Type" "*" { set "t" "${t}-${1}"; } }\nfileinto "t${t}";\n'),
    ('break', 'set "t" "";\nforeverypart { if header :mime :matches :subtype '
     '"Content-Type" "*" { set "t" "${t}-${1}"; }\n if header :mime :type '
     '"Content-Type" "application" { break; } }\nfileinto "t${t}";\n'),
    ('nested', 'set "t" "";\nforeverypart :name "o" { if header :mime :type '
     '"Content-Type" "multipart" { foreverypart { if header :mime :matches '
     ':subtype "Content-Type" "*" { set "t" "${t}-${1}"; } } break :name "o"; '
     '} }\nfileinto "t${t}";\n'),
    ('extract', 'foreverypart { if header :mime :type "Content-Type" "text" '
     '{ extracttext :first 30 "x"; break; } }\nif string :contains "${x}" '
     '"needle" { fileinto "yes"; } else { fileinto "no"; }\n'),
    ('extract-html', 'set "x" "";\nforeverypart { if header :mime :subtype '
     '"Content-Type" "html" { extracttext "x"; break; } }\nif string :contains '
     '"${x}" "Tom & Jerry <3" { fileinto "yes"; } elsif string :contains "${x}" '
     '"HTML needle" { fileinto "plain"; } else { fileinto "no"; }\n'),
    ('extract-qp', 'foreverypart { if header :mime :subtype "Content-Type" '
     '"plain" { extracttext "x"; break; } }\nif string :contains "${x}" '
     '"Grüße, the project schedule" { fileinto "yes"; } else { fileinto "no"; }\n'),
]
LREQ = ["mime", "foreverypart", "variables", "extracttext"]


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen_mime.py OUTDIR")
    P = pool()
    items = []
    for m in sorted(P):
        for i, t in enumerate(BODY):
            items.append(("body%02d-%s" % (i, m), yesno(["body"], "body " + t), P[m]))
        for i, t in enumerate(MIME):
            items.append(("mime%02d-%s" % (i, m), yesno(["mime"], t), P[m]))
        for name, s in LOOPS:
            req = "require [%s];\n" % ", ".join(q(r) for r in ["fileinto"] + LREQ)
            items.append(("loop-%s-%s" % (name, m), req + s, P[m]))
    gen.write_cases(sys.argv[1], [(name, script, body, SENDER, ME)
                                  for name, script, body in items])


if __name__ == "__main__":
    main()
