# the pre-RFC imapflags: setflag/addflag/removeflag on the internal flags,
# mark and unmark (\Flagged); fileinto and the implicit keep store them
# (checked against sieve-test with sieve_extensions = +imapflags)
require ["imapflags", "fileinto"];
setflag "\\Draft";
fileinto "Set";
addflag "\\Flagged";
fileinto "Add";
removeflag "\\Draft";
fileinto "Remove";
unmark;
fileinto "Unmarked";
mark;
addflag "\\Seen";
keep;
