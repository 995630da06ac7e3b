require ["body", "fileinto"];
# RFC 5173 section 5.2 (the folder is "project.schedule": '/' is refused)
if body :text :contains "project schedule" {
    fileinto "project.schedule";
}
# decoded: quoted-printable soft break joined, ISO-8859-1 in UTF-8
if body :text :contains "Grüße" { fileinto "decoded"; }
if body :text :contains "coordinates are" { fileinto "soft-break"; }
# :raw sees the encoded text, :text does not
if body :raw :contains "Gr=FC=DFe" { fileinto "raw-encoded"; }
if body :text :contains "Gr=FC=DFe" { fileinto "text-encoded"; }
# the PDF is not text; :content "application" decodes its base64
if body :text :contains "%PDF" { fileinto "text-pdf"; }
if body :content "application/pdf" :contains "%PDF-1.4" { fileinto "content-pdf"; }
if body :content "" :contains "%PDF-1.4" { fileinto "content-any"; }
