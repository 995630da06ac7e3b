# RFC 5228 5.7: header values are unfolded, RFC 2047-decoded and trimmed
require "fileinto";
if header :contains ["From", "To"] "user@example.com" { fileinto "to-me"; }
if header :is ["X-Caffeine"] [""] { fileinto "no-caffeine"; }
if header :is "subject" "Make money fast € at the university diplomas" { fileinto "decoded"; }
if header :is "x-spam-score" "12" { fileinto "trimmed"; }
