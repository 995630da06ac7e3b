/*
 * fuzz_sieve.c - libFuzzer target for the Sieve engine: the input is a
 * script; it goes through lexer, parser and validator (sieve_compile), and
 * when it compiles it runs over a small fixed message, so the interpreter
 * and every extension are exercised too.  `include` gets a tiny fixed
 * script for any name except "missing".  No crash, no leak, no UB.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sieve.h"

static const char msg_text[] =
	"From: \"Joe\" <joe+x@example.org>\r\n"
	"To: user@example.com, grp: a@b.c;\r\n"
	"Subject: =?UTF-8?Q?caf=C3=A9?= money\r\n"
	"Date: Wed, 23 Mar 2005 14:13:07 -0800\r\n"
	"Message-ID: <1@example.org>\r\n"
	"\r\n"
	"body text with viagra\r\n";

static ssize_t body_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	const char *body = strstr(msg_text, "\r\n\r\n") + 4;
	size_t blen = strlen(body);

	if (off >= blen)
		return 0;
	if (len > blen - off)
		len = blen - off;
	memcpy(buf, body + off, len);
	return (ssize_t)len;
}

static int load(void *ctx, bool global, const char *name, char **text_r,
		size_t *len_r, char **name_r)
{
	static const char inc[] = "require [\"variables\", \"include\"];\n"
				  "global \"g\"; set \"g\" \"x\"; return;\n";

	if (strcmp(name, "missing") == 0)
		return -1;
	*text_r = strdup(inc);
	*len_r = strlen(inc);
	*name_r = strdup(name);
	return 0;
}

static int state(void *ctx, const char *kind, const char *key,
		 long long period, int mark)
{
	return key[0] == 'a';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sieve_header_field f[5];
	struct sieve_loader loader = { load, NULL };
	struct sieve_diag d = {0};
	struct sieve_script *s;
	static const char *names[] = { "From", "To", "Subject", "Date",
				       "Message-ID" };
	const char *p = msg_text;

	for (size_t i = 0; i < 5; i++) {   /* index the fixed header */
		const char *colon = strchr(p, ':'), *end = strstr(p, "\r\n");

		f[i].name = names[i];
		f[i].name_len = strlen(names[i]);
		f[i].value = colon + 1;
		f[i].value_len = (size_t)(end - colon - 1);
		p = end + 2;
	}
	s = sieve_compile("fuzz", (const char *)data, size, &loader, &d);
	if (s != NULL) {
		struct sieve_message m = {
			.fields = f, .nfields = 5, .header_block = msg_text,
			.header_len = (size_t)(strstr(msg_text, "\r\n\r\n") + 4 - msg_text),
			.size = sizeof(msg_text) - 1, .body_read = body_read,
		};
		struct sieve_runtime_env env = {
			.envelope = { "joe@example.org", "user@example.com", NULL,
				      "user", NULL },
			.now = 1700000000, .domain = "example.com",
			.state_check = state,
		};
		struct sieve_action_list out = {0};

		m.body_size = m.size - m.header_len;
		sieve_run(s, &m, &env, NULL, &out, &d);
		sieve_actions_free(&out);
		sieve_script_free(&s);
	}
	sieve_diag_free(&d);
	return 0;
}
