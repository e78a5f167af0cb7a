/*
 * text.h - text on its way to a terminal: UTF-8 decoding, the one rule
 * for what must be escaped, quoting for messages, and the "did you
 * mean" hint.
 *
 * Every byte that came from a file or the command line reaches the
 * screen through text_escape() or text_quote(): C0 and C1 controls,
 * DEL, zero-width and direction format characters (bidi overrides
 * included), variation selectors and bytes that are not UTF-8 are shown
 * as escapes, never passed through.
 */
#ifndef ATTNTUI_TEXT_H
#define ATTNTUI_TEXT_H

#include <stddef.h>

/* text_escape: show leading spaces as U+2423 (GPT-2's word-initial space). */
#define TEXT_SPACE_MARKER	0x1

/*
 * Decode one UTF-8 sequence at s (n > 0 bytes left): store its code point
 * in *cp and return its length, or 0 when the bytes are not valid UTF-8
 * (overlong forms, surrogates and values past U+10FFFF included).
 */
size_t	text_utf8(const unsigned char *s, size_t n, unsigned *cp);

/* Would a terminal draw cp as nothing, or act on it? */
int	text_invisible(unsigned cp);

/*
 * Bytes s[0..n) as a terminal may show them: printable UTF-8 as is; \n,
 * \t and \r escaped; invisible characters as \xNN (below U+0080) or
 * \uNNNN; bytes that are not UTF-8 as \xNN.  Returns a string the caller
 * frees, or NULL when out of memory.
 */
char	*text_escape(const void *s, size_t n, int flags);

/*
 * s[0..len) quoted with q for a message, escaped as text_escape() does
 * and with q and backslash escaped too; at most max bytes of s, cut on a
 * character boundary and followed by "..." when longer.  Into buf of
 * size bytes (TEXT_QUOTE_SIZE(max) is always enough); returns buf.
 */
char	*text_quote(const char *s, size_t len, char q, size_t max, char *buf,
	    size_t size);
#define TEXT_QUOTE_SIZE(max)	((max) * 4 + 16)

/*
 * The "did you mean" hint: offer each known name in turn, then ask for
 * the closest one by edit distance when it is close enough to be a typo
 * (two edits, or a third of the word); NULL otherwise.
 */
struct text_suggest {
	const char	*word;
	size_t		 len;
	const char	*best;
	size_t		 distance;
};
void	text_suggest_init(struct text_suggest *ts, const char *word,
	    size_t len);
void	text_suggest_offer(struct text_suggest *ts, const char *name);
const char *text_suggest_best(const struct text_suggest *ts);

/* Does s end with suffix? */
int	text_ends_with(const char *s, const char *suffix);

/*
 * Write all of s[len] to fd as far as it goes, retried after a signal,
 * with write(2) alone, so that a signal handler may use it (fatal.c);
 * what cannot be written is dropped: for terminal output that is never
 * worth an error (a progress bar, a reset on the way out).
 */
void	text_write_all(int fd, const char *s, size_t len);

#endif
