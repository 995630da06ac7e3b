require "fileinto2";
keep;
