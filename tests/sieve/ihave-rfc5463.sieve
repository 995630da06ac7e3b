# RFC 5463: ihave is true for known extensions (fileinto, enotify) and
# false for unknown ones, encoded-character and variables; the block of
# an unknown one is not checked (it holds a command nobody knows); a
# known one's commands work there without require.  Checked against
# sieve-test.
require ["ihave"];
if ihave "nonsense-extension" {
	nonsense_command "Frop!";
}
if ihave ["fileinto", "imap4flags"] {
	addflag "\\Flagged";
	fileinto "known";
}
if ihave "variables" { discard; }
if ihave "encoded-character" { discard; }
