/*
 * helpbox.c - the help overlay; see helpbox.h.
 */
#include "build-config.h"

#include <stdio.h>
#include <string.h>

#include "attntui/view/helpbox.h"

#define HELPBOX_MARGIN		2	/* cells inside the border */
#define HELPBOX_CHROME_H	4	/* border, footer, border, blank */
#define HELPBOX_GAP		3	/* between columns */
#define HELPBOX_TEXT_MIN	18	/* a description column's least width */
#define HELPBOX_COLUMNS_MAX	3
#define HELPBOX_KEYS_LEN	96
#define HELPBOX_ENTRIES_MAX	64

/* The lines after the key table's: keys that the table cannot hold. */
static const char *const helpbox_extra[][2] = {
	{ "1-9...", "count: 10j moves 10 tokens, 3n 3 heads" },
	{ "pane", "summary focused: j k choose a row, l Enter unfold, h "
	  "fold" },
	{ "mouse", "click a cell, bar, token or layer" },
};
#define HELPBOX_N_EXTRA	(sizeof helpbox_extra / sizeof helpbox_extra[0])

struct helpbox_entry {
	char		 keys[HELPBOX_KEYS_LEN];
	const char	*what;
};

/* How the box is cut: columns, their widths, the rows they take. */
struct helpbox_shape {
	int	cols, keys_w, text_w, rows, w, h;
};

int
helpbox_wrap(const char *text, int width, int line, char *buf, size_t len)
{
	int		 n = 0, w;
	const char	*p = text, *end, *sp;

	if (len > 0)
		buf[0] = '\0';
	while (*p != '\0') {
		/* The longest run of whole words within width. */
		end = p;
		for (sp = p; *sp != '\0'; ) {
			const char	*next = strchr(sp, ' ');

			w = (int)((next != NULL ? next : sp + strlen(sp)) - p);
			if (w > width)
				break;
			end = next != NULL ? next : sp + strlen(sp);
			if (next == NULL)
				break;
			sp = next + 1;
		}
		if (end == p)		/* a word wider than the line */
			end = p + width;
		if (n == line)
			snprintf(buf, len, "%.*s", (int)(end - p), p);
		n++;
		p = end;
		while (*p == ' ')
			p++;
	}
	return n;
}

static int
helpbox_entries(const struct view *v, struct helpbox_entry *e)
{
	size_t	i;
	int	n = 0;

	while (n < HELPBOX_ENTRIES_MAX - (int)HELPBOX_N_EXTRA &&
	    keys_help_line(n, v->ascii, e[n].keys, sizeof e[n].keys,
	    &e[n].what) == 0)
		n++;
	for (i = 0; i < HELPBOX_N_EXTRA; i++, n++) {
		snprintf(e[n].keys, sizeof e[n].keys, "%s",
		    helpbox_extra[i][0]);
		e[n].what = helpbox_extra[i][1];
	}
	return n;
}

/* The rows one entry takes with descriptions text_w cells wide. */
static int
helpbox_rows(const struct helpbox_entry *e, int text_w)
{
	char	buf[8];

	return helpbox_wrap(e->what, text_w, 0, buf, sizeof buf);
}

/* Columns the entries fill going down rows rows each, entries whole. */
static int
helpbox_columns(const struct helpbox_entry *e, int n, int text_w, int rows)
{
	int	i, r, used = 0, cols = 1;

	for (i = 0; i < n; i++) {
		r = helpbox_rows(&e[i], text_w);
		if (used > 0 && used + r > rows) {
			cols++;
			used = 0;
		}
		used += r;
	}
	return cols;
}

/*
 * The fewest columns that show every line in the screen's height, each
 * as short as the entries allow; one column that scrolls when none
 * does.
 */
static void
helpbox_cut(const struct canvas *c, const struct helpbox_entry *e, int n,
    int ascii, struct helpbox_shape *s)
{
	int	i, k, inner = c->w - 2 - 2 * HELPBOX_MARGIN, avail, longest = 0;
	int	total;

	s->keys_w = 0;
	for (i = 0; i < n; i++) {
		if (canvas_width(e[i].keys, ascii) > s->keys_w)
			s->keys_w = canvas_width(e[i].keys, ascii);
		if ((int)strlen(e[i].what) > longest)
			longest = (int)strlen(e[i].what);
	}
	avail = c->h - 2 - HELPBOX_CHROME_H;
	for (k = 1; k <= HELPBOX_COLUMNS_MAX; k++) {
		s->cols = k;
		s->text_w = (inner - (k - 1) * HELPBOX_GAP) / k - s->keys_w - 1;
		if (s->text_w > longest)
			s->text_w = longest;
		if (s->text_w < 1 || (k > 1 && s->text_w < HELPBOX_TEXT_MIN))
			break;
		total = 0;
		for (i = 0; i < n; i++)
			total += helpbox_rows(&e[i], s->text_w);
		for (s->rows = (total + k - 1) / k; helpbox_columns(e, n,
		    s->text_w, s->rows) > k; s->rows++)
			;
		if (s->rows <= avail)
			goto done;
	}
	/* One column, scrolled. */
	s->cols = 1;
	s->text_w = inner - s->keys_w - 1;
	if (s->text_w > longest)
		s->text_w = longest;
	if (s->text_w < 1)
		s->text_w = 1;
	for (s->rows = 0, i = 0; i < n; i++)
		s->rows += helpbox_rows(&e[i], s->text_w);
done:
	s->w = 2 + 2 * HELPBOX_MARGIN + s->cols * (s->keys_w + 1 +
	    s->text_w) + (s->cols - 1) * HELPBOX_GAP;
	s->h = s->rows + HELPBOX_CHROME_H < c->h - 2 ? s->rows +
	    HELPBOX_CHROME_H : c->h - 2;
}

/* One entry at (x, y), its rows clipped to [top, bottom). */
static int
helpbox_entry(const struct paint *d, const struct helpbox_entry *e,
    const struct helpbox_shape *s, int x, int y, int top, int bottom)
{
	char	buf[160];
	int	i, n = helpbox_rows(e, s->text_w);

	for (i = 0; i < n; i++, y++) {
		if (y < top || y >= bottom)
			continue;
		if (i == 0)
			canvas_text(d->c, x, y, s->keys_w, e->keys,
			    CANVAS_DEFAULT, CANVAS_DEFAULT, CANVAS_BOLD);
		helpbox_wrap(e->what, s->text_w, i, buf, sizeof buf);
		canvas_text(d->c, x + s->keys_w + 1, y, s->text_w, buf,
		    CANVAS_DEFAULT, CANVAS_DEFAULT, 0);
	}
	return n;
}

void
helpbox_draw(const struct paint *d)
{
	struct helpbox_entry	 e[HELPBOX_ENTRIES_MAX];
	struct helpbox_shape	 s;
	struct canvas		*c = d->c;
	int			 n, i, x0, y0, x, y, col = 0, top, bottom;
	int			 first;

	n = helpbox_entries(d->v, e);
	helpbox_cut(c, e, n, d->v->ascii, &s);
	if (s.w > c->w)
		s.w = c->w;
	x0 = (c->w - s.w) / 2;
	y0 = (c->h - s.h) / 2;
	paint_box(c, x0, y0, s.w, s.h, d->v->ascii);
	canvas_text(c, x0 + HELPBOX_MARGIN, y0, s.w - 2 * HELPBOX_MARGIN,
	    " keys ", CANVAS_DEFAULT, CANVAS_DEFAULT, CANVAS_BOLD);
	top = y0 + 1;
	bottom = y0 + s.h - HELPBOX_CHROME_H + 1;
	d->f->geo.help_lines = s.rows;
	d->f->geo.help_rows = bottom - top;
	first = s.cols == 1 ? d->v->help_first : 0;
	x = x0 + HELPBOX_MARGIN;
	y = top - first;
	for (i = 0; i < n; i++) {
		if (s.cols > 1 && y > top && y + helpbox_rows(&e[i],
		    s.text_w) > top + s.rows && col + 1 < s.cols) {
			col++;
			x += s.keys_w + 1 + s.text_w + HELPBOX_GAP;
			y = top;
		}
		y += helpbox_entry(d, &e[i], &s, x, y, top, bottom);
	}
	canvas_text(c, x0 + HELPBOX_MARGIN, y0 + s.h - 2,
	    s.w - 2 * HELPBOX_MARGIN, s.rows > bottom - top ?
	    "j k scroll; any other key closes this help" :
	    "any key closes this help", CANVAS_DEFAULT, CANVAS_DEFAULT,
	    CANVAS_DIM);
}
