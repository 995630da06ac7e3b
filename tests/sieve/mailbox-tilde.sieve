# Dovecot refuses a folder name starting with "~": a run-time error, INBOX only
require ["fileinto", "mailbox"];
if mailboxexists "~tilde" { fileinto "never"; }
fileinto "~tilde";
