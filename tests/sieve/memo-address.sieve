# the address parts of a field are parsed once per run and kept: every
# answer below must be what a fresh parse gives, also after editheader
# changed the field, for another spelling of the name, for another address
# part, under :mime / foreverypart, and with a name from a variable
require ["editheader", "fileinto", "variables", "subaddress", "relational",
         "comparator-i;ascii-numeric", "mime", "foreverypart"];
if address :domain :is "from" "a.example" { fileinto "1-domain"; }
if address :localpart :is "FROM" "joerg+lists" { fileinto "2-localpart"; }
if address :user :is "From" "joerg" { fileinto "3-user"; }
if address :detail :is "from" "lists" { fileinto "4-detail"; }
if address :all :contains "from" "joerg+lists@" { fileinto "5-all"; }
if address :count "eq" :comparator "i;ascii-numeric" ["to", "from"] "3" { fileinto "6-count"; }
if address :all :is "cc" "not an address" { fileinto "7-noaddr"; }
deleteheader "from";
addheader "From" "Zed <zed@B.example>";
if address :domain :is "from" "a.example" { fileinto "8-stale"; }
if address :domain :is "FROM" "b.example" { fileinto "9-edited"; }
if address :detail :is "from" "lists" { fileinto "10-stale-detail"; }
addheader :last "From" "Third <third@c.example>";
if address :count "eq" :comparator "i;ascii-numeric" "from" "2" { fileinto "11-two-from"; }
set "h" "from";
if address :domain :is "${h}" "c.example" { fileinto "12-variable"; }
foreverypart {
  if address :mime :anychild :domain :is "from" "part.example" { fileinto "13-part"; }
  if address :domain :is "from" "part.example" { fileinto "14-top-not-part"; }
}
if address :mime :anychild :localpart :is "from" "inner" { fileinto "15-anychild"; }
# sixteen more names fill the run's cache: "to" is then parsed each time
if header :count "ge" :comparator "i;ascii-numeric"
    ["x-1", "x-2", "x-3", "x-4", "x-5", "x-6", "x-7", "x-8", "x-9", "x-10",
     "x-11", "x-12", "x-13", "x-14", "x-15", "x-16"] "0" { fileinto "16-filled"; }
if address :localpart :is "to" "two" { fileinto "17-uncached"; }
if address :localpart :is "To" "one" { fileinto "18-uncached-again"; }
if address :domain :is "from" "c.example" { fileinto "19-cached"; }
