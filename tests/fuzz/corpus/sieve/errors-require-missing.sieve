fileinto "Lists";
if envelope :is "from" "a@b.c" { keep; }
if header :regex "subject" "x" { keep; }
if header :count "gt" "to" "2" { keep; }
if address :user "from" "x" { keep; }
keep :flags "\\Seen";
redirect :copy "a@example.com";
