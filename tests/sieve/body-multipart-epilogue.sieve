require ["body", "fileinto"];
# RFC 5173 5.2: with a multipart type, the preamble and epilogue are tested
if body :content "multipart" :contains "alpha" { fileinto "preamble"; }
if body :content "multipart" :contains "gamma" { fileinto "epilogue"; }
if body :content "multipart" :contains "beta" { fileinto "not-the-parts"; }
if body :text :contains "alpha" { fileinto "not-text"; }
if body :content "" :contains "gamma" { fileinto "not-any"; }
