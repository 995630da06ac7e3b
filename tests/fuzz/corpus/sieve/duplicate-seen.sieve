# RFC 7352 3: a message seen earlier is discarded
require ["duplicate"];
if duplicate { discard; }
