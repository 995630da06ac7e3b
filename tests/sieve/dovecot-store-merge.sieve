# one copy per folder, with the flags dovecot-lda stores (checked by delivery):
# a later store replaces the flags, but a keep after fileinto "INBOX" leaves it
require ["fileinto", "imap4flags", "copy"];
fileinto :copy :flags "\\Seen" "INBOX";
keep :flags "\\Draft";
fileinto :flags "\\Seen" "A";
fileinto "A";
fileinto :flags "\\Flagged" "B";
fileinto :flags "\\Answered" "B";
