require "fileinto"
fileinto "Lists";
