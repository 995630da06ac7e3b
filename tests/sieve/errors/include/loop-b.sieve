require "include";
keep;
include "loop-a";
