require ["fileinto"];
if header :list "from" "tag:friends" { fileinto "x"; }
if valid_ext_list "tag:friends" { fileinto "y"; }
