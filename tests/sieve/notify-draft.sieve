# the pre-RFC notify draft (Pigeonhole's deprecated "notify"): :options
# are the addresses, $from$/$subject$ in the message, :low/:normal/:high;
# denotify drops the ones whose :id matches.  Checked against sieve-test
# with sieve_extensions = +notify.
require ["notify"];
notify :method "mailto" :options ["timo@example.com", "stephan@example.org"]
	:low :message "$from$: $subject$";
notify :options "aap@example.com" :id "aap";
notify :options "noot@example.com" :id "noot" :high;
notify :options "mies@example.com" :id "mies";
denotify :is "aap";
denotify :matches "m*";
