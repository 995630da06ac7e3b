# RFC 5230 4.6: no reply to list mail (List-Id), the implicit keep remains
require ["vacation"];
vacation "away";
