# RFC 5183
require ["environment", "fileinto", "variables"];
if environment :is "name" "mda" { fileinto "name"; }
if environment :matches "host" "*.example.com" { fileinto "host"; }
if environment :is "phase" "during" { fileinto "phase"; }
if environment :contains "remote-ip" "" { fileinto "never-unset"; }
if environment :is "location" "MDA" { fileinto "location"; }
if environment :matches "domain" "*" { fileinto "dom-${1}"; }
