# RFC 6609: include :personal/:global, :once, return, stop, global variables
require ["include", "variables", "fileinto"];
global "test";
set "test" "value";
set "local" "mine";
include :personal "inc-a";
include :once "inc-a";
include "inc-a";
if string :is "${test2}" "" { fileinto "not-declared-here"; }
if string :is "${global.test2}" "from-a" { fileinto "global-namespace"; }
include :optional "does-not-exist";
include :global "inc-g";
fileinto "never-after-stop";
