require ["body", "fileinto", "variables", "foreverypart", "mime", "extracttext"];
# Pigeonhole turns text/html (and application/xhtml+xml) into plain text
# for body :text and extracttext; :content compares the HTML as written.
if body :text :contains "Tom & Jerry <3 café" { fileinto "entities"; }
if body :text :contains "<p>" { fileinto "text-tag"; }
if body :text :contains "secret" { fileinto "text-script"; }
if body :text :contains "color" { fileinto "text-style"; }
if body :text :contains "hidden" { fileinto "text-comment"; }
if body :text :contains "café Grüße price: 10€" { fileinto "spaces"; }
if body :text :contains "xhtml part & more" { fileinto "xhtml"; }
if body :content "text/html" :contains "<p>Tom &amp; Jerry" { fileinto "content-raw"; }
foreverypart {
  if header :mime :subtype "Content-Type" "html" {
    extracttext :first 12 "x";
    if string :is "${x}" "Tom & Jerry " { fileinto "extract"; }
  }
}
