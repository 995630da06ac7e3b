# one argument error per command (as Pigeonhole), not a cascade
if header :index 1 :is "x-last" "z" { keep; }
fileinto "x";
