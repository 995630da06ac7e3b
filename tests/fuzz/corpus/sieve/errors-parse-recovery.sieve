# several syntax errors, each reported once; the parser resynchronises
keep
discard;
if header :is "a" "b" discard; }
fileinto "x" ["a" "b"];
if true { stop; ]
redirect "a@example.com";
