/* my filter
keep;
