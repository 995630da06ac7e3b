# RFC 5230 4.6: never answer the null sender
require ["vacation"];
vacation "away";
