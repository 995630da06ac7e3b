# RFC 5229 :quoteregex is refused, as Pigeonhole 2.3 does
require ["variables", "regex"];
set :quoteregex "a" "b";
