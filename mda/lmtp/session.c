/*
 * session.c - the LMTP command state machine (RFC 2033, RFC 5321 4.1).
 *
 * States: before LHLO only LHLO, RSET, NOOP, QUIT and VRFY are taken;
 * MAIL opens a transaction, RCPT adds recipients (each looked up at
 * once: unknown 550 5.1.1, table unreadable 451 4.3.0), DATA ends it
 * with one reply per accepted recipient (lmtp_data, txn.c).  Out of
 * order commands get 503 5.5.1 and change nothing.  Extensions
 * advertised: PIPELINING (RFC 2920), ENHANCEDSTATUSCODES (RFC 2034),
 * 8BITMIME (RFC 6152), SIZE (RFC 1870), DSN (RFC 3461: parameters
 * accepted and ORCPT kept; the MTA writes the notifications).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "lmtp/session.h"

void lmtp_txn_reset(struct lmtp_session *s)
{
	for (size_t i = 0; i < s->nrcpt; i++) {
		free(s->rcpt[i].addr);
		free(s->rcpt[i].orig);
	}
	free(s->rcpt);
	free(s->sender);
	s->rcpt = NULL;
	s->nrcpt = 0;
	s->sender = NULL;
}

char *lmtp_path_arg(char *p, char *out)
{
	while (*p == ' ')
		p++;
	if (*p != '<')
		return NULL;
	char *end = strchr(p, '>');
	if (end == NULL || (size_t)(end - p - 1) >= LMTP_ADDR_MAX)
		return NULL;
	memcpy(out, p + 1, (size_t)(end - p - 1));
	out[end - p - 1] = '\0';
	for (const char *q = out; *q; q++)
		if ((unsigned char)*q < 0x20 || *q == 0x7f)
			return NULL;
	return end + 1;
}

int lmtp_param_xtext(const char *in, char *out, size_t size)
{
	size_t n = 0;

	for (const char *p = in; *p != '\0'; p++) {  /* bounded by in */
		int ch = (unsigned char)*p;
		if (ch == '+') {
			if (!isxdigit((unsigned char)p[1]) ||
			    !isxdigit((unsigned char)p[2]))
				return -1;
			char hex[3] = { p[1], p[2], '\0' };
			ch = (int)strtol(hex, NULL, 16);
			p += 2;
		}
		if (ch < 0x20 || ch == 0x7f || n + 1 >= size)
			return -1;
		out[n++] = (char)ch;
	}
	out[n] = '\0';
	return 0;
}

char *lmtp_param_next(char **p, char **val_r)
{
	while (**p == ' ')
		(*p)++;
	if (**p == '\0')
		return NULL;
	char *key = *p, *end = strchr(key, ' ');
	*p = end ? end + 1 : key + strlen(key);
	if (end)
		*end = '\0';
	char *eq = strchr(key, '=');
	*val_r = eq ? eq + 1 : NULL;
	if (eq)
		*eq = '\0';
	return key;
}

/* mail_params - SIZE, BODY, RET, ENVID; a reply on refusal, else NULL. */
static const char *mail_params(char *p)
{
	char *key, *val;

	while ((key = lmtp_param_next(&p, &val)) != NULL) {  /* bounded by line */
		if (strcasecmp(key, "SIZE") == 0) {
			char *end;
			if (val == NULL || !isdigit((unsigned char)val[0]))
				return "501 5.5.4 Bad SIZE parameter";
			unsigned long long v = strtoull(val, &end, 10);
			if (*end != '\0')
				return "501 5.5.4 Bad SIZE parameter";
			if (v > LMTP_MAX_SIZE)
				return "552 5.3.4 Message size exceeds the limit";
		} else if (strcasecmp(key, "BODY") == 0) {
			if (val == NULL || (strcasecmp(val, "7BIT") != 0 &&
					    strcasecmp(val, "8BITMIME") != 0))
				return "555 5.5.4 Unsupported BODY";
		} else if (strcasecmp(key, "RET") == 0) {
			if (val == NULL || (strcasecmp(val, "FULL") != 0 &&
					    strcasecmp(val, "HDRS") != 0))
				return "501 5.5.4 Bad RET parameter";
		} else if (strcasecmp(key, "ENVID") != 0) {
			return "555 5.5.4 Unsupported parameter";
		}
	}
	return NULL;
}

static void cmd_mail(struct lmtp_session *s, char *args)
{
	char addr[LMTP_ADDR_MAX], *rest;
	const char *refusal;

	if (!s->greeted || s->sender != NULL) {
		conn_reply(&s->conn, "503 5.5.1 %s", s->greeted ?
			   "Nested MAIL command" : "Send LHLO first");
		return;
	}
	if (strncasecmp(args, "FROM:", 5) != 0 ||
	    (rest = lmtp_path_arg(args + 5, addr)) == NULL) {
		conn_reply(&s->conn, "501 5.5.4 Syntax: MAIL FROM:<address>");
		return;
	}
	if ((refusal = mail_params(rest)) != NULL) {
		conn_reply(&s->conn, "%s", refusal);
		return;
	}
	s->sender = strdup(addr);
	if (s->sender == NULL) {
		conn_reply(&s->conn, "451 4.3.0 Out of memory");
		return;
	}
	conn_reply(&s->conn, "250 2.1.0 Ok");
}

static void cmd_lhlo(struct lmtp_session *s, const char *args)
{
	while (*args == ' ')
		args++;
	if (*args == '\0') {
		conn_reply(&s->conn, "501 5.5.4 Syntax: LHLO hostname");
		return;
	}
	lmtp_txn_reset(s);           /* RFC 5321 4.1.4: as if RSET */
	s->greeted = true;
	conn_reply(&s->conn, "250-%s", s->host);
	conn_reply(&s->conn, "250-PIPELINING");
	conn_reply(&s->conn, "250-ENHANCEDSTATUSCODES");
	conn_reply(&s->conn, "250-8BITMIME");
	conn_reply(&s->conn, "250-SIZE %llu", (unsigned long long)LMTP_MAX_SIZE);
	conn_reply(&s->conn, "250 DSN");
}

static void cmd_data(struct lmtp_session *s, const char *args)
{
	if (args[0] != '\0') {
		conn_reply(&s->conn, "501 5.5.4 Syntax: DATA");
		return;
	}
	if (s->sender == NULL || s->nrcpt == 0) {
		conn_reply(&s->conn, "503 5.5.1 %s", s->sender == NULL ?
			   "MAIL first" : "No valid recipients");
		return;
	}
	conn_reply(&s->conn, "354 End data with <CR><LF>.<CR><LF>");
	lmtp_data(s);
	lmtp_txn_reset(s);
}

/* dispatch - one command line; unknown or misplaced ones count as errors. */
static void dispatch(struct lmtp_session *s, char *line)
{
	char *args = line + strcspn(line, " ");
	size_t vlen = (size_t)(args - line);

	if (*args == ' ')
		*args++ = '\0';
	if (vlen == 4 && strncasecmp(line, "LHLO", 4) == 0)
		cmd_lhlo(s, args);
	else if (vlen == 4 && strncasecmp(line, "MAIL", 4) == 0)
		cmd_mail(s, args);
	else if (vlen == 4 && strncasecmp(line, "RCPT", 4) == 0)
		lmtp_cmd_rcpt(s, args);
	else if (vlen == 4 && strncasecmp(line, "DATA", 4) == 0)
		cmd_data(s, args);
	else if (vlen == 4 && strncasecmp(line, "RSET", 4) == 0) {
		lmtp_txn_reset(s);
		conn_reply(&s->conn, "250 2.0.0 Ok");
	} else if (vlen == 4 && strncasecmp(line, "NOOP", 4) == 0)
		conn_reply(&s->conn, "250 2.0.0 Ok");
	else if (vlen == 4 && strncasecmp(line, "QUIT", 4) == 0) {
		conn_reply(&s->conn, "221 2.0.0 %s closing", s->host);
		s->quit = true;
	} else if (vlen == 4 && strncasecmp(line, "VRFY", 4) == 0)
		/* RFC 5321 3.5.3: 252, and no user list for the asking */
		conn_reply(&s->conn, "252 2.5.2 Cannot VRFY; send RCPT instead");
	else if (vlen == 4 && (strncasecmp(line, "HELO", 4) == 0 ||
			       strncasecmp(line, "EHLO", 4) == 0)) {
		s->errors++;
		conn_reply(&s->conn, "500 5.5.1 This is LMTP: use LHLO");
	} else {
		s->errors++;
		conn_reply(&s->conn, "500 5.5.2 Unknown command");
	}
}

/* closing - the reply for a session that ends by our choice, or NULL. */
static const char *closing(enum conn_rc rc)
{
	switch (rc) {
	case CONN_TIMEOUT: return "421 4.4.2 %s Timeout, closing";
	case CONN_DRAIN: return "421 4.3.2 %s Shutting down";
	default: return NULL;
	}
}

bool lmtp_session_run(const struct config *cfg, struct userdb *db, int in,
		      int out, int sigfd)
{
	struct lmtp_session s = { .cfg = cfg, .db = db };
	char line[LMTP_LINE_MAX];

	conn_init(&s.conn, in, out, sigfd);
	if (gethostname(s.host, sizeof(s.host) - 1) != 0 || s.host[0] == '\0')
		snprintf(s.host, sizeof(s.host), "localhost");
	s.nm = (struct maildir_namer){ .host = s.host };
	conn_reply(&s.conn, "220 %s LMTP mda ready", s.host);
	while (!s.quit) {  /* one command per pass; ends on QUIT, EOF, ... */
		enum conn_rc rc = conn_line(&s.conn, line, sizeof(line),
					    s.sender == NULL);
		if (rc == CONN_LONG) {
			s.errors++;
			conn_reply(&s.conn, "500 5.5.2 Line too long");
		} else if (rc != CONN_OK) {
			const char *fmt = closing(rc);
			if (fmt != NULL)
				conn_reply(&s.conn, fmt, s.host);
			break;
		} else {
			dispatch(&s, line);
		}
		if (s.errors > LMTP_MAX_ERRORS) {
			conn_reply(&s.conn, "421 4.7.0 %s Too many errors", s.host);
			break;
		}
		if (s.conn.draining && s.sender == NULL && !s.quit) {
			conn_reply(&s.conn, "421 4.3.2 %s Shutting down", s.host);
			break;
		}
	}
	(void)conn_flush(&s.conn);
	lmtp_txn_reset(&s);
	return s.conn.draining;
}
