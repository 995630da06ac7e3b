if anyof header :is "subject" "a", header :is "subject" "b" { keep; }
