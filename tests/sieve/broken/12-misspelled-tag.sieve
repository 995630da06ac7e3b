if header :contain "subject" "x" { keep; }
