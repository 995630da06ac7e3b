# RFC 5235 virustest from a text map: "Infected: ..." narrowed by regex
# to "Infected" is level 5 (checked against sieve-test: status_type text,
# text_value1 Clean, text_value5 Infected)
require ["virustest", "relational", "comparator-i;ascii-numeric",
	 "fileinto", "variables"];
if virustest :matches "*" { fileinto "virus-${1}"; }
if virustest :value "eq" :comparator "i;ascii-numeric" "5" { discard; }
