# RFC 4790 9.3 / RFC 5228 2.7.3: i;ascii-numeric
require ["fileinto", "comparator-i;ascii-numeric", "relational"];
if header :is :comparator "i;ascii-numeric" "x-spam-score" "012" { fileinto "eq-012"; }
if header :value "gt" :comparator "i;ascii-numeric" "x-spam-score" "9" { fileinto "gt-9"; }
if header :value "gt" :comparator "i;ascii-casemap" "x-spam-score" "9" { fileinto "never-string-gt"; }
if header :value "lt" :comparator "i;ascii-numeric" "x-mailer" "99999" { fileinto "never-inf-lt"; }
if header :value "gt" :comparator "i;ascii-numeric" "x-mailer" "99999" { fileinto "inf-gt"; }
