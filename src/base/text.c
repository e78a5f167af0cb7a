/*
 * text.c - text on its way to a terminal; see text.h.
 */
#include "build-config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attntui/base/text.h"

size_t
text_utf8(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned	c = s[0], min;
	size_t		len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		c &= 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/*
 * C0, DEL, C1, and the zero-width and direction format characters (the
 * bidi embeddings, overrides and isolates among them) and variation
 * selectors: a token may be exactly one of them (U+200D of an emoji),
 * and a hostile file may use them to rewrite what a message says.
 */
int
text_invisible(unsigned cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
	    cp == 0x61c || (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2069) ||
	    (cp >= 0xfe00 && cp <= 0xfe0f) || cp == 0xfeff;
}

/* The escape of one character: \n \t \r, \xNN or \uNNNN, into tmp. */
static const char *
text_escape_char(unsigned cp, char *tmp, size_t size)
{
	if (cp == '\n')
		return "\\n";
	if (cp == '\t')
		return "\\t";
	if (cp == '\r')
		return "\\r";
	snprintf(tmp, size, cp < 0x80 ? "\\x%02X" : "\\u%04X", cp);
	return tmp;
}

/* A growing string; failed is set once, on overflow or no memory. */
struct text_buf {
	char	*p;
	size_t	 len, cap;
	int	 failed;
};

static void
text_add(struct text_buf *b, const void *s, size_t n)
{
	char	*np;
	size_t	 cap;

	if (b->failed)
		return;
	if (n > SIZE_MAX / 2 - b->len) {
		b->failed = 1;
		return;
	}
	if (b->len + n + 1 > b->cap) {
		cap = b->cap == 0 ? 16 : b->cap;
		while (cap < b->len + n + 1)
			cap *= 2;
		if ((np = realloc(b->p, cap)) == NULL) {
			b->failed = 1;
			return;
		}
		b->p = np;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

char *
text_escape(const void *buf, size_t n, int flags)
{
	const unsigned char	*s = buf;
	struct text_buf		 b = { 0 };
	const char		*e;
	char			 tmp[16];
	unsigned		 cp;
	size_t			 len;

	text_add(&b, "", 0);
	if (flags & TEXT_SPACE_MARKER) {
		for (; n > 0 && *s == ' '; s++, n--)
			text_add(&b, "\xe2\x90\xa3", 3);	/* U+2423 */
	}
	for (; n > 0; s += len, n -= len) {
		if ((len = text_utf8(s, n, &cp)) == 0) {
			snprintf(tmp, sizeof tmp, "\\x%02X", *s);
			text_add(&b, tmp, strlen(tmp));
			len = 1;
		} else if (text_invisible(cp)) {
			e = text_escape_char(cp, tmp, sizeof tmp);
			text_add(&b, e, strlen(e));
		} else
			text_add(&b, s, len);
	}
	if (b.failed) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

char *
text_quote(const char *s, size_t len, char q, size_t max, char *buf,
    size_t size)
{
	const unsigned char	*u = (const unsigned char *)s;
	const char		*e;
	char			 tmp[16];
	unsigned		 cp;
	size_t			 i, n, o = 0, shown = len > max ? max : len;

	/* Cut on a character boundary, never inside a UTF-8 sequence. */
	while (shown < len && shown > 0 && (u[shown] & 0xc0) == 0x80)
		shown--;
	if (size < 8) {
		if (size > 0)
			buf[0] = '\0';
		return buf;
	}
	buf[o++] = q;
	for (i = 0; i < shown && o + 12 < size; i += n) {
		if ((n = text_utf8(u + i, shown - i, &cp)) == 0) {
			o += (size_t)snprintf(buf + o, size - o, "\\x%02X",
			    u[i]);
			n = 1;
		} else if (cp == (unsigned char)q || cp == '\\') {
			buf[o++] = '\\';
			buf[o++] = (char)cp;
		} else if (text_invisible(cp)) {
			e = text_escape_char(cp, tmp, sizeof tmp);
			o += (size_t)snprintf(buf + o, size - o, "%s", e);
		} else {
			memcpy(buf + o, u + i, n);
			o += n;
		}
	}
	if (i < len)
		o += (size_t)snprintf(buf + o, size - o, "...");
	snprintf(buf + o, size - o, "%c", q);
	return buf;
}

/* Edit distance; long strings get none (SIZE_MAX). */
static size_t
text_distance(const char *a, size_t la, const char *b, size_t lb)
{
	size_t	row[65], i, j, diag, up;

	if (la > 64 || lb > 64)
		return SIZE_MAX;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			up = row[j];
			row[j] = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < row[j])
				row[j] = up + 1;
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			diag = up;
		}
	}
	return row[lb];
}

void
text_suggest_init(struct text_suggest *ts, const char *word, size_t len)
{
	ts->word = word;
	ts->len = len;
	ts->best = NULL;
	ts->distance = SIZE_MAX;
}

void
text_suggest_offer(struct text_suggest *ts, const char *name)
{
	size_t	d = text_distance(ts->word, ts->len, name, strlen(name));

	if (d < ts->distance) {
		ts->distance = d;
		ts->best = name;
	}
}

const char *
text_suggest_best(const struct text_suggest *ts)
{
	if (ts->best != NULL && (ts->distance <= 2 ||
	    ts->distance * 3 <= ts->len))
		return ts->best;
	return NULL;
}

int
text_ends_with(const char *s, const char *suffix)
{
	size_t	n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

void
text_write_all(int fd, const char *s, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		if ((n = write(fd, s, len)) <= 0) {
			if (n == -1 && errno == EINTR)
				continue;
			return;
		}
		s += n;
		len -= (size_t)n;
	}
}
