/*
 * mailto.h - the mailto notification method of enotify (RFC 5436, with
 * the URI syntax of RFC 6068): check a URI and take it apart.
 */
#ifndef FILTERS_MAILTO_H
#define FILTERS_MAILTO_H

#include <stdbool.h>
#include <stddef.h>

#include "action.h"


/* sieve_mailto_parse - fill the recipients (with their display names),
 * subject and body of nt from uri; 0, or -1 with the reason in err
 * (invalid, or ENOMEM).  nt may be NULL to check only. */
int sieve_mailto_parse(const char *uri, struct sieve_notify *nt, char *err,
		       size_t size);

/* sieve_notify_uri_ok - is uri a notification method mda supports, and
 * a valid one?  (valid_notify_method, RFC 5435 5) */
bool sieve_notify_uri_ok(const char *uri);

#endif
