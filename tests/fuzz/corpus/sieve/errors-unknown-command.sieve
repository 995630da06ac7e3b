frobnicate "x";
if frob "a" { keep; }
true;
if keep { stop; }
