"""corpus.py - deterministic inputs for the benchmarks.

Everything here is generated from a fixed seed, so two runs measure the
same bytes:

  messages(dir, n)       n realistic messages, 2-50 KiB (log-uniform), about
                         a third multipart (alternative or mixed with a
                         base64 attachment), many carrying a List-Id; some
                         bodies have lines starting "From " (mbox quoting).
  big_message(path, n)   one message of about n bytes: a short header and a
                         base64 body of /dev/urandom (never held in memory).
  mbox(path, n)          an mboxrd file of n messages with From_ lines,
                         Status:/X-Status: on some, ">From " quoted.
  sieve_script(path, n)  n rules sorting mailing lists: header :contains
                         "list-id", address :domain, and a few :regex.

Lists and domains are shared between messages and rules, so a run of the
script files most messages somewhere in the middle and keeps the rest.
"""
import os
import random
import subprocess

WORDS = ("the of and to in is that for it as was with be by on not he this "
         "are or his from at which but have an they you were her she there "
         "would their we him been has when who will more no if out so said "
         "what up its about into than them can only other new some could "
         "time these two may then do first any my now such like our over "
         "man me even most made after also did many before must through back "
         "years where much your way well down should because each just those "
         "people how too little state good very make world still own see men "
         "work long get here between both life being under never day same "
         "another know while last might us great old year off come since "
         "against go came right used take three kernel patch review build "
         "release mailbox delivery server filter message header folder "
         "thread reply meeting invoice report schedule budget").split()

NLISTS = 5000          # list ids lists0..lists4999 at example.org
NDOMAINS = 400         # sender domains dom0..dom399.example


def list_id(k):
    return "<list%d.lists.example.org>" % k


def _para(rnd, nbytes):
    """A paragraph of ~nbytes of words wrapped at 72 columns."""
    out, line, size = [], [], 0
    while size < nbytes:
        w = rnd.choice(WORDS)
        if sum(len(x) + 1 for x in line) + len(w) > 72:
            s = " ".join(line)
            out.append(s)
            size += len(s) + 1
            line = []
        line.append(w)
    if line:
        out.append(" ".join(line))
    if rnd.random() < 0.15:
        out.insert(rnd.randrange(len(out) + 1), "From the desk of the editor")
    return "\n".join(out) + "\n"


_POOL = []


def _text(rnd, nbytes):
    """~nbytes of prose, drawn from a fixed pool of 400 paragraphs (fast
    enough for the 10,000-message mbox, still varied text)."""
    if not _POOL:
        prnd = random.Random(0)
        _POOL.extend(_para(prnd, prnd.randint(150, 900)) for _ in range(400))
    parts, size = [], 0
    while size < nbytes:
        p = rnd.choice(_POOL)
        if parts and size + len(p) > nbytes + 512:
            break
        parts.append(p)
        size += len(p) + 1
    return "\n".join(parts)


def _b64(rnd, nbytes):
    import base64
    raw = rnd.randbytes(max(nbytes, 0) * 3 // 4)
    s = base64.b64encode(raw).decode()
    return "\n".join(s[i:i + 76] for i in range(0, len(s), 76)) + "\n"


def _header(rnd, i, with_list):
    dom = rnd.randrange(NDOMAINS)
    h = []
    for hop in range(rnd.randint(2, 4)):
        h.append("Received: from mx%d.dom%d.example (mx%d.dom%d.example "
                 "[192.0.2.%d])\n\tby mail.example.com (Postfix) with ESMTPS "
                 "id %08X%d\n\tfor <bob@example.com>; Mon, 1 Jan 2024 "
                 "10:%02d:%02d +0000"
                 % (hop, dom, hop, dom, rnd.randrange(1, 255),
                    rnd.getrandbits(32), i, rnd.randrange(60), hop))
    h.append("From: User %d <user%d@dom%d.example>" % (i, i % 97, dom))
    h.append("To: Bob <bob@example.com>")
    if rnd.random() < 0.3:
        h.append("Cc: carol@example.net, dave@example.net")
    tag = "[proj-%d] " % rnd.randrange(50) if rnd.random() < 0.2 else ""
    urgent = " urgent" if rnd.random() < 0.1 else ""
    h.append("Subject: %s%s %s %s%s" % (tag, rnd.choice(WORDS).capitalize(),
                                       rnd.choice(WORDS), rnd.choice(WORDS),
                                       urgent))
    h.append("Date: Mon, %d Jan 2024 %02d:%02d:%02d +0000"
             % (1 + i % 28, i % 24, i % 60, (i * 7) % 60))
    h.append("Message-ID: <%d.%08x@dom%d.example>" % (i, rnd.getrandbits(32),
                                                     dom))
    if with_list:
        k = rnd.randrange(NLISTS)
        h.append("List-Id: List number %d %s" % (k, list_id(k)))
        h.append("List-Unsubscribe: <mailto:list%d-leave@lists.example.org>"
                 % k)
        h.append("Precedence: list")
    h.append("MIME-Version: 1.0")
    return h


def message(rnd, i):
    """One message as a str (LF line ends)."""
    size = int(2048 * (25 ** rnd.random()))      # 2 KiB .. 50 KiB
    h = _header(rnd, i, rnd.random() < 0.7)
    kind = rnd.random()
    body_budget = max(size - sum(len(x) + 1 for x in h) - 120, 1000)
    if kind < 0.66:
        h.append("Content-Type: text/plain; charset=utf-8")
        h.append("Content-Transfer-Encoding: 8bit")
        body = _text(rnd, body_budget)
    else:
        b = "=_b%08x" % rnd.getrandbits(32)
        h.append('Content-Type: multipart/%s; boundary="%s"'
                 % ("alternative" if kind < 0.8 else "mixed", b))
        half = body_budget // 2
        body = "This is a multi-part message in MIME format.\n\n"
        body += "--%s\nContent-Type: text/plain; charset=utf-8\n\n" % b
        body += _text(rnd, half - 80)
        if kind < 0.8:
            body += "\n--%s\nContent-Type: text/html; charset=utf-8\n\n" % b
            body += "<html><body><p>" + _text(rnd, half - 120).replace(
                "\n\n", "</p><p>") + "</p></body></html>\n"
        else:
            body += ("\n--%s\nContent-Type: application/pdf; name=\"r%d.pdf\""
                     "\nContent-Disposition: attachment; filename=\"r%d.pdf\""
                     "\nContent-Transfer-Encoding: base64\n\n" % (b, i, i))
            body += _b64(rnd, half - 200)
        body += "\n--%s--\n" % b
    return "\n".join(h) + "\n\n" + body


def messages(d, n, seed=1):
    """Write n messages as d/00000.eml ...; return the paths."""
    rnd = random.Random(seed)
    os.makedirs(d, exist_ok=True)
    paths = []
    for i in range(n):
        p = os.path.join(d, "%05d.eml" % i)
        with open(p, "w") as f:
            f.write(message(rnd, i))
        paths.append(p)
    return paths


def big_message(path, nbytes):
    """A message of about nbytes: streamed from /dev/urandom via base64."""
    with open(path, "w") as f:
        f.write("From: big@example.org\nTo: bob@example.com\n"
                "Subject: a very large attachment\n"
                "Date: Mon, 1 Jan 2024 10:00:00 +0000\n"
                "Message-ID: <big@example.org>\nMIME-Version: 1.0\n"
                "Content-Type: application/octet-stream\n"
                "Content-Transfer-Encoding: base64\n\n")
    raw = nbytes * 57 // 77     # 3/4 for base64, 76/77 for the newlines
    with open(path, "ab") as f:
        subprocess.run("head -c %d /dev/urandom | base64 -w 76" % raw,
                       shell=True, stdout=f, check=True)


def mbox(path, n, seed=2):
    """An mboxrd file of n messages; returns the byte size."""
    rnd = random.Random(seed)
    with open(path, "w") as f:
        for i in range(n):
            m = message(rnd, i)
            hdr, _, body = m.partition("\n\n")
            st = rnd.random()
            if st < 0.5:
                hdr += "\nStatus: RO"
            elif st < 0.6:
                hdr += "\nStatus: O\nX-Status: AF"
            lines = body.split("\n")
            for j, ln in enumerate(lines):
                if ln.lstrip(">").startswith("From "):
                    lines[j] = ">" + ln
            f.write("From user%d@dom%d.example  Mon Jan %2d %02d:%02d:00 2024\n"
                    % (i % 97, i % NDOMAINS, 1 + i % 28, i % 24, i % 60))
            f.write(hdr + "\n\n" + "\n".join(lines))
            if not body.endswith("\n"):
                f.write("\n")
            f.write("\n")
    return os.path.getsize(path)


def sieve_script(path, nrules):
    """A list-sorting script of nrules rules (the first rules of the same
    sequence for every nrules, so 500 is a prefix of 5000)."""
    out = ['require ["fileinto", "regex"];', ""]
    k = 0
    for r in range(nrules):
        if r % 100 == 50:
            p = r // 100
            out.append('if header :regex "subject" "^\\\\[proj-%d\\\\] .*'
                       '(urgent|alert)$" {\n  fileinto "alerts.%d";\n'
                       '  stop;\n}' % (p % 50, p))
        elif r % 10 == 5:
            d = 200 + r // 10      # half the sender domains have a rule
            out.append('if address :domain :is "from" "dom%d.example" {\n'
                       '  fileinto "from.dom%d";\n  stop;\n}' % (d, d))
        else:
            out.append('if header :contains "list-id" "%s" {\n'
                       '  fileinto "lists.list%d";\n  stop;\n}'
                       % (list_id(k), k))
            k += 1
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
