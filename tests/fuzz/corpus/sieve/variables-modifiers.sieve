# RFC 5229 4: set modifiers and their precedence
require ["fileinto", "variables"];
set "a" "juMBlEd lETteRS";
set :lower "b" "${a}";
set :upper "c" "${a}";
set :lowerfirst "d" "${a}";
set :upperfirst :lower "e" "${a}";
set :length "f" "${a}";
set :quotewildcard "g" "Rock*";
set :length "h" "€uro";
fileinto "${b}|${c}|${d}|${e}|${f}|${g}|${h}|${undefined}|${bad";
