# RFC 5231 examples
require ["relational", "comparator-i;ascii-numeric", "fileinto"];
if header :value "lt" :comparator "i;ascii-numeric" ["x-priority"] ["3"] { fileinto "prio"; }
if address :count "ge" :comparator "i;ascii-numeric" ["to", "cc"] ["3"] { fileinto "many"; }
if header :count "eq" :comparator "i;ascii-numeric" "received" "1" { fileinto "one-received"; }
if header :value "ge" :comparator "i;ascii-casemap" "from" "b" { fileinto "from-ge-b"; }
if address :count "eq" :comparator "i;ascii-numeric" "cc" "3" { fileinto "cc-three"; }
