# vnd.dovecot.pipe (spec-bosch-sieve-extprograms 5): pipe cancels the
# implicit keep unless :copy; the same program twice is a run-time error
# (pipe-duplicate).  Checked against sieve-test -e with the extprograms
# plugin: once the program has run, no INBOX copy is stored.
require ["vnd.dovecot.pipe", "copy", "fileinto"];
pipe :copy :try "learn" ["spam", "--user=u"];
fileinto :copy "Archive";
pipe "handler";
