#!/usr/bin/env python3
"""gen.py - write the differential Sieve cases (mda against dovecot-lda).

usage: gen.py OUTDIR

Writes OUTDIR/case-NNN/{script.sieve,msg.eml} and OUTDIR/cases.tsv, one line
per case: "case-NNN<TAB>name<TAB>envelope sender<TAB>envelope recipient".
The sender "<>" is the null sender.  Every case is a (script, message,
envelope) triple that must land in the same folders with the same flags and
the same bytes in mda and in Dovecot Pigeonhole (design.md, "Filters").

Deterministic: no clock, no randomness outside the fixed seed, Python
standard library only; messages are built as bytes by hand (LF line ends
unless a case says otherwise) so nothing is normalised behind our back.
Most scripts end in `fileinto "yes"` / `fileinto "no"` so that a test that
is false is told apart from a script that did not compile (INBOX).
"""
import os
import random
import sys

SEED = 20261123
ME = "bob@example.org"          # the default envelope recipient
SENDER = "alice@example.com"    # the default envelope sender


def q(s):
    """A Sieve quoted string."""
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def ql(items):
    return "[" + ", ".join(q(i) for i in items) + "]"


def msg(headers, body="Hello,\n\nthis is the body.\n\n-- \nsig\n", nl="\n"):
    """headers: list of raw 'Name: value' strings (may hold folds)."""
    text = nl.join(h.replace("\n", nl) for h in headers) + nl + nl
    text += body.replace("\n", nl)
    return text.encode("utf-8")


BASE = ["Return-Path: <alice@example.com>",
        "Received: from mx.example.com (mx.example.com [192.0.2.1])\n"
        "\tby mail.example.org (Postfix) with ESMTP id 4AB12\n"
        "\tfor <bob@example.org>; Tue, 15 Oct 2024 07:30:02 +0000 (UTC)"]


def pool():
    """The message pool: name -> bytes."""
    P = {}
    P["plain"] = msg(BASE + [
        'From: "Alice Example" <alice@example.com>',
        "To: Bob <bob@example.org>",
        "Cc: carol@example.net, (Dave) dave@Example.NET",
        "Subject: Quarterly report for Q3",
        "Date: Tue, 15 Oct 2024 09:30:00 +0200",
        "Message-ID: <plain-1@example.com>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=us-ascii"],
        "Hi Bob,\n\nthe quarterly report is attached. Numbers look good.\n"
        "\nRegards,\nAlice\n")
    P["list"] = msg(BASE + [
        "From: Jane Doe <jane+lists@lists.debian.org>",
        "To: debian-devel@lists.debian.org",
        "Subject: [debian-devel] Re: Bug#12345: build failure on arm64",
        "Date: Wed, 16 Oct 2024 11:02:13 +0000",
        "Message-ID: <list-1@lists.debian.org>",
        "List-Id: Debian Devel <debian-devel.lists.debian.org>",
        "List-Unsubscribe: <mailto:debian-devel-request@lists.debian.org"
        "?subject=unsubscribe>",
        "Precedence: list",
        "X-Mailing-List: <debian-devel@lists.debian.org> archive/latest/1"],
        "The build fails with gcc 14 on arm64.\n\nunsubscribe: see headers\n")
    P["spam"] = msg(BASE + [
        'From: "Best Deals" <deals@spam.example>',
        "To: undisclosed-recipients:;",
        "Subject: ***SPAM*** Cheap watches, 90% off",
        "Date: Thu, 17 Oct 2024 03:14:15 +0300",
        "Message-ID: <spam-1@spam.example>",
        "X-Spam-Flag: YES",
        "X-Spam-Score: 7.5",
        "X-Spam-Level: *******",
        "X-Spam-Status: Yes, score=7.5 required=5.0 tests=BAYES_99"],
        "Buy now! Limited offer. Click here: http://spam.example/\n")
    P["b64subj"] = msg(BASE + [
        "From: =?ISO-8859-1?Q?J=F6rg_M=FCller?= <joerg@example.de>",
        "To: bob@example.org",
        "Subject: =?UTF-8?B?QsO8Y2hlciB1bmQgWmVpdHNjaHJpZnRlbg==?=",
        "Date: Fri, 18 Oct 2024 08:00:00 +0200",
        "Message-ID: <b64-1@example.de>"],
        "Neue B\u00fccher sind da.\n")
    P["qsubj"] = msg(BASE + [
        "From: =?UTF-8?Q?Fran=C3=A7ois_L=C3=A9ger?= <francois@example.fr>",
        "To: =?UTF-8?B?Qm9iIELDpGNrZXI=?= <bob@example.org>",
        "Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= =?UTF-8?Q?_aus_K=C3=B6ln?=",
        "Date: Sat, 19 Oct 2024 18:45:00 +0200",
        "Message-ID: <q-1@example.fr>",
        "X-Note: =?ISO-8859-15?Q?Caf=E9_=A4_au_lait?="],
        "Salut!\n")
    P["group"] = msg(BASE + [
        "From: Team Lead <lead@example.org>",
        'To: Team: anna@example.org, "Ben Bauer" <ben@example.org>;, '
        "bob@example.org",
        "Cc: undisclosed-recipients:;",
        "Subject: Team meeting moved",
        "Date: Mon, 21 Oct 2024 10:00:00 +0000",
        "Message-ID: <group-1@example.org>"],
        "The meeting moves to 3pm.\n")
    P["quoted"] = msg(BASE + [
        'From: "john smith"@example.org',
        'To: "Smith, John" <John.Smith@EXAMPLE.org> (work), '
        "bob@example.org",
        'Cc: "Dr. Who" <who@tardis.example>, <angle@example.net>',
        'Reply-To: "Help Desk" <help@example.org>',
        "Subject: quoted local parts",
        "Date: Tue, 22 Oct 2024 12:00:00 -0700",
        "Message-ID: <quoted-1@example.org>"])
    P["folded"] = msg(BASE + [
        "From: alice@example.com",
        "To: bob@example.org",
        "Subject: This is a very long subject\n that is folded\n\tacross "
        "three lines",
        "X-Long: part one,\n    part two,\n\tpart three",
        "Date: Wed, 23 Oct 2024 09:15:00 +0000",
        "Message-ID: <folded-1@example.com>"])
    P["multipart"] = msg(BASE + [
        "From: News <news@shop.example>",
        "To: bob@example.org",
        "Subject: Our autumn newsletter",
        "Date: Thu, 24 Oct 2024 07:00:00 +0000",
        "Message-ID: <mp-1@shop.example>",
        "MIME-Version: 1.0",
        'Content-Type: multipart/alternative; boundary="b1"'],
        "This is a multi-part message in MIME format.\n\n--b1\n"
        "Content-Type: text/plain; charset=utf-8\n\n"
        "Autumn sale starts now. Visit our shop.\n\n--b1\n"
        "Content-Type: text/html; charset=utf-8\n\n"
        "<html><body><p>Autumn sale starts now.</p>"
        "<a href=\"http://shop.example/u\">unsubscribe</a></body></html>\n"
        "\n--b1--\n")
    P["multi-hdr"] = msg(BASE + [
        "Received: from relay.example.net by mx.example.com; "
        "Tue, 15 Oct 2024 07:30:00 +0000",
        "From: robot@ci.example",
        "To: bob@example.org",
        "Subject: CI: build #1842 passed",
        "X-Tag: one",
        "X-Tag: two",
        "X-Tag: Three",
        "X-Mailer: CI-bot 2.1",
        "Date: Fri, 25 Oct 2024 01:02:03 +0000",
        "Message-ID: <ci-1842@ci.example>"],
        "All 1842 tests passed.\n")
    line = "0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVW\n"
    P["big"] = msg(BASE + [
        "From: backup@example.org", "To: bob@example.org",
        "Subject: backup log", "Date: Sat, 26 Oct 2024 04:00:00 +0000",
        "Message-ID: <big-1@example.org>"], line * 200)
    P["huge"] = msg(BASE + [
        "From: backup@example.org", "To: bob@example.org",
        "Subject: full backup log", "Date: Sat, 26 Oct 2024 04:00:00 +0000",
        "Message-ID: <huge-1@example.org>"], line * 17000)
    P["bare"] = msg([
        "From: cron@example.org",
        "Message-ID: <bare-1@example.org>"], "no subject, no to, no date\n")
    P["bounce"] = msg(BASE + [
        "From: Mail Delivery System <MAILER-DAEMON@example.org>",
        "To: bob@example.org",
        "Subject: Undelivered Mail Returned to Sender",
        "Auto-Submitted: auto-replied",
        "Date: Sun, 27 Oct 2024 05:06:07 +0000",
        "Message-ID: <bounce-1@example.org>"],
        "This is the mail system at host example.org.\n")
    P["numeric"] = msg(BASE + [
        "From: monitor@example.org",
        "To: bob@example.org",
        "Subject: disk usage",
        "X-Priority: 3 (Normal)",
        "X-Count: 42",
        "X-Small: 7",
        "X-Score: -1.2",
        "X-Zero: 007",
        "X-Word: abc",
        "Date: Mon, 28 Oct 2024 06:00:00 +0000",
        "Message-ID: <num-1@example.org>"], "disk is 42% full\n")
    P["empty"] = msg(BASE + [
        "From: alice@example.com",
        "To: bob@example.org",
        "Subject:",
        "X-Empty:",
        "X-Blank:    ",
        "Date: Tue, 29 Oct 2024 07:00:00 +0000",
        "Message-ID: <empty-1@example.com>"])
    P["newyear"] = msg(BASE + [
        "From: alice@example.com",
        "To: bob@example.org",
        "Subject: happy new year",
        "Date: Sun, 31 Dec 2023 23:30:00 -0500",
        "Message-ID: <ny-1@example.com>"])
    P["padded"] = msg(BASE + [
        "From:   alice@example.com   ",
        "To: bob@example.org",
        "Subject:   padded subject   ",
        "X-Tab:\tvalue with tab\t",
        "Date: Wed, 30 Oct 2024 08:00:00 +0000",
        "Message-ID: <pad-1@example.com>"])
    P["local"] = msg([
        "From: root (Cron Daemon)",
        "To: root",
        "Subject: Cron <root@host> run-parts /etc/cron.daily",
        "Date: Thu, 31 Oct 2024 06:25:01 +0000",
        "Message-ID: <cron-1@host>"], "/etc/cron.daily/logrotate: ok\n")
    P["raw8"] = msg(BASE + [
        "From: J\u00f6rg <joerg@example.de>",
        "To: bob@example.org",
        "Subject: Gr\u00fc\u00dfe aus M\u00fcnchen",
        "Date: Fri, 01 Nov 2024 09:00:00 +0100",
        "Message-ID: <raw8-1@example.de>"], "Sch\u00f6ne Gr\u00fc\u00dfe\n")
    P["twofrom"] = msg(BASE + [
        "From: a@example.org, B <b@example.com>",
        "Sender: secretary@example.org",
        "To: bob@example.org",
        "Subject: from two people",
        "Date: Sat, 02 Nov 2024 10:00:00 +0000",
        "Message-ID: <two-1@example.org>"])
    P["crlf"] = msg(BASE + [
        "From: win@example.com",
        "To: bob@example.org",
        "Subject: CRLF message",
        "Date: Sun, 03 Nov 2024 11:00:00 +0000",
        "Message-ID: <crlf-1@example.com>"], "line one\nline two\n", nl="\r\n")
    P["bad2047"] = msg(BASE + [
        "From: alice@example.com",
        "To: bob@example.org",
        "Subject: =?UTF-8?B?!!notbase64?= and =?X-UNKNOWN?Q?abc?= end",
        "X-Mixed: pre =?UTF-8?Q?mid=C3=A9?=post",
        "Date: Mon, 04 Nov 2024 12:00:00 +0000",
        "Message-ID: <bad2047-1@example.com>"])
    P["reply"] = msg(BASE + [
        "From: Carol <carol@example.net>",
        "To: bob@example.org",
        "Subject: Re: Re: Fwd: meeting notes",
        "In-Reply-To: <orig-1@example.org>",
        "References: <orig-0@example.org> <orig-1@example.org>",
        "Date: Tue, 05 Nov 2024 13:00:00 +0000",
        "Message-ID: <reply-1@example.net>"])
    P["oddcase"] = msg(BASE + [
        "FROM: alice@example.com",
        "to: bob@example.org",
        "SUBJECT: Upper Case Header Names",
        "x-lower: lower value",
        "Date: Wed, 06 Nov 2024 14:00:00 +0000",
        "Message-ID: <odd-1@example.com>"])
    P["b64body"] = msg(BASE + [
        "From: alice@example.com",
        "To: bob@example.org",
        "Subject: base64 body",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: base64",
        "Date: Thu, 07 Nov 2024 15:00:00 +0000",
        "Message-ID: <b64body-1@example.com>"],
        "VGhlIHNlY3JldCB3b3JkIGlzIHBpbmVhcHBsZS4K\n")
    P["qpbody"] = msg(BASE + [
        "From: alice@example.com",
        "To: bob@example.org",
        "Subject: qp body",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: quoted-printable",
        "Date: Fri, 08 Nov 2024 16:00:00 +0000",
        "Message-ID: <qp-1@example.com>"],
        "Caf=C3=A9 cr=C3=A8me, soft=\nbreak here.\n")
    P["manycc"] = msg(BASE + [
        "From: alice@example.com",
        "To: bob@example.org, carol@example.net, dave@example.net",
        "Cc: " + ", ".join("u%d@example.org" % i for i in range(1, 8)),
        "Subject: many recipients",
        "Date: Sat, 09 Nov 2024 17:00:00 +0000",
        "Message-ID: <manycc-1@example.com>"])
    P["detail"] = msg(BASE + [
        "From: shop@example.net",
        "To: bob+orders@example.org",
        "Delivered-To: bob+orders@example.org",
        "Subject: your order 4711",
        "Date: Sun, 10 Nov 2024 18:00:00 +0000",
        "Message-ID: <order-4711@example.net>"])
    P["attach"] = msg(BASE + [
        "From: alice@example.com",
        "To: bob@example.org",
        "Subject: invoice attached",
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="XyZ"',
        "Date: Mon, 11 Nov 2024 19:00:00 +0000",
        "Message-ID: <inv-1@example.com>"],
        "--XyZ\nContent-Type: text/plain\n\nPlease pay the invoice.\n\n"
        "--XyZ\nContent-Type: application/pdf; name=\"invoice.pdf\"\n"
        "Content-Disposition: attachment; filename=\"invoice.pdf\"\n"
        "Content-Transfer-Encoding: base64\n\nJVBERi0xLjQKJcfsj6IK\n"
        "--XyZ--\n")
    return P


class Cases:
    def __init__(self, P):
        self.P = P
        self.items = []
        self.names = set()

    def add(self, name, script, m, frm=SENDER, to=ME):
        base, k = name, 1
        while name in self.names:
            k += 1
            name = "%s-%d" % (base, k)
        self.names.add(name)
        body = self.P[m] if isinstance(m, str) else m
        # An MTA writes the envelope sender into Return-Path; Dovecot falls
        # back to it when -f is the null sender, so the two must agree.
        rp = b"Return-Path: <%s>" % (b"" if frm == "<>" else frm.encode())
        body = body.replace(b"Return-Path: <alice@example.com>", rp, 1)
        self.items.append((name, script, body, frm, to))


def yesno(req, test):
    r = 'require %s;\n' % ql(["fileinto"] + req)
    return r + 'if %s {\n  fileinto "yes";\n} else {\n  fileinto "no";\n}\n' \
        % test


def gen_header(C, rnd):
    probes = [
        ("plain", "Subject", "Quarterly report for Q3"),
        ("list", "List-Id", "Debian Devel <debian-devel.lists.debian.org>"),
        ("spam", "X-Spam-Flag", "YES"),
        ("folded", "Subject",
         "This is a very long subject that is folded\tacross three lines"),
        ("oddcase", "Subject", "Upper Case Header Names"),
        ("padded", "Subject", "padded subject"),
        ("empty", "Subject", ""),
        ("multi-hdr", "X-Tag", "three"),
        ("raw8", "Subject", "Gr\u00fc\u00dfe aus M\u00fcnchen"),
        ("numeric", "X-Priority", "3 (Normal)"),
    ]
    n = 0
    for m, h, v in probes:
        variants = [
            (":is", v), (":is", v.upper()), (":contains", v[2:8]),
            (":contains", v[3:9].lower()), (":matches", v[:4] + "*"),
            (":matches", "*" + v[-3:]), (":matches", "?" + v[1:]),
        ]
        for mt, key in variants:
            for cmp in ("i;ascii-casemap", "i;octet"):
                n += 1
                if n % 3 and cmp == "i;octet" and mt != ":is":
                    continue
                t = 'header %s :comparator "%s" %s %s' % (
                    mt, cmp, q(h.lower() if n % 2 else h), q(key))
                C.add("header%s-%s-%s" % (mt, cmp.split(";")[1], m),
                      yesno([], t), m)
    # wildcards and escapes in :matches
    for key in ["*\\**", "\\*\\*\\*SPAM*", "*90\\% off", "*, ???% off",
                "***SPAM***?*", "", "*"]:
        C.add("header-matches-escape", yesno([], 'header :matches "subject" %s'
                                             % q(key)), "spam")
    # "?" is one octet (design.md); and "?" before a later "*"
    for val, key in [("Gr\u00fc\u00dfe", "Gr????e"), ("Gr\u00fc\u00dfe", "Gr??e"),
                     ("Quarterly report", "Q??arterly*"),
                     ("Quarterly report", "?uarterly*"),
                     ("Quarterly report", "??uarterly*"),
                     ("Gr\u00fc\u00dfe x", "Gr????e*")]:
        C.add("matches-question", yesno(["variables"], 'string :matches %s %s'
                                        % (q(val), q(key))), "plain")
    # header list and key list
    C.add("header-lists", yesno([], 'header :contains ["X-Nope","Subject"] '
                                '["zzz","report"]'), "plain")
    C.add("header-missing", yesno([], 'header :contains "X-Nope" ""'), "plain")
    C.add("header-empty-contains", yesno([], 'header :contains "Subject" ""'),
          "empty")
    C.add("header-blank-is", yesno([], 'header :is "X-Blank" ""'), "empty")
    C.add("header-tab-trim", yesno([], 'header :is "X-Tab" "value with tab"'),
          "padded")
    C.add("header-folded-contains", yesno([], 'header :contains "X-Long" '
                                          '"one, part two"'), "folded")
    C.add("header-8bit-upper", yesno([], 'header :is "subject" '
                                     '"GR\u00dc\u00dfE AUS M\u00dcNCHEN"'),
          "raw8")
    C.add("header-received", yesno([], 'header :contains "received" '
                                   '"relay.example.net"'), "multi-hdr")


ADDR = [
    ("plain", "from", "alice@example.com"), ("plain", "cc", "dave@example.net"),
    ("group", "to", "ben@example.org"), ("group", "to", "anna@example.org"),
    ("group", "cc", "undisclosed-recipients"),
    ("quoted", "from", "john smith@example.org"),
    ("quoted", "to", "john.smith@example.org"),
    ("quoted", "cc", "angle@example.net"),
    ("twofrom", "from", "b@example.com"), ("local", "from", "root"),
    ("list", "from", "jane+lists@lists.debian.org"),
    ("qsubj", "to", "bob@example.org"), ("b64subj", "from", "joerg@example.de"),
    ("padded", "from", "alice@example.com"),
]


def gen_address(C, rnd):
    for m, h, a in ADDR:
        lp, _, dom = a.partition("@")
        tests = [(":all", a), (":localpart", lp), (":domain", dom or "x"),
                 (":all", a.upper())]
        for part, key in tests:
            C.add("address%s-%s-%s" % (part, h, m),
                  yesno([], 'address %s :is %s %s' % (part, q(h), q(key))), m)
        C.add("address-matches-%s-%s" % (h, m),
              yesno([], 'address :domain :matches %s "*.%s"'
                    % (q(h), (dom or "x").split(".")[-1])), m)
    C.add("address-contains-display", yesno([], 'address :contains "from" '
                                            '"Example"'), "plain")
    C.add("address-octet-domain", yesno([], 'address :domain :comparator '
                                        '"i;octet" :is "cc" "Example.NET"'),
          "plain")
    C.add("address-sender", yesno([], 'address :all :is "sender" '
                                  '"secretary@example.org"'), "twofrom")
    C.add("address-reply-to", yesno([], 'address :localpart :is "reply-to" '
                                    '"help"'), "quoted")
    C.add("address-list", yesno([], 'address :all :is ["to","cc"] '
                                '["u5@example.org"]'), "manycc")
    C.add("address-nonaddr-header", yesno([], 'address :all :contains '
                                          '"subject" "report"'), "plain")


def gen_envelope(C, rnd):
    envs = [("alice@example.com", "bob@example.org"),
            ("alice@example.com", "bob+lists@example.org"),
            ("list-bounces+bob=example.org@lists.debian.org",
             "bob+debian+devel@example.org"),
            ("<>", "bob+@example.org"),
            ("Alice@Example.COM", "BOB+Tag@Example.ORG")]
    for i, (f, t) in enumerate(envs):
        for part, field, key in [
                (":all", "from", f if f != "<>" else ""),
                (":localpart", "from", "alice"), (":domain", "from",
                                                  "example.com"),
                (":user", "to", "bob"), (":detail", "to", "lists"),
                (":detail", "to", ""), (":all", "to", "bob@example.org"),
                (":domain", "to", "example.org")]:
            C.add("envelope%s-%s-%d" % (part, field, i),
                  yesno(["envelope", "subaddress"], 'envelope %s :is %s %s'
                        % (part, q(field), q(key))), "plain", f, t)
    C.add("envelope-detail-matches", yesno(
        ["envelope", "subaddress"],
        'envelope :detail :matches "to" "debian*"'), "list",
        "x@example.net", "bob+debian+devel@example.org")
    C.add("envelope-null-exists", yesno(
        ["envelope"], 'envelope :all :matches "from" "*"'), "bounce",
        "<>", ME)


def gen_size(C, rnd):
    for m in ("plain", "big", "huge"):
        n = len(C.P[m])
        for op, lim in [(":over", str(n)), (":over", str(n - 1)),
                        (":under", str(n)), (":under", str(n + 1)),
                        (":over", "10K"), (":under", "1M"), (":over", "1M"),
                        (":under", "13K")]:
            C.add("size%s-%s-%s" % (op, lim, m),
                  yesno([], "size %s %s" % (op, lim)), m)


def gen_logic(C, rnd):
    t = ['exists "List-Id"', 'exists ["From","X-Spam-Flag"]',
         'header :contains "subject" "SPAM"', 'not exists "Subject"',
         'size :over 500', 'true', 'false']
    for m in ("plain", "spam", "list", "bare"):
        for i in range(4):
            a, b = t[(i * 2) % len(t)], t[(i * 3 + 1) % len(t)]
            C.add("logic-allof-%s-%d" % (m, i),
                  yesno([], "allof (%s, %s)" % (a, b)), m)
            C.add("logic-anyof-not-%s-%d" % (m, i),
                  yesno([], "anyof (not %s, %s)" % (a, b)), m)
    C.add("logic-empty-anyof", yesno([], "not anyof (false, not true)"),
          "plain")


def gen_control(C, rnd):
    C.add("ctl-elsif", 'require "fileinto";\n'
          'if header :contains "subject" "nothing" { fileinto "a"; }\n'
          'elsif header :contains "subject" "report" { fileinto "b"; }\n'
          'else { fileinto "c"; }\n', "plain")
    C.add("ctl-else", 'require "fileinto";\n'
          'if false { fileinto "a"; } elsif false { fileinto "b"; }\n'
          'else { fileinto "c"; }\n', "plain")
    C.add("ctl-stop", 'require "fileinto";\nfileinto "a";\nstop;\n'
          'fileinto "b";\n', "plain")
    C.add("ctl-stop-only", 'stop;\ndiscard;\n', "plain")
    C.add("ctl-keep", 'keep;\n', "plain")
    C.add("ctl-discard", 'discard;\n', "plain")
    C.add("ctl-discard-keep", 'discard;\nkeep;\n', "plain")
    C.add("ctl-keep-discard", 'keep;\ndiscard;\n', "plain")
    C.add("ctl-empty", '', "plain")
    C.add("ctl-comment-only", '# nothing here\n/* nor here */\n', "plain")
    C.add("ctl-fileinto-keep", 'require "fileinto";\nfileinto "a";\nkeep;\n',
          "plain")
    C.add("ctl-nested-if", 'require "fileinto";\nif exists "from" {\n'
          '  if exists "x-nope" { fileinto "a"; } else {\n'
          '    if true { fileinto "b"; stop; } fileinto "c"; } }\n'
          'fileinto "d";\n', "plain")
    C.add("ctl-discard-fileinto", 'require "fileinto";\ndiscard;\n'
          'fileinto "a";\n', "plain")
    C.add("ctl-fileinto-discard", 'require "fileinto";\nfileinto "a";\n'
          'discard;\n', "plain")
    C.add("ctl-multiline-text", 'require ["fileinto","variables"];\n'
          'set "t" text:\nline\n.\n;\nif string :is "${t}" "line\\r\\n" '
          '{ fileinto "crlf"; } elsif string :is "${t}" "line\\n" '
          '{ fileinto "lf"; } else { fileinto "other"; }\n', "plain")
    C.add("ctl-require-twice", 'require "fileinto";\nrequire "fileinto";\n'
          'fileinto "a";\n', "plain")


FOLDERS = ["A", "A.B", "A.B.C", "INBOX", "inbox", "Inbox", "INBOX.Sub",
           "inbox.sub", "B\u00fccher", "R&D", "Stra\u00dfe.\u00e9t\u00e9",
           "\u65e5\u672c", "Junk", "Lists.debian-devel", "with space",
           "a/b", ".x", "x.", "a..b", "", "~tilde", "%percent", "*star",
           "new", "cur", "tmp", "a\\b", "Trash.Sub"]


def gen_fileinto(C, rnd):
    for i, f in enumerate(FOLDERS):
        C.add("fileinto-name-%02d" % i, 'require "fileinto";\nfileinto %s;\n'
              % q(f), "plain")
    for i, f in enumerate(["A.B", "B\u00fccher", "a/b", "INBOX"]):
        C.add("fileinto-copy-%d" % i, 'require ["fileinto","copy"];\n'
              'fileinto :copy %s;\n' % q(f), "plain")
    C.add("fileinto-dup", 'require "fileinto";\nfileinto "A";\n'
          'fileinto "A";\n', "plain")
    C.add("fileinto-dup-copy", 'require ["fileinto","copy"];\n'
          'fileinto :copy "A";\nfileinto "A";\nkeep;\nkeep;\n', "plain")
    C.add("fileinto-inbox-keep", 'require "fileinto";\nfileinto "INBOX";\n'
          'keep;\n', "plain")
    C.add("fileinto-dup-case", 'require "fileinto";\nfileinto "a";\n'
          'fileinto "A";\n', "plain")
    C.add("fileinto-after-bad", 'require "fileinto";\nfileinto "good";\n'
          'fileinto "a/b";\nfileinto "late";\n', "plain")
    C.add("fileinto-copy-discard", 'require ["fileinto","copy"];\n'
          'fileinto :copy "A";\ndiscard;\n', "plain")
    C.add("fileinto-create", 'require ["fileinto","mailbox"];\n'
          'fileinto :create "Made.Here";\n', "plain")
    C.add("fileinto-mailboxexists", yesno(["mailbox"],
                                          'mailboxexists "INBOX"'), "plain")
    C.add("fileinto-mailboxexists-no", yesno(["mailbox"],
                                             'mailboxexists "Nope.Never"'),
          "plain")
    C.add("fileinto-utf8-var", 'require ["fileinto","variables"];\n'
          'set "f" "B\u00fccher";\nfileinto "${f}.2024";\n', "plain")


FLAGS = ["\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft",
         "\\Recent", "$Label1", "Junk", "NonJunk", "\\seen", "\\FLAGGED",
         "\\Unknown", "$MDNSent", "Junk $Label2", "\\Seen \\Flagged"]


def gen_flags(C, rnd):
    R = 'require ["fileinto","imap4flags"];\n'
    for i, f in enumerate(FLAGS):
        C.add("flags-addflag-%02d" % i, R + 'addflag %s;\nkeep;\n' % q(f),
              "plain")
        C.add("flags-fileinto-%02d" % i, R + 'fileinto :flags %s "A";\n'
              % q(f), "plain")
    C.add("flags-setflag-replaces", R + 'addflag "\\\\Flagged";\n'
          'setflag ["\\\\Seen","$Label1"];\nkeep;\n', "plain")
    C.add("flags-removeflag", R + 'setflag ["\\\\Seen","\\\\Flagged",'
          '"Junk"];\nremoveflag "\\\\flagged";\nremoveflag "junk";\n'
          'fileinto "A";\n', "plain")
    C.add("flags-hasflag", R + 'addflag ["\\\\Seen","$Label1"];\n'
          'if hasflag :is "$label1" { fileinto "yes"; } else '
          '{ fileinto "no"; }\n', "plain")
    C.add("flags-hasflag-contains", R + 'addflag "\\\\Seen Junk";\n'
          'if hasflag :contains "unk" { fileinto "yes"; } else '
          '{ fileinto "no"; }\n', "plain")
    C.add("flags-hasflag-count", R + 'require ["relational", '
          '"comparator-i;ascii-numeric"];\n'
          'addflag ["a","b","c","a"];\n'
          'if hasflag :count "eq" :comparator "i;ascii-numeric" "3" '
          '{ fileinto "yes"; } else { fileinto "no"; }\n', "plain")
    C.add("flags-snapshot", R + 'addflag "\\\\Seen";\nfileinto "A";\n'
          'addflag "\\\\Flagged";\nfileinto "B";\nremoveflag "\\\\Seen";\n'
          'keep;\n', "plain")
    C.add("flags-keep-flags", R + 'addflag "\\\\Seen";\n'
          'keep :flags "\\\\Flagged";\n', "plain")
    C.add("flags-keep-empty", R + 'addflag "\\\\Seen";\nkeep :flags [];\n',
          "plain")
    C.add("flags-implicit-keep", R + 'addflag "\\\\Answered";\n', "plain")
    C.add("flags-variable", R + 'require "variables";\n'
          'set "f" "\\\\Seen";\naddflag "f" "\\\\Flagged";\n'
          'addflag "f" "$Label3";\nfileinto :flags "${f}" "A";\n', "plain")
    C.add("flags-copy", R + 'require "copy";\n'
          'fileinto :copy :flags "\\\\Seen" "A";\nfileinto :flags "Junk" '
          '"A.B";\n', "plain")
    C.add("flags-dup-fileinto", R + 'fileinto :flags "\\\\Seen" "A";\n'
          'fileinto :flags "\\\\Flagged" "A";\n', "plain")
    C.add("flags-many-keywords", R + 'addflag ' + ql(
        ["k%02d" % i for i in range(30)]) + ';\nkeep;\n', "plain")
    C.add("flags-inbox-keywords", R + 'addflag ["$Label1","Junk"];\n'
          'fileinto "INBOX";\nfileinto :flags "$Label2" "A";\n', "plain")


def gen_variables(C, rnd):
    R = 'require ["fileinto","variables"];\n'
    for mod, val, want in [
            (":lower", "HeLLo", "hello"), (":upper", "HeLLo", "HELLO"),
            (":lowerfirst", "HeLLo", "heLLo"), (":upperfirst", "heLLo", "HeLLo"),
            (":upperfirst :lower", "hELLO", "Hello"),
            (":length", "B\u00fccher", "6"), (":length", "", "0"),
            (":quotewildcard", "a*b?c\\d", "a\\*b\\?c\\\\d"),
            (":lower :upperfirst", "JOHN", "John"),
            (":length :upper", "abc", "3"),
            (":quoteregex", "a.b*c", "a\\.b\\*c")]:
        req = R if mod != ":quoteregex" else R.replace(
            '"variables"', '"variables","regex"')
        C.add("var-mod%s" % mod.replace(" ", ""), req + 'set %s "v" %s;\n'
              'if string :is "${v}" %s { fileinto "yes"; } '
              'else { fileinto "no"; }\n' % (mod, q(val), q(want)), "plain")
    C.add("var-match-folder", R + 'if header :matches "List-Id" '
          '"*<*.lists.debian.org>" { fileinto "Lists.${2}"; }\n', "list")
    C.add("var-match-all", R + 'if header :matches "Subject" "[*] *: *" '
          '{ fileinto "${1}.${0}"; }\n', "list")
    C.add("var-match-q", R + 'if header :matches "Subject" "?uarterly*" '
          '{ set "x" "${1}-${2}"; fileinto "${x}"; }\n', "plain")
    C.add("var-match-unset", R + 'if header :matches "Subject" "*" '
          '{ fileinto "n${5}x"; }\n', "plain")
    C.add("var-undefined", R + 'fileinto "p${nope}q";\n', "plain")
    C.add("var-case", R + 'set "Name" "one";\nfileinto "${NAME}";\n', "plain")
    C.add("var-string-count", R + 'require ["relational", '
          '"comparator-i;ascii-numeric"];\n'
          'set "a" "x";\nset "b" "";\nif string :count "eq" '
          ':comparator "i;ascii-numeric" ["${a}","${b}"] "1" '
          '{ fileinto "yes"; } else { fileinto "no"; }\n', "plain")
    C.add("var-string-empty", R + 'if string :is "${undefined}" "" '
          '{ fileinto "yes"; } else { fileinto "no"; }\n', "plain")
    C.add("var-nested-ref", R + 'set "a" "b";\nset "b" "c";\n'
          'fileinto "${${a}}";\n', "plain")
    C.add("var-dollar-literal", R + 'fileinto "cost$${x}";\n', "plain")
    C.add("var-num-cleared", R + 'if header :matches "Subject" "Q*" {}\n'
          'if header :matches "From" "nomatch*" {}\n'
          'fileinto "k${1}";\n', "plain")
    C.add("var-header-value", R + 'if header :matches "X-Spam-Score" "*" '
          '{ set "s" "${1}"; }\nfileinto "Score.${s}";\n', "spam")
    C.add("var-address-match", R + 'if address :localpart :matches "from" '
          '"*+*" { fileinto "Sub.${2}"; }\n', "list")
    C.add("var-long-value", R + 'set "v" "%s";\nif string :matches "${v}" '
          '"*z" { fileinto "yes"; } else { fileinto "no"; }\n'
          % ("y" * 5000 + "z"), "plain")
    C.add("var-encoded-char", 'require ["fileinto","encoded-character"];\n'
          'fileinto "${unicode:42}${hex:41 42}";\n', "plain")
    C.add("var-matches-greedy", R + 'if string :matches "a.b.c.d" "*.*" '
          '{ fileinto "${1}_${2}"; }\n', "plain")
    C.add("var-matches-max9", R + 'if string :matches "abcdefghijk" '
          '"?????????*" { fileinto "${9}${10}"; }\n', "plain")


def gen_relational(C, rnd):
    R = ["relational", "comparator-i;ascii-numeric"]
    for op in ("gt", "ge", "lt", "le", "eq", "ne"):
        for h, v in [("X-Count", "41"), ("X-Count", "42"), ("X-Score", "0"),
                     ("X-Word", "5"), ("X-Zero", "7")]:
            if (op, h) in {("ge", "X-Word"), ("le", "X-Zero")}:
                continue
            C.add("rel-value-%s-%s-%s" % (op, h, v), yesno(
                R, 'header :value %s :comparator "i;ascii-numeric" %s %s'
                % (q(op), q(h), q(v))), "numeric")
    for h, n in [("to", "3"), ("cc", "7"), (["to", "cc"], "10"),
                 ("received", "2"), ("x-tag", "3")]:
        for op in ("eq", "gt"):
            hs = ql(h) if isinstance(h, list) else q(h)
            test = ("address :count %s :comparator \"i;ascii-numeric\" %s %s"
                    if h != "received" and h != "x-tag" else
                    "header :count %s :comparator \"i;ascii-numeric\" %s %s")
            m = "manycc" if h not in ("received", "x-tag") else "multi-hdr"
            C.add("rel-count-%s-%s" % (op, hs.strip('"[]').replace('", "', '+')),
                  yesno(R, test % (q(op), hs, q(n))), m)
    C.add("rel-value-string", yesno(["relational"],
                                    'header :value "gt" "subject" "P"'),
          "plain")
    C.add("rel-value-casemap", yesno(["relational"],
                                     'header :value "lt" "subject" "quarz"'),
          "plain")
    C.add("rel-count-group", yesno(R, 'address :count "eq" :comparator '
                                   '"i;ascii-numeric" "to" "3"'), "group")
    C.add("rel-numeric-is", yesno(R, 'header :is :comparator '
                                  '"i;ascii-numeric" "X-Zero" "7"'), "numeric")
    C.add("rel-numeric-inf", yesno(R, 'header :value "gt" :comparator '
                                   '"i;ascii-numeric" "X-Word" "99999"'),
          "numeric")


def gen_regex(C, rnd):
    R = 'require ["fileinto","regex","variables"];\n'
    for i, (h, rx, fold) in enumerate([
            ("Subject", "^\\\\[([a-z-]+)\\\\] (Re: )?Bug#([0-9]+)", "${1}.${3}"),
            ("From", "^(.*) <(.*)@(.*)>$", "${3}"),
            ("Subject", "BUG#[0-9]{5}", "hit"),
            ("List-Id", "<([^.]+)\\\\.", "L.${1}"),
            ("Subject", "^$", "empty"),
            ("Subject", "arm(32|64)$", "arch.${1}"),
            ("X-Nope", ".*", "never"),
            ("Subject", "(a)(b)?", "opt${2}x")]):
        C.add("regex-%d" % i, R + 'if header :regex %s "%s" { fileinto "%s"; '
              '} else { fileinto "no"; }\n' % (q(h), rx, fold), "list")
    C.add("regex-octet", R + 'if header :regex :comparator "i;octet" '
          '"subject" "bug#" { fileinto "yes"; } else { fileinto "no"; }\n',
          "list")
    C.add("regex-address", R + 'if address :regex :domain "from" '
          '"^(lists)\\\\.(.*)$" { fileinto "${2}"; }\n', "list")
    C.add("regex-envelope", 'require ["fileinto","regex","variables",'
          '"envelope"];\nif envelope :regex "to" "^bob\\\\+([a-z]+)@" '
          '{ fileinto "tag.${1}"; }\n', "plain", SENDER,
          "bob+news@example.org")
    C.add("regex-string", R + 'set "x" "2024-10-15";\nif string :regex "${x}"'
          ' "^([0-9]{4})-([0-9]{2})" { fileinto "Y${1}.M${2}"; }\n', "plain")
    C.add("regex-bad", R + 'if header :regex "subject" "([a-" '
          '{ fileinto "yes"; }\n', "plain")
    C.add("regex-utf8", R + 'if header :regex "subject" "^B.cher" '
          '{ fileinto "yes"; } else { fileinto "no"; }\n', "b64subj")


def gen_body(C, rnd):
    for i, (mt, tr, key, m) in enumerate([
            (":contains", ":raw", "quarterly report", "plain"),
            (":contains", ":raw", "QUARTERLY", "plain"),
            (":contains", ":raw", "Content-Type: text/html", "multipart"),
            (":contains", ":text", "unsubscribe", "multipart"),
            (":contains", ":text", "pineapple", "b64body"),
            (":contains", ":raw", "pineapple", "b64body"),
            (":contains", ":text", "Caf\u00e9", "qpbody"),
            (":contains", ":raw", "Caf=C3=A9", "qpbody"),
            (":contains", ":content \"text\"", "Autumn sale", "multipart"),
            (":contains", ":content \"text/html\"", "<p>", "multipart"),
            (":contains", ":content \"application/pdf\"", "JVBERi",
             "attach"),
            (":matches", ":raw", "*Numbers*good*", "plain"),
            (":is", ":raw", "line one\r\nline two\r\n", "crlf"),
            (":contains", ":raw", "abcdefghij", "huge"),
            (":contains", ":text", "", "bare"),
            (":contains", "", "Sch\u00f6ne", "raw8")]):
        C.add("body-%02d" % i, yesno(["body"], "body %s %s %s" % (
            tr, mt, q(key))), m)


def gen_date(C, rnd):
    R = ["date", "relational"]
    for part, m, key, zone in [
            ("year", "plain", "2024", ""), ("month", "plain", "10", ""),
            ("hour", "plain", "07", ""), ("hour", "plain", "09",
                                          ':originalzone'),
            ("year", "newyear", "2024", ""), ("year", "newyear", "2023",
                                              ':originalzone'),
            ("date", "newyear", "2024-01-01", ':zone "+0000"'),
            ("weekday", "plain", "2", ""), ("zone", "plain", "+0200",
                                            ':originalzone'),
            ("zone", "plain", "+0000", ""), ("julian", "plain", "60598", ""),
            ("iso8601", "plain", "2024-10-15T07:30:00+00:00", ""),
            ("std11", "plain", "Tue, 15 Oct 2024 07:30:00 +0000", ""),
            ("time", "newyear", "04:30:00", ':zone "+0000"'),
            ("year", "bare", "2024", "")]:
        C.add("date-%s-%s" % (part, m), yesno(R, 'date %s :is "date" %s %s'
                                              % (zone, q(part), q(key))), m)
    C.add("date-value-ge", yesno(R, 'date :value "ge" "date" "date" '
                                 '"2024-10-01"'), "plain")
    C.add("date-received-header", yesno(
        R, 'date :value "eq" "received" "year" "2024"'), "plain")
    C.add("currentdate-year", yesno(R, 'currentdate :value "ge" "year" '
                                    '"2020"'), "plain")
    C.add("currentdate-zone", yesno(R, 'currentdate :zone "+0000" :matches '
                                    '"zone" "+0000"'), "plain")
    C.add("date-var", 'require ["fileinto","date","variables"];\n'
          'if date :matches "date" "year" "*" { set "y" "${1}"; }\n'
          'if date :matches "date" "month" "*" { set "m" "${1}"; }\n'
          'fileinto "Archive.${y}.${m}";\n', "reply")


def gen_editheader(C, rnd):
    R = 'require ["fileinto","editheader","variables"];\n'
    ops = [
        ('addheader "X-Added" "yes";', "plain"),
        ('addheader :last "X-Added" "at the end";', "plain"),
        ('addheader "X-Added" "B\u00fccher und Zeitschriften";', "plain"),
        ('addheader "X-Long" "%s";' % ("word " * 40).strip(), "plain"),
        ('deleteheader "X-Spam-Flag";', "spam"),
        ('deleteheader :index 2 "X-Tag";', "multi-hdr"),
        ('deleteheader :index 1 :last "X-Tag";', "multi-hdr"),
        ('deleteheader :contains "X-Tag" "t";', "multi-hdr"),
        ('deleteheader :matches "X-Tag" "T*";', "multi-hdr"),
        ('deleteheader :is :comparator "i;octet" "X-Tag" "three";',
         "multi-hdr"),
        ('deleteheader "Received";', "multi-hdr"),
        ('deleteheader "Subject";\naddheader "Subject" "replaced";', "plain"),
        ('deleteheader "x-long";', "folded"),
        ('require "regex";\ndeleteheader :regex "X-Tag" "^(one|two)$";',
         "multi-hdr"),
        ('addheader "X-A" "1";\naddheader "X-B" "2";\n'
         'addheader :last "X-C" "3";', "plain"),
        ('deleteheader "X-Nope";', "plain"),
        ('addheader "X-Multi" "line one\\nline two";', "plain"),
        ('deleteheader "Auto-Submitted";', "bounce"),
        ('addheader "X-Added" "crlf";', "crlf"),
        ('deleteheader :index 0 "X-Tag";', "multi-hdr"),
    ]
    for i, (op, m) in enumerate(ops):
        C.add("editheader-%02d" % i, R + op + '\nkeep;\n', m)
    C.add("editheader-seen-by-test", R + 'addheader "X-Mark" "spam";\n'
          'if header :is "X-Mark" "spam" { fileinto "yes"; } else '
          '{ fileinto "no"; }\n', "plain")
    C.add("editheader-deleted-not-seen", R + 'deleteheader "X-Spam-Flag";\n'
          'if exists "X-Spam-Flag" { fileinto "yes"; } else '
          '{ fileinto "no"; }\n', "spam")
    C.add("editheader-order-fileinto", R + 'fileinto "before";\n'
          'addheader "X-Late" "1";\nfileinto "after";\n', "plain")
    C.add("editheader-keep-after", R + 'keep;\naddheader "X-Late" "1";\n',
          "plain")
    C.add("editheader-var", R + 'if header :matches "Subject" "*" '
          '{ addheader "X-Old-Subject" "${1}"; deleteheader "Subject"; '
          'addheader "Subject" "[ext] ${1}"; }\nfileinto "A";\n', "plain")
    C.add("editheader-bad-name", R + 'addheader "X Bad:" "v";\nkeep;\n',
          "plain")
    C.add("editheader-count", R + 'require ["relational", '
          '"comparator-i;ascii-numeric"];\n'
          'addheader "X-Tag" "four";\nif header :count "eq" :comparator '
          '"i;ascii-numeric" "X-Tag" "4" { fileinto "yes"; } else '
          '{ fileinto "no"; }\n', "multi-hdr")
    C.add("editheader-implicit-keep", R + 'addheader "X-Imp" "1";\n', "plain")
    C.add("editheader-address", R + 'addheader "X-To" "Z <z@example.net>";\n'
          'if address :domain "x-to" "example.net" { fileinto "yes"; } else '
          '{ fileinto "no"; }\n', "plain")


def gen_rfc2047(C, rnd):
    for i, (m, h, key, mt) in enumerate([
            ("b64subj", "Subject", "B\u00fccher", ":contains"),
            ("b64subj", "Subject", "b\u00fcCHER", ":contains"),
            ("b64subj", "Subject", "B\u00fccher und Zeitschriften", ":is"),
            ("qsubj", "Subject", "Gr\u00fc\u00dfe aus K\u00f6ln", ":is"),
            ("qsubj", "Subject", "aus K\u00f6ln", ":contains"),
            ("qsubj", "X-Note", "Caf\u00e9 \u20ac", ":contains"),
            ("b64subj", "From", "J\u00f6rg M\u00fcller", ":contains"),
            ("qsubj", "To", "B\u00e4cker", ":contains"),
            ("bad2047", "Subject", "!!notbase64", ":contains"),
            ("bad2047", "Subject", "abc", ":contains"),
            ("bad2047", "X-Mixed", "pre mid\u00e9post", ":is"),
            ("bad2047", "X-Mixed", "=?UTF-8?Q?", ":contains"),
            ("raw8", "From", "J\u00f6rg", ":contains"),
            ("b64subj", "Subject", "QsO8Y2hlciB1", ":contains"),
            ("qsubj", "Subject", "Gr??e*", ":matches")]):
        C.add("rfc2047-%02d" % i, yesno([], 'header %s %s %s' % (
            mt, q(h), q(key))), m)
    C.add("rfc2047-var-fileinto", 'require ["fileinto","variables"];\n'
          'if header :matches "Subject" "* und *" { fileinto "${1}"; }\n',
          "b64subj")


def gen_errors(C, rnd):
    C.add("err-unknown-command", 'require "fileinto";\nfileinto "A";\n'
          'frobnicate "x";\n', "plain")
    C.add("err-missing-require", 'fileinto "A";\n', "plain")
    C.add("err-unknown-require", 'require ["fileinto","x-unknown-ext"];\n'
          'fileinto "A";\n', "plain")
    C.add("err-unterminated", 'require "fileinto";\nfileinto "A;\n', "plain")
    C.add("err-missing-semicolon", 'require "fileinto";\nfileinto "A"\n'
          'keep;\n', "plain")
    C.add("err-bad-arg", 'require "fileinto";\nfileinto 42;\n', "plain")
    C.add("err-bad-tag", 'require "fileinto";\nif header :bogus "a" "b" '
          '{ fileinto "A"; }\n', "plain")
    C.add("err-require-late", 'keep;\nrequire "fileinto";\nfileinto "A";\n',
          "plain")
    C.add("err-bad-comparator", 'require "fileinto";\nif header :comparator '
          '"i;nope" :is "a" "b" { fileinto "A"; }\n', "plain")
    C.add("err-elsif-alone", 'require "fileinto";\nelsif true { fileinto '
          '"A"; }\n', "plain")
    C.add("err-unbalanced", 'require "fileinto";\nif true { fileinto "A";\n',
          "plain")
    C.add("err-bad-size", 'require "fileinto";\nif size :over "10K" '
          '{ fileinto "A"; }\n', "plain")
    C.add("err-relational-op", 'require ["fileinto","relational"];\n'
          'if header :value "gg" "subject" "a" { fileinto "A"; }\n', "plain")
    C.add("err-var-bad-name", 'require ["fileinto","variables"];\n'
          'set "1a" "x";\nfileinto "A";\n', "plain")
    C.add("err-comparator-no-require", 'require ["fileinto","relational"];\n'
          'if header :value "gt" :comparator "i;ascii-numeric" "x-count" "1"'
          ' { fileinto "A"; }\n', "numeric")
    C.add("err-empty-list", 'require ["imap4flags"];\nkeep :flags [];\n',
          "plain")
    C.add("err-editheader-no-require", 'require "fileinto";\n'
          'addheader "X-A" "1";\nfileinto "A";\n', "plain")
    C.add("err-flags-no-require", 'require "fileinto";\n'
          'fileinto :flags "\\\\Seen" "A";\n', "plain")
    C.add("rt-bad-folder-var", 'require ["fileinto","variables"];\n'
          'set "f" "../etc";\nfileinto "A";\nfileinto "${f}";\n', "plain")
    C.add("rt-bad-folder-copy", 'require ["fileinto","copy"];\n'
          'fileinto :copy "A";\nfileinto :copy ".hidden";\n', "plain")
    C.add("rt-bad-folder-flags", 'require ["fileinto","imap4flags"];\n'
          'addflag "\\\\Seen";\nfileinto "x/y";\n', "plain")
    C.add("rt-discard-then-bad", 'require "fileinto";\ndiscard;\n'
          'fileinto "a//b";\n', "plain")
    C.add("rt-editheader-then-bad", 'require ["fileinto","editheader"];\n'
          'addheader "X-A" "1";\nfileinto "ok";\nfileinto "/abs";\n', "plain")


def gen_misc(C, rnd):
    C.add("misc-reject", 'require "reject";\nreject "no thanks";\n', "spam")
    C.add("misc-redirect", 'redirect "carol@example.net";\n', "plain")
    C.add("misc-redirect-copy", 'require "copy";\nredirect :copy '
          '"carol@example.net";\n', "plain")
    C.add("misc-redirect-twice", 'redirect "carol@example.net";\n'
          'redirect "carol@example.net";\nredirect "dave@example.net";\n',
          "plain")
    C.add("misc-vacation", 'require "vacation";\nvacation :days 1 '
          '"I am away";\n', "plain")
    C.add("misc-vacation-list", 'require "vacation";\nvacation "away";\n',
          "list")
    C.add("misc-vacation-null", 'require "vacation";\nvacation "away";\n',
          "plain", "<>", ME)
    C.add("misc-vacation-notme", 'require "vacation";\nvacation "away";\n',
          "spam")
    C.add("misc-vacation-fileinto", 'require ["vacation","fileinto"];\n'
          'vacation :subject "Out" "away";\nfileinto "A";\n', "reply",
          "carol@example.net", ME)
    # RFC 5183 fixes these two values for a delivery agent; "name",
    # "version" and "host" name the implementation and differ by design.
    C.add("misc-environment-location", yesno(
        ["environment"], 'environment :is "location" "MDA"'), "plain")
    C.add("misc-environment-phase", yesno(
        ["environment"], 'environment :is "phase" "during"'), "plain")
    C.add("misc-duplicate", yesno(["duplicate"], 'duplicate'), "plain")
    C.add("misc-crlf-keep", 'keep;\n', "crlf")
    C.add("misc-crlf-flags", 'require "imap4flags";\n'
          'keep :flags "\\\\Seen";\n', "crlf")
    C.add("misc-bare-keep", 'keep;\n', "bare")
    C.add("misc-ascii-numeric-exists", yesno(
        ["comparator-i;ascii-numeric"], 'header :is :comparator '
        '"i;ascii-numeric" "subject" "0"'), "plain")


def gen_more(C, rnd):
    """Added after the first run: appended last so that earlier ids stay."""
    V = 'require ["vacation","fileinto"];\n'
    C.add("vac-addresses", V + 'vacation :addresses ["bob@example.org"] '
          '"away";\n', "group", "lead@example.org", "robert@example.org")
    C.add("vac-not-named", V + 'vacation "away";\n', "group",
          "lead@example.org", "robert@example.org")
    C.add("vac-bounce", V + 'vacation "away";\n', "bounce",
          "MAILER-DAEMON@example.org", ME)
    C.add("vac-owner", V + 'vacation "away";\n', "plain",
          "owner-list@example.org", ME)
    C.add("vac-request", V + 'vacation "away";\n', "plain",
          "list-request@example.org", ME)
    C.add("vac-spam-bulk", V + 'vacation "away";\n', "list",
          "jane@example.org", "debian-devel@lists.debian.org")
    C.add("vac-self", V + 'vacation "away";\n', "plain", ME, ME)
    C.add("vac-cc", V + 'vacation :days 3 :subject "Re: away" "away";\n',
          "manycc", "alice@example.com", "dave@example.net")
    C.add("vac-from", V + 'vacation :from "bob@example.org" :handle "h1" '
          '"away";\nfileinto "A";\n', "plain")
    C.add("vac-seconds", 'require ["vacation-seconds"];\n'
          'vacation :seconds 3600 "away";\n', "plain")
    C.add("vac-discard", V + 'vacation "away";\ndiscard;\n', "plain")
    C.add("vac-reply-to", V + 'vacation "away";\n', "quoted",
          '"john smith"@example.org', "john.smith@example.org")
    R = 'require ["fileinto","copy"];\n'
    C.add("redir-keep", R + 'redirect "carol@example.net";\nkeep;\n',
          "plain")
    C.add("redir-fileinto", R + 'redirect :copy "carol@example.net";\n'
          'fileinto "A";\n', "plain")
    C.add("redir-bad-address", R + 'redirect "not an address";\n', "plain")
    C.add("redir-discard", R + 'redirect "carol@example.net";\ndiscard;\n',
          "plain")
    C.add("redir-case", R + 'redirect "Carol@Example.NET";\n'
          'redirect "carol@example.net";\n', "plain")
    C.add("redir-display", R + 'redirect "Carol <carol@example.net>";\n',
          "plain")
    C.add("redir-var", 'require ["variables"];\nif address :localpart '
          ':matches "to" "*" { redirect "${1}@elsewhere.example"; }\n',
          "plain")
    C.add("redir-null-sender", 'redirect "carol@example.net";\n', "bounce",
          "<>", ME)
    C.add("redir-runtime-error", R + 'redirect "carol@example.net";\n'
          'fileinto "a/b";\n', "plain")
    E = 'require ["fileinto","editheader","variables"];\n'
    C.add("edit-add-delete", E + 'addheader "X-New" "1";\n'
          'deleteheader "X-New";\nkeep;\n', "plain")
    C.add("edit-last-index", E + 'deleteheader :last :index 2 "X-Tag";\n'
          'keep;\n', "multi-hdr")
    C.add("edit-delete-from", E + 'deleteheader "From";\nkeep;\n', "plain")
    C.add("edit-add-empty", E + 'addheader "X-Empty" "";\nkeep;\n', "plain")
    C.add("edit-case-name", E + 'deleteheader "x-spam-FLAG";\n'
          'addheader "x-spam-flag" "NO";\nkeep;\n', "spam")
    C.add("edit-copy-fileinto", E + 'require "copy";\n'
          'fileinto :copy "A";\naddheader "X-B" "1";\nfileinto "B";\n',
          "plain")
    C.add("edit-bad-8bit-name", E + 'addheader "X-B\u00fc" "v";\nkeep;\n',
          "plain")
    C.add("edit-crlf-value", E + 'addheader "X-V" "a\r\nb";\nkeep;\n',
          "plain")
    F = 'require ["fileinto","imap4flags","variables"];\n'
    C.add("flags-var-list", F + 'set "fl" "\\\\Seen $Label1";\n'
          'addflag "${fl}";\nkeep;\n', "plain")
    C.add("flags-hasflag-var", F + 'addflag "x" ["A","B"];\n'
          'if hasflag "x" "b" { fileinto "yes"; } else { fileinto "no"; }\n',
          "plain")
    C.add("flags-removeflag-all", F + 'addflag ["\\\\Seen","Junk"];\n'
          'removeflag ["\\\\seen","JUNK"];\nkeep;\n', "plain")
    C.add("flags-keyword-8bit", F + 'addflag "B\u00fccher";\nkeep;\n',
          "plain")
    C.add("flags-keyword-bad", F + 'addflag ["a(b", "c]", "ok"];\nkeep;\n',
          "plain")
    C.add("flags-discard-keep", F + 'addflag "\\\\Seen";\ndiscard;\n'
          'keep :flags "\\\\Flagged";\n', "plain")
    C.add("env-null-localpart", yesno(["envelope"], 'envelope :localpart :is '
                                      '"from" ""'), "bounce", "<>", ME)
    C.add("env-to-case", yesno(["envelope"], 'envelope :domain :is "to" '
                               '"EXAMPLE.ORG"'), "plain", SENDER,
          "bob@Example.Org")
    C.add("addr-2047-display", yesno([], 'address :all :is "from" '
                                     '"francois@example.fr"'), "qsubj")
    C.add("hdr-2047-name-contains", yesno([], 'header :contains "from" '
                                          '"Fran\u00e7ois"'), "qsubj")
    C.add("dup-fileinto-flags-copy", F + 'require "copy";\n'
          'fileinto :copy :flags "\\\\Seen" "INBOX";\nkeep;\n', "plain")
    # issue #14: a redirect address taken from the message (a group, a
    # display name) and the same forms written in the script
    hostile = msg(BASE + [
        "From: alice@example.com", "To: bob@example.org",
        "X-Boss: boss@corp.example: attacker@evil.invalid",
        'X-Name: "boss@corp.example" <attacker@evil.invalid>',
        "Subject: forward me"])
    RV = 'require "variables";\n'
    C.add("redir-var-group", RV + 'if header :matches "x-boss" "*" '
          '{ redirect "${1}"; }\n', hostile)
    C.add("redir-var-display", RV + 'if header :matches "x-name" "*" '
          '{ redirect "${1}"; }\n', hostile)
    C.add("redir-const-group",
          'redirect "boss@corp.example: attacker@evil.invalid";\n', hostile)
    C.add("redir-const-display",
          'redirect "\\"boss@corp.example\\" <carol@example.net>";\n',
          hostile)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen.py OUTDIR")
    out = sys.argv[1]
    rnd = random.Random(SEED)
    C = Cases(pool())
    for g in (gen_header, gen_address, gen_envelope, gen_size, gen_logic,
              gen_control, gen_fileinto, gen_flags, gen_variables,
              gen_relational, gen_regex, gen_body, gen_date, gen_editheader,
              gen_rfc2047, gen_errors, gen_misc, gen_more):
        g(C, rnd)
    write_cases(out, C.items)


def write_cases(out, items):
    """Write each (name, script, message bytes, sender, recipient) as
    OUT/case-NNN/{script.sieve,msg.eml} and one line of OUT/cases.tsv,
    the layout run.py reads; print how many."""
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "cases.tsv"), "w", encoding="utf-8") as tsv:
        for i, (name, script, body, frm, to) in enumerate(items, 1):
            cid = "case-%03d" % i
            d = os.path.join(out, cid)
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, "script.sieve"), "wb") as f:
                f.write(script.encode("utf-8"))
            with open(os.path.join(d, "msg.eml"), "wb") as f:
                f.write(body)
            tsv.write("%s\t%s\t%s\t%s\n" % (cid, name, frm, to))
    print(len(items))


if __name__ == "__main__":
    main()
