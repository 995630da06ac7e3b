require ["fileinto", "relational", "comparator-i;ascii-numeric"];
fileinto;
fileinto 42;
keep "extra";
if header :is "subject" { keep; }
if size 100 { keep; }
if size :over :under 1 { keep; }
if header :bogus "a" "b" { keep; }
if header :comparator "i;unknown" "a" "b" { keep; }
if header :value "zz" "a" "b" { keep; }
if header :contains :comparator "i;ascii-numeric" "a" "1" { keep; }
redirect "not an address";
fileinto "a" :copy;
