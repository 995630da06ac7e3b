# RFC 5260 examples: date parts, :zone, :originalzone, currentdate (env->now)
require ["date", "relational", "fileinto", "variables"];
if date :is "date" "year" "2005" { fileinto "year-2005"; }
if date :originalzone :is "date" "hour" "14" { fileinto "orig-hour-14"; }
if date :is "date" "hour" "22" { fileinto "utc-hour-22"; }
if date :zone "+0100" :is "date" "date" "2005-03-23" { fileinto "plus1-date"; }
if date :zone "+0200" :is "date" "date" "2005-03-24" { fileinto "plus2-next-day"; }
if date :originalzone :matches "date" "iso8601" "*" { set "iso" "${0}"; }
if date :originalzone :matches "date" "std11" "*" { set "std" "${0}"; }
if date :matches "date" "julian" "*" { set "jul" "${0}"; }
if date :matches "date" "weekday" "*" { set "wd" "${0}"; }
if date :matches "date" "zone" "*" { set "zone" "${0}"; }
if date :matches "received" "time" "*" { set "rtime" "${0}"; }
if currentdate :matches "iso8601" "*" { set "now" "${0}"; }
if currentdate :value "ge" "date" "2023-01-01" { fileinto "after-2023"; }
fileinto "${iso}|${std}|${jul}|${wd}|${zone}|${rtime}|${now}";
