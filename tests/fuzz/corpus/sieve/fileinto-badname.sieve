# design.md: a folder name with "/" or ".." is a run-time error; only the implicit keep remains
require ["fileinto"];
redirect "x@example.net";
fileinto "../../etc";
