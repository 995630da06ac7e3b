# RFC 5228 5.2 / 5.3: allof and anyof
require "fileinto";
if allof (header :contains "From" "Coyote", header :contains "Subject" "money") {
   fileinto "allof";
}
if allof (header :contains "From" "Coyote", header :contains "Title" "Ma'am") {
   fileinto "not-allof";
}
if anyof (header :contains "Title" "Ma'am", header :contains "From" "Coyote") {
   fileinto "anyof";
}
if anyof (false, false) { fileinto "not-anyof"; }
