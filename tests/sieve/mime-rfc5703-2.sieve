require ["mime", "fileinto"];
# RFC 5703 section 4.1 examples: the top-level type, then any child
if header :mime :type "Content-Type" "image"
{
     fileinto "INBOX.images";
}
if header :mime :anychild :contenttype "Content-Type" "text/html"
{
    fileinto "INBOX.html";
}
if header :mime :anychild :type "Content-Type" "image"
{
     fileinto "INBOX.anyimage";
}
if header :mime :type "Content-Type" "multipart" { fileinto "top-multipart"; }
if header :mime :anychild :param "filename" "Content-Disposition" "very important report.pdf" { fileinto "rfc2231"; }
if header :mime :anychild :param "name" "Content-Type" "Bild ü.png" { fileinto "rfc2047-param"; }
if exists :mime :anychild "Content-Disposition" { fileinto "has-disposition"; }
if address :mime :anychild :domain "From" "example.org" { fileinto "from-org"; }
