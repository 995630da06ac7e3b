# RFC 3685 / RFC 5235: the level of X-Spam-Score 7.5 out of 10 is 7 of
# 1..10, 75 percent (checked against sieve-test with
# sieve_spamtest_status_header = X-Spam-Score, max_value 10, type score)
require ["spamtest", "spamtestplus", "relational", "comparator-i;ascii-numeric",
	 "fileinto", "variables"];
if spamtest :matches "*" { fileinto "level-${1}"; }
if spamtest :percent :matches "*" { fileinto "percent-${1}"; }
if spamtest :value "ge" :comparator "i;ascii-numeric" "5" { fileinto "Junk"; }
if spamtest :percent :value "lt" :comparator "i;ascii-numeric" "76" {
	fileinto "under76";
}
