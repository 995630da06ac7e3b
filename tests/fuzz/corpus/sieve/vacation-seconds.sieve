# RFC 6131 :seconds, :subject, :from, :handle, :mime
require ["vacation-seconds", "fileinto"];
vacation :seconds 1800 :subject "Away" :from "me@example.com" :handle "h1" :mime
text:
Content-Type: text/plain

Back soon.
.
;
fileinto "Archive";
