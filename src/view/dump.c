/*
 * dump.c - --dump: the explorer's frame as ANSI text; see dump.h.
 */
#include "build-config.h"

#include <stdio.h>
#include <string.h>

#include "attntui/view/dump.h"

/* SGR parameters: foreground and background colours 30 + c and 40 + c,
   their bright halves 60 further, and 38;5;N and 48;5;N for 256. */
#define SGR_FG		30
#define SGR_BG		40
#define SGR_256		8
#define SGR_BRIGHT	60
#define BASIC_COLORS	8

static int
dump_plain(const struct cell *cell)
{
	return cell->fg == CANVAS_DEFAULT && cell->bg == CANVAS_DEFAULT &&
	    cell->attrs == 0;
}

static int
dump_same(const struct cell *a, const struct cell *b)
{
	return a->fg == b->fg && a->bg == b->bg && a->attrs == b->attrs;
}

/* One colour parameter: ";38;5;N" or ";3N" / ";9N" (fg, base SGR_FG). */
static void
dump_color(FILE *fp, enum colors colors, int color, int base)
{
	if (color < 0)
		return;
	if (colors == COLORS_256)
		fprintf(fp, ";%d;5;%d", base + SGR_256, color);
	else if (color < BASIC_COLORS)
		fprintf(fp, ";%d", base + color);
	else
		fprintf(fp, ";%d", base + SGR_BRIGHT + color - BASIC_COLORS);
}

static void
dump_sgr(FILE *fp, enum colors colors, const struct cell *cell)
{
	fputs("\033[0", fp);
	if (cell->attrs & CANVAS_BOLD)
		fputs(";1", fp);
	if (cell->attrs & CANVAS_DIM)
		fputs(";2", fp);
	if (cell->attrs & CANVAS_UNDERLINE)
		fputs(";4", fp);
	if (cell->attrs & CANVAS_REVERSE)
		fputs(";7", fp);
	dump_color(fp, colors, cell->fg, SGR_FG);
	dump_color(fp, colors, cell->bg, SGR_BG);
	fputc('m', fp);
}

static void
dump_row(const struct canvas *c, enum colors colors, int y, FILE *fp)
{
	const struct cell	*cell, *prev = NULL;
	struct cell		 plain;
	int			 x, end = c->w, changed = 0;

	memset(&plain, 0, sizeof plain);
	plain.fg = plain.bg = CANVAS_DEFAULT;
	/* Trailing blanks in the default rendition carry nothing. */
	while (end > 0 && (cell = canvas_cell_const(c, end - 1, y)) != NULL &&
	    strcmp(cell->glyph, " ") == 0 && (dump_plain(cell) ||
	    colors == COLORS_NONE))
		end--;
	prev = &plain;
	for (x = 0; x < end; x++) {
		cell = canvas_cell_const(c, x, y);
		if (cell->width == 0)
			continue;
		if (colors != COLORS_NONE && !dump_same(cell, prev)) {
			dump_sgr(fp, colors, cell);
			changed = 1;
		}
		fputs(cell->glyph, fp);
		prev = cell;
	}
	if (changed && !dump_plain(prev))
		fputs("\033[0m", fp);
	fputc('\n', fp);
}

int
dump_canvas(const struct canvas *c, enum colors colors, FILE *fp)
{
	int	y;

	for (y = 0; y < c->h; y++)
		dump_row(c, colors, y, fp);
	return ferror(fp) ? -1 : 0;
}
