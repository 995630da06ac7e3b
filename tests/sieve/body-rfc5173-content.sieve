require ["body", "fileinto"];
# RFC 5173 section 7: any text part with "missile" or "coordinates"
if body :content "text" :contains ["missile", "coordinates"] {
        fileinto "secrets";
}
# an audio/mp3 part
if body :content "audio/mp3" :contains "" {
        fileinto "jukebox";
}
