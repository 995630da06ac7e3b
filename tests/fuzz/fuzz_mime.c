/*
 * fuzz_mime.c - libFuzzer target for the MIME walker and its decoders
 * (filters/mime*.c, body-mime.c, ext-mime.c, ext-foreverypart.c,
 * ext-magic.c).  The input is a whole message; its header is split into
 * fields, and a fixed script that uses body :text/:content, foreverypart,
 * header :mime with every option, extracttext and magic runs over it.
 * The body is handed out in reads of varying length so decoder state
 * crosses chunk borders.  The magic callback only reads the buffer.  No
 * crash, no leak, no UB, and time and memory bounded by limits.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sieve.h"

static const char script[] =
	"require [\"body\", \"mime\", \"foreverypart\", \"extracttext\",\n"
	" \"variables\", \"vnd.mda.magic\", \"fileinto\", \"relational\"];\n"
	"if body :text :contains [\"needle\", \"\xc3\xa9t\xc3\xa9\"] { fileinto \"a\"; }\n"
	"if body :content \"\" :matches \"*x*\" { fileinto \"b\"; }\n"
	"if body :content [\"text/html\", \"image\"] :count \"gt\" \"0\" { fileinto \"c\"; }\n"
	"if magic :anychild :matches \"*/*\" { set \"m\" \"${1}\"; }\n"
	"foreverypart :name \"o\" {\n"
	"  if header :mime :anychild :param [\"filename\", \"name\", \"charset\"]\n"
	"     :matches [\"Content-Disposition\", \"Content-Type\"] \"*\" { set \"f\" \"${1}\"; }\n"
	"  if header :mime :type \"Content-Type\" [\"text\", \"application\"] {\n"
	"    extracttext :first 100 \"t\";\n"
	"  }\n"
	"  if magic :description :contains \"x\" { set \"d\" \"1\"; }\n"
	"  foreverypart { if address :mime :all \"From\" \"a@b\" { break :name \"o\"; } }\n"
	"  if exists :mime :anychild \"X\" { break; }\n"
	"}\n"
	"fileinto \"${t}${f}\";\n";

struct mem {
	const uint8_t *p;
	size_t len;
};

static ssize_t body_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct mem *m = ctx;
	size_t cap = 1 + (size_t)((off * 2654435761u) % 5000);

	if (off >= m->len)
		return 0;
	if (len > m->len - off)
		len = m->len - off;
	if (len > cap)
		len = cap;
	memcpy(buf, m->p + off, len);
	return (ssize_t)len;
}

static const char *magic_type(void *ctx, const void *buf, size_t len,
			      int description)
{
	const unsigned char *b = buf;
	unsigned sum = 0;

	for (size_t i = 0; i < len; i++)   /* touch every octet (ASan) */
		sum += b[i];
	if (len == 0)
		return "application/x-empty";
	return description ? "data x" : (sum & 1) ? "text/plain" : "image/png";
}

/* fields - split the header of data into fields (at most 256). */
static size_t fields(const uint8_t *data, size_t size,
		     struct sieve_header_field *f, size_t *hlen)
{
	const char *t = (const char *)data;
	size_t n = 0, i = 0;

	while (i < size && t[i] != '\n' && n < 256) {
		size_t start = i, colon = 0;

		while (i < size && !(t[i] == '\n' && (i + 1 >= size ||
		       (t[i + 1] != ' ' && t[i + 1] != '\t')))) {
			if (t[i] == ':' && colon == 0)
				colon = i;
			i++;
		}
		if (colon > start) {
			f[n].name = t + start;
			f[n].name_len = colon - start;
			f[n].value = t + colon + 1;
			f[n].value_len = i - colon - 1;
			n++;
		}
		if (i < size)
			i++;
	}
	if (i < size && t[i] == '\n')
		i++;
	*hlen = i;
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sieve_script *s;
	static struct sieve_header_field f[256];
	struct sieve_runtime_env env = {
		.envelope = { "a@b", "c@d", NULL, "u", NULL },
		.magic_type = magic_type,
	};
	struct sieve_action_list out = {0};
	struct sieve_diag d = {0};
	struct sieve_message msg = {0};
	struct mem body;
	size_t hlen;

	if (s == NULL) {
		s = sieve_compile("fuzz", script, sizeof(script) - 1, NULL, &d);
		sieve_diag_free(&d);
		if (s == NULL)
			abort();   /* the fixed script must compile */
	}
	msg.nfields = fields(data, size, f, &hlen);
	msg.fields = f;
	msg.header_block = (const char *)data;
	msg.header_len = hlen;
	msg.size = size;
	msg.body_size = size - hlen;
	body.p = data + hlen;
	body.len = size - hlen;
	msg.body_read = body_read;
	msg.body_ctx = &body;
	sieve_run(s, &msg, &env, NULL, &out, &d);
	sieve_actions_free(&out);
	sieve_diag_free(&d);
	return 0;
}
