# RFC 3894: fileinto :copy keeps the implicit keep; redirect :copy too
require ["copy", "fileinto"];
fileinto :copy "incoming";
redirect :copy "archive@example.net";
