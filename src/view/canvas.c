/*
 * canvas.c - cells and width-aware text; see canvas.h.
 */
#include "build-config.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "attntui/base/text.h"
#include "attntui/view/canvas.h"

#define CANVAS_SPACE_MARKER	0x2423	/* ␣, a label's leading space */

int
canvas_init(struct canvas *c, int w, int h)
{
	memset(c, 0, sizeof *c);
	if (w < 1 || h < 1 || (size_t)w > SIZE_MAX / sizeof *c->cells /
	    (size_t)h)
		return -1;
	if ((c->cells = malloc((size_t)w * (size_t)h * sizeof *c->cells)) ==
	    NULL)
		return -1;
	c->w = w;
	c->h = h;
	canvas_clear(c);
	return 0;
}

void
canvas_free(struct canvas *c)
{
	free(c->cells);
	c->cells = NULL;
	c->w = c->h = 0;
}

static void
canvas_blank(struct cell *cell, int fg, int bg, int attrs)
{
	memset(cell, 0, sizeof *cell);
	cell->glyph[0] = ' ';
	cell->fg = (int16_t)fg;
	cell->bg = (int16_t)bg;
	cell->attrs = (uint8_t)attrs;
	cell->width = 1;
}

void
canvas_clear(struct canvas *c)
{
	size_t	i, n = (size_t)c->w * (size_t)c->h;

	for (i = 0; i < n; i++)
		canvas_blank(&c->cells[i], CANVAS_DEFAULT, CANVAS_DEFAULT, 0);
}

struct cell *
canvas_cell(struct canvas *c, int x, int y)
{
	if (x < 0 || y < 0 || x >= c->w || y >= c->h)
		return NULL;
	return &c->cells[(size_t)y * (size_t)c->w + (size_t)x];
}

const struct cell *
canvas_cell_const(const struct canvas *c, int x, int y)
{
	if (x < 0 || y < 0 || x >= c->w || y >= c->h)
		return NULL;
	return &c->cells[(size_t)y * (size_t)c->w + (size_t)x];
}

/*
 * Overwriting half of a wide glyph leaves the other half meaningless:
 * blank it, as a terminal would.
 */
static void
canvas_unwide(struct canvas *c, int x, int y)
{
	struct cell	*cell = canvas_cell(c, x, y), *o;

	if (cell == NULL)
		return;
	if (cell->width == 0 && (o = canvas_cell(c, x - 1, y)) != NULL)
		canvas_blank(o, o->fg, o->bg, o->attrs);
	if (cell->width == 2 && (o = canvas_cell(c, x + 1, y)) != NULL)
		canvas_blank(o, o->fg, o->bg, o->attrs);
}

/* Does glyph[0..n) hold a byte outside ASCII? */
static int
canvas_non_ascii(const char *glyph, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if ((unsigned char)glyph[i] >= 0x80)
			return 1;
	return 0;
}

static void
canvas_set(struct canvas *c, int x, int y, const char *glyph, size_t n,
    int width, int fg, int bg, int attrs)
{
	struct cell	*cell, *o;

	if ((cell = canvas_cell(c, x, y)) == NULL)
		return;
	/* The last guard of ASCII mode: nothing else reaches a screen. */
	if (c->ascii && canvas_non_ascii(glyph, n)) {
		glyph = "?";
		n = 1;
		width = 1;
	}
	if (width != 0)
		canvas_unwide(c, x, y);
	else if (cell->width == 2 && (o = canvas_cell(c, x + 1, y)) != NULL)
		canvas_blank(o, o->fg, o->bg, o->attrs);
	canvas_blank(cell, fg, bg, attrs);
	if (n >= CANVAS_GLYPH)
		n = CANVAS_GLYPH - 1;
	memcpy(cell->glyph, glyph, n);
	cell->glyph[n] = '\0';
	cell->width = (uint8_t)width;
}

void
canvas_put(struct canvas *c, int x, int y, const char *glyph, int fg,
    int bg, int attrs)
{
	canvas_set(c, x, y, glyph, strlen(glyph), 1, fg, bg, attrs);
}

void
canvas_fill(struct canvas *c, int x, int y, int w, int h, int fg, int bg,
    int attrs)
{
	int	i, j;

	for (j = y; j < y + h; j++)
		for (i = x; i < x + w; i++)
			canvas_set(c, i, j, " ", 1, 1, fg, bg, attrs);
}

/*
 * The next character of s: its byte length, into *width its display
 * width.  Invalid or unprintable characters become '?' (*bad set).
 */
static size_t
canvas_next(const char *s, int *width, int *bad)
{
	mbstate_t	ps;
	wchar_t		wc;
	size_t		n;
	int		w;

	memset(&ps, 0, sizeof ps);
	*bad = 0;
	n = mbrtowc(&wc, s, strlen(s), &ps);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*bad = 1;
		*width = 1;
		return 1;
	}
	if ((w = wcwidth(wc)) < 0) {
		*bad = 1;
		w = 1;
	}
	*width = w;
	return n;
}

/*
 * The next character of s as ASCII mode shows it, locale or not: itself
 * when printable ASCII, '_' for the space marker, '?' for anything else,
 * one cell each.  Into *glyph; returns the bytes it took.
 */
static size_t
canvas_next_ascii(const char *s, const char **glyph)
{
	unsigned	cp;
	size_t		n;

	n = text_utf8((const unsigned char *)s, strlen(s), &cp);
	if (n == 0) {
		*glyph = "?";
		return 1;
	}
	if (cp == CANVAS_SPACE_MARKER)
		*glyph = "_";
	else if (cp < 0x20 || cp >= 0x7f)
		*glyph = "?";
	else
		*glyph = NULL;		/* itself */
	return n;
}

int
canvas_width(const char *s, int ascii)
{
	const char	*g;
	int		 w, bad, total = 0;

	while (*s != '\0') {
		if (ascii) {
			s += canvas_next_ascii(s, &g);
			total++;
			continue;
		}
		s += canvas_next(s, &w, &bad);
		total += w;
	}
	return total;
}

/*
 * Walk s as canvas_text lays it out in maxw cells; call put (when not
 * NULL) for each glyph.  The ellipsis takes one cell.
 */
static int
canvas_layout(const char *s, int maxw, int ascii,
    void (*put)(void *, int, const char *, size_t, int), void *arg)
{
	const char	*ell = ascii ? "~" : "\xe2\x80\xa6", *g;
	int		 full, x = 0, w, bad;
	size_t		 n;

	if (maxw <= 0)
		return 0;
	full = canvas_width(s, ascii) <= maxw;
	while (*s != '\0') {
		if (ascii) {
			n = canvas_next_ascii(s, &g);
			if (x + 1 > (full ? maxw : maxw - 1))
				break;
			if (put != NULL)
				put(arg, x, g != NULL ? g : s, g != NULL ?
				    1 : n, 1);
			x++;
			s += n;
			continue;
		}
		n = canvas_next(s, &w, &bad);
		if (w == 0 && !bad) {
			s += n;		/* combining marks are dropped */
			continue;
		}
		if (x + w > (full ? maxw : maxw - 1))
			break;
		if (put != NULL)
			put(arg, x, bad ? "?" : s, bad ? 1 : n, w);
		x += w;
		s += n;
	}
	if (!full) {
		if (put != NULL)
			put(arg, x, ell, strlen(ell), 1);
		x++;
	}
	return x;
}

struct canvas_text_arg {
	struct canvas	*c;
	int		 x, y, fg, bg, attrs;
};

static void
canvas_text_put(void *arg, int x, const char *g, size_t n, int w)
{
	struct canvas_text_arg	*a = arg;

	canvas_set(a->c, a->x + x, a->y, g, n, w, a->fg, a->bg, a->attrs);
	if (w == 2) {
		canvas_set(a->c, a->x + x + 1, a->y, "", 0, 0, a->fg, a->bg,
		    a->attrs);
		/* A wide glyph cut by the right edge would spill over. */
		if (a->x + x + 1 >= a->c->w)
			canvas_set(a->c, a->x + x, a->y, " ", 1, 1, a->fg,
			    a->bg, a->attrs);
	}
}

int
canvas_text(struct canvas *c, int x, int y, int maxw, const char *s,
    int fg, int bg, int attrs)
{
	struct canvas_text_arg	a = { c, x, y, fg, bg, attrs };

	if (x + maxw > c->w)
		maxw = c->w - x;
	return canvas_layout(s, maxw, c->ascii, canvas_text_put, &a);
}

struct canvas_buf_arg {
	char	*buf;
	size_t	 len, at;
};

static void
canvas_buf_put(void *arg, int x, const char *g, size_t n, int w)
{
	struct canvas_buf_arg	*a = arg;

	(void)x;
	(void)w;
	if (a->at + n < a->len) {
		memcpy(a->buf + a->at, g, n);
		a->at += n;
		a->buf[a->at] = '\0';
	}
}

int
canvas_truncate(const char *s, int maxw, int ascii, char *buf, size_t len)
{
	struct canvas_buf_arg	a = { buf, len, 0 };

	if (len > 0)
		buf[0] = '\0';
	return canvas_layout(s, maxw, ascii, canvas_buf_put, &a);
}

char *
canvas_row_text(const struct canvas *c, int y, char *buf, size_t len)
{
	const struct cell	*cell;
	size_t			 at = 0, n;
	int			 x;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	for (x = 0; x < c->w; x++) {
		if ((cell = canvas_cell_const(c, x, y)) == NULL ||
		    cell->width == 0)
			continue;
		n = strlen(cell->glyph);
		if (at + n >= len)
			break;
		memcpy(buf + at, cell->glyph, n);
		at += n;
	}
	buf[at] = '\0';
	return buf;
}
