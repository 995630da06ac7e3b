if true { keep; }
}
