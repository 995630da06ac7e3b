/*
 * ext-testsuite.c - "vnd.dovecot.testsuite", the language of Pigeonhole's
 * conformance suite, as `mda test --svtest` runs it (filters/testsuite.h).
 *
 * test_only: a script may require it only when compiled by
 * sieve_testsuite_run(); a delivery and `mda check` call it unknown.
 * The commands and tests here read their arguments and hand over to
 * ext/testsuite/ (state, result) and, for anything outside the engine, to
 * the caller's sieve_testsuite_ops.
 *
 * Where mda differs from Pigeonhole by design (docs/mda-svtest.7):
 * test_error compares the number of errors, and whether the error of a
 * given index shares a word with the key, not its wording; test_config_set applies only
 * settings mda has; test_binary_save/load keep the compiled script in
 * memory under the name (mda has no binary format); test_multiscript
 * (sieve_before/sieve_after) is a run-time error, since mda runs one
 * script per delivery.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ext/testsuite/ts.h"
#include "util.h"

static int x_test(struct sieve_ix *ix, const struct sieve_node *n)
{
	return ts_block(ix, n);
}

static int x_test_set(struct sieve_ix *ix, const struct sieve_node *n)
{
	struct ix_ts *ts = ts_of(ix, n);
	const char *what = ix_arg_str(ix, n->pos[0]);
	const char *val = ix_arg_str(ix, n->pos[1]);
	const struct sieve_message *m = NULL;
	char why[300];

	if (ts == NULL || what == NULL || val == NULL)
		return IX_ERR;
	if (ascii_ieq(what, "message")) {
		if (ts->ops->message_text(ts->ops->ctx, val, strlen(val), &m,
					  why, sizeof(why)) < 0)
			return ix_fail(ix, n, "test_set: %s", why);
		return ts_set_message(ix, m, NULL, NULL, NULL, 0);
	}
	if (strncmp(what, "envelope.", 9) == 0)
		return ts_set_envelope(ix, n, what + 9, val);
	return ix_fail(ix, n, "test_set: unknown object \"%s\"", what);
}

static int x_test_fail(struct sieve_ix *ix, const struct sieve_node *n)
{
	const char *why = ix_arg_str(ix, n->pos[0]);

	if (ts_of(ix, n) == NULL || why == NULL)
		return IX_ERR;
	return ts_fail(ix, "%s", why);
}

static int x_config_set(struct sieve_ix *ix, const struct sieve_node *n)
{
	struct ix_ts *ts = ts_of(ix, n);
	const char *name = ix_arg_str(ix, n->pos[0]);
	const char *val = n->npos > 1 ? ix_arg_str(ix, n->pos[1]) : NULL;

	if (ts == NULL || name == NULL || (n->npos > 1 && val == NULL))
		return IX_ERR;
	(void)ts->ops->config_set(ts->ops->ctx, name, val);
	return IX_OK;
}

/* test_config_reload: mda reads no settings at run time: nothing to do */
static int x_config_reload(struct sieve_ix *ix, const struct sieve_node *n)
{
	return ts_of(ix, n) != NULL ? IX_OK : IX_ERR;
}

static int x_result_reset(struct sieve_ix *ix, const struct sieve_node *n)
{
	return ts_of(ix, n) != NULL ? ts_result_reset(ix) : IX_ERR;
}

static int x_result_print(struct sieve_ix *ix, const struct sieve_node *n)
{
	struct ix_ts *ts = ts_of(ix, n);

	if (ts == NULL)
		return IX_ERR;
	if (ts->ops->print != NULL)
		ts->ops->print(ts->ops->ctx, ix->out);
	return IX_OK;
}

static int x_mailbox_create(struct sieve_ix *ix, const struct sieve_node *n)
{
	struct ix_ts *ts = ts_of(ix, n);
	const char *box = ix_arg_str(ix, n->pos[0]);

	if (ts == NULL || box == NULL)
		return IX_ERR;
	if (ts->ops->mailbox_create(ts->ops->ctx, box) < 0)
		return ix_fail(ix, n, "test_mailbox_create: cannot make \"%s\"",
			       box);
	return IX_OK;
}

/* test_binary_save NAME / test_binary_load NAME: the compiled script
 * itself stands for its binary */
static int x_binary(struct sieve_ix *ix, const struct sieve_node *n)
{
	struct ix_ts *ts = ts_of(ix, n);
	const char *name = ix_arg_str(ix, n->pos[0]);
	bool save = strcmp(n->name, "test_binary_save") == 0;

	if (ts == NULL || name == NULL)
		return IX_ERR;
	for (size_t i = 0; i < ts->nbins; i++) {
		if (strcmp(ts->bins[i].name, name) != 0)
			continue;
		if (save)
			ts->bins[i].s = ts->compiled;
		else
			ts->compiled = ts->bins[i].s;
		return IX_OK;
	}
	if (!save)
		return ix_fail(ix, n, "test_binary_load: no binary \"%s\"", name);
	if (ts->compiled == NULL || ts->nbins >= TS_MAX_BINARIES)
		return ix_fail(ix, n, "test_binary_save: nothing to save");
	if ((ts->bins[ts->nbins].name = strdup(name)) == NULL)
		return ix_fail(ix, n, "out of memory");
	ts->bins[ts->nbins++].s = ts->compiled;
	return IX_OK;
}

enum { T_SMTP, T_FOLDER };

static int v_message(struct sieve_vctx *v, struct sieve_node *n)
{
	if ((n->tag[T_SMTP] != NULL) == (n->tag[T_FOLDER] != NULL))
		v_error(v, n->line, n->col,
			"test_message: give one of :smtp and :folder");
	return 0;
}

/* message_get - switch to the message test_message names; *found_r. */
static int message_get(struct sieve_ix *ix, const struct sieve_node *n,
		       bool *found_r)
{
	struct ix_ts *ts = ts_of(ix, n);
	const struct sieve_message *m = NULL;
	unsigned long idx = (unsigned long)n->pos[0]->num;
	const char *from = NULL, *to = NULL, *box = NULL;
	const char *const *flags = NULL;
	size_t nflags = 0;
	int r;

	*found_r = false;
	if (ts == NULL)
		return IX_ERR;
	if (n->tag[T_SMTP] != NULL) {
		r = ts->ops->smtp_get(ts->ops->ctx, idx, &m, &from, &to);
	} else {
		if ((box = ix_arg_str(ix, n->tag[T_FOLDER])) == NULL)
			return IX_ERR;
		r = ts->ops->folder_get(ts->ops->ctx, box, idx, &m, &flags,
					&nflags);
	}
	if (r <= 0)
		return IX_OK;
	*found_r = true;
	return ts_set_message(ix, m, from, to, flags, nflags);
}

static int x_message(struct sieve_ix *ix, const struct sieve_node *n)
{
	bool found;
	int rc = message_get(ix, n, &found);

	if (rc != IX_OK || found)
		return rc;
	return ts_fail(ix, "test_message: no message %llu in %s",
		       (unsigned long long)n->pos[0]->num,
		       n->tag[T_SMTP] ? "the outgoing mail" : "that folder");
}

static int e_message(struct sieve_ix *ix, const struct sieve_node *n,
		     bool *res)
{
	return message_get(ix, n, res);
}

static int e_script_compile(struct sieve_ix *ix, const struct sieve_node *n,
			    bool *res)
{
	const char *name = ix_arg_str(ix, n->pos[0]);

	if (ts_of(ix, n) == NULL || name == NULL)
		return IX_ERR;
	return ts_script_compile(ix, name, res);
}

static int e_script_run(struct sieve_ix *ix, const struct sieve_node *n,
			bool *res)
{
	if (ts_of(ix, n) == NULL)
		return IX_ERR;
	return ts_script_run(ix, n->tag[0] != NULL, res);
}

static int e_result_execute(struct sieve_ix *ix, const struct sieve_node *n,
			    bool *res)
{
	if (ts_of(ix, n) == NULL)
		return IX_ERR;
	return ts_result_execute(ix, res);
}

/* shares_word - key (Pigeonhole's wording of an error) and text (ours)
 * share a word of three letters or more: the error is about the same
 * thing, though the words are not the same. */
static bool shares_word(const char *key, const char *text)
{
	static const char *const common[] = { "the", "for", "and", "not",
					      "with", "was", "are", NULL };

	for (const char *k = key; *k != '\0';) {
		size_t len = 0;
		bool skip = false;

		while (*k != '\0' && !isalnum((unsigned char)*k))
			k++;
		while (isalnum((unsigned char)k[len]))
			len++;
		for (size_t i = 0; common[i] != NULL && !skip; i++)
			skip = ascii_nieq(k, len, common[i]);
		for (const char *t = text; len >= 3 && !skip && *t != '\0'; t++)
			if (strncasecmp(t, k, len) == 0 &&   /* a prefix: */
			    (t == text || !isalnum((unsigned char)t[-1])))
				return true;   /* "redirect" is in "redirects" */
		k += len;
	}
	return false;
}

/* match_list - test_error and test_result_action: with :count the
 * relational match over all values; with :index, whether the value of
 * that index exists and matches: to the letter for test_result_action,
 * by a shared word for test_error (whose wording is Pigeonhole's, not
 * ours); otherwise any value matching. */
static int match_list(struct sieve_ix *ix, const struct sieve_node *n,
		      const char **vals, size_t nv, bool wording, bool *res)
{
	size_t nk;
	const char **keys = ix_arg_list(ix, n->pos[0], &nk);
	uint64_t idx = n->tag[0] != NULL ? n->tag[0]->num : 0;

	if (keys == NULL)
		return IX_ERR;
	if (n->mt == MT_COUNT)
		return ix_match(ix, n, vals, nv, keys, nk, res);
	if (idx > 0) {
		if (idx > nv) {
			*res = false;
			return 0;
		}
		vals += idx - 1;
		nv = 1;
	}
	if (!wording) {   /* the wording is Pigeonhole's, not ours */
		*res = false;
		for (size_t v = 0; v < nv && !*res; v++)
			for (size_t k = 0; k < nk && !*res; k++)
				*res = shares_word(keys[k], vals[v]);
		return 0;
	}
	return ix_match(ix, n, vals, nv, keys, nk, res);
}

static int e_error(struct sieve_ix *ix, const struct sieve_node *n,
		   bool *res)
{
	struct ix_ts *ts = ts_of(ix, n);
	const char **v;
	size_t nv = 0;

	if (ts == NULL)
		return IX_ERR;
	v = calloc(ts->log.n + 1, sizeof(*v));
	if (v == NULL || ix_keep_str(ix, (char *)v) == NULL)
		return ix_fail(ix, n, "out of memory");
	for (size_t i = 0; i < ts->log.n; i++)
		if (ts->log.v[i].error)
			v[nv++] = ts->log.v[i].text;
	return match_list(ix, n, v, nv, false, res);
}

static int e_result_action(struct sieve_ix *ix, const struct sieve_node *n,
			   bool *res)
{
	size_t nv;
	const char **v;

	if (ts_of(ix, n) == NULL)
		return IX_ERR;
	if ((v = ts_action_names(ix, &nv)) == NULL)
		return ix_fail(ix, n, "out of memory");
	return match_list(ix, n, v, nv, true, res);
}

static int e_multiscript(struct sieve_ix *ix, const struct sieve_node *n,
			 bool *res)
{
	*res = false;
	return ix_fail(ix, n, "test_multiscript: mda runs one script per "
		       "delivery (no sieve_before/sieve_after)");
}

static const struct sieve_tag_def message_tags[] = {
	{ "smtp", TAGK_FLAG, T_SMTP, NULL },
	{ "folder", TAGK_STRING, T_FOLDER, NULL },
	{ NULL, 0, 0, NULL },
};
static const struct sieve_tag_def index_tags[] = {
	{ "index", TAGK_NUMBER, 0, NULL },
	{ NULL, 0, 0, NULL },
};
static const struct sieve_tag_def run_tags[] = {
	{ "append_result", TAGK_FLAG, 0, NULL },
	{ NULL, 0, 0, NULL },
};
static const struct sieve_tag_def reload_tags[] = {
	{ "extension", TAGK_STRING, 0, NULL },
	{ NULL, 0, 0, NULL },
};

#define CMD(nm, p, x) { .name = nm, .pos = p, .exec = x }
#define TST(nm, p, t, e) { .name = nm, .test = true, .pos = p, .tags = t, \
			   .eval = e }

static const struct sieve_cmd_def cmds[] = {
	{ .name = "test", .pos = "S", .block = true, .exec = x_test },
	CMD("test_set", "SS", x_test_set),
	CMD("test_fail", "S", x_test_fail),
	CMD("test_config_set", "SS", x_config_set),
	CMD("test_config_unset", "S", x_config_set),
	{ .name = "test_config_reload", .tags = reload_tags,
	  .exec = x_config_reload },
	CMD("test_result_reset", "", x_result_reset),
	CMD("test_result_print", "", x_result_print),
	CMD("test_mailbox_create", "S", x_mailbox_create),
	CMD("test_binary_save", "S", x_binary),
	CMD("test_binary_load", "S", x_binary),
	{ .name = "test_message", .pos = "N", .tags = message_tags,
	  .validate = v_message, .exec = x_message },
	{ .name = "test_message", .test = true, .pos = "N",
	  .tags = message_tags, .validate = v_message, .eval = e_message },
	TST("test_script_compile", "S", NULL, e_script_compile),
	TST("test_script_run", "", run_tags, e_script_run),
	TST("test_result_execute", "", NULL, e_result_execute),
	TST("test_multiscript", "L", NULL, e_multiscript),
	{ .name = "test_error", .test = true, .std = STD_CMP | STD_MATCH,
	  .pos = "L", .tags = index_tags, .eval = e_error },
	{ .name = "test_result_action", .test = true,
	  .std = STD_CMP | STD_MATCH, .pos = "L", .tags = index_tags,
	  .eval = e_result_action },
};

static const struct sieve_cmd_def *const defs[] = {
	&cmds[0], &cmds[1], &cmds[2], &cmds[3], &cmds[4], &cmds[5],
	&cmds[6], &cmds[7], &cmds[8], &cmds[9], &cmds[10], &cmds[11],
	&cmds[12], &cmds[13], &cmds[14], &cmds[15], &cmds[16], &cmds[17],
	&cmds[18], NULL,
};
_Static_assert(sizeof(cmds) / sizeof(cmds[0]) == 19, "defs lists cmds");

const struct sieve_extension sieve_ext_testsuite = {
	.name = "vnd.dovecot.testsuite", .defs = defs, .test_only = true,
};
