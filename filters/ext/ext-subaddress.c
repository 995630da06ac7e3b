/*
 * ext-subaddress.c - RFC 5233 :user and :detail address parts, with '+'
 * as the separator (address.c sieve_addr_part).  An address without '+'
 * has :user = the whole local part and no :detail at all.
 */
#include "ext/ext.h"

const struct sieve_extension sieve_ext_subaddress = { .name = "subaddress" };
