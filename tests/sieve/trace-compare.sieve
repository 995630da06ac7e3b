# the trace shows each value compared, with match type and comparator
require ["fileinto", "relational", "comparator-i;ascii-numeric"];
if address :domain :is "from" ["example.net", "example.org"] {
    fileinto "Org";
}
if header :count "ge" :comparator "i;ascii-numeric" "received" "2" { stop; }
if header :matches "x-missing" "*" { discard; }
if size :under 10 { stop; }
