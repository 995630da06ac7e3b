keep;
require "fileinto";
if true { require "envelope"; }
