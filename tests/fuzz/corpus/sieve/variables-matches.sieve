# RFC 5229 3.2: leftmost stars match as little as possible; ${0} is all
require ["fileinto", "variables", "relational", "comparator-i;ascii-numeric"];
if header :matches "x-mailer" "* *" { fileinto "${1}-${2}-${0}"; }
if header :matches "x-mailer" "*i?e*" { fileinto "${1}.${2}.${3}"; }
if string :is "${1}" "S" { fileinto "kept-after-match"; }
if string :count "eq" :comparator "i;ascii-numeric" ["a", "", "b"] "2" { fileinto "count-skips-empty"; }
