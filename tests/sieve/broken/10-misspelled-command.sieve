require "fileinto";
filein "Lists";
