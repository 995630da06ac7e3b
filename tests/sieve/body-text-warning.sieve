# body without a transform means :text: the decoded text parts (RFC 5173 5.2)
require ["body", "fileinto"];
if body :contains "viagra" { fileinto "spam"; }
