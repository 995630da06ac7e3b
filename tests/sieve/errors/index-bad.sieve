require "date";
require "index";
if header :last :index 2 "to" "ok" { }
if header :index 444 :last "to" "ok" { }
if header :index "to" "ok" {}
if header :index :last "to" "ok" {}
if header :index "frop" "to" "ok" {}
if header :last "to" "ok" {}
if header :index 0 "to" "ok" {}
if header :index 0 :last "to" "ok" {}
