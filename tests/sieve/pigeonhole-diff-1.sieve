# differential test against Pigeonhole sieve-test: each test that holds adds a flag
require ["fileinto","envelope","relational","comparator-i;ascii-numeric","subaddress","regex","date","variables","body","imap4flags"];
if header :contains "subject" "" { addflag "t00"; }
if header :contains "x-missing" "" { addflag "t01"; }
if header :is "x-missing" "" { addflag "t02"; }
if header :count "eq" :comparator "i;ascii-numeric" "x-missing" "0" { addflag "t03"; }
if header :count "eq" :comparator "i;ascii-numeric" ["to", "cc"] "2" { addflag "t04"; }
if address :count "eq" :comparator "i;ascii-numeric" ["to", "cc"] "5" { addflag "t05"; }
if address :all :is "to" "" { addflag "t06"; }
if address :localpart :is "to" "user" { addflag "t07"; }
if address :domain :contains "cc" "EXAMPLE" { addflag "t08"; }
if address :all :matches "cc" "*local*" { addflag "t09"; }
if address :is "from" "joe+lists@example.org" { addflag "t10"; }
if address :user :is "from" "joe" { addflag "t11"; }
if address :detail :is "from" "lists" { addflag "t12"; }
if header :matches "subject" "" { addflag "t13"; }
if header :matches "subject" "*" { addflag "t14"; }
if header :matches "subject" "?*" { addflag "t15"; }
if header :is "subject" "Hello World café  folded part" { addflag "t16"; }
if header :contains "subject" "café" { addflag "t17"; }
if header :contains :comparator "i;octet" "subject" "CAFÉ" { addflag "t18"; }
if header :contains "subject" "CAFÉ" { addflag "t19"; }
if header :value "lt" :comparator "i;ascii-numeric" "x-spam-score" "10" { addflag "t20"; }
if header :value "gt" "x-spam-score" "10" { addflag "t21"; }
if header :value "ne" :comparator "i;ascii-numeric" "subject" "0" { addflag "t22"; }
if header :value "eq" :comparator "i;ascii-numeric" "subject" "abc" { addflag "t23"; }
if exists "subject" { addflag "t24"; }
if exists ["subject", "x-nothing"] { addflag "t25"; }
if not exists "x-nothing" { addflag "t26"; }
if size :over 300 { addflag "t27"; }
if size :under 300 { addflag "t28"; }
if size :over 1K { addflag "t29"; }
if envelope :is "from" "sender@example.org" { addflag "t30"; }
if envelope :domain :is "to" "example.com" { addflag "t31"; }
if envelope :localpart :matches "from" "s*r" { addflag "t32"; }
if envelope :count "eq" :comparator "i;ascii-numeric" "to" "1" { addflag "t33"; }
if string :is "" "" { addflag "t34"; }
if string :count "eq" :comparator "i;ascii-numeric" "" "0" { addflag "t35"; }
if string :matches "abc" "a*" { addflag "t36"; }
if string :regex "abc" "^a.c$" { addflag "t37"; }
if header :regex "subject" "^Hello" { addflag "t38"; }
if header :regex "subject" "caf.$" { addflag "t39"; }
if header :regex "subject" "^(Hello) (W)" { addflag "t40"; }
if header :matches "date" "*, 23 Mar 2005 *" { addflag "t41"; }
if date :is "date" "month" "03" { addflag "t42"; }
if date :value "ge" "date" "year" "2000" { addflag "t43"; }
if date :is "date" "weekday" "3" { addflag "t44"; }
if date :zone "-0500" :is "date" "hour" "17" { addflag "t45"; }
if date :originalzone :is "date" "zone" "-0800" { addflag "t46"; }
if currentdate :value "gt" "year" "2000" { addflag "t47"; }
if header :contains "from" "\"Joe" { addflag "t48"; }
if header :is "from" "\"Joe Sender\" <joe+lists@Example.ORG>" { addflag "t49"; }
if address :is "to" "other@example.net" { addflag "t50"; }
if address :domain :is "to" "example.net" { addflag "t51"; }
if header :contains ["to", "cc"] "Other, Person" { addflag "t52"; }
if header :matches "to" "*,*" { addflag "t53"; }
if anyof (false, not true) { addflag "t54"; }
if allof (true, not false) { addflag "t55"; }
if header :is "message-id" "<abc123@example.org>" { addflag "t56"; }
if header :count "ge" :comparator "i;ascii-numeric" "received" "0" { addflag "t57"; }
if header :contains "to" ["nope", "user@"] { addflag "t58"; }
if address :domain :is ["to", "cc", "bcc"] "example.net" { addflag "t59"; }
keep;
