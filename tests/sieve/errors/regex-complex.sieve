# glibc regcomp copies the operand of each '+' and {m,n}: such keys are refused
require ["regex"];
if header :regex "subject" "MO++++++++++++++++++++++++++++++++++++++++NEY" { keep; }
if header :regex "subject" "(a{200}){200}" { keep; }
if header :regex "subject" "a{1000}" { keep; }
if header :regex "subject" "^(ok)+ [a-z]+ x{2,5}$" { keep; }
if header :regex "subject" "(a*)*\\1" { keep; }
