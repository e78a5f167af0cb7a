/*
 * canvas.h - a grid of terminal cells, drawn by the view and shown by the
 * tui (ncurses) or the dump (ANSI text) alike.
 *
 * A cell holds one UTF-8 glyph of display width 1 or 2; a wide glyph's
 * right half is a cell of width 0 that outputs skip.  Colours are
 * terminal colour indices, CANVAS_DEFAULT for the terminal's own.
 */
#ifndef ATTNTUI_CANVAS_H
#define ATTNTUI_CANVAS_H

#include <stddef.h>
#include <stdint.h>

#define CANVAS_GLYPH	8	/* one code point of UTF-8, NUL ended */
#define CANVAS_DEFAULT	(-1)

#define CANVAS_BOLD	0x1
#define CANVAS_REVERSE	0x2
#define CANVAS_UNDERLINE 0x4
#define CANVAS_DIM	0x8

struct cell {
	char		glyph[CANVAS_GLYPH];
	int16_t		fg;
	int16_t		bg;
	uint8_t		attrs;
	uint8_t		width;		/* 1, 2, or 0 for a wide glyph's tail */
};

struct canvas {
	int		 w;
	int		 h;
	int		 ascii;		/* nothing outside ASCII: see below */
	struct cell	*cells;		/* owned, h rows of w */
};

/* A canvas of w x h blank cells; -1 when out of memory. */
int		 canvas_init(struct canvas *c, int w, int h);
void		 canvas_free(struct canvas *c);
void		 canvas_clear(struct canvas *c);

/* The cell at (x, y), or NULL outside. */
struct cell	*canvas_cell(struct canvas *c, int x, int y);
const struct cell *canvas_cell_const(const struct canvas *c, int x, int y);

/* Put one glyph of width 1 at (x, y); clipped outside. */
void		 canvas_put(struct canvas *c, int x, int y, const char *glyph,
		     int fg, int bg, int attrs);

/* Fill a rectangle with spaces in colours fg and bg. */
void		 canvas_fill(struct canvas *c, int x, int y, int w, int h,
		     int fg, int bg, int attrs);

/*
 * Write UTF-8 s at (x, y) in at most maxw cells; when it is wider, the
 * part that fits is followed by an ellipsis.  Bytes that are not valid
 * in the locale show as '?', non-printable characters likewise.  On an
 * ASCII canvas, whatever the locale, each character outside printable
 * ASCII shows as one '?' but the space marker U+2423, shown as '_', and
 * the ellipsis is '~'; a glyph put there with bytes outside ASCII shows
 * as '?'.  Returns the cells used.
 */
int		 canvas_text(struct canvas *c, int x, int y, int maxw,
		     const char *s, int fg, int bg, int attrs);

/* The display width of UTF-8 s as canvas_text counts it (ascii: as an
   ASCII canvas shows it). */
int		 canvas_width(const char *s, int ascii);

/*
 * s truncated to maxw cells as canvas_text would show it, into buf;
 * returns its width.
 */
int		 canvas_truncate(const char *s, int maxw, int ascii,
		     char *buf, size_t len);

/* A row of the canvas as plain text (tests, dumps); returns buf. */
char		*canvas_row_text(const struct canvas *c, int y, char *buf,
		     size_t len);

#endif
