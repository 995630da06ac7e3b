# no action at all: the implicit keep
if false { discard; }
