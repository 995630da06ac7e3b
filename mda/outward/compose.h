/*
 * compose.h - helpers for the messages mda writes itself (vacation.c,
 * notify.c): LF line ends, the local convention of the sendmail program.
 */
#ifndef MDA_COMPOSE_H
#define MDA_COMPOSE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define LINE_MAX_OCTETS 900   /* below RFC 5322's 998 with the name */
#define PHRASE_MAX_OCTETS 200 /* a display name on the line of its address */

struct mbuf {
	char *s;
	size_t len, cap;
	bool oom;         /* set on ENOMEM: later writes do nothing */
};

void mbuf_put(struct mbuf *b, const char *s, size_t n);
void mbuf_puts(struct mbuf *b, const char *s);
/* mbuf_value - a header value on one line: CR/LF/NUL become spaces,
 * length capped at a UTF-8 boundary. */
void mbuf_value(struct mbuf *b, const char *v);
/* mbuf_field - "name: value" and a newline. */
void mbuf_field(struct mbuf *b, const char *name, const char *value);
/* mbuf_encoded - RFC 2047 B-words of UTF-8 text, folded. */
void mbuf_encoded(struct mbuf *b, const char *s);
/* mbuf_phrase - a display name (RFC 5322 3.2.5): atoms, a quoted
 * string, or RFC 2047 words when it is not ASCII. */
void mbuf_phrase(struct mbuf *b, const char *s);
/* mbuf_text - body text, CRLF made LF, ending in a newline. */
void mbuf_text(struct mbuf *b, const char *s);
/* mail_plain_ascii - no 8-bit octets or controls but CR, LF, TAB. */
bool mail_plain_ascii(const char *s);
/* mail_date - RFC 5322 date in the local zone, English names. */
void mail_date(time_t t, char *out, size_t size);
/* mail_safe_host - a host name fit for a Message-ID. */
bool mail_safe_host(const char *h);

#endif
