require "fileinto";
fileinto :flags "\\Seen" "Lists";
