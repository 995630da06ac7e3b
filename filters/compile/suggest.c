/*
 * suggest.c - the validator's words for the common mistakes: "did you
 * mean ...?" for a misspelled command, test, tag or extension, a command
 * used as a test (and the reverse), and a missing ';' that made the
 * parser read the next command as a test of the one before.
 *
 * A name the script uses but no extension defines is compared with every
 * known name of the same kind; the closest one within a small edit
 * distance (insertions, deletions, substitutions and swaps of two
 * neighbours, ASCII case ignored) is offered.  Only called on an error,
 * so a plain table walk is fine.
 */
#include <string.h>

#include "compile/script.h"
#include "util.h"

#define NAME_MAX_SUGGEST 32   /* longer names are not compared */

static unsigned min3(unsigned a, unsigned b, unsigned c)
{
	unsigned m = a < b ? a : b;

	return m < c ? m : c;
}

static char low(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* distance - optimal string alignment distance of a and b, or a large
 * number when either is too long to compare. */
static unsigned distance(const char *a, const char *b)
{
	unsigned d[NAME_MAX_SUGGEST + 1][NAME_MAX_SUGGEST + 1];
	size_t la = strlen(a), lb = strlen(b);

	if (la > NAME_MAX_SUGGEST || lb > NAME_MAX_SUGGEST)
		return 100;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = (unsigned)i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			unsigned cost = low(a[i - 1]) != low(b[j - 1]);

			d[i][j] = min3(d[i - 1][j] + 1, d[i][j - 1] + 1,
				       d[i - 1][j - 1] + cost);
			if (i > 1 && j > 1 && low(a[i - 1]) == low(b[j - 2]) &&
			    low(a[i - 2]) == low(b[j - 1]) &&
			    d[i - 2][j - 2] + 1 < d[i][j])
				d[i][j] = d[i - 2][j - 2] + 1;
		}
	return d[la][lb];
}

struct best {
	const char *name;
	unsigned dist;
};

/* consider - keep cand if it is closer than the best so far and close
 * enough to be a slip: one edit in a short name, two in a longer one. */
static void consider(struct best *b, const char *have, const char *cand)
{
	size_t len = strlen(have);
	unsigned limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
	unsigned dist = distance(have, cand);

	if (dist <= limit && dist < b->dist) {
		b->name = cand;
		b->dist = dist;
	}
}

const char *v_suggest_def(const char *name, bool test)
{
	struct best b = { NULL, 100 };

	for (size_t i = 0; i < EXT_COUNT; i++) {
		const struct sieve_cmd_def *const *d = sieve_extensions[i]->defs;

		for (; d != NULL && *d != NULL; d++)
			if ((*d)->test == test)
				consider(&b, name, (*d)->name);
	}
	return b.name;
}

const char *v_suggest_tag(const struct sieve_cmd_def *def, const char *tag)
{
	struct best b = { NULL, 100 };
	const char *std;

	for (size_t k = 0; (std = v_std_tag_name(k, def->std)) != NULL; k++)
		if (std[0] != '\0')
			consider(&b, tag, std);
	for (const struct sieve_tag_def *t = def->tags; t && t->name; t++)
		consider(&b, tag, t->name);
	return b.name;
}

void v_unknown_ext(struct sieve_vctx *v, const struct sieve_arg *a,
		   const char *name)
{
	struct best b = { NULL, 100 };

	for (size_t i = 0; i < EXT_COUNT; i++)
		if (!sieve_extensions[i]->core)
			consider(&b, name, sieve_extensions[i]->name);
	if (b.name != NULL)
		v_error(v, a->line, a->col, "unknown extension \"%s\" (did "
			"you mean \"%s\"?)", name, b.name);
	else
		v_error(v, a->line, a->col, "unknown extension \"%s\": "
			"`mda check --capabilities` lists those known", name);
}

/* v_unknown_tag - say so, with the tag that was probably meant. */
void v_unknown_tag(struct sieve_vctx *v, const struct sieve_node *n,
			const struct sieve_arg *a)
{
	const char *near = v_suggest_tag(n->def, a->tag);

	if (near != NULL)
		v_error(v, a->line, a->col, "unknown tag :%s for '%s' "
			"(did you mean :%s?)", a->tag, n->name, near);
	else
		v_error(v, a->line, a->col, "unknown tag :%s for '%s'",
			a->tag, n->name);
}

/* v_unknown_name - an unknown command or test: a command used as a test
 * (or the reverse) is named as such, a slip gets its likely spelling. */
void v_unknown_name(struct sieve_vctx *v, const struct sieve_node *n)
{
	const char *kind = n->is_test ? "test" : "command";
	struct sieve_def_info other;
	const char *near;

	v_find_def(v, n->name, !n->is_test, &other);
	if (other.def != NULL && n->is_test)
		v_error(v, n->line, n->col, "'%s' is a command, not a test: "
			"it cannot stand after 'if' or inside a test list",
			n->name);
	else if (other.def != NULL)
		v_error(v, n->line, n->col, "'%s' is a test, not a command: "
			"use it after 'if', as in: if %s ... { ... }",
			n->name, n->name);
	else if ((near = v_suggest_def(n->name, n->is_test)) != NULL)
		v_error(v, n->line, n->col, "unknown %s '%s' (did you mean "
			"'%s'?)", kind, n->name, near);
	else
		v_error(v, n->line, n->col, "unknown %s '%s'", kind, n->name);
}

/* v_swallowed - a command or test that takes no test but was given one is
 * almost always a missing ';' (or ',' in a test list): the parser read
 * the next command as its test.  Say that, and drop what it swallowed so
 * the next command's name is not reported as an unknown test. */
bool v_swallowed(struct sieve_vctx *v, struct sieve_node *n,
		      bool in_list)
{
	const struct sieve_node *t;

	if (n->def == NULL || n->def->tests != 0 || n->ntests == 0)
		return false;
	t = n->tests[0];
	if (n->def->block && strcmp(n->name, "else") == 0 &&
	    strcmp(t->name, "if") == 0)
		v_error(v, n->line, n->col, "'else if' is spelled 'elsif' in "
			"Sieve");
	else if (!n->is_test)
		v_error(v, n->line, n->col, "missing ';' after '%s': the "
			"'%s' on line %u was read as part of it", n->name,
			t->name, t->line);
	else
		v_error(v, n->line, n->col, "test '%s' takes no test: is a "
			"%s missing before '%s' on line %u?", n->name,
			in_list ? "',' (or ')')" : "'{'", t->name, t->line);
	n->ntests = 0;
	n->test_list = false;
	if (!n->def->block)   /* the block was the swallowed command's */
		n->has_block = false;
	return true;
}
