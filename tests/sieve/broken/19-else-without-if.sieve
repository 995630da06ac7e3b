keep;
else { discard; }
