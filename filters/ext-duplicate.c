#include "ext.h"
const struct sieve_extension sieve_ext_duplicate = { .name = "duplicate" };
