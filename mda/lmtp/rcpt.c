/*
 * rcpt.c - RCPT TO: the recipient is looked up at once (RFC 2033 4.2:
 * only recipients accepted here get a reply after DATA).
 *
 * Replies: 250 2.1.5 accepted; 550 5.1.1 unknown user; 451 4.3.0 the
 * user table cannot be read, or the table gives the user a uid other
 * than the server's (mda never changes uid to deliver: the admin mends
 * it, Postfix keeps the mail meanwhile); 452 4.5.3 too many recipients
 * (RFC 5321 4.5.3.1.10: the client sends the rest in a new transaction);
 * 501 5.1.3 an address we refuse to map to a path.  ORCPT (RFC 3461 4.2)
 * is kept as the original recipient; NOTIFY is accepted, the MTA acts on it.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "lmtp/session.h"

/* rcpt_params - NOTIFY and ORCPT; orig gets ORCPT's address, if any. */
static const char *rcpt_params(char *p, char *orig, size_t size)
{
	char *key, *val;

	orig[0] = '\0';
	while ((key = lmtp_param_next(&p, &val)) != NULL) {  /* bounded */
		if (val == NULL)
			return "555 5.5.4 Unsupported parameter";
		if (strcasecmp(key, "ORCPT") == 0) {
			char *semi = strchr(val, ';');
			if (semi == NULL || lmtp_param_xtext(semi + 1, orig,
							     size) != 0)
				return "501 5.5.4 Bad ORCPT parameter";
			if (strncasecmp(val, "rfc822;", 7) != 0)
				orig[0] = '\0';   /* another type: not an address */
		} else if (strcasecmp(key, "NOTIFY") != 0) {
			return "555 5.5.4 Unsupported parameter";
		}
	}
	return NULL;
}

/* rcpt_add - keep the accepted recipient; 0 or -1 out of memory. */
static int rcpt_add(struct lmtp_session *s, const char *addr,
		    const char *orig, const struct lmtp_user *u)
{
	if (s->nrcpt % 16 == 0) {
		void *v = realloc(s->rcpt, (s->nrcpt + 16) * sizeof(*s->rcpt));
		if (v == NULL)
			return -1;
		s->rcpt = v;
	}
	struct lmtp_rcpt *r = &s->rcpt[s->nrcpt];
	r->addr = strdup(addr);
	r->orig = strdup(orig[0] ? orig : addr);
	r->user = *u;
	if (r->addr == NULL || r->orig == NULL) {
		free(r->addr);
		free(r->orig);
		return -1;
	}
	s->nrcpt++;
	return 0;
}

void lmtp_cmd_rcpt(struct lmtp_session *s, char *args)
{
	char addr[LMTP_ADDR_MAX], orig[LMTP_ADDR_MAX], *rest;
	const char *refusal;
	struct lmtp_addr a;
	struct lmtp_user u;
	struct why w = { "", "" };

	if (s->sender == NULL) {
		conn_reply(&s->conn, "503 5.5.1 MAIL first");
		return;
	}
	if (strncasecmp(args, "TO:", 3) != 0 ||
	    (rest = lmtp_path_arg(args + 3, addr)) == NULL) {
		conn_reply(&s->conn, "501 5.5.4 Syntax: RCPT TO:<address>");
		return;
	}
	if ((refusal = rcpt_params(rest, orig, sizeof(orig))) != NULL) {
		conn_reply(&s->conn, "%s", refusal);
		return;
	}
	if (s->nrcpt >= LMTP_MAX_RCPT) {
		conn_reply(&s->conn, "452 4.5.3 Too many recipients");
		return;
	}
	if (lmtp_addr_parse(addr, &a) != 0) {
		conn_reply(&s->conn, "501 5.1.3 <%s> Bad address", addr);
		return;
	}
	enum mda_err e = userdb_lookup(s->db, &a, &u, &w);
	if (e == MDA_ERR_NOUSER)
		conn_reply(&s->conn, "550 5.1.1 <%s> User unknown", addr);
	else if (e != MDA_OK)
		conn_reply(&s->conn, "451 4.3.0 <%s> %s", addr, w.text);
	else if (u.uid >= 0 && (uid_t)u.uid != geteuid())
		conn_reply(&s->conn, "451 4.3.0 <%s> Mailbox uid %ld is not "
			   "the server's (%ld)", addr, u.uid, (long)geteuid());
	else if (rcpt_add(s, addr, orig, &u) != 0)
		conn_reply(&s->conn, "451 4.3.0 Out of memory");
	else
		conn_reply(&s->conn, "250 2.1.5 Ok");
}
