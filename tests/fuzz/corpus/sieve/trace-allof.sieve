# the trace hook sees each evaluated test with its source text
require "fileinto";
if allof (header :contains "subject" "money",
          not exists "x-missing") {
    fileinto "Spam";
} elsif true { keep; }
if anyof (false, size :over 10) { stop; }
