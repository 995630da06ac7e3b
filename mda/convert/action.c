/*
 * action.c - a recipe's action line as Sieve commands (RFC 5228 4;
 * RFC 3894 :copy; RFC 5490 :create).
 *
 * A delivering recipe ends procmail's run unless it has the c flag, so
 * its commands end in "stop"; with c they take :copy and the run goes
 * on.  Inside a "c" block (a procmail clone) deliveries never stop the
 * parent: they take :copy and do not stop.  Delivery to the INBOX is
 * "keep", /dev/null is "discard".
 */
#include <stdio.h>
#include <string.h>

#include "convert/sv.h"

static void fileinto(struct sv *sv, const char *name, bool copy)
{
	struct cvbuf q = { 0 };

	cvb_quote(&q, name);
	sv->req |= REQ_FILEINTO | REQ_MAILBOX | (copy ? REQ_COPY : 0);
	sv_line(sv, "fileinto%s :create %s;", copy ? " :copy" : "",
		cvb_str(&q));
	cvb_free(&q);
}

/* folders - one or more folders; returns true if it delivers. */
static bool folders(struct sv *sv, struct rc_recipe *r, bool copy)
{
	bool h = rc_has_flag(r, 'h'), b = rc_has_flag(r, 'b');
	bool any = false, keep = false;
	char name[512];

	if (h != b)
		rc_note(r, "only the %s is stored by procmail (flag %c); "
			"mda stores the whole message", h ? "header" : "body",
			h ? 'h' : 'b');
	if (r->argc > 1)
		rc_note(r, "several folders: each gets a copy");
	for (size_t i = 0; i < r->argc; i++) {
		switch (folder_map(sv, r, r->argv[i], name, sizeof(name))) {
		case FOLDER_DISCARD:
			break;
		case FOLDER_INBOX:
			if (copy)
				rc_note(r, "a copy to the INBOX: procmail may store "
					"it there twice, Sieve once");
			if (!keep)
				sv_line(sv, "keep;");
			keep = true;
			any = true;
			break;
		case FOLDER_NAMED:
			fileinto(sv, name, copy);
			any = true;
			break;
		}
	}
	if (r->argc == 0) {
		rc_note(r, "no folder named: kept in INBOX");
		sv_line(sv, "keep;");
		any = true;
	}
	if (!any && !copy)
		sv_line(sv, "discard;");
	else if (!any)
		sv_line(sv, "# a copy to /dev/null: nothing to do");
	if (!copy)
		sv_line(sv, "stop;");
	return !copy;
}

bool sv_address_ok(const char *a)
{
	const char *at = strchr(a, '@');

	if (at == NULL || at == a || at[1] == '\0' || strchr(at + 1, '@'))
		return false;
	for (; *a != '\0'; a++)
		if ((unsigned char)*a <= ' ' || strchr("<>()[],;:\\\"", *a))
			return false;
	return true;
}

void sv_redirects(struct sv *sv, struct rc_recipe *r, char **addr,
		  size_t n, bool copy)
{
	size_t done = 0;

	for (size_t i = 0; i < n; i++) {
		struct cvbuf q = { 0 };
		if (addr[i][0] == '-')
			continue;       /* a sendmail option */
		if (!sv_address_ok(addr[i])) {
			rc_note(r, "%s is not an address Sieve can redirect "
				"to (user@domain): left out", addr[i]);
			continue;
		}
		cvb_quote(&q, addr[i]);
		sv_line(sv, "redirect%s %s;", copy ? " :copy" : "",
			cvb_str(&q));
		cvb_free(&q);
		done++;
	}
	if (copy)
		sv->req |= REQ_COPY;
	if (done == 0 && !copy) {
		rc_note(r, "no address to forward to: kept in INBOX");
		sv_line(sv, "keep;");
	}
	if (!copy)
		sv_line(sv, "stop;");
}

/* program - a pipe with no Sieve form: reported; the message is kept
 * where procmail would have handed it over, so nothing is lost. */
static void program(struct sv *sv, struct rc_recipe *r, bool copy,
		    const char *success)
{
	if (program_write(sv, r, copy, success))
		return;         /* it set success itself */
	sv_line(sv, "# %s", r->text);
	if (rc_has_flag(r, 'f')) {
		rc_note(r, "filter program not converted (the message is "
			"not changed)");
	} else if (copy) {
		rc_note(r, "program not converted (vnd.dovecot.pipe is not "
			"available)");
	} else {
		rc_note(r, "program not converted (vnd.dovecot.pipe is not "
			"available): the message is kept in INBOX instead");
		sv_line(sv, "keep;");
		sv_line(sv, "stop;");
		return;
	}
	if (success != NULL)    /* taken to succeed, as most programs do */
		sv_line(sv, "set \"%s\" \"1\";", success);
}

void action_write(struct sv *sv, struct rc_recipe *r, bool clone,
		  const char *success)
{
	bool copy = clone || rc_has_flag(r, 'c');
	bool delivers = false;

	switch (r->action) {
	case RC_A_FOLDER:
		delivers = folders(sv, r, copy);
		break;
	case RC_A_FORWARD:
		sv_redirects(sv, r, r->argv, r->argc, copy);
		delivers = !copy;
		break;
	case RC_A_PIPE:
		program(sv, r, copy, success);
		return;
	case RC_A_CAPTURE:
		rc_note(r, "the output of a program into $%s is not known to "
			"Sieve", r->capture ? r->capture : "?");
		sv_line(sv, "# %s", r->text);
		break;
	case RC_A_BLOCK:
		break;          /* sieve_out.c writes blocks */
	}
	/* after a delivery "stop" ends the script: nobody asks */
	if (success != NULL && r->action != RC_A_BLOCK && !delivers)
		sv_line(sv, "set \"%s\" \"1\";", success);
}
