/*
 * address.h - RFC 5322 address lists as the address test sees them.
 */
#ifndef FILTERS_ADDRESS_H
#define FILTERS_ADDRESS_H

#include <stdbool.h>
#include <stddef.h>

struct sieve_addr {
	char *local;    /* unquoted local part ("" if invalid) */
	char *domain;
	char *raw;      /* the item's text when it is not a valid address */
	char *name;     /* the display name's words, unquoted, one space
			   apart, encoded-words left as they are; or NULL */
	bool valid;
};

/* sieve_addr_parse - split an (unfolded) header value into addresses;
 * groups are flattened, comments dropped, display names kept apart
 * (name).  -1: ENOMEM. */
int sieve_addr_parse(const char *s, struct sieve_addr **v_r, size_t *n_r);
void sieve_addr_free(struct sieve_addr *v, size_t n);
/* sieve_addr_one - s is at most one mailbox (RFC 5322 3.4: addr-spec, or,
 * with named, a display name and <addr-spec> as RFC 5228 2.4.2.3 allows in
 * a script): no control octet anywhere (a newline would start a new header
 * line), no ',', ';' or ':' outside quotes, comments and domain literals
 * (an address list or a group, whose inner address a header writer chose);
 * without named no '<' either, so one bare addr-spec. */
bool sieve_addr_one(const char *s, bool named);
/* sieve_addr_part - :all, :localpart, :domain, :user or :detail (AP_*);
 * malloc'd, or NULL when the part does not exist. */
char *sieve_addr_part(const struct sieve_addr *a, int ap);

#endif
