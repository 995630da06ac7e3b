# the implicit keep after a fileinto :copy "inbox" is that same copy (its flags)
require ["fileinto", "imap4flags", "copy"];
fileinto :copy :flags "$A" "inbox";
addflag "\\Seen";
