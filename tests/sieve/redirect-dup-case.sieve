# local parts differ in case: two redirects (as Pigeonhole); domains compare without case
redirect "Carol@Example.NET";
redirect "carol@example.net";
redirect "carol@EXAMPLE.net";
