/*
 * ext-notify.h - the notify command's tags, shared by RFC 5435's enotify
 * (ext-enotify.c) and the pre-RFC draft Pigeonhole still offers
 * (ext-notify.c): one "notify" definition reads either syntax, by which
 * of the two the script requires.  Internal to filters/.
 */
#ifndef FILTERS_EXT_NOTIFY_H
#define FILTERS_EXT_NOTIFY_H

#include "run/interp.h"

/* tag slots; :low/:normal/:high share T_PRIO (the tag says which) */
enum { T_FROM, T_IMPORTANCE, T_OPTIONS, T_MESSAGE, T_METHOD, T_ID, T_PRIO };

/* the draft's notify: checks and run (ext-notify.c) */
int v_notify_draft(struct sieve_vctx *v, struct sieve_node *n);
int x_notify_draft(struct sieve_ix *ix, const struct sieve_node *n);

#endif
