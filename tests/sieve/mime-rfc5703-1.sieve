require ["foreverypart", "mime", "fileinto"];
# RFC 5703 section 8 example 1 (size :over 1K instead of 100K, and
# "INBOX.important")
foreverypart
{
   if allof (
      header :mime :param "filename" :contains
        "Content-Disposition" "important",
      header :mime :subtype "Content-Type" "pdf",
      size :over 1K)
   {
     fileinto "INBOX.important";
     break;
   }
}
