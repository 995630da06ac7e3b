# Pigeonhole warns about header names that cannot exist; the script still runs
if header :is "a b" "x" { keep; }
if exists "a:b" { keep; }
