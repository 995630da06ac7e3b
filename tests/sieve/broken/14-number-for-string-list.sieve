if header :is "subject" 5 { keep; }
