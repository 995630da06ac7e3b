# body without a transform means :text; evaluated like :raw, with a warning
require ["body", "fileinto"];
if body :contains "viagra" { fileinto "spam"; }
