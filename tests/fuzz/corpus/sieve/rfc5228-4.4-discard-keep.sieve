# discard followed by keep: the message is kept, no discard action
discard;
keep;
