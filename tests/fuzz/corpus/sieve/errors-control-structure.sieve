elsif true { keep; }
if true { keep; } else { stop; } else { stop; }
if true;
stop { keep; }
if true { keep; } elsif { keep; }
