# RFC 5490 3.1 through env->mailbox_exists when mda provides it
require ["fileinto", "mailbox"];
if mailboxexists "Lists" { fileinto "lists-exists"; }
if mailboxexists ["Lists", "Nope.Never"] { fileinto "never-both"; }
if not mailboxexists "Nope.Never" { fileinto "nope-missing"; }
