# RFC 7352: the second check of the same Message-ID sees the first
require ["duplicate", "fileinto", "variables"];
if duplicate { fileinto "never-first"; }
if duplicate { fileinto "dup-second"; }
if duplicate :header "x-mailer" :handle "m" { fileinto "never-mailer"; }
if duplicate :uniqueid "abc" :seconds 60 { fileinto "never-uniqueid"; }
if duplicate :header "x-missing" { fileinto "never-missing"; }
