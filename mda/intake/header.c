/*
 * header.c - header block boundaries and the field index.
 *
 * RFC 5322 2.2: a field is a name of printable US-ASCII other than ':'
 * followed by ':'; continuation lines start with SP or HTAB; the header
 * ends at the first empty line.  Real mail breaks this, so a line that is
 * neither field nor continuation also ends the header and starts the body
 * (no blank line is invented: the bytes are stored as they came).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "intake/header.h"
#include "intake/spool.h"

/* field_name_len - length of the field name on the line, 0 if not a field. */
static size_t field_name_len(const char *line, size_t len)
{
	size_t i = 0;

	while (i < len && line[i] > 32 && line[i] < 127 && line[i] != ':')
		i++;
	size_t name = i;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;  /* obsolete syntax: WSP before the colon (RFC 5322 4.5) */
	if (name == 0 || i >= len || line[i] != ':')
		return 0;
	return name;
}

size_t header_scan(const char *buf, size_t len, bool at_eof, bool *complete_r)
{
	size_t pos = 0;

	*complete_r = false;
	while (pos < len) {  /* one pass over the lines of buf */
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - buf) : len;
		size_t next = nl ? end + 1 : len;
		size_t ll = end - pos;

		if (nl == NULL && !at_eof)
			return pos;   /* incomplete line: wait for more */
		if (ll > 0 && buf[pos + ll - 1] == '\r')
			ll--;
		if (ll == 0) {
			*complete_r = true;
			return next;  /* the empty line belongs to the header */
		}
		bool cont = buf[pos] == ' ' || buf[pos] == '\t';
		if ((cont && pos == 0) ||
		    (!cont && field_name_len(buf + pos, ll) == 0)) {
			*complete_r = true;
			return pos;   /* this line starts the body */
		}
		pos = next;
	}
	*complete_r = at_eof;
	return pos;
}

bool header_complete(const char *buf, size_t len)
{
	bool complete;

	(void)header_scan(buf, len, false, &complete);
	return complete;
}

static int add_field(struct spool *sp, const char *line, size_t name_len)
{
	struct sieve_header_field *f;

	if (sp->nfields >= SPOOL_MAX_FIELDS) {
		sp->header_cut = true;
		return 0;  /* beyond the limit fields are stored, not indexed */
	}
	if (sp->nfields % 64 == 0) {
		f = realloc(sp->fields, (sp->nfields + 64) * sizeof(*f));
		if (f == NULL)
			return ENOMEM;
		sp->fields = f;
	}
	f = &sp->fields[sp->nfields++];
	f->name = line;
	f->name_len = name_len;
	f->value = memchr(line, ':', (size_t)(sp->header + sp->header_len - line));
	f->value++;
	f->value_len = 0;
	return 0;
}

/* index_fields - walk sp->header and record each field's name and value. */
static int index_fields(struct spool *sp)
{
	const char *h = sp->header, *end = h + sp->header_len;
	struct sieve_header_field *cur = NULL;

	for (const char *p = h; p < end;) {  /* one pass over the lines */
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *next = nl ? nl + 1 : end;
		const char *te = (le > p && le[-1] == '\r') ? le - 1 : le;

		if (te == p)
			break;  /* the empty line */
		if ((*p == ' ' || *p == '\t') && cur != NULL) {
			cur->value_len = (size_t)(te - cur->value);
		} else {
			size_t n = field_name_len(p, (size_t)(te - p));
			if (n == 0)
				break;
			if (add_field(sp, p, n) != 0)
				return ENOMEM;
			cur = sp->nfields ? &sp->fields[sp->nfields - 1] : NULL;
			if (cur != NULL && cur->name == p)
				cur->value_len = (size_t)(te - cur->value);
			else
				cur = NULL;  /* over the field limit */
		}
		p = next;
	}
	return 0;
}

int header_index(struct spool *sp, const char *head, size_t len)
{
	bool complete;
	size_t hl = header_scan(head, len, true, &complete);

	sp->header = malloc(hl + 1);
	if (sp->header == NULL)
		return ENOMEM;
	if (hl > 0)
		memcpy(sp->header, head, hl);
	sp->header[hl] = '\0';
	sp->header_len = hl;
	sp->has_header = hl > 0;
	return index_fields(sp);
}

char *header_unfold(const char *value, size_t len)
{
	char *out = malloc(len + 1);
	size_t n = 0;

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < len; i++)
		if (value[i] != '\r' && value[i] != '\n')
			out[n++] = value[i];
	size_t start = 0;
	while (start < n && (out[start] == ' ' || out[start] == '\t'))
		start++;
	while (n > start && (out[n - 1] == ' ' || out[n - 1] == '\t'))
		n--;
	memmove(out, out + start, n - start);
	out[n - start] = '\0';
	return out;
}

char *spool_field(const struct spool *sp, const char *name)
{
	size_t nl = strlen(name);

	for (size_t i = 0; i < sp->nfields; i++) {
		const struct sieve_header_field *f = &sp->fields[i];
		if (f->name_len == nl && strncasecmp(f->name, name, nl) == 0)
			return header_unfold(f->value, f->value_len);
	}
	return NULL;
}
