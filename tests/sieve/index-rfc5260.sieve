# RFC 5260 6: :index/:last on header, address and date (the message of
# Pigeonhole's index test: four To, X-A and Received fields).  Checked
# against sieve-test.
require ["index", "date", "fileinto", "variables"];
if header :index 3 "x-a" "Third" { fileinto "h3"; }
if header :index 3 :last "x-a" "Second" { fileinto "h3-last"; }
if header :index 9 "x-a" "*" { fileinto "h9"; }
if header :index 1 :matches "x-a" "*" { fileinto "h1-${1}"; }
if address :localpart :index 2 "to" "second" { fileinto "a2"; }
if address :localpart :index 2 :last "to" "third" { fileinto "a2-last"; }
if date :index 1 "received" "second" "31" { fileinto "d1"; }
if date :index 1 :last "received" "second" "28" { fileinto "d1-last"; }
if header :index 2 ["x-a", "to"] ["Second", "second@friep.example.com"] { fileinto "two-names"; }
