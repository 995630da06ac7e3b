elsif header :is "subject" "x" { keep; }
