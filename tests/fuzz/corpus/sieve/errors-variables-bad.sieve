require ["variables"];
set "1abc" "x";
set "a.b" "x";
set :lower :upper "a" "x";
set "a";
