require "reject";
if reject "no" { stop; }
