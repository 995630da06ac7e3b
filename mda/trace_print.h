/*
 * trace_print.h - print the filter's trace for `mda test --trace`.
 */
#ifndef MDA_TRACE_PRINT_H
#define MDA_TRACE_PRINT_H

#include <stdio.h>

#include "sieve.h"

/* trace_print_init - a trace that prints tests, comparisons and actions
 * to out. */
void trace_print_init(struct sieve_trace *tr, FILE *out);

#endif
