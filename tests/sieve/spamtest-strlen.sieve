# SpamAssassin's X-Spam-Level: 7 stars of 15 is level 5, 46 percent
# (checked against sieve-test: status_type strlen, max_value 15)
require ["spamtestplus", "fileinto", "variables"];
if spamtest :matches "*" { fileinto "level-${1}"; }
if spamtest :percent :matches "*" { fileinto "percent-${1}"; }
