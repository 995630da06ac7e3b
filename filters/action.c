/*
 * action.c - build, print and free the action list (see action.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"

struct sieve_action *sieve_actions_add(struct sieve_action_list *list,
				       enum sieve_action_type type)
{
	struct sieve_action *a;

	if (list->n == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 4;
		struct sieve_action *v = realloc(list->v, cap * sizeof(*v));

		if (v == NULL)
			return NULL;
		list->v = v;
		list->cap = cap;
	}
	a = &list->v[list->n++];
	memset(a, 0, sizeof(*a));
	a->type = type;
	return a;
}

void sieve_vacation_free(struct sieve_vacation *v)
{
	if (v == NULL)
		return;
	free(v->to);
	free(v->from);
	free(v->subject);
	free(v->reason);
	free(v->handle);
	for (size_t i = 0; i < v->naddresses; i++)
		free(v->addresses[i]);
	free(v->addresses);
	free(v);
}

void sieve_notify_free(struct sieve_notify *v)
{
	if (v == NULL)
		return;
	free(v->method);
	free(v->from);
	for (size_t i = 0; i < v->noptions; i++)
		free(v->options[i]);
	free(v->options);
	free(v->message);
	for (size_t i = 0; i < v->nrcpt; i++) {
		free(v->rcpt[i]);
		free(v->names ? v->names[i] : NULL);
	}
	free(v->rcpt);
	free(v->names);
	free(v->subject);
	free(v->body);
	free(v->id);
	free(v);
}

static void action_clear(struct sieve_action *a)
{
	free(a->mailbox);
	for (size_t i = 0; i < a->nflags; i++)
		free(a->flags[i]);
	free(a->flags);
	free(a->address);
	free(a->reason);
	free(a->header_block);
	free(a->script);
	sieve_vacation_free(a->vacation);
	sieve_notify_free(a->notify);
	free(a->program);
	for (size_t i = 0; i < a->nargs; i++)
		free(a->args[i]);
	free(a->args);
	memset(a, 0, sizeof(*a));
}

void sieve_actions_free(struct sieve_action_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		action_clear(&list->v[i]);
	free(list->v);
	list->v = NULL;
	list->n = list->cap = 0;
}

void sieve_actions_truncate(struct sieve_action_list *list, size_t n)
{
	while (list->n > n)
		action_clear(&list->v[--list->n]);
}

int sieve_actions_set_keep(struct sieve_action_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		action_clear(&list->v[i]);
	list->n = 0;
	return sieve_actions_add(list, SIEVE_ACT_KEEP) != NULL ? 0 : -ENOMEM;
}

void sieve_actions_remove(struct sieve_action_list *list, size_t i)
{
	if (i >= list->n)
		return;
	action_clear(&list->v[i]);
	memmove(&list->v[i], &list->v[i + 1],
		(list->n - i - 1) * sizeof(list->v[0]));
	list->n--;
}

char **sieve_flags_dup(char *const *flags, size_t n)
{
	char **copy = calloc(n ? n : 1, sizeof(*copy));

	if (copy == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		copy[i] = strdup(flags[i]);
		if (copy[i] == NULL) {
			while (i-- > 0)
				free(copy[i]);
			free(copy);
			return NULL;
		}
	}
	return copy;
}

const char *sieve_action_name(enum sieve_action_type type)
{
	static const char *const names[] = {
		[SIEVE_ACT_KEEP] = "keep",
		[SIEVE_ACT_FILEINTO] = "fileinto",
		[SIEVE_ACT_DISCARD] = "discard",
		[SIEVE_ACT_REDIRECT] = "redirect",
		[SIEVE_ACT_REJECT] = "reject",
		[SIEVE_ACT_EREJECT] = "ereject",
		[SIEVE_ACT_VACATION] = "vacation",
		[SIEVE_ACT_PIPE] = "pipe",
		[SIEVE_ACT_NOTIFY] = "notify",
	};

	if ((size_t)type >= sizeof(names) / sizeof(names[0]))
		return "unknown";
	return names[type];
}

static void print_flags(const struct sieve_action *a, FILE *out)
{
	if (a->nflags == 0)
		return;
	fputs(" flags=", out);
	for (size_t i = 0; i < a->nflags; i++)
		fprintf(out, "%s%s", i ? "," : "", a->flags[i]);
}

void sieve_action_print(const struct sieve_action *a, FILE *out)
{
	fputs(sieve_action_name(a->type), out);
	switch (a->type) {
	case SIEVE_ACT_KEEP:
		fputs(" INBOX", out);
		print_flags(a, out);
		break;
	case SIEVE_ACT_FILEINTO:
		fprintf(out, " \"%s\"%s%s", a->mailbox ? a->mailbox : "",
			a->copy ? " :copy" : "", a->create ? " :create" : "");
		print_flags(a, out);
		break;
	case SIEVE_ACT_REDIRECT:
		fprintf(out, " <%s>%s", a->address ? a->address : "",
			a->copy ? " :copy" : "");
		break;
	case SIEVE_ACT_REJECT:
	case SIEVE_ACT_EREJECT:
		fprintf(out, " \"%s\"", a->reason ? a->reason : "");
		break;
	case SIEVE_ACT_VACATION:
		if (a->vacation != NULL)
			fprintf(out, " to <%s>", a->vacation->to ? a->vacation->to : "");
		break;
	case SIEVE_ACT_PIPE:
		fprintf(out, " \"%s\"", a->program ? a->program : "");
		for (size_t i = 0; i < a->nargs; i++)
			fprintf(out, "%s\"%s\"", i ? ", " : " [", a->args[i]);
		fprintf(out, "%s%s%s", a->nargs ? "]" : "",
			a->copy ? " :copy" : "", a->try_ ? " :try" : "");
		break;
	case SIEVE_ACT_NOTIFY:
		if (a->notify != NULL)
			fprintf(out, " \"%s\"", a->notify->method);
		break;
	case SIEVE_ACT_DISCARD:
		break;
	}
	if (a->version > 0)
		fprintf(out, " (filtered %u)", a->version);
	if (a->header_block != NULL)
		fputs(" (edited header)", out);
	if (a->script != NULL)
		fprintf(out, " (%s:%u)", a->script, a->line);
	else
		fputs(" (implicit keep)", out);
}
