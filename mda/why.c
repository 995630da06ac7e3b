/*
 * why.c - fill struct why; the single errno classifier.
 *
 * Every storage fault is temporary (EX_TEMPFAIL): the MTA keeps the message
 * until the cause is mended, nothing bounces because of a local fault.
 * Quota errors get 4.2.2 (RFC 3463: mailbox full), the rest 4.2.0 or 4.3.0.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "why.h"

enum mda_err classify_errno(int errnum, const char **status_r)
{
	const char *status = "4.3.0";
	enum mda_err err = MDA_ERR_TEMP;

	switch (errnum) {
	case EDQUOT:
	case EFBIG:
		status = "4.2.2";
		err = MDA_ERR_QUOTA;
		break;
	case ENOSPC:
		status = "4.3.1";  /* mail system full */
		break;
	case EACCES:
	case EPERM:
	case ELOOP:
	case EISDIR:
	case ENOTDIR:
	case EMLINK:
	case EEXIST:
	case EROFS:
		status = "4.2.0";  /* the mailbox is there but refuses us */
		break;
	default:
		status = "4.3.0";  /* EIO, ENOMEM, EAGAIN, ESTALE, ENOLCK ... */
		break;
	}
	if (status_r != NULL)
		*status_r = status;
	return err;
}

enum mda_err why_set(struct why *w, enum mda_err err, const char *status,
		     const char *fmt, ...)
{
	va_list ap;

	if (w == NULL)
		return err;
	snprintf(w->status, sizeof(w->status), "%s",
		 status != NULL ? status : exitcode_default_status(err));
	va_start(ap, fmt);
	/* Truncation is acceptable: the text is a one-line summary. */
	(void)vsnprintf(w->text, sizeof(w->text), fmt, ap);
	va_end(ap);
	for (char *p = w->text; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return err;
}

enum mda_err why_errno(struct why *w, int errnum, const char *what)
{
	const char *status;
	enum mda_err err = classify_errno(errnum, &status);

	return why_set(w, err, status, "%s: %s", what, strerror(errnum));
}
