if header :is ["subject", "from" "x" { keep; }
