# RFC 5228 2.4.2: a multi-line string: hash comment after "text:",
# dot-unstuffing, CRLF line ends; reject cancels the implicit keep
require "reject";
reject text: # a comment after text:
line one
..line two starts with a dot
.
;
