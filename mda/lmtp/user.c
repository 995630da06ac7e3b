/*
 * user.c - from a table line or a home template to a user and an INBOX.
 *
 * Fields (Dovecot passwd-file): password:uid:gid:gecos:home:shell:extra,
 * extra being space-separated key=value pairs of which we read
 * `userdb_mail` (or `mail`) and `userdb_quota_rule` (or `quota_rule`);
 * the password is never looked at.  Template: %u is local@domain, %n the
 * local part, %d the domain, %% a percent sign.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lmtp/userdb.h"

/* expand - the template for a; -1 when the result does not fit. */
static int expand(const char *tpl, const struct lmtp_addr *a, char *out,
		  size_t size)
{
	size_t n = 0;

	for (const char *p = tpl; *p != '\0'; p++) {  /* bounded by tpl */
		char one[2] = { *p, '\0' };
		const char *put = one;
		char full[520];

		if (*p == '%' && p[1] != '\0') {
			p++;
			if (*p == 'n')
				put = a->local;
			else if (*p == 'd')
				put = a->domain;
			else if (*p == 'u') {
				snprintf(full, sizeof(full), "%s%s%s", a->local,
					 a->domain[0] ? "@" : "", a->domain);
				put = full;
			} else
				one[0] = *p;   /* %% and unknown: the letter */
		}
		size_t k = strlen(put);
		if (n + k >= size)
			return -1;
		memcpy(out + n, put, k);
		n += k;
	}
	out[n] = '\0';
	return 0;
}

/* field - copy the i-th ':'-separated field of rest (0 = password). */
static void field(const char *rest, int i, char *out, size_t size)
{
	const char *p = rest;

	for (int k = 0; k < i && p != NULL; k++) {
		p = strchr(p, ':');
		if (p != NULL)
			p++;
	}
	const char *end = p ? strchr(p, ':') : NULL;
	size_t n = p == NULL ? 0 : end ? (size_t)(end - p) : strlen(p);
	if (n >= size)
		n = size - 1;
	if (p != NULL)
		memcpy(out, p, n);
	out[n] = '\0';
}

/* extra - the value of key (or userdb_key) among the extra fields. */
static void extra(const char *rest, const char *key, char *out, size_t size)
{
	const char *p = rest;
	size_t kl = strlen(key);

	out[0] = '\0';
	for (int k = 0; k < 6 && p != NULL; k++) {   /* past six colons */
		p = strchr(p, ':');
		if (p != NULL)
			p++;
	}
	while (p != NULL && *p != '\0') {  /* bounded by the line */
		while (*p == ' ' || *p == '\t')
			p++;
		size_t n = strcspn(p, " \t");
		const char *k = strncmp(p, "userdb_", 7) == 0 ? p + 7 : p;
		if (strncmp(k, key, kl) == 0 && k[kl] == '=') {
			size_t vn = n - (size_t)(k + kl + 1 - p);
			snprintf(out, size, "%.*s", (int)vn, k + kl + 1);
			return;
		}
		p += n;
	}
}

static long number(const char *s)
{
	char *end;
	long v;

	if (s[0] == '\0')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	return (*end != '\0' || errno != 0 || v < 0) ? -2 : v;
}

/* from_line - fill u from the table's fields. */
static enum mda_err from_line(const char *rest, struct lmtp_user *u,
			      struct why *w)
{
	char num[32];

	field(rest, 1, num, sizeof(num));
	u->uid = number(num);
	field(rest, 2, num, sizeof(num));
	u->gid = number(num);
	if (u->uid == -2 || u->gid == -2)
		return why_set(w, MDA_ERR_TEMP, "4.3.0",
			       "bad uid or gid in the user table for %.200s",
			       u->name);
	field(rest, 4, u->home, sizeof(u->home));
	extra(rest, "mail", u->mail, sizeof(u->mail));
	extra(rest, "quota_rule", u->quota_rule, sizeof(u->quota_rule));
	return MDA_OK;
}

/* home_exists - template mode: a user is one whose home is there. */
static enum mda_err home_exists(const struct lmtp_user *u, struct why *w)
{
	if (access(u->home, X_OK) == 0)
		return MDA_OK;
	if (errno == ENOENT || errno == ENOTDIR)
		return why_set(w, MDA_ERR_NOUSER, "5.1.1", "no such user");
	return why_set(w, MDA_ERR_TEMP, "4.3.0", "cannot look up the user: %s",
		       strerror(errno));
}

enum mda_err userdb_lookup(struct userdb *db, const struct lmtp_addr *a,
			   struct lmtp_user *u, struct why *w)
{
	enum mda_err e = MDA_OK;

	memset(u, 0, sizeof(*u));
	u->uid = u->gid = -1;
	snprintf(u->name, sizeof(u->name), "%s%s%s", a->local,
		 a->domain[0] ? "@" : "", a->domain);
	if (db->path != NULL) {
		const char *rest = userdb_table_find(db, u->name, w, &e);
		if (rest == NULL)
			return e != MDA_OK ? e : why_set(w, MDA_ERR_NOUSER,
					"5.1.1", "no such user");
		e = from_line(rest, u, w);
	}
	if (e == MDA_OK && u->home[0] == '\0' && db->home_template != NULL &&
	    expand(db->home_template, a, u->home, sizeof(u->home)) != 0)
		return why_set(w, MDA_ERR_TEMP, "4.3.0", "home path too long");
	if (e == MDA_OK && u->home[0] != '/')
		return why_set(w, MDA_ERR_TEMP, "4.3.0",
			       "no absolute home for %.200s", u->name);
	if (e == MDA_OK && db->path == NULL)
		e = home_exists(u, w);
	return e;
}

enum mda_err userdb_inbox(const struct lmtp_user *u, const char *host,
			  struct inbox *ib, struct why *w)
{
	const char *spec = u->mail, *path = "~/Maildir";
	int n;

	memset(ib, 0, sizeof(*ib));
	ib->is_maildir = true;
	if (strncmp(spec, "maildir:", 8) == 0) {
		path = spec + 8;
	} else if (strncmp(spec, "mbox:", 5) == 0) {
		path = spec + 5;
		ib->is_maildir = false;
	} else if (spec[0] != '\0') {
		return why_set(w, MDA_ERR_TEMP, "4.3.0",
			       "mail location not understood: %.100s", spec);
	}
	if (path[0] == '~')
		n = snprintf(ib->path, sizeof(ib->path), "%s%s", u->home,
			     path + 1);
	else
		n = snprintf(ib->path, sizeof(ib->path), "%s", path);
	if (n < 0 || (size_t)n >= sizeof(ib->path) ||
	    snprintf(ib->user, sizeof(ib->user), "%s", u->name) < 0)
		return why_set(w, MDA_ERR_TEMP, "4.3.0", "path too long");
	snprintf(ib->home, sizeof(ib->home), "%s", u->home);
	snprintf(ib->host, sizeof(ib->host), "%s", host);
	n = snprintf(ib->folder_dir, sizeof(ib->folder_dir), "%s/Mail", u->home);
	if (n < 0 || (size_t)n >= sizeof(ib->folder_dir))
		return why_set(w, MDA_ERR_TEMP, "4.3.0", "path too long");
	return MDA_OK;
}
