# RFC 6134 with the site's lists: address :list, header :list, envelope
# :list; valid_ext_list; an unknown list matches nothing.  (Pigeonhole has
# no extlists: no sieve-test reference.)
require ["extlists", "fileinto", "envelope", "subaddress"];
if address :list :localpart "from" "tag:friends" { fileinto "no-localpart-item"; }
if address :list :user "from" "tag:users" { fileinto "user-listed"; }
if address :all :list "from" "tag:friends" { fileinto "from-friend"; }
if envelope :list "from" "tag:friends" { fileinto "env-friend"; }
if header :list "x-mailer" "tag:mailers" { fileinto "mailer"; }
if header :list :comparator "i;octet" "x-mailer" "tag:mailers" { fileinto "mailer-octet"; }
if address :list "from" "tag:nosuchlist" { fileinto "unknown-list"; }
if valid_ext_list ["tag:friends", "tag:users"] { fileinto "valid"; }
if valid_ext_list ["tag:friends", "tag:nosuchlist"] { fileinto "valid-unknown"; }
