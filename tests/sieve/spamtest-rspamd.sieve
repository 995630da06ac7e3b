# rspamd: X-Spamd-Result "[3.50 / 15.00]" is level 3, 23 percent
# (checked against sieve-test with the same two regexes)
require ["spamtestplus", "fileinto", "variables"];
if spamtest :matches "*" { fileinto "level-${1}"; }
if spamtest :percent :matches "*" { fileinto "percent-${1}"; }
