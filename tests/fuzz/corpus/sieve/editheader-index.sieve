# RFC 5293 4: :index counts fields of that name from the top (or :last from the bottom)
require ["editheader"];
addheader "X-N" "3";
addheader "X-N" "2";
addheader "X-N" "1";
deleteheader :index 2 "x-n";
deleteheader :index 1 :last "X-N";
deleteheader :contains "x-spam-score" "nomatch";
