# RFC 5490 3: fileinto :create; mailboxexists is true for any deliverable name
require ["mailbox", "fileinto"];
if mailboxexists "Lists.acme" { fileinto :create "Lists.acme"; }
if mailboxexists "../etc" { fileinto "never"; }
