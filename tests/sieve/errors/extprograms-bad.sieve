require ["vnd.dovecot.pipe", "vnd.dovecot.filter", "vnd.dovecot.execute",
	 "variables", "encoded-character"];
pipe "../frop";
pipe "idiotic${unicode: 001a}";
pipe "idiotic${unicode: 2028}";
set "p" "x";
pipe "${p}";
pipe 1;
pipe "a" "b" "c";
filter :try "x";
execute :input "a" :pipe "x";
execute :output "a-b" "x";
execute "x" ["a", "b"];
