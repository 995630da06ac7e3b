# differential test against Pigeonhole sieve-test: each test that holds adds a flag
require ["fileinto","envelope","relational","comparator-i;ascii-numeric","subaddress","regex","date","variables","body","imap4flags"];
if header :is "from" "André <andre@example.org>" { addflag "t00"; }
if address :is "from" "andre@example.org" { addflag "t01"; }
if address :count "eq" :comparator "i;ascii-numeric" "to" "2" { addflag "t02"; }
if address :count "eq" :comparator "i;ascii-numeric" "to" "3" { addflag "t03"; }
if address :is "to" "routed@example.net" { addflag "t04"; }
if address :count "eq" :comparator "i;ascii-numeric" "cc" "3" { addflag "t05"; }
if address :all :is "cc" "broken-address" { addflag "t06"; }
if address :localpart :is "cc" "broken-address" { addflag "t07"; }
if address :domain :is "cc" "y" { addflag "t08"; }
if address :is "cc" "x@y" { addflag "t09"; }
if address :all :contains "cc" "q@example.com" { addflag "t10"; }
if address :is "reply-to" "m1@example.com" { addflag "t11"; }
if address :is "reply-to" "m 2@example.com" { addflag "t12"; }
if address :is "reply-to" "\"m 2\"@example.com" { addflag "t13"; }
if address :count "eq" :comparator "i;ascii-numeric" "reply-to" "3" { addflag "t14"; }
if address :is "reply-to" "last@example.com" { addflag "t15"; }
if header :is "subject" "äöü and more [list] re: *star* ?q?" { addflag "t16"; }
if header :contains "subject" "ÄÖÜ" { addflag "t17"; }
if header :matches "subject" "*\\*star\\**" { addflag "t18"; }
if header :matches "subject" "*\\?q\\?" { addflag "t19"; }
if header :matches "subject" "*?q?" { addflag "t20"; }
if header :matches "subject" "??????*" { addflag "t21"; }
if header :matches "subject" "???????*" { addflag "t22"; }
if header :is "x-empty" "" { addflag "t23"; }
if header :count "eq" :comparator "i;ascii-numeric" "x-multi" "3" { addflag "t24"; }
if header :is "x-multi" "two" { addflag "t25"; }
if header :value "gt" :comparator "i;ascii-numeric" "x-num" "41" { addflag "t26"; }
if header :value "eq" :comparator "i;ascii-numeric" "x-num" "42" { addflag "t27"; }
if header :is :comparator "i;ascii-numeric" "x-num" "42xyz" { addflag "t28"; }
if date :is "received" "hour" "01" { addflag "t29"; }
if date :originalzone :is "received" "zone" "+0100" { addflag "t30"; }
if date :is "date" "zone" "+0000" { addflag "t31"; }
if date :originalzone :is "date" "zone" "+0000" { addflag "t32"; }
if date :is "date" "iso8601" "2005-03-24T01:02:03Z" { addflag "t33"; }
if date :is "date" "std11" "Thu, 24 Mar 2005 01:02:03 +0000" { addflag "t34"; }
if date :is "date" "julian" "53453" { addflag "t35"; }
if date :zone "-1200" :is "date" "day" "23" { addflag "t36"; }
if body :raw :contains "viagra" { addflag "t37"; }
if body :raw :contains "line one\r\nLine" { addflag "t38"; }
if body :raw :contains "line one\nLine" { addflag "t39"; }
if body :raw :is "x" { addflag "t40"; }
if body :raw :matches "*Viagra*" { addflag "t41"; }
if body :raw :contains ".dot" { addflag "t42"; }
if body :raw :regex "^line" { addflag "t43"; }
if body :raw :count "eq" :comparator "i;ascii-numeric" "1" { addflag "t44"; }
if body :raw :value "gt" "a" { addflag "t45"; }
if exists "x-empty" { addflag "t46"; }
if header :contains "x-empty" "" { addflag "t47"; }
if header :matches "x-empty" "*" { addflag "t48"; }
if header :regex "subject" "^.{3} and" { addflag "t49"; }
if header :regex "x-num" "[0-9]+abc" { addflag "t50"; }
if string :count "eq" :comparator "i;ascii-numeric" ["a","b",""] "2" { addflag "t51"; }
if header :contains "to" "A, B" { addflag "t52"; }
if address :domain :is "to" "EXAMPLE.COM" { addflag "t53"; }
if address :localpart :is :comparator "i;octet" "to" "AB" { addflag "t54"; }
if envelope :all :is "to" "USER@example.com" { addflag "t55"; }
if anyof (header :is "x-multi" "three", false) { addflag "t56"; }
keep;
