require ["fileinto"];
fileinto "G";
stop;
