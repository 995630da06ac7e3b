require ["mime", "variables", "extracttext", "foreverypart", "fileinto"];
# RFC 5703 section 7 example (foreverypart required; the result is
# checked with `string`)
if header :contains "from" "boss@example.org"
{
  if header :matches "Subject" "*"
  {
    set "subject" "${1}";
  }
  foreverypart
  {
    if header :mime :type :is "Content-Type" "text"
    {
      extracttext :first 20 "msgcontent";
      break;
    }
  }
  if not header :contains "subject" "FYI:"
  {
    if string :is "${msgcontent}" "Grüße: the project" {
      fileinto "boss-${subject}";
    }
  }
}
