# RFC 5233: :user and :detail
require ["subaddress", "envelope", "fileinto"];
if address :detail "from" "acme" { fileinto "detail-acme"; }
if address :user "from" "coyote" { fileinto "user-coyote"; }
if envelope :detail "to" "" { fileinto "empty-detail"; }
if envelope :detail :matches "to" "*" { fileinto "never-detail-from-plain"; }
if address :detail :matches "to" "*" { fileinto "never-no-plus"; }
