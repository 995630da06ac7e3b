# The filter of the demo: lists into folders, spam flagged away,
# invoices marked important.
require ["fileinto", "imap4flags", "mailbox"];

if header :contains "list-id" "debian-devel" {
    fileinto :create "Lists.debian-devel";
    stop;
}
if header :is "x-spam-flag" "YES" {
    fileinto :flags "\\Seen" "Junk";
    stop;
}
if address :domain "from" "shop.example" {
    addflag "\\Flagged";
    fileinto "Bills";
}
