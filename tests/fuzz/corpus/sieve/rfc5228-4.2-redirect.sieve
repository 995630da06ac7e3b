# RFC 5228 4.2: redirect cancels the implicit keep; the same address twice is one action
redirect "bart@example.com";
redirect "bart@example.com";
