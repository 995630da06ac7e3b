# differential test against Pigeonhole sieve-test: variables, modifiers, match variables, editheader seen by tests, encoded-character
require ["variables", "fileinto", "regex", "editheader", "imap4flags", "encoded-character", "relational"];
if header :matches "subject" "* and *" { set "a" "${1}|${2}|${0}"; }
if header :matches "subject" "nomatch*" { set "b" "x"; }
set "c" "${1}";
if header :regex "from" "^(.*) <([a-z]+)@" { set "d" "${1}-${2}-${3}"; }
set :quotewildcard "e" "a*b?c\\d";
set :upperfirst "f" "ümlaut";
set :length "g" "äöü";
set "h" "${hex:C3 A4}${unicode:1F600}";
set "i" "${d}${";
set "j" "$${a}";
set "k" "${ a}";
addheader "X-Added" "v1";
if header :is "x-added" "v1" { set "l" "added-seen"; }
deleteheader "x-multi";
if not exists "x-multi" { set "m" "deleted"; }
addheader :last "X-Last" "z";
addflag "flagvar" ["\\Seen", "b"];
removeflag "flagvar" "B";
if string :matches "${flagvar}" "*" { set "o" "${0}"; }
if string :value "gt" "${a}" "a" { set "p" "gt"; }
fileinto "a=${a}";
fileinto "b=${b}";
fileinto "c=${c}";
fileinto "d=${d}";
fileinto "e=${e}";
fileinto "f=${f}";
fileinto "g=${g}";
fileinto "h=${h}";
fileinto "i=${i}";
fileinto "j=${j}";
fileinto "k=${k}";
fileinto "l=${l}";
fileinto "m=${m}";
fileinto "o=${o}";
fileinto "p=${p}";
