#!/usr/bin/env python3
"""gen.py - write a deterministic corpus of realistic test messages.

usage: gen.py OUTDIR [COUNT]

Writes COUNT (default 240, at least 220) message files into OUTDIR, named
NNNN-KIND.eml, where KIND says what is special about the message (see
README.md next to this file).  The output depends only on the fixed seed and
on a few small files read from this machine for attachment bytes (with a
generated fallback when a file is missing), so two runs on one machine give
identical bytes.  Python standard library only; bytes are built by hand so
that nothing is normalised behind our back (line ends, encodings, NULs).
"""
import base64
import os
import random
import sys

SEED = 20261123
DEFAULT_COUNT = 240
BIG_SIZE = 2 * 1024 * 1024

NAMES = [("Alice Martin", "alice@example.org"),
         ("Bob Dupont", "bob@example.net"),
         ("Carol Weiß", "carol@example.de"),
         ("Dmitri Ivanov", "dmitri@example.ru"),
         ("Eve Johansson", "eve@example.se"),
         ("François Léger", "francois@example.fr"),
         ("Grace Hopper", "grace@example.com"),
         ("Hiro Tanaka", "hiro@example.jp"),
         ("debian-devel list", "debian-devel@lists.example.org"),
         ("GitHub", "noreply@github.example.com")]
RCPTS = ["testuser@mda.test", "root@localhost", "user+lists@example.org",
         "team@example.com"]
WORDS = ("the of and to in is that for it as with was on be by this are "
         "from or have an they which one you were all we her she there "
         "been if more when will would who so no delivery maildir mailbox "
         "filter sieve message header body folder spool lock append queue "
         "postfix server client release patch build test kernel package "
         "meeting tomorrow report invoice attached please review thanks "
         "regards question answer update version upstream").split()
LATIN1_WORDS = ["café", "garçon", "naïve", "Größe", "Straße", "señor",
                "déjà", "vu", "über", "fête", "crème", "brûlée", "año"]
UTF8_WORDS = ["Привет", "мир", "日本語", "テスト", "Ελληνικά", "ünïcödé",
              "€uro", "emoji 📬", "中文", "עברית", "العربية", "Bücher"]
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
          "Oct", "Nov", "Dec"]
ATTACH_FILES = ["/bin/true", "/usr/share/common-licenses/GPL-3",
                "/usr/share/common-licenses/BSD",
                "/usr/share/common-licenses/Apache-2.0",
                "/usr/share/pixmaps/debian-logo.png",
                "/etc/services"]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.serial = 0

    # -- pieces ----------------------------------------------------------
    def words(self, n, pool=WORDS):
        return " ".join(self.r.choice(pool) for _ in range(n))

    def paragraph(self, pool=WORDS, width=72):
        text = self.words(self.r.randint(8, 60), pool)
        lines, cur = [], ""
        for w in text.split(" "):
            if cur and len(cur) + 1 + len(w) > width:
                lines.append(cur)
                cur = w
            else:
                cur = w if not cur else cur + " " + w
        lines.append(cur)
        return lines

    def body_lines(self, pool=WORDS, paras=None):
        out = []
        for i in range(paras or self.r.randint(1, 6)):
            if i:
                out.append("")
            out.extend(self.paragraph(pool))
        return out

    def date(self):
        r = self.r
        return "%s, %d %s %d %02d:%02d:%02d %s" % (
            r.choice(DAYS), r.randint(1, 28), r.choice(MONTHS),
            r.randint(2019, 2026), r.randint(0, 23), r.randint(0, 59),
            r.randint(0, 59), r.choice(["+0000", "+0100", "-0500", "+0900"]))

    def msgid(self):
        self.serial += 1
        return "<%d.%08x@%s>" % (self.serial, self.r.getrandbits(32),
                                 self.r.choice(["example.org", "mail.test"]))

    def person(self):
        return self.r.choice(NAMES)

    def addr(self, p):
        name, a = p
        if all(ord(c) < 128 for c in name):
            return '"%s" <%s>' % (name, a) if " " in name else a
        return "%s <%s>" % (q_encode(name, "utf-8"), a)

    def base_header(self, subject, extra=()):
        frm = self.person()
        h = ["Return-Path: <%s>" % frm[1],
             "Received: from mx%d.example.net (mx%d.example.net [192.0.2.%d])"
             % (self.r.randint(1, 9), self.r.randint(1, 9),
                self.r.randint(1, 254)),
             "\tby mda.test (Postfix) with ESMTPS id %08X" %
             self.r.getrandbits(32),
             "\tfor <%s>; %s" % (self.r.choice(RCPTS), self.date()),
             "From: %s" % self.addr(frm),
             "To: %s" % self.r.choice(RCPTS),
             "Subject: %s" % subject,
             "Date: %s" % self.date(),
             "Message-ID: %s" % self.msgid()]
        h.extend(extra)
        return h

    def attachment(self):
        path = self.r.choice(ATTACH_FILES)
        try:
            with open(path, "rb") as f:
                data = f.read(self.r.choice([300, 2048, 6000, 20000]))
        except OSError:
            data = bytes(self.r.getrandbits(8) for _ in range(1500))
        ctype = {"png": "image/png", "true": "application/octet-stream"}.get(
            path.rsplit(".", 1)[-1].rsplit("/", 1)[-1], "text/plain")
        fname = os.path.basename(path) + ("" if "." in path[-5:] else ".bin")
        b64 = base64.b64encode(data).decode()
        lines = [b64[i:i + 76] for i in range(0, len(b64), 76)]
        return (["Content-Type: %s; name=\"%s\"" % (ctype, fname),
                 "Content-Transfer-Encoding: base64",
                 "Content-Disposition: attachment; filename=\"%s\"" % fname,
                 ""] + lines)

    # -- message kinds: each returns bytes --------------------------------
    def plain(self):
        h = self.base_header(self.words(self.r.randint(2, 9)).capitalize(),
                             ["MIME-Version: 1.0",
                              "Content-Type: text/plain; charset=us-ascii"])
        return join(h + [""] + self.body_lines())

    def alt(self):
        b = "=_alt_%08x" % self.r.getrandbits(32)
        text = self.body_lines()
        html = ["<html><body>"] + ["<p>%s</p>" % l for l in text if l] + \
            ["</body></html>"]
        h = self.base_header("HTML newsletter " + self.words(3),
                             ["MIME-Version: 1.0",
                              'Content-Type: multipart/alternative; '
                              'boundary="%s"' % b])
        parts = ["This is a multi-part message in MIME format.", "",
                 "--" + b, "Content-Type: text/plain; charset=us-ascii", ""]
        parts += text + ["", "--" + b,
                         "Content-Type: text/html; charset=us-ascii", ""]
        parts += html + ["", "--" + b + "--", ""]
        return join(h + [""] + parts)

    def mixed(self):
        b = "----=_Part_%d_%d" % (self.r.randint(1, 99999),
                                  self.r.getrandbits(30))
        h = self.base_header("Files for " + self.words(2),
                             ["MIME-Version: 1.0",
                              'Content-Type: multipart/mixed; boundary="%s"'
                              % b])
        parts = ["--" + b, "Content-Type: text/plain; charset=utf-8",
                 "Content-Transfer-Encoding: 7bit", ""] + self.body_lines()
        for _ in range(self.r.randint(1, 3)):
            parts += ["", "--" + b] + self.attachment()
        parts += ["--" + b + "--", ""]
        return join(h + [""] + parts)

    def latin1(self):
        h = self.base_header("=?ISO-8859-1?Q?Caf=E9_cr=E8me?= " +
                             self.words(2),
                             ["MIME-Version: 1.0",
                              "Content-Type: text/plain; charset=ISO-8859-1",
                              "Content-Transfer-Encoding: 8bit"])
        body = self.body_lines(WORDS + LATIN1_WORDS * 3)
        return join(h + [""]) + \
            ("\n".join(body) + "\n").encode("latin-1")

    def utf8(self):
        h = self.base_header("UTF-8 " + self.words(2),
                             ["MIME-Version: 1.0",
                              "Content-Type: text/plain; charset=UTF-8",
                              "Content-Transfer-Encoding: 8bit"])
        return join(h + [""] + self.body_lines(WORDS + UTF8_WORDS * 3))

    def rfc2047(self):
        raw = self.words(3, UTF8_WORDS + LATIN1_WORDS + WORDS)
        if self.r.random() < 0.5:
            subj = q_encode(raw, "utf-8")
        else:
            subj = "=?UTF-8?B?%s?=" % base64.b64encode(
                raw.encode()).decode()
        h = self.base_header(subj + " " + self.words(2),
                             ["MIME-Version: 1.0",
                              "Content-Type: text/plain; charset=utf-8"])
        return join(h + [""] + self.body_lines())

    def folded(self):
        refs = " ".join(self.msgid() for _ in range(self.r.randint(8, 30)))
        fold = []
        cur = "References:"
        for ref in refs.split(" "):
            if len(cur) + len(ref) > 76:
                fold.append(cur)
                cur = "\t"
            cur += ("" if cur.endswith("\t") else " ") + ref
        fold.append(cur)
        subj = self.words(30)
        sub_fold = ["Subject: " + subj[:60], "  " + subj[60:].strip()]
        h = self.base_header("x")
        h = [l for l in h if not l.startswith("Subject:")]
        h += sub_fold + fold + [
            "X-Very-Long: " + "x" * 998,
            "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;",
            "        d=example.org; s=2026; h=from:to:subject:date;",
            "        bh=" + base64.b64encode(bytes(32)).decode() + ";",
            "        b=" + base64.b64encode(bytes(range(96))).decode()]
        return join(h + [""] + self.body_lines())

    def crlf(self):
        kind = self.r.choice([self.plain, self.alt, self.mixed, self.utf8])
        return kind().replace(b"\n", b"\r\n")

    def mixedeol(self):
        lines = self.plain().split(b"\n")
        return b"".join(l + (b"\r\n" if i % 3 == 0 else b"\n")
                        for i, l in enumerate(lines[:-1]))

    def fromquote(self):
        h = self.base_header("Quoting test " + self.words(2))
        pool = ["From here on it goes", ">From the archive", ">>From deep",
                ">>>From deeper still", "From", "From:", " From indented",
                "From  two spaces", ">From", ">>From ", "From \t",
                "Fromage is not From"]
        body = []
        for _ in range(self.r.randint(3, 12)):
            body += self.paragraph()[:2]
            body.append(self.r.choice(pool))
        if self.r.random() < 0.4:
            body.insert(0, "From the start of the body")
        if self.r.random() < 0.3:
            body.append("From the last line")
        return join(h + [""] + body)

    def nonl(self):
        kind = self.r.choice([self.plain, self.utf8, self.fromquote])
        data = kind().rstrip(b"\n")
        if self.r.random() < 0.3:
            data += b"\nFrom the end without newline"
        return data

    def noheader(self):
        # First line is not a field and not "From ": the whole input is body.
        return join(["Hello, this message has no header at all.",
                     "Just text, as a careless script might pipe it."] +
                    self.body_lines())

    def emptyheader(self):
        return join([""] + self.body_lines())

    def headeronly(self):
        h = self.base_header("Header only " + self.words(2))
        if self.r.random() < 0.5:
            return join(h)          # no blank line, no body
        return join(h + [""])       # blank line, empty body

    def nul(self):
        data = self.plain()
        cut = data.index(b"\n\n") + 2
        body = bytearray(data[cut:])
        for _ in range(self.r.randint(1, 5)):
            body.insert(self.r.randrange(len(body)), 0)
        return data[:cut] + bytes(body) + b"\x00tail\x00\n"

    def barecr(self):
        data = self.plain()
        cut = data.index(b"\n\n") + 2
        body = data[cut:].replace(b" the ", b" the\r", 3)
        return data[:cut] + b"bare\rCR\rline\n" + body + b"ends in CR\r"

    def longline(self):
        h = self.base_header("Long line " + self.words(2))
        n = self.r.choice([1001, 4096, 100000])
        return join(h + ["", "start", "y" * n, "end"])

    def manyheaders(self):
        h = self.base_header("Many Received")
        rec = []
        for i in range(self.r.randint(200, 600)):
            rec += ["Received: from relay%d.example.net by relay%d.example.net"
                    % (i, i + 1), "\twith SMTP; %s" % self.date()]
        return join(rec + h + [""] + self.body_lines())

    def big(self):
        h = self.base_header("Two MiB", ["MIME-Version: 1.0",
                                         "Content-Type: text/plain"])
        head = join(h + [""])
        line = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ\n"
        body = bytearray()
        i = 0
        while len(head) + len(body) < BIG_SIZE:
            body += b"%07d " % i + line
            if i % 5000 == 4999:
                body += b"From the middle of a big message\n"
            i += 1
        return head + bytes(body[:BIG_SIZE - len(head)])

    def fromline(self):
        # The "From sender date" line Postfix's local(8) puts first.
        sender = self.person()[1]
        stamp = "%s %s %2d %02d:%02d:%02d %d" % (
            self.r.choice(DAYS), self.r.choice(MONTHS), self.r.randint(1, 28),
            self.r.randint(0, 23), self.r.randint(0, 59),
            self.r.randint(0, 59), self.r.randint(2020, 2026))
        inner = self.r.choice([self.plain, self.fromquote, self.utf8])()
        return ("From %s  %s\n" % (sender, stamp)).encode() + inner


def q_encode(text, charset):
    out = []
    for b in text.encode(charset):
        c = chr(b)
        if c.isalnum() and b < 128:
            out.append(c)
        elif c == " ":
            out.append("_")
        else:
            out.append("=%02X" % b)
    return "=?%s?Q?%s?=" % (charset.upper(), "".join(out))


def join(lines):
    return ("\n".join(lines) + "\n").encode("utf-8")


# kind -> how many of COUNT; the rest of COUNT is filled with plain.
PLAN = [("alt", 24), ("mixed", 20), ("latin1", 12), ("utf8", 12),
        ("rfc2047", 12), ("folded", 10), ("crlf", 16), ("mixedeol", 4),
        ("fromquote", 16), ("nonl", 10), ("noheader", 1), ("emptyheader", 1),
        ("headeronly", 3), ("nul", 3), ("barecr", 3), ("longline", 3),
        ("manyheaders", 1), ("big", 1), ("fromline", 8)]


def main(argv):
    if len(argv) < 2:
        sys.stderr.write("usage: gen.py OUTDIR [COUNT]\n")
        return 64
    out = argv[1]
    count = int(argv[2]) if len(argv) > 2 else DEFAULT_COUNT
    fixed = sum(n for _, n in PLAN)
    if count < fixed + 1:
        sys.stderr.write("COUNT must be at least %d\n" % (fixed + 1))
        return 64
    kinds = []
    for k, n in PLAN:
        kinds += [k] * n
    kinds += ["plain"] * (count - fixed)
    g = Gen(SEED)
    g.r.shuffle(kinds)
    os.makedirs(out, exist_ok=True)
    for i, k in enumerate(kinds, 1):
        data = getattr(g, k)()
        with open(os.path.join(out, "%04d-%s.eml" % (i, k)), "wb") as f:
            f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
