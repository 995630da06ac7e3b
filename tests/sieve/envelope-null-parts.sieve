# with the null sender every address part of "from" is "" (as Pigeonhole)
require ["envelope", "fileinto", "subaddress"];
if envelope :localpart :is "from" "" { fileinto "localpart"; }
if envelope :domain :is "from" "" { fileinto "domain"; }
if envelope :all :is "from" "" { fileinto "all"; }
