require "relational";
if header :value "greater" "subject" "2" { keep; }
