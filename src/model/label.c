/*
 * label.c - token labels a terminal can show; see label.h.
 */
#include "build-config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attntui/model/label.h"

size_t
label_utf8(const unsigned char *s, size_t n, unsigned *cp)
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

struct label_buf {
	char	*p;
	size_t	 len, cap;
	int	 failed;
};

static void
label_add(struct label_buf *b, const void *s, size_t n)
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

/*
 * Characters a terminal would draw as nothing or act on: C0, DEL, C1, and
 * the zero-width and direction format characters and variation selectors
 * (a token of GPT-2 may be exactly one of them, e.g. U+200D of an emoji).
 */
static int
label_is_invisible(unsigned cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
	    (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) ||
	    (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0xfe00 && cp <= 0xfe0f) ||
	    cp == 0xfeff;
}

static void
label_add_escape(struct label_buf *b, unsigned cp)
{
	char	tmp[16];

	if (cp == '\n')
		snprintf(tmp, sizeof tmp, "\\n");
	else if (cp == '\t')
		snprintf(tmp, sizeof tmp, "\\t");
	else if (cp == '\r')
		snprintf(tmp, sizeof tmp, "\\r");
	else if (cp < 0x80)
		snprintf(tmp, sizeof tmp, "\\x%02X", cp);
	else
		snprintf(tmp, sizeof tmp, "\\u%04X", cp);
	label_add(b, tmp, strlen(tmp));
}

char *
label_escape(const void *buf, size_t n, int flags)
{
	const unsigned char	*s = buf;
	struct label_buf	 b = { 0 };
	char			 tmp[8];
	unsigned		 cp;
	size_t			 len;

	label_add(&b, "", 0);
	if (flags & LABEL_SPACE_MARKER) {
		for (; n > 0 && *s == ' '; s++, n--)
			label_add(&b, "\xe2\x90\xa3", 3);	/* U+2423 */
	}
	for (; n > 0; s += len, n -= len) {
		if ((len = label_utf8(s, n, &cp)) == 0) {
			snprintf(tmp, sizeof tmp, "\\x%02X", *s);
			label_add(&b, tmp, strlen(tmp));
			len = 1;
		} else if (label_is_invisible(cp))
			label_add_escape(&b, cp);
		else
			label_add(&b, s, len);
	}
	if (b.failed) {
		free(b.p);
		return NULL;
	}
	return b.p;
}
