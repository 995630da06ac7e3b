# RFC 5429: reject with fileinto is a run-time error (as Pigeonhole); the message is kept
require ["reject", "fileinto"];
fileinto "A";
reject "no";
