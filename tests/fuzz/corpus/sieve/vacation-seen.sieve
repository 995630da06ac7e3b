# RFC 5230 4.2: already answered within the period (state_check says so)
require ["vacation"];
vacation :handle "h" "away";
