require ["mime", "variables", "foreverypart", "fileinto", "extracttext"];
# visiting order, nesting, break :name
set "seen" "";
foreverypart :name "outer" {
  if header :mime :matches :subtype "Content-Type" "*" { set "seen" "${seen}-${1}"; }
  if header :mime :type "Content-Type" "multipart" {
    set "inner" "";
    foreverypart {
      if header :mime :matches :subtype "Content-Type" "*" { set "inner" "${inner}+${1}"; }
      if header :mime :subtype "Content-Type" "plain" { extracttext :first 10 "h"; break :name "outer"; }
    }
  }
}
fileinto "seen${seen}";
fileinto "inner${inner}";
fileinto "h ${h}";
