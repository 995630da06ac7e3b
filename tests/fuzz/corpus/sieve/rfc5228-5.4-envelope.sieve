# RFC 5228 5.4
require ["envelope", "fileinto"];
if envelope :all :is "from" "tim@example.com" { discard; }
if envelope :domain :is "to" "example.com" { fileinto "to-domain"; }
if envelope :localpart :is "from" "sender" { fileinto "from-local"; }
