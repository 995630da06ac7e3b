# RFC 5435 / RFC 5436: notify with the mailto method; valid_notify_method,
# notify_method_capability ("online" is "maybe"), set :encodeurl; the
# same method twice is one notification.  Checked against sieve-test.
require ["enotify", "variables", "fileinto"];
set :encodeurl "subj" "New mail & more/ok";
set :encodeurl "u8" "café ~x_y.z-";
if valid_notify_method ["mailto:a@example.org", "mailto:b@example.net?cc=c@example.net"] {
	fileinto "valid";
}
if valid_notify_method "mailto:a%23example.org" { fileinto "invalid-accepted"; }
if valid_notify_method "xmpp:a@example.org" { fileinto "xmpp-accepted"; }
if notify_method_capability "mailto:a@example.org" "online" "maybe" {
	fileinto "online-maybe";
}
if notify_method_capability "mailto:a@example.org" "online" "yes" {
	fileinto "online-yes";
}
fileinto "${subj}";
fileinto "${u8}";
notify :importance "1" :from "me@example.com" :message "You got mail"
	"mailto:alice@example.org%2cbob@example.org?cc=carol@example.org&subject=${subj}";
notify "mailto:dave@example.org?body=hello";
notify "mailto:dave@example.org?body=hello";
