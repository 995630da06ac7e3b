require ["foreverypart", "variables", "extracttext", "mime"];
# RFC 5703 3.2 and 7: break and extracttext only inside foreverypart;
# Pigeonhole refuses them at compile time (same lines, same words).
if true {
   break;
}
foreverypart :name "a" {
  break :name "b";
  foreverypart { break :name "a"; extracttext "ok"; }
}
  extracttext "x";
foreverypart { break; extracttext :first 3 "y"; }
