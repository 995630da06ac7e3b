/*
 * trace_print.c - how `mda test --trace` prints the engine's trace
 * (filters/sieve.h struct sieve_trace): each test with its result, the
 * values it compared (quoted, control characters and quotes escaped, cut
 * at 200 octets: they come from the message), and each action with the
 * rule (file:line) that took it.
 */
#include <stdio.h>

#include "trace_print.h"

static void quoted(FILE *out, const char *s)
{
	size_t n = 0;

	fputc('"', out);
	for (; *s != '\0' && n < 200; s++, n++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
	fputs(*s != '\0' ? "\"..." : "\"", out);
}

static void trace_test(void *ctx, const char *file, unsigned line,
		       const char *what, bool result)
{
	fprintf(ctx, "  trace: %s:%u: %s => %s\n", file ? file : "-", line,
		what, result ? "true" : "false");
}

static void trace_compare(void *ctx, const char *file, unsigned line,
			  const char *value, const char *key,
			  const char *match, const char *comparator,
			  bool result)
{
	FILE *out = ctx;

	fprintf(out, "  trace: %s:%u:   ", file ? file : "-", line);
	if (value == NULL) {
		fputs("no value to compare with ", out);
		quoted(out, key);
		fputc('\n', out);
		return;
	}
	quoted(out, value);
	fprintf(out, " %s ", match);
	quoted(out, key);
	fprintf(out, " (%s) => %s\n", comparator, result ? "true" : "false");
}

static void trace_action(void *ctx, const struct sieve_action *a)
{
	FILE *out = ctx;

	fputs("  trace: action ", out);
	sieve_action_print(a, out);
	fputc('\n', out);
}

void trace_print_init(struct sieve_trace *tr, FILE *out)
{
	*tr = (struct sieve_trace){ .test = trace_test, .ctx = out,
		.compare = trace_compare, .action = trace_action };
}
