# RFC 5463 5: error ends the run with a run-time error: only the implicit
# keep is left (sieve-test: "Something failed.")
require ["ihave", "fileinto"];
fileinto "before";
error "Something failed.";
