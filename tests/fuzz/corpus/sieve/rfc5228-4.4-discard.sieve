# RFC 5228 4.4: discard alone leaves one discard action
if header :contains ["from"] ["coyote@example.org", "coyote+acme@example.org"] {
   discard;
}
