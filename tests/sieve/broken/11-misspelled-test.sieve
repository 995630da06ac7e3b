if heder :is "subject" "x" { keep; }
