# RFC 5230 4.5: no reply when the message does not name the user
require ["vacation"];
vacation "away";
