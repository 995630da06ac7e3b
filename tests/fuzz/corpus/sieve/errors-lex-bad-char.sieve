keep;
if header :is "a" "b" { discard; } @
stop;
