/* RFC 5228 2.4.2: quoted strings with escapes, multi-line strings with
   dot-stuffing and a hash comment after text:, numbers with K/M/G */
require "fileinto";
if header :is "x-mailer" "Sieve \"fixture\" 1.0" { fileinto "never-quotes"; }
if header :is "x-mailer" "S\i\e\v\e fixture 1.0" { fileinto "unknown-escapes"; }
if header :is "x-mailer" "Sieve fixture 1\.0" { fileinto "backslash-dot"; }
if size :under 1G { fileinto "under-1G"; }
if size :over 0K { fileinto "over-0K"; }
