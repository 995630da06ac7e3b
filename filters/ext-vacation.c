#include "ext.h"
const struct sieve_extension sieve_ext_vacation = { .name = "vacation" };
const struct sieve_extension sieve_ext_vacation_seconds = { .name = "vacation-seconds" };
