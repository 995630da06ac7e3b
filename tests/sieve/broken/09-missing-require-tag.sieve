if header :regex "subject" "^\\[list\\]" { keep; }
