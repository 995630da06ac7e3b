require ["fileinto", "imap4flags", "mailbox"];

if header :contains "list-id" "debian-devel" {
    fileinto :create "Lists.debian-devel";     # Maildir folder .Lists.debian-devel/
} elsif header :is "x-spam-flag" "YES" {
    fileinto :flags "\\Seen" "Junk";
} elsif address :domain "from" "shop.example" {
    addflag "\\Flagged";
    fileinto "Bills";
}
