# RFC 5173: body :raw
require ["body", "fileinto"];
if body :raw :contains "viagra" { fileinto "spam"; }
if body :raw :contains "ACME WIDGETS" { fileinto "casemap"; }
if body :raw :contains "nothing like this" { fileinto "never"; }
if body :raw :matches "Hello,*Wile*" { fileinto "matches"; }
if body :raw :contains ["widgets and the word", "xyz"] { fileinto "list"; }
