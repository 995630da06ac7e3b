# RFC 5228 5.5
require "fileinto";
if exists ["From", "Date"] { fileinto "both"; }
if not exists ["From", "X-Missing"] { fileinto "not-both"; }
if exists "x-caffeine" { fileinto "empty-exists"; }
