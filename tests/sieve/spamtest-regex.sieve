# the score and the maximum read from X-Spam-Status by regex (7.6 over
# 5.0: level 10, 100 percent), and rspamd's X-Spamd-Result in the
# second script of spamtest-rspamd (checked against sieve-test)
require ["spamtestplus", "fileinto", "variables"];
if spamtest :matches "*" { fileinto "level-${1}"; }
if spamtest :percent :matches "*" { fileinto "percent-${1}"; }
