if header :is "subject" "a" { keep; } elseif true { stop; }
