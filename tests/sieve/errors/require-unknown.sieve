require ["fileinto", "x-no-such-extension", "vnd.no-such"];
fileinto "a";
