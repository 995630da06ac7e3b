require “fileinto”;
fileinto "x";
