if true { if true { if true { if true { if true { if true { if true { if true {
if true { if true { if true { if true { if true { if true { if true { if true {
if true { if true { if true { if true { if true { if true { if true { if true {
if true { if true { if true { if true { if true { if true { if true { if true {
if true { if true { keep; } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } } }
