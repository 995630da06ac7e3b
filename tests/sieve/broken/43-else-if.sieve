if true { stop; }
else if false { keep; }
