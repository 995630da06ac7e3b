# a second store into the same folder is one action; its flags win (as Pigeonhole)
require ["fileinto", "imap4flags"];
fileinto :flags "$a" "A";
fileinto :flags "$b" "A";
keep :flags "\\Seen";
keep;
