require ["date"];
if date :zone "CET" "date" "year" "2005" { keep; }
if date "date" "fortnight" "1" { keep; }
if currentdate :originalzone "year" "2005" { keep; }
