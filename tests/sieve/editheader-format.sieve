# added fields are written as dovecot-lda writes them (checked by delivery)
require ["editheader"];
addheader "x-spam-flag" "NO";
addheader "X-Added" "Bücher und Zeitschriften";
addheader "X-Two" "Bücher Zürich end";
addheader "X-V" "a
b";
addheader "X-Long" "aaaaaaaaa bbbbbbbbb ccccccccc ddddddddd eeeeeeeee fffffffff ggggggggg hhhhhhhhh iiiiiiiii jjjjjjjjj kkkkkkkkk lllllllll";
addheader "X-LongWord" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
addheader "x-ABC-def" "x";
addheader "X-Q" "a=b?c_d é";
deleteheader :index 0 "x-multi";
addheader "X-Enc-1" "café";
addheader "X-Enc-2" "cafée";
addheader "X-Enc-3" "caféé";
addheader "X-Enc-4" "ab€";
addheader "X-Enc-5" "abcd€";
addheader "X-Enc-6" "abcdef€";
addheader "X-Enc-7" "a€b€c";
addheader "X-Enc-8" "aé";
addheader "X-Enc-9" "abé";
addheader "X-Enc-10" "é";
addheader "X-Enc-11" "a€";
addheader "X-Enc-12" "abc€";
addheader "X-Enc-13" "ab€€";
addheader "X-Enc-14" "éééabcd";
addheader "X-Enc-15" "a b é c d e f";
addheader "X-Words" "word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word";
