require "reject";
reject text:
no terminating dot
