# RFC 5429 2.1
require ["reject"];
if size :over 100 {
   reject text:
I no longer accept mail from you.
.
;
}
