keep;
/* never closed
discard;
