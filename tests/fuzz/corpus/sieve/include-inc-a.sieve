require ["include", "variables", "fileinto"];
global ["test", "test2"];
fileinto "A-${test}-${local}";
set "test2" "from-a";
set "test" "changed";
return;
fileinto "never-after-return";
