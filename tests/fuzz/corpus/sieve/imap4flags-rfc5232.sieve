# RFC 5232 section 7 example (adapted): flags in force go with each action
require ["fileinto", "imap4flags", "variables"];
if size :over 100 {
   setflag "\\Deleted";
}
if header :contains "from" "coyote" {
   addflag "\\Flagged";
   fileinto "From Coyote";
   removeflag "\\Flagged";
}
if header :contains "subject" "money" {
   addflag "$Spam \\Seen";
}
