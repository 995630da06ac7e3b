keep
if true { stop; }
