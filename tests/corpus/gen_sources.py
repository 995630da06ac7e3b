#!/usr/bin/env python3
"""gen_sources.py - mail sources in the layouts real programs write, with
what `mda migrate` should make of them.

usage: gen_sources.py OUTDIR
       gen_sources.py --takeout FILE COUNT [SIZE_MIB]

OUTDIR gets four sources and their expectations:
  takeout.mbox      Google Takeout's "All mail Including Spam and
                    Trash.mbox": From_ lines "From <thread id>@xxx <date>",
                    X-GM-THRID and X-Gmail-Labels first, system labels
                    (Inbox, Sent, Drafts, Spam, Trash, Starred, Unread,
                    Important, Opened, Archived, Category ...), nested,
                    quoted and non-ASCII user labels.
  profile/          a Thunderbird profile: Mail/Local Folders and
                    ImapMail/<server> with .msf summaries, .sbd subfolder
                    directories, msgFilterRules.dat, "From - <date>"
                    lines, X-Mozilla-Status/Status2/Keys (padded, as
                    Thunderbird writes them), expunged messages.
  mh/               an nmh/mutt MH tree: inbox/ and lists/debian/ with
                    numbered files, .mh_sequences (a continued line),
                    "context", a ",4" file rmm left behind.
  maildir/          a Dovecot Maildir++ tree: cur/ new/, .Sent,
                    .B&APw-cher (Bücher), dovecot-keywords, mtimes.
  dest-pre/         a destination that already holds one of maildir/'s
                    messages under another name, and its own
                    dovecot-keywords ordering (keywords must be re-mapped).
For each source KIND, OUTDIR/KIND.want lists "folder|message-id|flags"
(flags as Dovecot shows them, sorted, \\Recent left out) and
OUTDIR/KIND.bytes/ holds the exact bytes each message must be stored
with, named by message-id; OUTDIR/KIND.dates maps message-id -> mtime.
With --labels-as-keywords Takeout's expectations are in
takeout-kw.want.

--takeout FILE COUNT [SIZE_MIB]: only a Takeout-shaped mbox of COUNT
messages (bodies padded so the file is about SIZE_MIB MiB), written in a
stream; for the benchmark and the memory test.
"""
import calendar
import hashlib
import os
import random
import sys

SEED = 18
EPOCH = calendar.timegm((2024, 1, 2, 10, 0, 0))
DAYS = "Mon Tue Wed Thu Fri Sat Sun".split()
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
FLAG = {"S": "\\Seen", "R": "\\Answered", "F": "\\Flagged", "T": "\\Deleted",
        "D": "\\Draft"}


def rfc5322(t):
    g = __import__("time").gmtime(t)
    return "%s, %d %s %d %02d:%02d:%02d +0000" % (
        DAYS[g.tm_wday], g.tm_mday, MONTHS[g.tm_mon - 1], g.tm_year,
        g.tm_hour, g.tm_min, g.tm_sec)


def asctime(t, zone=False):
    g = __import__("time").gmtime(t)
    return "%s %s %02d %02d:%02d:%02d %s%d" % (
        DAYS[g.tm_wday], MONTHS[g.tm_mon - 1], g.tm_mday, g.tm_hour,
        g.tm_min, g.tm_sec, "+0000 " if zone else "", g.tm_year)


def body(rnd, i, pad=0):
    lines = ["Hello %d," % i, "", "From the archive: a line an mbox quotes.",
             ">From a line that was quoted in the mail.",
             "caf\u00e9 8bit " * rnd.randint(0, 3), "-- ", "sig"]
    text = "\n".join(lines) + "\n"
    if pad:
        text += ("x" * 75 + "\n") * (pad // 76)
    return text.encode()


def message(i, t, extra=b"", subject=None, pad=0, rnd=None):
    rnd = rnd or random.Random(i)
    mid = "<m%d.%d@gen.example>" % (i, SEED)
    hdr = ("Received: from mx.example.net by mx.google.com; %s\n"
           "From: Sender %d <s%d@example.net>\nTo: me@example.org\n"
           "Subject: %s\nDate: %s\nMessage-ID: %s\nMIME-Version: 1.0\n"
           "Content-Type: text/plain; charset=utf-8\n"
           "Content-Transfer-Encoding: 8bit\n"
           % (rfc5322(t), i, i, subject or "message %d" % i, rfc5322(t),
              mid)).encode()
    return mid, extra + hdr + b"\n" + body(rnd, i, pad)


def mbox_quote(msg):
    out = []
    for line in msg.split(b"\n"):
        out.append((b">" if line.lstrip(b">").startswith(b"From ") else b"")
                   + line)
    return b"\n".join(out)


class Want:
    def __init__(self, out, kind):
        self.out, self.kind, self.rows, self.dates = out, kind, [], {}
        os.makedirs(os.path.join(out, kind + ".bytes"), exist_ok=True)

    def add(self, folder, mid, letters, kws, data, t):
        fl = [FLAG[c] for c in letters] + list(kws)
        self.rows.append("%s|%s|%s" % (folder, mid, " ".join(sorted(fl))))
        self.dates[mid] = t
        name = hashlib.sha256(mid.encode()).hexdigest()[:16]
        with open(os.path.join(self.out, self.kind + ".bytes", name), "wb") as f:
            f.write(data)

    def write(self, name=None):
        with open(os.path.join(self.out, (name or self.kind) + ".want"),
                  "w") as f:
            f.write("\n".join(sorted(self.rows)) + "\n")
        with open(os.path.join(self.out, self.kind + ".dates"), "w") as f:
            for mid, t in sorted(self.dates.items()):
                f.write("%s %d\n" % (mid, t))


# (labels, folders, folders with --labels-as-keywords, flags, keywords
# with --labels-as-keywords beyond $Important)
TAKEOUT = [
    ("Inbox,Opened,Category Updates", ["INBOX"], "INBOX", "S", []),
    ("Inbox,Unread,Important", ["INBOX"], "INBOX", "", []),
    ("Archived,Opened", ["Archive"], "Archive", "S", []),
    ("Sent,Opened", ["Sent"], "Sent", "S", []),
    ("Drafts,Opened", ["Drafts"], "Drafts", "DS", []),
    ("Spam,Unread,Work", ["Junk"], "Junk", "", ["Work"]),
    ("Trash,Opened,Work", ["Trash"], "Trash", "S", ["Work"]),
    ("Inbox,Starred,Opened,Work", ["INBOX", "Work"], "INBOX", "FS", ["Work"]),
    ("Archived,Opened,Work/Project.X,B\u00fccher",
     ["Work.Project_X", "B\u00fccher"], "Archive", "S",
     ["Work/Project.X", "B&APw-cher"]),
    ('Inbox,"Clients, old",Opened,Category Promotions',
     ["INBOX", "Clients, old"], "INBOX", "S", ["Clients__old"]),
    ("Sent,Inbox,Important,Opened,Chat", ["INBOX", "Sent", "Chat"],
     "Sent", "S", ["Chat"]),
]


def takeout(out):
    w, wk = Want(out, "takeout"), Want(out, "takeout")
    mb = bytearray()
    for i, (labels, folders, kwfolder, letters, kws) in enumerate(TAKEOUT):
        t = EPOCH + i * 3600
        thrid = 1780000000000000000 + i
        extra = ("X-GM-THRID: %d\nX-Gmail-Labels: %s\n"
                 % (thrid, labels)).encode()
        if i == 10:  # a folded label list
            extra = extra.replace(b"Important,", b"Important,\n ")
        mid, msg = message(i, t, extra)
        mb += b"From %d@xxx %s\n" % (thrid, asctime(t, True).encode())
        mb += mbox_quote(msg) + b"\n"
        imp = ["$Important"] if "Important" in labels else []
        for f in folders:
            w.add(f, mid, letters, imp, msg, t)
        wk.add(kwfolder, mid, letters, imp + kws, msg, t)
    with open(os.path.join(out, "takeout.mbox"), "wb") as f:
        f.write(mb)
    w.write()
    wk.write("takeout-kw")


# (file under the profile, [(status, status2, keys, letters, keywords)])
TBIRD = [
    ("Mail/Local Folders/Inbox", [
        ("0001", "00000000", "", "S", []),
        ("0000", "00010000", "", "", []),
        ("0005", "00000000", "$label1 todo", "FS", ["$label1", "todo"]),
        ("0009", "00000000", "", None, []),          # expunged
        ("0003", "04000000", "", "RS", ["$label2"]),
        ("1001", "00000000", "NonJunk", "S", ["$Forwarded", "NonJunk"]),
    ]),
    ("Mail/Local Folders/Sent", [("0001", "00000000", "", "S", [])]),
    ("Mail/Local Folders/Archives.sbd/2023", [
        ("0001", "00000000", "", "S", []),
        ("0008", "00000000", "", None, []),
    ]),
    ("ImapMail/imap.example.com/INBOX", [
        ("0001", "00200000", "", "ST", []),
        ("0000", "00000000", "$label3", "", ["$label3"]),
    ]),
    ("ImapMail/imap.example.com/Work.sbd/Project", [
        ("0002", "00000000", "", "R", []),
    ]),
]


def tb_folder(path):
    parts = path.split("/")[2:]
    name = ".".join(p[:-4] if p.endswith(".sbd") else p for p in parts)
    return "INBOX" if name.lower() == "inbox" else name


def thunderbird(out):
    w = Want(out, "thunderbird")
    prof = os.path.join(out, "profile")
    n = 100
    for path, msgs in TBIRD:
        full = os.path.join(prof, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        mb = bytearray()
        for st, st2, keys, letters, kws in msgs:
            n += 1
            t = EPOCH + n * 600
            extra = ("X-Mozilla-Status: %s\nX-Mozilla-Status2: %s\n"
                     "X-Mozilla-Keys: %-80s\n" % (st, st2, keys)).encode()
            mid, msg = message(n, t)
            mb += b"From - %s\n" % asctime(t).encode()
            mb += mbox_quote(extra + msg) + b"\n"
            if letters is not None:
                w.add(tb_folder(path), mid, letters, kws, msg, t)
        with open(full, "wb") as f:
            f.write(mb)
        with open(full + ".msf", "w") as f:
            f.write("// <!-- <mdb:mork:z v=\"1.4\"/> -->\n")
    for name in ("Mail/Local Folders/msgFilterRules.dat",
                 "Mail/Local Folders/Archives.msf",
                 "ImapMail/imap.example.com/Work.msf"):
        with open(os.path.join(prof, name), "w") as f:
            f.write("version=\"9\"\n")
    os.makedirs(os.path.join(prof, "extensions"), exist_ok=True)
    with open(os.path.join(prof, "prefs.js"), "w") as f:
        f.write("user_pref(\"mail.server.server1.name\", \"x\");\n")
    w.write()


def mh(out):
    w = Want(out, "mh")
    root = os.path.join(out, "mh")
    seqs = {"inbox": "unseen: 2-3\n 5\nflagged: 1\nreplied: 1 3\ncur: 5\n",
            "lists/debian": "unseen: 2\n"}
    n = 200
    for folder, count in (("inbox", 5), ("lists/debian", 2)):
        d = os.path.join(root, folder)
        os.makedirs(d)
        for k in range(1, count + 1):
            n += 1
            t = EPOCH + n * 60
            mid, msg = message(n, t)
            with open(os.path.join(d, str(k)), "wb") as f:
                f.write(msg)
            unseen = (folder == "inbox" and k in (2, 3, 5)) or \
                (folder != "inbox" and k == 2)
            letters = "".join(c for c, on in (
                ("F", folder == "inbox" and k == 1),
                ("R", folder == "inbox" and k in (1, 3)),
                ("S", not unseen)) if on)
            w.add("INBOX" if folder == "inbox" else "lists.debian", mid,
                  letters, [], msg, t)
        with open(os.path.join(d, ".mh_sequences"), "w") as f:
            f.write(seqs[folder])
    with open(os.path.join(root, "inbox", ",4"), "wb") as f:
        f.write(message(999, EPOCH)[1])
    with open(os.path.join(root, "context"), "w") as f:
        f.write("Current-Folder: inbox\n")
    w.write()


def maildir(out):
    w = Want(out, "maildir")
    src, pre = os.path.join(out, "maildir"), os.path.join(out, "dest-pre")
    for d in (src, pre):
        for sub in ("cur", "new", "tmp"):
            os.makedirs(os.path.join(d, sub))
    for sub in (".Sent", ".B&APw-cher"):
        for s in ("cur", "new", "tmp"):
            os.makedirs(os.path.join(src, sub, s))
        open(os.path.join(src, sub, "maildirfolder"), "w").close()
    with open(os.path.join(src, "dovecot-keywords"), "w") as f:
        f.write("0 $Label1\n1 Work\n")
    with open(os.path.join(pre, "dovecot-keywords"), "w") as f:
        f.write("0 Work\n1 Other\n")
    rows = [("", "new", "", "", []), ("", "cur", ":2,S", "S", []),
            ("", "cur", ":2,FRSab", "FRS", ["$Label1", "Work"]),
            ("", "cur", ":2,b", "", ["Work"]),
            ("", "cur", ":2,DT", "DT", []),
            (".Sent", "cur", ":2,S", "S", []),
            (".B&APw-cher", "cur", ":2,S", "S", [])]
    n = 300
    for i, (sub, where, info, letters, kws) in enumerate(rows):
        n += 1
        t = EPOCH + n * 60 + 7  # the mtime, not the Date:
        mid, msg = message(n, t - 7)
        name = "%d.M%dP%d.host,S=%d%s" % (t, i, 4242, len(msg), info)
        p = os.path.join(src, sub, where, name)
        with open(p, "wb") as f:
            f.write(msg)
        os.utime(p, (t, t))
        folder = {"": "INBOX", ".Sent": "Sent",
                  ".B&APw-cher": "B\u00fccher"}[sub]
        w.add(folder, mid, letters, kws, msg, t)
        if i == 1:  # already in the destination, under Dovecot's name
            q = os.path.join(pre, "cur", "1700000000.M1P1.other:2,S")
            with open(q, "wb") as f:
                f.write(msg)
            os.utime(q, (t, t))
    w.write()


def takeout_stream(path, count, size_mib):
    """A Takeout-shaped mbox of count messages, written as it goes."""
    pad = max(0, (size_mib << 20) // max(count, 1) - 900)
    rnd = random.Random(SEED)
    labels = ["Inbox,Opened", "Archived,Opened", "Inbox,Unread,Important",
              "Sent,Opened", "Archived,Opened,Work", "Inbox,Starred,Opened",
              "Archived,Opened,Lists/debian", "Spam,Unread",
              "Inbox,Opened,Work", "Inbox,Starred,Opened,Work,Lists/debian"]
    with open(path, "wb") as f:
        for i in range(count):
            t = EPOCH + i * 37
            lab = labels[rnd.randrange(len(labels))]
            extra = ("X-GM-THRID: %d\nX-Gmail-Labels: %s\n"
                     % (1780000000000000000 + i, lab)).encode()
            _, msg = message(i, t, extra, pad=pad, rnd=rnd)
            f.write(b"From %d@xxx %s\n" % (1780000000000000000 + i,
                                            asctime(t, True).encode()))
            f.write(mbox_quote(msg) + b"\n")


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "--takeout":
        takeout_stream(sys.argv[2], int(sys.argv[3]),
                       int(sys.argv[4]) if len(sys.argv) > 4 else 0)
        return
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    takeout(out)
    thunderbird(out)
    mh(out)
    maildir(out)


if __name__ == "__main__":
    main()
