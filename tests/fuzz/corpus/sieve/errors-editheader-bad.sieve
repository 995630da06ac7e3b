require ["editheader"];
addheader "Bad Name" "x";
addheader "X-Ok:" "x";
deleteheader :last "x-a";
deleteheader :index 0 "x-a";
