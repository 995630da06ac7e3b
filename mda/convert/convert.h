/*
 * convert.h - procmailrc in, Sieve text out (mda convert-procmailrc).
 *
 * Contract: convert_write() writes a script that keeps procmail's order
 * of recipes: each rule opens with "# procmailrc:LINE"; what cannot be
 * said exactly in Sieve is reported, one "file:line: why" per recipe.
 */
#ifndef MDA_CONVERT_CONVERT_H
#define MDA_CONVERT_CONVERT_H

#include "convert/rc.h"
#include "convert/report.h"

/* convert_script - the Sieve text for list (malloc'd; NULL: no memory). */
char *convert_script(struct rc_list *list, struct report *rep);

#endif
