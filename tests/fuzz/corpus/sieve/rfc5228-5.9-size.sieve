# RFC 5228 5.9: size counts the octets of the message
require "fileinto";
if size :over 500K { discard; }
if size :under 1k { fileinto "small"; }
if size :over 100 { fileinto "over100"; }
