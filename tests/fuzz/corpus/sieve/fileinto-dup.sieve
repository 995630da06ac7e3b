# the same folder twice is one action
require "fileinto";
fileinto "A";
fileinto "B";
fileinto "A";
