require "spamtest";
require "virustest";
if spamtest 3 { }
if virustest 3 { }
if spamtest :matches :comparator "i;ascii-casemap" { }
if spamtest :percent "3" { }
