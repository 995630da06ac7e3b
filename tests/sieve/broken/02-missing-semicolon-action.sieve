require "fileinto";
if header :contains "subject" "sale" {
  fileinto "Ads"
}
