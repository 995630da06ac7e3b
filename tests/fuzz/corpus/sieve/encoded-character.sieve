# RFC 5228 2.4.2.4
require ["encoded-character", "fileinto"];
if header :contains "subject" "${unicode:20AC}" { fileinto "euro"; }
if header :contains "subject" "${hex:4D 61 6B 65}" { fileinto "hex-Make"; }
fileinto "${hex:41}${bad:41}";
