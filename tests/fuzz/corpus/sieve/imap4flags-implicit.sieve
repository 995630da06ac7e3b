# RFC 5232 5: the implicit keep uses the flags in force at the end
require "imap4flags";
addflag "\\Seen";
