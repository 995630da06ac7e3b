# the same program twice: a run-time error, only the implicit keep is left
# (sieve-test: duplicate pipe "rec" action not allowed)
require ["vnd.dovecot.pipe"];
pipe "rec" ["a"];
pipe "rec" ["b"];
