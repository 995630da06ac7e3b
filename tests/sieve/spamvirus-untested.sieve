# nothing configured: every test is "0", not tested (RFC 3685 2.1,
# RFC 5235 3.2; sieve-test with no settings says the same)
require ["spamtestplus", "virustest", "fileinto", "variables"];
if spamtest :matches "*" { fileinto "spam-${1}"; }
if spamtest :percent :is "0" { fileinto "spam-percent-0"; }
if virustest :is "0" { fileinto "virus-0"; }
