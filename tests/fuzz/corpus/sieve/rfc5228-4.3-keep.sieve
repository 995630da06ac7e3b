# RFC 5228 4.3
if size :under 1M { keep; } else { discard; }
