/*
 * paint.c - the pieces the panes share; see paint.h.
 */
#include "build-config.h"

#include <stdio.h>
#include <string.h>

#include "attntui/view/paint.h"

#define UPPER_HALF	"\xe2\x96\x80"	/* ▀ */

/* The legend: lowest value, a colour ramp of at most RAMP_W cells, top. */
#define PAINT_LEGEND_MIN_W	12
#define PAINT_LEGEND_RAMP_W	32

int
paint_color(const struct paint *d, double val)
{
	return d->f->palette[colormap_level(val, d->f->n_palette)];
}

void
paint_legend(const struct paint *d, const struct rect *r, const char *lo,
    const char *hi)
{
	const struct view	*v = d->v;
	int			 x, i, gw;
	double			 val;

	if (r->w < PAINT_LEGEND_MIN_W)
		return;
	x = r->x + canvas_text(d->c, r->x, r->y, r->w, lo, CANVAS_DEFAULT,
	    CANVAS_DEFAULT, 0) + 1;
	gw = r->w - (x - r->x) - canvas_width(hi, v->ascii) - 1;
	if (gw > PAINT_LEGEND_RAMP_W)
		gw = PAINT_LEGEND_RAMP_W;
	for (i = 0; i < gw; i++) {
		val = gw > 1 ? (double)i / (gw - 1) : 1;
		if (v->colors == COLORS_NONE)
			canvas_put(d->c, x + i, r->y, colormap_glyph(
			    view_colormap(v), val, v->ascii), CANVAS_DEFAULT,
			    CANVAS_DEFAULT, 0);
		else
			canvas_put(d->c, x + i, r->y, " ", CANVAS_DEFAULT,
			    paint_color(d, val), 0);
	}
	if (gw > 0)
		canvas_text(d->c, x + gw + 1, r->y, r->x + r->w - x - gw - 1,
		    hi, CANVAS_DEFAULT, CANVAS_DEFAULT, 0);
}

int
paint_digits(int64_t n)
{
	int	w = 1;

	for (n -= 1; n >= 10; n /= 10)
		w++;
	return w;
}

int64_t
paint_scroll(int64_t first, int64_t at, int64_t rows, int64_t total)
{
	if (at < first)
		first = at;
	if (at >= first + rows)
		first = at - rows + 1;
	if (first > total - rows)
		first = total - rows;
	return first < 0 ? 0 : first;
}

void
paint_pane_header(const struct paint *d, const struct rect *r,
    enum view_focus pane, const char *text)
{
	int	attrs = CANVAS_BOLD |
	    (d->v->focus == pane ? CANVAS_REVERSE : 0);

	canvas_fill(d->c, r->x, r->y, r->w, 1, CANVAS_DEFAULT,
	    CANVAS_DEFAULT, attrs);
	canvas_text(d->c, r->x, r->y, r->w, text, CANVAS_DEFAULT,
	    CANVAS_DEFAULT, attrs);
}

char *
paint_count(uint64_t n, char *buf, size_t len)
{
	static const char	units[] = " KMGTPE";
	double			 x = (double)n;
	int			 u = 0;

	while (x >= 999.5 && u < 6) {
		x /= 1000;
		u++;
	}
	if (u == 0)
		snprintf(buf, len, "%llu", (unsigned long long)n);
	else
		snprintf(buf, len, "%.*f%c", x < 9.995 ? 2 : x < 99.95 ? 1 :
		    0, x, units[u]);
	return buf;
}

void
paint_box(struct canvas *c, int x, int y, int w, int h, int ascii)
{
	const char	*hz = ascii ? "-" : "\xe2\x94\x80";
	const char	*vt = ascii ? "|" : "\xe2\x94\x82";
	int		 i;

	canvas_fill(c, x, y, w, h, CANVAS_DEFAULT, CANVAS_DEFAULT, 0);
	for (i = 1; i < w - 1; i++) {
		canvas_put(c, x + i, y, hz, CANVAS_DEFAULT, CANVAS_DEFAULT, 0);
		canvas_put(c, x + i, y + h - 1, hz, CANVAS_DEFAULT,
		    CANVAS_DEFAULT, 0);
	}
	for (i = 1; i < h - 1; i++) {
		canvas_put(c, x, y + i, vt, CANVAS_DEFAULT, CANVAS_DEFAULT, 0);
		canvas_put(c, x + w - 1, y + i, vt, CANVAS_DEFAULT,
		    CANVAS_DEFAULT, 0);
	}
	canvas_put(c, x, y, ascii ? "+" : "\xe2\x94\x8c", CANVAS_DEFAULT,
	    CANVAS_DEFAULT, 0);
	canvas_put(c, x + w - 1, y, ascii ? "+" : "\xe2\x94\x90",
	    CANVAS_DEFAULT, CANVAS_DEFAULT, 0);
	canvas_put(c, x, y + h - 1, ascii ? "+" : "\xe2\x94\x94",
	    CANVAS_DEFAULT, CANVAS_DEFAULT, 0);
	canvas_put(c, x + w - 1, y + h - 1, ascii ? "+" : "\xe2\x94\x98",
	    CANVAS_DEFAULT, CANVAS_DEFAULT, 0);
}

int
paint_half(const struct view *v)
{
	return v->colors != COLORS_NONE && !v->ascii;
}

/* Display rows: two a cell with half blocks. */
int
paint_spots_down(const struct paint_map *m)
{
	return m->h * (m->half ? 2 : 1);
}

/*
 * The pixel grid of m: as many pixels as the window has tokens, up to
 * the display's (two pixel rows a cell with half blocks); each pixel
 * then takes its share of the cells, so that the map fills them.  rows
 * 0 when nothing fits.
 */
void
paint_map_fit(const struct view *v, struct paint_map *m)
{
	int	prow;

	m->half = paint_half(v);
	prow = paint_spots_down(m);
	m->rows = (int)(m->nq < prow ? m->nq : prow);
	m->cols = (int)(m->nk < m->w ? m->nk : m->w);
	if (m->rows < 1 || m->cols < 1)
		m->rows = m->cols = 0;
}

/* The colour of pixel (i, j). */
static int
paint_pixel_color(const struct paint *d, const struct paint_map *m, int i,
    int j)
{
	return paint_color(d, m->pix[i * m->cols + j]);
}

/* One cell of the map: half blocks, shading or a coloured space. */
static void
paint_map_cell_at(const struct paint *d, const struct paint_map *m, int cx,
    int cy)
{
	const struct view	*v = d->v;
	int			 P = paint_spots_down(m), i0, i1, j;

	j = cx * m->cols / m->w;
	i0 = (cy * (m->half ? 2 : 1)) * m->rows / P;
	if (m->half) {
		i1 = (cy * 2 + 1) * m->rows / P;
		canvas_put(d->c, m->x + cx, m->y + cy, UPPER_HALF,
		    paint_pixel_color(d, m, i0, j), paint_pixel_color(d, m, i1,
		    j), 0);
	} else if (v->colors == COLORS_NONE)
		canvas_put(d->c, m->x + cx, m->y + cy, colormap_glyph(
		    view_colormap(v), m->pix[i0 * m->cols + j], v->ascii),
		    CANVAS_DEFAULT, CANVAS_DEFAULT, 0);
	else
		canvas_put(d->c, m->x + cx, m->y + cy, " ", CANVAS_DEFAULT,
		    paint_pixel_color(d, m, i0, j), 0);
}

void
paint_map_cells(const struct paint *d, const struct paint_map *m)
{
	int	cx, cy;

	for (cy = 0; cy < m->h; cy++)
		for (cx = 0; cx < m->w; cx++)
			paint_map_cell_at(d, m, cx, cy);
}

void
paint_thumb_key(const struct view *v, int w, int h, struct thumbs_key *key)
{
	struct paint_map	m;

	memset(&m, 0, sizeof m);
	m.w = w;
	m.h = h;
	m.nq = v->Tq;
	m.nk = v->Tk;
	paint_map_fit(v, &m);
	memset(key, 0, sizeof *key);
	key->layer = v->layer;
	key->scale = v->scale;
	key->pool = v->pool;
	key->win.r1 = v->Tq;
	key->win.c1 = v->Tk;
	key->rows = m.rows;
	key->cols = m.cols;
	key->sign = v->diverging;
}

void
paint_thumb(const struct paint *d, const struct thumbs_key *key,
    const float *pix, int x, int y, int w, int h)
{
	struct paint_map	m;

	memset(&m, 0, sizeof m);
	m.x = x;
	m.y = y;
	m.w = w;
	m.h = h;
	m.half = paint_half(d->v);
	m.rows = key->rows;
	m.cols = key->cols;
	m.pix = pix;
	paint_map_cells(d, &m);
}
