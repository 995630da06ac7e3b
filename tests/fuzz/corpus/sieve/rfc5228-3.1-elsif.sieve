# RFC 5228 3.1: the elsif branch is taken when the if test fails
require "fileinto";
if header :contains "from" "roadrunner" {
   discard;
} elsif header :contains ["subject"] ["money"] {
   fileinto "Spam";
} else {
   fileinto "INBOX";
}
