require "fileinto";
fileinto: "Lists";
