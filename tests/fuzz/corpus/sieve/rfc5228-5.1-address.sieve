# RFC 5228 5.1 / 2.7.4: address parts; display names and case of the domain
require "fileinto";
if address :is :all "from" "coyote+acme@example.org" { fileinto "all"; }
if address :is :localpart "from" "coyote+acme" { fileinto "localpart"; }
if address :is :domain "from" "example.org" { fileinto "domain"; }
if address :comparator "i;octet" :is :domain "from" "example.org" { fileinto "octet"; }
if address :is :all "to" "other@example.net" { fileinto "second"; }
if address :is :all "cc" "b@example.com" { fileinto "group"; }
if address :is :localpart "cc" "quoted local" { fileinto "quoted"; }
