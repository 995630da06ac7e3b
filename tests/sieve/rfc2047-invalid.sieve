# as Pigeonhole reads them: bad base64 words vanish, unknown charsets are
# kept as octets, a folding TAB becomes a space, folding spaces stay
require "fileinto";
if header :is "subject" "and abc end" { fileinto "decoded"; }
if header :contains "subject" "notbase64" { fileinto "never"; }
if header :is "x-folded" "first part second part" { fileinto "tab-fold"; }
if header :is "x-spaces" "part one,    part two" { fileinto "space-fold"; }
