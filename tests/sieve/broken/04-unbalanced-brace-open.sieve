require "fileinto";
if header :is "from" "boss@example.com" {
  fileinto "Boss";
