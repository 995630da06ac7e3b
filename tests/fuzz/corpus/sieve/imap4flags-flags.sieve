# RFC 5232: :flags overrides the internal variable; hasflag; variable form
require ["fileinto", "imap4flags", "variables"];
addflag ["\\Seen", "$Label1"];
addflag "\\seen";
fileinto :flags "\\Answered" "Answered";
if hasflag :contains "label" { fileinto "has-label"; }
if hasflag :is "\\SEEN" { fileinto "has-seen"; }
setflag "myvar" "\\Draft $A";
addflag "myvar" "$B";
removeflag "myvar" "$A";
if hasflag "myvar" "$B" { fileinto "var-has-B"; }
if string :is "${myvar}" "\\Draft $B" { fileinto "var-is"; }
keep;
