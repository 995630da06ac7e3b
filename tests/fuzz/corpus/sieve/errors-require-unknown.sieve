require ["fileinto", "x-no-such-extension", "foreverypart"];
fileinto "a";
