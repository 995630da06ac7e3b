/*
 * sieve_fixture - run one Sieve script over one message file and print
 * the outcome, for the fixtures in tests/sieve/ (test code: it reads files,
 * which filters/ itself never does; it uses only the filters/ API).
 *
 *   sieve_fixture [-t] [-e ENVFILE] SCRIPT [MESSAGE]
 *
 * Compile errors: the diagnostics, one per line.  Otherwise compile
 * warnings, then each action
 * through sieve_action_print(), one per line; an edited header block and
 * vacation details follow on lines starting with two spaces; then any
 * run-time diagnostics.  -t prints the trace first.  `include` reads
 * DIR/include/NAME.sieve (:global: DIR/include/global/NAME.sieve), DIR
 * being the script's directory.  ENVFILE lines are
 * "key value" (from, to, orig_to, user, auth, domain, host, remote_host,
 * remote_ip, location, phase, now, seen KIND:KEY, mailbox NAME - the
 * folders mailbox_exists knows; without any, no callback; site SECTION
 * KEY VALUE - a setting of mda's site configuration, as /etc/mda.conf
 * would give it, [extlists] naming a file relative to DIR).
 */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sieve.h"
#include "siteconf.h"
#include "trace_print.h"

static char *slurp(const char *path, size_t *len_r)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (f == NULL)
		return NULL;
	do {
		if (len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			buf = realloc(buf, cap);
			if (buf == NULL) {
				fclose(f);
				return NULL;
			}
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
	} while (n > 0);
	fclose(f);
	buf[len] = '\0';
	*len_r = len;
	return buf;
}

static const char *script_dir;

static int load(void *ctx, bool global, const char *name, char **text_r,
		size_t *len_r, char **name_r)
{
	char path[4096], disp[512];
	const char *ext = strstr(name, ".sieve") ? "" : ".sieve";

	if (strchr(name, '/') != NULL)
		return -1;
	if (snprintf(path, sizeof(path), "%s/include/%s%s%s", script_dir,
		     global ? "global/" : "", name, ext) >= (int)sizeof(path) ||
	    snprintf(disp, sizeof(disp), "%s%s%s", global ? "global/" : "",
		     name, ext) >= (int)sizeof(disp))
		return -1;
	if ((*text_r = slurp(path, len_r)) == NULL)
		return -1;
	*name_r = strdup(disp);
	return 0;
}

struct mem { const char *p; size_t len; };

static ssize_t body_read(void *ctx, uint64_t off, void *buf, size_t len)
{
	struct mem *m = ctx;

	if (off >= m->len)
		return 0;
	if (len > m->len - off)
		len = m->len - off;
	if (len > 7)      /* small reads: exercise chunk borders */
		len = len / 2 + 1;
	memcpy(buf, m->p + off, len);
	return (ssize_t)len;
}

/* parse_header - index the fields of text into msg (test-grade parser). */
static void parse_header(char *text, size_t len, struct sieve_message *msg,
			 struct mem *body)
{
	struct sieve_header_field *f = calloc(len / 2 + 1, sizeof(*f));
	size_t n = 0, i = 0;

	while (i < len && text[i] != '\n' && !(text[i] == '\r' && text[i + 1] == '\n')) {
		size_t start = i, colon, end;

		while (i < len && text[i] != ':' && text[i] != '\n')
			i++;
		colon = i;
		for (;;) {
			while (i < len && text[i] != '\n')
				i++;
			if (i + 1 < len && (text[i + 1] == ' ' || text[i + 1] == '\t'))
				i++;
			else
				break;
		}
		end = i;
		if (end > start && text[end - 1] == '\r')
			end--;
		if (colon < end) {
			f[n].name = text + start;
			f[n].name_len = colon - start;
			f[n].value = text + colon + 1;
			f[n].value_len = end - colon - 1;
			n++;
		}
		if (i < len)
			i++;
	}
	i += (i < len && text[i] == '\r') ? 2 : 1;
	if (i > len)
		i = len;
	msg->fields = f;
	msg->nfields = n;
	msg->header_block = text;
	msg->header_len = i;
	msg->size = len;
	msg->body_size = len - i;
	body->p = text + i;
	body->len = len - i;
	msg->body_read = body_read;
	msg->body_ctx = body;
}

static char seen[64][256];
static int nseen;

static int state_check(void *ctx, const char *kind, const char *key,
		       long long period, int mark)
{
	char k[256];

	snprintf(k, sizeof(k), "%s:%s", kind, key);
	for (int i = 0; i < nseen; i++)
		if (strcmp(seen[i], k) == 0)
			return 1;
	if (mark && nseen < 64)
		snprintf(seen[nseen++], sizeof(seen[0]), "%s", k);
	return 0;
}

static char *boxes[32];
static int nboxes = -1;   /* -1: no mailbox_exists callback */

static int mailbox_exists(void *ctx, const char *name)
{
	for (int i = 0; i < nboxes; i++)
		if (strcmp(boxes[i], name) == 0)
			return 1;
	return 0;
}

static struct siteconf site;
static char *dupval(const char *s);

/* site_set - "SECTION KEY VALUE" into the site configuration. */
static void site_set(char *v, struct sieve_runtime_env *e)
{
	char *key = strchr(v, ' '), *val, err[300];

	if (key == NULL || (val = strchr(key + 1, ' ')) == NULL)
		return;
	*key++ = '\0';
	*val++ = '\0';
	if (strcmp(v, "extlists") == 0 && val[0] != '/') {
		char abs[4096];   /* a list file named from the script's dir */

		if (realpath(val, abs) == NULL) {
			printf("site %s %s: %s: not found\n", v, key, val);
			return;
		}
		val = dupval(abs);
	}
	if (siteconf_set(&site, v, key, val, err, sizeof(err)) != 0)
		printf("site %s %s: %s\n", v, key, err);
	e->site = &site.sieve;
}

static char *envstr[64];
static int nenvstr;

/* dupval - a copy of the value without its line end, freed at exit. */
static char *dupval(const char *s)
{
	char *p = strdup(s);

	p[strcspn(p, "\r\n")] = '\0';
	if (nenvstr < 64)
		envstr[nenvstr++] = p;
	return p;
}

static void read_env(const char *path, struct sieve_runtime_env *e)
{
	FILE *f = fopen(path, "r");
	char line[1024];

	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		char *v = strchr(line, ' ');
		const char *k = line;

		if (v == NULL)
			continue;
		*v++ = '\0';
		v = dupval(v);
		if (!strcmp(k, "from")) e->envelope.from = v;
		else if (!strcmp(k, "to")) e->envelope.to = v;
		else if (!strcmp(k, "orig_to")) e->envelope.orig_to = v;
		else if (!strcmp(k, "user")) e->envelope.user = v;
		else if (!strcmp(k, "auth")) e->envelope.auth = v;
		else if (!strcmp(k, "domain")) e->domain = v;
		else if (!strcmp(k, "host")) e->host = v;
		else if (!strcmp(k, "remote_host")) e->remote_host = v;
		else if (!strcmp(k, "remote_ip")) e->remote_ip = v;
		else if (!strcmp(k, "location")) e->location = v;
		else if (!strcmp(k, "phase")) e->phase = v;
		else if (!strcmp(k, "now")) e->now = (time_t)atoll(v);
		else if (!strcmp(k, "mailbox") && nboxes < 32) {
			nboxes = nboxes < 0 ? 0 : nboxes;
			boxes[nboxes++] = v;
			e->mailbox_exists = mailbox_exists;
		} else if (!strcmp(k, "site"))
			site_set(v, e);
		else if (!strcmp(k, "seen") && nseen < 64)
			snprintf(seen[nseen++], sizeof(seen[0]), "%s", v);
	}
	fclose(f);
}

static void print_actions(const struct sieve_action_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct sieve_action *a = &l->v[i];
		const struct sieve_vacation *v = a->vacation;

		sieve_action_print(a, stdout);
		putchar('\n');
		if (a->header_block != NULL)
			printf("  header: %.*s", (int)a->header_block_len,
			       a->header_block);
		if (a->notify != NULL) {
			const struct sieve_notify *nt = a->notify;

			printf("  importance=%d from=%s subject=%s message=%s\n "
			       " rcpt:", nt->importance,
			       nt->from ? nt->from : "(null)",
			       nt->subject ? nt->subject : "(null)",
			       nt->message ? nt->message : "(null)");
			for (size_t k = 0; k < nt->nrcpt; k++)
				printf(" %s:%s", k < nt->nto ? "to" :
				       k < nt->nto + nt->ncc ? "cc" : "bcc",
				       nt->rcpt[k]);
			putchar('\n');
		}
		if (v != NULL)
			printf("  from=%s subject=%s handle=%s period=%lld mime=%d\n"
			       "  reason=%s\n", v->from ? v->from : "(null)",
			       v->subject ? v->subject : "(null)",
			       v->handle ? v->handle : "(null)", v->period,
			       v->mime, v->reason ? v->reason : "(null)");
	}
}

int main(int argc, char **argv)
{
	struct sieve_runtime_env env = {
		.envelope = { "sender@example.org", "user@example.com", NULL,
			      "user", NULL },
		.now = 1700000000, .domain = "example.com",
		.host = "mx.example.com", .location = "MDA", .phase = "during",
		.state_check = state_check,
	};
	struct sieve_trace tr;
	struct sieve_loader loader = { load, NULL };
	struct sieve_message msg = {0};
	struct sieve_action_list out = {0};
	struct sieve_diag d = {0};
	struct sieve_script *s;
	struct mem body;
	bool trace = false;
	char *text, *mtext, *dirbuf;
	size_t len, mlen = 0;
	int i = 1;

	siteconf_init(&site);
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-t"))
			trace = true;
		else if (!strcmp(argv[i], "-e") && i + 1 < argc)
			read_env(argv[++i], &env);
	}
	if (site.nlistfiles > 0) {
		char err[400];

		site.file = "env";
		if (siteconf_read_lists(&site, err, sizeof(err)) != 0)
			printf("%s\n", err);
	}
	if (i >= argc || (text = slurp(argv[i], &len)) == NULL) {
		fprintf(stderr, "usage: sieve_fixture [-t] [-e ENV] SCRIPT [MSG]\n");
		return 64;
	}
	dirbuf = strdup(argv[i]);
	script_dir = dirname(dirbuf);
	s = sieve_compile(strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1
						: argv[i], text, len, &loader, &d);
	free(text);
	if (s == NULL || i + 1 >= argc) {
		sieve_diag_print(&d, stdout);
		sieve_diag_free(&d);
		sieve_script_free(&s);
		free(dirbuf);
		return 0;
	}
	mtext = slurp(argv[i + 1], &mlen);
	if (mtext == NULL)
		return 66;
	parse_header(mtext, mlen, &msg, &body);
	sieve_diag_print(&d, stdout);   /* compile warnings */
	sieve_diag_free(&d);
	trace_print_init(&tr, stdout);   /* as `mda test --trace` prints */
	sieve_run(s, &msg, &env, trace ? &tr : NULL, &out, &d);
	print_actions(&out);
	sieve_diag_print(&d, stdout);
	sieve_actions_free(&out);
	sieve_diag_free(&d);
	sieve_script_free(&s);
	siteconf_free(&site);
	free((void *)msg.fields);
	free(mtext);
	free(dirbuf);
	while (nenvstr > 0)
		free(envstr[--nenvstr]);
	return 0;
}
