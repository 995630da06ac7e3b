# RFC 5429 2.1.1
require ["ereject"];
if address :domain "from" "example.org" { ereject "I no longer accept mail from this domain"; }
