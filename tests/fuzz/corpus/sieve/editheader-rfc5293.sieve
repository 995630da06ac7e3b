# RFC 5293: addheader prepends (or :last appends); deleteheader by name,
# :index/:last and value; edits are seen by later tests and stored by later
# actions only; Received cannot be deleted
require ["editheader", "fileinto", "variables"];
fileinto "before";
addheader "X-Sieve-Filtered" "yes";
addheader :last "X-Note" "café";
deleteheader "x-mailer";
deleteheader :index 1 :last "received";
deleteheader :matches "list-id" "*acme*";
if header :is "x-sieve-filtered" "yes" { fileinto "seen-by-test"; }
if not exists "x-mailer" { fileinto "deleted"; }
if header :is "x-note" "café" { fileinto "decoded-note"; }
