# RFC 5228 5.1: the address test only looks at headers that hold addresses
if address :is ["From", "Subject"] "x" { keep; }
if address :contains "x-spam-score" "7" { keep; }
