if header :comparator "i;octets-casemap" :is "subject" "x" { keep; }
