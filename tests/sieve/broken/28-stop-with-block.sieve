stop { keep; }
