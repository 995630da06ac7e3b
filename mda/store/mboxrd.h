/*
 * mboxrd.h - the mboxrd escaping of "From " lines, as a stream filter.
 *
 * mboxrd (the variant Postfix, mutt and mblaze read): writing adds one '>'
 * to every line matching ^>*From ; reading removes exactly one '>' from
 * every line matching ^>+From .  Unlike mboxo, the pair is lossless: a
 * body line ">From x" survives a write and a read unchanged.
 *
 * Contract: both directions are pure state machines over chunks of any
 * size; a line may be split between chunks at any byte (even inside the
 * run of '>' or the word "From ").  Output goes through a callback that
 * returns 0 or an errno value; the first non-zero result is returned and
 * the stream must then be abandoned.  Line ends are LF; a CR before it is
 * an ordinary byte.  No allocation, no I/O of its own.
 */
#ifndef MDA_MBOXRD_H
#define MDA_MBOXRD_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* Output callback: write len bytes of p; 0 or an errno value. */
typedef int (*mboxrd_out)(void *ctx, const char *p, size_t len);

struct mboxrd {
	int delta;          /* +1 quote (writer), -1 unquote (reader) */
	bool at_start;      /* deciding the start of a line */
	size_t gt;          /* '>' held back at this line start */
	size_t matched;     /* bytes of "From " held back after them */
	bool any;           /* at least one byte was passed out */
	char last;          /* the last byte passed out */
};

/* mboxrd_quote_init / mboxrd_unquote_init - a stream at a line start. */
void mboxrd_quote_init(struct mboxrd *q);
void mboxrd_unquote_init(struct mboxrd *q);

/* mboxrd_feed - filter len bytes of p to out; 0 or out's errno. */
int mboxrd_feed(struct mboxrd *q, const char *p, size_t len, mboxrd_out out,
		void *ctx);

/* mboxrd_finish - pass out what is held back at the end of the input
 * (a last line such as ">>Fro" that never became "From "). */
int mboxrd_finish(struct mboxrd *q, mboxrd_out out, void *ctx);

/* mboxrd_ends_in_newline - true when the output so far is empty or ends
 * in LF (after mboxrd_finish). */
bool mboxrd_ends_in_newline(const struct mboxrd *q);

/* mboxrd_unquote_line - for line readers: how many bytes to skip at the
 * start of one line (1 if it matches ^>+From , else 0). */
size_t mboxrd_unquote_line(const char *line, size_t len);

/* mboxrd_is_separator - the line starts a message ("From " at column 0). */
bool mboxrd_is_separator(const char *line, size_t len);

#define MBOXRD_SENDER_MAX 256
/* 5 ("From ") + sender + 1 + 24 (asctime) + 1 ("\n"), and a year > 9999. */
#define MBOXRD_FROMLINE_MAX (MBOXRD_SENDER_MAX + 48)

/*
 * mboxrd_from_line - "From SENDER Www Mmm dd hh:mm:ss yyyy\n" into buf.
 * The null sender ("" or "<>") becomes MAILER-DAEMON; spaces and control
 * characters in sender become '_' (a reader splits the line at spaces and
 * must find the date after the first one); a sender longer than
 * MBOXRD_SENDER_MAX is cut.  The date is `when` in local time in the fixed
 * C-locale asctime form (day of month padded with a space).  Returns the
 * length written (without NUL), or 0 if buf is too small or the time
 * cannot be converted.
 */
size_t mboxrd_from_line(char *buf, size_t size, const char *sender,
			time_t when);

#endif
