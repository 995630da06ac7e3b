# RFC 5228 5.4: the null reverse-path is ""
require ["envelope", "fileinto"];
if envelope :is "from" "" { fileinto "bounces"; }
