# RFC 5228 2.7.1: :matches wildcards; ? is one octet; \\* is a literal star
require "fileinto";
if header :matches "x-mailer" "Sieve*1.?" { fileinto "star-q"; }
if header :matches "x-mailer" "Sieve*1.??" { fileinto "never-two-q"; }
if header :matches "x-spam-score" "??" { fileinto "two-octets"; }
if header :matches "subject" "*\\**" { fileinto "never-literal-star"; }
if header :matches "subject" "MAKE*" { fileinto "casemap"; }
if header :matches :comparator "i;octet" "subject" "MAKE*" { fileinto "never-octet"; }
if header :matches "subject" "*€*" { fileinto "utf8"; }
