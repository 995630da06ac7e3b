# draft-ietf-sieve-regex: POSIX extended, match variables
require ["regex", "variables", "fileinto"];
if header :regex "x-mailer" "^Sieve (fix[a-z]+) ([0-9.]+)$" {
    fileinto "${1}-${2}";
}
if header :regex "subject" "MONEY" { fileinto "icase"; }
if header :regex :comparator "i;octet" "subject" "MONEY" { fileinto "never-octet"; }
if address :regex :domain "from" "example\\.(org|net)" { fileinto "domain-re"; }
