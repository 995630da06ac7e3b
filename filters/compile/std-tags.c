/*
 * std-tags.c - the standard tags every test may take (RFC 5228 2.7.1-2.7.4:
 * comparator, match type, address part; RFC 5231 relational :value and
 * :count with their relation; RFC 5233 :user and :detail; the regex
 * draft's :regex; RFC 6134 :list), checked against the extensions the
 * script requires.
 */
#include <string.h>

#include "compile/script.h"
#include "util.h"

/* The standard tags (RFC 5228 2.7; RFC 5231 relational; RFC 5233
 * subaddress; the regex draft), each with its group and the value it
 * sets. */
enum std_tag_id {
	ST_COMPARATOR,
	ST_IS, ST_CONTAINS, ST_MATCHES, ST_REGEX, ST_VALUE, ST_COUNT, ST_LIST,
	ST_ALL, ST_LOCALPART, ST_DOMAIN, ST_USER, ST_DETAIL,
	ST_NONE
};
static const struct {
	const char *name;
	unsigned group;   /* STD_CMP, STD_MATCH or STD_AP */
	int value;        /* MT_... or AP_... */
} std_tags[ST_NONE] = {
	[ST_COMPARATOR] = { "comparator", STD_CMP, 0 },
	[ST_IS] = { "is", STD_MATCH, MT_IS },
	[ST_CONTAINS] = { "contains", STD_MATCH, MT_CONTAINS },
	[ST_MATCHES] = { "matches", STD_MATCH, MT_MATCHES },
	[ST_REGEX] = { "regex", STD_MATCH, MT_REGEX },
	[ST_VALUE] = { "value", STD_MATCH, MT_VALUE },
	[ST_COUNT] = { "count", STD_MATCH, MT_COUNT },
	[ST_LIST] = { "list", STD_MATCH, MT_LIST },
	[ST_ALL] = { "all", STD_AP, AP_ALL },
	[ST_LOCALPART] = { "localpart", STD_AP, AP_LOCAL },
	[ST_DOMAIN] = { "domain", STD_AP, AP_DOMAIN },
	[ST_USER] = { "user", STD_AP, AP_USER },
	[ST_DETAIL] = { "detail", STD_AP, AP_DETAIL },
};

/* std_tag_find - which standard tag t is: the first octets leave one
 * candidate, and one strcmp decides (a test names one or two tags, and a
 * large script has thousands of tests). */
static enum std_tag_id std_tag_find(const char *t)
{
	enum std_tag_id k;

	switch (t[0]) {
	case 'a': k = ST_ALL; break;
	case 'c':   /* t[1] == 'o' means t[2] exists */
		k = t[1] != 'o' ? ST_NONE : t[2] == 'm' ? ST_COMPARATOR :
		    t[2] == 'n' ? ST_CONTAINS : ST_COUNT;
		break;
	case 'd': k = t[1] == 'o' ? ST_DOMAIN : ST_DETAIL; break;
	case 'i': k = ST_IS; break;
	case 'l': k = t[1] == 'i' ? ST_LIST : ST_LOCALPART; break;
	case 'm': k = ST_MATCHES; break;
	case 'r': k = ST_REGEX; break;
	case 'u': k = ST_USER; break;
	case 'v': k = ST_VALUE; break;
	default: return ST_NONE;
	}
	return k != ST_NONE && strcmp(t, std_tags[k].name) == 0 ? k : ST_NONE;
}

const char *v_std_tag_name(size_t k, unsigned groups)
{
	if (k >= ST_NONE)
		return NULL;
	return (std_tags[k].group & groups) ? std_tags[k].name : "";
}

/* std_once - a second tag of the same group (two match types, two
 * comparators) is a mistake the RFC forbids (5228 2.7.1): name both. */
static bool std_once(struct sieve_vctx *v, const struct sieve_node *n,
		     size_t i, unsigned group)
{
	static const char *const what[] = { "", "comparator", "match type",
					    "", "address part" };
	for (size_t j = 0; j < i; j++) {
		const struct sieve_arg *b = &n->args[j];
		enum std_tag_id k;

		if (b->type != ARG_TAG || (k = std_tag_find(b->tag)) == ST_NONE ||
		    std_tags[k].group != group)
			continue;
		v_error(v, n->args[i].line, n->args[i].col,
			"only one %s may be given: :%s and :%s",
			group < 5 ? what[group] : "tag", b->tag, n->args[i].tag);
		return false;
	}
	return true;
}

/* std_comparator - :comparator and its name; *i moves past the value. */
static void std_comparator(struct sieve_vctx *v, struct sieve_node *n,
			   size_t *i)
{
	struct sieve_arg *a = &n->args[*i], *val;

	val = *i + 1 < n->nargs ? &n->args[*i + 1] : NULL;
	if (val == NULL || val->type != ARG_STRING) {
		v_error(v, a->line, a->col, ":comparator needs a string");
		return;
	}
	(*i)++;
	if (ascii_ieq(val->v[0].s, "i;octet"))
		n->cmp = CMP_OCTET;
	else if (ascii_ieq(val->v[0].s, "i;ascii-casemap"))
		n->cmp = CMP_CASEMAP;
	else if (ascii_ieq(val->v[0].s, "i;ascii-numeric") &&
		 v_has_id(v, EXT_CMP_NUMERIC))
		n->cmp = CMP_NUMERIC;
	else
		v_error(v, val->line, val->col,
			"unknown comparator \"%s\"", val->v[0].s);
}

/* std_relation - the relation after :value or :count. */
static void std_relation(struct sieve_vctx *v, struct sieve_node *n,
			 size_t *i)
{
	static const char *const rels[] = { "gt", "ge", "lt", "le", "eq", "ne" };
	struct sieve_arg *a = &n->args[*i], *val;

	val = *i + 1 < n->nargs ? &n->args[*i + 1] : NULL;
	if (val == NULL || val->type != ARG_STRING) {
		v_error(v, a->line, a->col, ":%s needs a relation", a->tag);
		return;
	}
	(*i)++;
	for (int r = 0; r < 6; r++)
		if (ascii_ieq(val->v[0].s, rels[r])) {
			n->relop = r;
			return;
		}
	v_error(v, val->line, val->col, "unknown relation \"%s\": one of "
		"\"gt\", \"ge\", \"lt\", \"le\", \"eq\" or \"ne\"",
		val->v[0].s);
}

int v_std_tag(struct sieve_vctx *v, struct sieve_node *n, size_t *i)
{
	struct sieve_arg *a = &n->args[*i];
	enum std_tag_id k = std_tag_find(a->tag);
	int val;

	if (k == ST_NONE || !(n->def->std & std_tags[k].group))
		return 0;
	val = std_tags[k].value;
	if (!std_once(v, n, *i, std_tags[k].group))
		return 1;
	switch (std_tags[k].group) {
	case STD_CMP:
		std_comparator(v, n, i);
		return 1;
	case STD_MATCH:
		if ((val == MT_REGEX && !v_has_id(v, EXT_REGEX)) ||
		    (val == MT_LIST && !v_has_id(v, EXT_EXTLISTS)) ||
		    ((val == MT_VALUE || val == MT_COUNT) &&
		     !v_has_id(v, EXT_RELATIONAL)))
			v_error(v, a->line, a->col, ":%s needs require \"%s\"",
				a->tag, val == MT_REGEX ? "regex" :
				val == MT_LIST ? "extlists" : "relational");
		n->mt = val;
		if (val == MT_VALUE || val == MT_COUNT)
			std_relation(v, n, i);
		return 1;
	default:
		if (val >= AP_USER && !v_has_id(v, EXT_SUBADDRESS))
			v_error(v, a->line, a->col,
				":%s needs require \"subaddress\"", a->tag);
		n->ap = val;
		return 1;
	}
}
