/*
 * fields.h - header fields for procmail patterns (see fields.c); used by
 * cond.c, which splits a pattern into its alternatives.
 */
#ifndef MDA_CONVERT_FIELDS_H
#define MDA_CONVERT_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#include "convert/pmregex.h"
#include "convert/sv.h"

#define MAX_NAMES 32

struct names {
	char v[MAX_NAMES][64];
	size_t n;
};

/* fields_put_to - the destination fields of ^TO_ and ^TO, as a list. */
void fields_put_to(struct cvbuf *o);
/* fields_put_common - the fields a pattern naming none is searched in;
 * returns how many. */
size_t fields_put_common(struct cvbuf *o);
void fields_put_names(struct cvbuf *o, const struct names *nm);
/* fields_from_daemon - the test for ^FROM_DAEMON (daemon) or
 * ^FROM_MAILER. */
void fields_from_daemon(struct sv *sv, bool daemon, const char *cmp,
			struct cvbuf *o);
/* fields_names - field names at t[*i] ("X-Foo", "(From|Sender)"). */
bool fields_names(const struct pmr_tok *t, size_t n, size_t *i,
		  struct names *nm);
/* fields_blank - a blank or a bracket of blanks; fields_quant: * + ? */
bool fields_blank(const struct pmr_tok *t);
bool fields_quant(const struct pmr_tok *t);
/* fields_value_test - "CMD :match NAMES KEY" for value tokens t[0..n). */
void fields_value_test(struct sv *sv, const char *cmd, const char *names,
		       const struct pmr_tok *t, size_t n, const char *cmp,
		       struct cvbuf *o);

#endif
