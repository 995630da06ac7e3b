require "fileinto";
fileinto "oops;
keep;
