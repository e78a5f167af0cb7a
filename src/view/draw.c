/*
 * draw.c - one frame of the explorer into a canvas; see draw.h.
 */
#include "build-config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attntui/view/draw.h"

#define UPPER_HALF	"\xe2\x96\x80"	/* ▀ */
#define CURSOR_GLYPH	"\xe2\x97\x86"	/* ◆ */
#define QUERY_MARK	"\xe2\x96\xb6"	/* ▶ */
#define KEY_MARK	"\xe2\x96\xb2"	/* ▲ */
#define SEP		" \xe2\x94\x82 " /* │ */

/* Side panes narrower than this, or without a row under their header,
   stay blank. */
#define DRAW_PANE_MIN_W		12
#define DRAW_PANE_MIN_H		2
/* The legend: lowest value, a colour ramp of at most RAMP_W cells, top. */
#define DRAW_LEGEND_MIN_W	12
#define DRAW_LEGEND_RAMP_W	32
/* A bar row: label (a third of the pane at most), gap, bar, gap, the
   weight in WEIGHT_W cells. */
#define DRAW_BARS_LABEL_PARTS	3
#define DRAW_WEIGHT_W		6
#define DRAW_WEIGHT_FORMAT	"%6.4f"
/* A bar's colour starts this far up the colormap, so that the weakest
   bars stay visible on a dark background. */
#define DRAW_BAR_COLOR_FLOOR	0.35
/* A summary row: name in a third of the pane, type, parameter count. */
#define DRAW_SUMMARY_NAME_PARTS	3
#define DRAW_SUMMARY_COUNT_W	8
/* The help box: its width, a margin, the key column; the border, the
   title and the footer take HELP_CHROME_H rows. */
#define DRAW_HELP_W		54
#define DRAW_HELP_MARGIN	2
#define DRAW_HELP_KEYS_W	16
#define DRAW_HELP_CHROME_H	4
/* The status line shows its key hint where this much is left beside it. */
#define DRAW_STATUS_MIN_W	20
/* A head grid thumbnail's cells: a gap column right of its map, a label
   row above and a gap row below it; smaller ones are not drawn. */
#define DRAW_THUMB_PAD_W	1
#define DRAW_THUMB_PAD_H	2
#define DRAW_THUMB_MIN_W	3
#define DRAW_THUMB_MIN_H	2
/* The help line of what the mouse does, after the key table's. */
#define DRAW_MOUSE_KEYS		"mouse"
#define DRAW_MOUSE_HELP		"click a cell, bar or layer"

/* One frame being drawn: the state it shows, where it goes. */
struct draw {
	const struct view	*v;
	struct frame		*f;
	struct canvas		*c;
};

/* One pooled map: where it goes and what it shows. */
struct draw_map {
	int			 x, y, w, h;	/* cells */
	struct heatmap_window	 win;
	int64_t			 n;		/* window size */
	int			 rows, cols;	/* pixel grid */
	int			 sx, sy;
	int			 half;
	const float		*pix;		/* rows x cols in [0, 1] */
	float			 hi;		/* top of the raw range */
};

static int
draw_half(const struct view *v)
{
	return v->colors != COLORS_NONE && !v->ascii;
}

/* The colour of val in [0, 1]: the palette draw_frame computed. */
static int
draw_color(const struct draw *d, double val)
{
	return d->f->palette[colormap_level(val, d->f->n_palette)];
}

/* Pixel of the grid that covers token t of window [a, a + n). */
static int
draw_pixel_of(int64_t t, int64_t a, int64_t n, int cells)
{
	int	i = (int)((t - a) * cells / n);

	while (i + 1 < cells && heatmap_source(a, a + n, cells, i + 1) <= t)
		i++;
	while (i > 0 && heatmap_source(a, a + n, cells, i) > t)
		i--;
	return i;
}

/*
 * The pixel grid of m: as many pixels as the window has tokens, up to
 * the cells (two pixel rows a cell with half blocks), each magnified by
 * sx x sy display pixels; rows 0 when nothing fits.
 */
static void
draw_map_fit(const struct view *v, struct draw_map *m)
{
	int	prow;

	m->half = draw_half(v);
	prow = m->h * (m->half ? 2 : 1);
	m->rows = (int)(m->n < prow ? m->n : prow);
	m->cols = (int)(m->n < m->w ? m->n : m->w);
	if (m->rows < 1 || m->cols < 1) {
		m->rows = m->cols = 0;
		return;
	}
	m->sx = m->w / m->cols;
	m->sy = prow / m->rows;
	if (m->sx > 1 && m->sy > 1)	/* square pixels when magnified */
		m->sx = m->sy = m->sx < m->sy ? m->sx : m->sy;
}

/* The pooled grid of m as half blocks, shading or coloured spaces. */
static void
draw_map_cells(const struct draw *d, const struct draw_map *m)
{
	const struct view	*v = d->v;
	const float		*pix = m->pix;
	int			 cx, cy, i0, i1, j, fg, bg;

	for (cy = 0; cy < m->h; cy++) {
		i0 = (cy * (m->half ? 2 : 1)) / m->sy;
		i1 = (cy * 2 + 1) / m->sy;
		if (i0 >= m->rows)
			break;
		for (cx = 0; cx < m->cols * m->sx && cx < m->w; cx++) {
			j = cx / m->sx;
			fg = draw_color(d, pix[i0 * m->cols + j]);
			if (m->half) {
				bg = i1 < m->rows ?
				    draw_color(d, pix[i1 * m->cols + j]) :
				    CANVAS_DEFAULT;
				canvas_put(d->c, m->x + cx, m->y + cy,
				    UPPER_HALF, fg, bg, 0);
			} else if (v->colors == COLORS_NONE)
				canvas_put(d->c, m->x + cx, m->y + cy,
				    colormap_shade(pix[i0 * m->cols + j],
				    v->ascii), CANVAS_DEFAULT, CANVAS_DEFAULT,
				    0);
			else
				canvas_put(d->c, m->x + cx, m->y + cy, " ",
				    CANVAS_DEFAULT, fg, 0);
		}
	}
}

/* The cell that shows token (q, k) of map m; -1 when outside. */
static int
draw_map_cell(const struct draw_map *m, int64_t q, int64_t k, int *x,
    int *y)
{
	int	pi, pj;

	if (m->rows < 1 || q < m->win.r0 || q >= m->win.r1 ||
	    k < m->win.c0 || k >= m->win.c1)
		return -1;
	pi = draw_pixel_of(q, m->win.r0, m->n, m->rows);
	pj = draw_pixel_of(k, m->win.c0, m->n, m->cols);
	*x = m->x + pj * m->sx + (m->sx - 1) / 2;
	/* The first cell row whose upper pixel shows the token, where a
	   token spans two pixel rows or more. */
	if (m->half)
		*y = m->y + (pi * m->sy + (m->sy > 1)) / 2;
	else
		*y = m->y + pi * m->sy;
	return 0;
}

static void
draw_cursor(const struct draw *d, const struct draw_map *m)
{
	const struct view	*v = d->v;
	const struct cell	*cell;
	int			 x, y, pi, pj, bg;

	if (draw_map_cell(m, v->query, v->key, &x, &y) != 0 ||
	    (cell = canvas_cell_const(d->c, x, y)) == NULL)
		return;
	if (v->colors == COLORS_NONE) {
		canvas_put(d->c, x, y, v->ascii ? "+" : CURSOR_GLYPH,
		    CANVAS_DEFAULT, CANVAS_DEFAULT, CANVAS_REVERSE);
		return;
	}
	pi = draw_pixel_of(v->query, m->win.r0, m->n, m->rows);
	pj = draw_pixel_of(v->key, m->win.c0, m->n, m->cols);
	bg = draw_color(d, m->pix[pi * m->cols + pj]);
	canvas_put(d->c, x, y, v->ascii ? "+" : CURSOR_GLYPH,
	    colormap_contrast(v->colors, bg), bg, CANVAS_BOLD);
}

/* Query labels left of the map, one per token row that starts there. */
static void
draw_ylabels(const struct draw *d, const struct draw_map *m)
{
	const struct view	*v = d->v;
	const struct rect	*r = &d->f->geo.lay.ylabels;
	int64_t			 t, prev = -1;
	int			 cy, i, qx, qy;

	for (cy = 0; cy < r->h && cy < m->h; cy++) {
		i = (cy * (m->half ? 2 : 1)) / m->sy;
		if (i >= m->rows)
			break;
		t = heatmap_source(m->win.r0, m->win.r1, m->rows, i);
		if (t == prev)
			continue;
		prev = t;
		canvas_text(d->c, r->x + 1, r->y + cy, r->w -
		    LAYOUT_YLABELS_PAD, v->labels[t], CANVAS_DEFAULT,
		    CANVAS_DEFAULT, 0);
	}
	if (draw_map_cell(m, v->query, v->key, &qx, &qy) == 0) {
		canvas_fill(d->c, r->x, qy, r->w - 1, 1, CANVAS_DEFAULT,
		    CANVAS_DEFAULT, 0);
		canvas_put(d->c, r->x, qy, v->ascii ? ">" : QUERY_MARK,
		    CANVAS_DEFAULT, CANVAS_DEFAULT, CANVAS_BOLD);
		canvas_text(d->c, r->x + 1, qy, r->w - LAYOUT_YLABELS_PAD,
		    v->labels[v->query], CANVAS_DEFAULT, CANVAS_DEFAULT,
		    CANVAS_REVERSE);
	}
}

/* Key ticks and labels under the map; the key cursor's label first. */
static void
draw_xlabels(const struct draw *d, const struct draw_map *m)
{
	const struct view	*v = d->v;
	const struct rect	*r = &d->f->geo.lay.xlabels;
	int64_t			 t, prev = -1;
	int			 j, x, kx, ky, w, next = 0;
	char			 buf[64];

	if (r->h < LAYOUT_XLABELS)
		return;
	if (draw_map_cell(m, v->query, v->key, &kx, &ky) == 0) {
		kx -= r->x;
		canvas_put(d->c, r->x + kx, r->y, v->ascii ? "^" : KEY_MARK,
		    CANVAS_DEFAULT, CANVAS_DEFAULT, CANVAS_BOLD);
		w = canvas_truncate(v->labels[v->key], VIEW_LABEL_MAX,
		    v->ascii, buf, sizeof buf);
		/* Right of the mark and a space, else left of it. */
		x = kx + 2 + w <= r->w ? kx + 2 : kx - 1 - w;
		if (x >= 0)
			canvas_text(d->c, r->x + x, r->y, w, buf,
			    CANVAS_DEFAULT, CANVAS_DEFAULT, CANVAS_REVERSE);
	}
	for (j = 0; j < m->cols; j++) {
		t = heatmap_source(m->win.c0, m->win.c1, m->cols, j);
		x = j * m->sx;
		if (t == prev || x < next || x >= r->w)
			continue;
		prev = t;
		w = canvas_text(d->c, r->x + x, r->y + 1, r->w - x <
		    VIEW_LABEL_MAX ? r->w - x : VIEW_LABEL_MAX, v->labels[t],
		    CANVAS_DEFAULT, CANVAS_DEFAULT, t == v->key ?
		    CANVAS_BOLD : 0);
		next = x + w + 1;
	}
}

static void
draw_legend(const struct draw *d, const struct draw_map *m)
{
	const struct view	*v = d->v;
	const struct rect	*r = &d->f->geo.lay.legend;
	char			 lo[32], hi[32];
	int			 x, i, gw, col;

	if (r->w < DRAW_LEGEND_MIN_W)
		return;
	if (v->scale == HEATMAP_LOG)
		snprintf(lo, sizeof lo, "%.2g",
		    m->hi * pow(10, -HEATMAP_LOG_DECADES));
	else
		snprintf(lo, sizeof lo, "0");
	if (v->scale == HEATMAP_ROW)
		snprintf(hi, sizeof hi, "row max");
	else
		snprintf(hi, sizeof hi, "%.4g", m->hi);
	x = r->x + canvas_text(d->c, r->x, r->y, r->w, lo, CANVAS_DEFAULT,
	    CANVAS_DEFAULT, 0) + 1;
	gw = r->w - (x - r->x) - (int)strlen(hi) - 1;
	if (gw > DRAW_LEGEND_RAMP_W)
		gw = DRAW_LEGEND_RAMP_W;
	for (i = 0; i < gw; i++) {
		double	val = gw > 1 ? (double)i / (gw - 1) : 1;

		col = draw_color(d, val);
		if (v->colors == COLORS_NONE)
			canvas_put(d->c, x + i, r->y, colormap_shade(val,
			    v->ascii), CANVAS_DEFAULT, CANVAS_DEFAULT, 0);
		else
			canvas_put(d->c, x + i, r->y, " ", CANVAS_DEFAULT,
			    col, 0);
	}
	if (gw > 0)
		canvas_text(d->c, x + gw + 1, r->y, r->x + r->w - x - gw - 1,
		    hi, CANVAS_DEFAULT, CANVAS_DEFAULT, 0);
}

/* The selection's matrix in its window: the map and its labels. */
static int
draw_heatmap(const struct draw *d, struct error *err)
{
	const struct view	*v = d->v;
	struct frame_geometry	*g = &d->f->geo;
	struct draw_map		 m;
	float			*pix;

	memset(&m, 0, sizeof m);
	m.x = g->lay.heat.x;
	m.y = g->lay.heat.y;
	m.w = g->lay.heat.w;
	m.h = g->lay.heat.h;
	m.n = view_window(v);
	m.win.r0 = v->q0;
	m.win.r1 = v->q0 + m.n;
	m.win.c0 = v->k0;
	m.win.c1 = v->k0 + m.n;
	draw_map_fit(v, &m);
	g->rows = m.rows;
	g->cols = m.cols;
	g->sx = m.sx > 0 ? m.sx : 1;
	g->sy = m.sy > 0 ? m.sy : 1;
	g->half = m.half;
	g->n = m.n;
	if (m.rows < 1)
		return 0;
	if ((pix = frame_pixels(d->f, (size_t)m.rows * (size_t)m.cols)) ==
	    NULL)
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory drawing the heatmap");
	m.hi = heatmap_image(d->f->matrix, v->T, &m.win, m.rows, m.cols,
	    v->pool, v->scale, pix);
	m.pix = pix;
	draw_map_cells(d, &m);
	draw_cursor(d, &m);
	draw_ylabels(d, &m);
	draw_xlabels(d, &m);
	draw_legend(d, &m);
	return 0;
}

/* Columns of thumbnails that make them most nearly square. */
static int
draw_grid_cols(int64_t H, int w, int h)
{
	int	gc, gr, best = 1, score, bscore = -1, tw, th;

	for (gc = 1; gc <= H && gc <= w; gc++) {
		gr = (int)((H + gc - 1) / gc);
		tw = w / gc - DRAW_THUMB_PAD_W;
		th = h / gr - DRAW_THUMB_PAD_H;
		/* The smaller side in pixels: a cell is two pixels tall. */
		score = tw < 2 * th ? tw : 2 * th;
		if (score > bscore) {
			bscore = score;
			best = gc;
		}
	}
	return best;
}

/* Head hh's label above its thumbnail; the chosen one lit. */
static void
draw_thumb_label(const struct draw *d, int64_t hh, int x, int y, int w)
{
	const struct view	*v = d->v;
	char			 buf[48];

	if (v->kv_heads != v->H)
		snprintf(buf, sizeof buf, "head %lld kv %lld", (long long)hh,
		    (long long)view_kv_head(v, hh));
	else
		snprintf(buf, sizeof buf, "head %lld", (long long)hh);
	canvas_text(d->c, x, y, w, buf, CANVAS_DEFAULT, CANVAS_DEFAULT,
	    hh == v->grid_sel ? CANVAS_REVERSE | CANVAS_BOLD : 0);
}

/*
 * Every head of the layer as a thumbnail; Enter opens the chosen one.
 * The thumbnails come from the frame's cache: a frame that changes
 * nothing they show reads no head from the store.
 */
static int
draw_grid(const struct draw *d, struct error *err)
{
	const struct view	*v = d->v;
	struct frame_geometry	*g = &d->f->geo;
	const struct layout	*l = &g->lay;
	struct thumbs_key	 key;
	struct draw_map		 m;
	int			 w = l->heat.x + l->heat.w, h, gr;
	int64_t			 hh;

	h = l->legend.y + l->legend.h - l->heat.y;
	g->grid_cols = draw_grid_cols(v->H, w, h);
	gr = (int)((v->H + g->grid_cols - 1) / g->grid_cols);
	g->grid_w = w / g->grid_cols;
	g->grid_h = h / gr;
	if (g->grid_h < DRAW_THUMB_MIN_H || g->grid_w < DRAW_THUMB_MIN_W)
		return 0;
	memset(&m, 0, sizeof m);
	m.w = g->grid_w - DRAW_THUMB_PAD_W;
	m.h = g->grid_h - DRAW_THUMB_PAD_H > 0 ?
	    g->grid_h - DRAW_THUMB_PAD_H : 1;
	m.n = v->T;
	m.win.r1 = m.win.c1 = v->T;
	draw_map_fit(v, &m);
	memset(&key, 0, sizeof key);
	key.layer = v->layer;
	key.scale = v->scale;
	key.pool = v->pool;
	key.win = m.win;
	key.rows = m.rows;
	key.cols = m.cols;
	for (hh = 0; hh < v->H; hh++) {
		m.x = (int)(hh % g->grid_cols) * g->grid_w;
		m.y = l->heat.y + (int)(hh / g->grid_cols) * g->grid_h;
		draw_thumb_label(d, hh, m.x, m.y, m.w);
		m.y++;
		if (m.rows < 1)
			continue;
		if ((m.pix = frame_thumb(d->f, &key, hh, err)) == NULL)
			return -1;
		draw_map_cells(d, &m);
	}
	return 0;
}

int
draw_bar(double frac, int width, int ascii, char *buf, size_t len)
{
	static const char *const part[8] = { "", "\xe2\x96\x8f",
	    "\xe2\x96\x8e", "\xe2\x96\x8d", "\xe2\x96\x8c", "\xe2\x96\x8b",
	    "\xe2\x96\x8a", "\xe2\x96\x89" };
	const char	*full = ascii ? "#" : "\xe2\x96\x88";
	long		 eighths;
	int		 cells = 0;
	size_t		 at = 0, n;

	if (len == 0)
		return 0;
	buf[0] = '\0';
	if (!(frac > 0) || width <= 0)
		return 0;
	if (frac > 1)
		frac = 1;
	eighths = lround(frac * width * 8);
	for (; eighths >= 8; eighths -= 8) {
		n = strlen(full);
		if (at + n >= len)
			return cells;
		memcpy(buf + at, full, n + 1);
		at += n;
		cells++;
	}
	if (eighths > 0 && (!ascii || eighths >= 4)) {
		const char	*p = ascii ? "+" : part[eighths];

		n = strlen(p);
		if (at + n < len) {
			memcpy(buf + at, p, n + 1);
			cells++;
		}
	}
	return cells;
}

struct draw_rank {
	float	v;
	int64_t	i;
};

static int
draw_rank_cmp(const void *a, const void *b)
{
	const struct draw_rank	*x = a, *y = b;

	if (x->v != y->v)
		return x->v > y->v ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* The bars' order, into the frame: the sequence, or weights from largest. */
static void
draw_bars_order(const struct draw *d, const float *row)
{
	const struct view	*v = d->v;
	int64_t			*order = d->f->order;
	struct draw_rank	*r;
	int64_t			 i;

	for (i = 0; i < v->T; i++)
		order[i] = i;
	if (!v->bars_sorted || (r = malloc((size_t)v->T * sizeof *r)) == NULL)
		return;
	for (i = 0; i < v->T; i++) {
		r[i].v = row[i];
		r[i].i = i;
	}
	qsort(r, (size_t)v->T, sizeof *r, draw_rank_cmp);
	for (i = 0; i < v->T; i++)
		order[i] = r[i].i;
	free(r);
}

static int64_t
draw_scroll(int64_t first, int64_t at, int64_t rows, int64_t total)
{
	if (at < first)
		first = at;
	if (at >= first + rows)
		first = at - rows + 1;
	if (first > total - rows)
		first = total - rows;
	return first < 0 ? 0 : first;
}

/* A side pane's header row, reversed when the pane has the focus. */
static void
draw_pane_header(const struct draw *d, const struct rect *r,
    enum view_focus pane, const char *text)
{
	int	attrs = CANVAS_BOLD |
	    (d->v->focus == pane ? CANVAS_REVERSE : 0);

	canvas_fill(d->c, r->x, r->y, r->w, 1, CANVAS_DEFAULT,
	    CANVAS_DEFAULT, attrs);
	canvas_text(d->c, r->x, r->y, r->w, text, CANVAS_DEFAULT,
	    CANVAS_DEFAULT, attrs);
}

/* One bar per key token for the selected query. */
static void
draw_bars(const struct draw *d)
{
	const struct view	*v = d->v;
	struct frame_geometry	*g = &d->f->geo;
	const struct rect	*r = &g->lay.bars;
	const int64_t		*order = d->f->order;
	const float		*row = d->f->matrix + v->query * v->T;
	int64_t			 i, t, at = 0;
	int			 y, lw, bw;
	float			 mx = 0;
	char			 buf[256], val[16];

	if (r->w < DRAW_PANE_MIN_W || r->h < DRAW_PANE_MIN_H)
		return;
	draw_bars_order(d, row);
	for (i = 0; i < v->T; i++) {
		if (row[i] > mx)
			mx = row[i];
		if (order[i] == v->key)
			at = i;
	}
	snprintf(buf, sizeof buf, "query %lld %s (%s)", (long long)v->query,
	    v->labels[v->query], v->bars_sorted ? "sorted" : "in order");
	draw_pane_header(d, r, VIEW_FOCUS_BARS, buf);
	g->bars_rows = r->h - 1;
	g->bars_first = draw_scroll(g->bars_first, at, g->bars_rows, v->T);
	lw = v->label_w < r->w / DRAW_BARS_LABEL_PARTS ? v->label_w :
	    r->w / DRAW_BARS_LABEL_PARTS;
	bw = r->w - lw - 2 - DRAW_WEIGHT_W;
	for (y = 0; y < g->bars_rows && g->bars_first + y < v->T; y++) {
		t = order[g->bars_first + y];
		canvas_text(d->c, r->x, r->y + 1 + y, lw, v->labels[t],
		    CANVAS_DEFAULT, CANVAS_DEFAULT, t == v->key ?
		    CANVAS_REVERSE : 0);
		draw_bar(mx > 0 ? row[t] / mx : 0, bw, v->ascii, buf,
		    sizeof buf);
		canvas_text(d->c, r->x + lw + 1, r->y + 1 + y, bw, buf,
		    draw_color(d, mx > 0 ? DRAW_BAR_COLOR_FLOOR +
		    (1 - DRAW_BAR_COLOR_FLOOR) * row[t] / mx : 0),
		    CANVAS_DEFAULT, 0);
		snprintf(val, sizeof val, DRAW_WEIGHT_FORMAT, row[t]);
		canvas_text(d->c, r->x + r->w - DRAW_WEIGHT_W, r->y + 1 + y,
		    DRAW_WEIGHT_W, val, CANVAS_DEFAULT, CANVAS_DEFAULT,
		    t == v->key ? CANVAS_BOLD : 0);
	}
}

char *
draw_count(uint64_t n, char *buf, size_t len)
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

/* The depth-1 rows of the summary (blocks, embeddings), current one lit. */
static void
draw_summary(const struct draw *d)
{
	const struct view	*v = d->v;
	struct frame_geometry	*g = &d->f->geo;
	const struct rect	*r = &g->lay.summary;
	const struct summary	*s = v->src.summary;
	const struct summary_row *row;
	size_t			 i, k = 0, at = 0, total = 0;
	int			 y, nw, attrs;
	char			 buf[128], num[32];

	if (r->w < DRAW_PANE_MIN_W || r->h < DRAW_PANE_MIN_H)
		return;
	if (s == NULL) {
		draw_pane_header(d, r, VIEW_FOCUS_SUMMARY, "no layer summary");
		return;
	}
	snprintf(buf, sizeof buf, "%s  %s params", s->model_name,
	    draw_count(s->totals.params, num, sizeof num));
	draw_pane_header(d, r, VIEW_FOCUS_SUMMARY, buf);
	for (i = 0; i < s->n_rows; i++) {
		if (s->rows[i].depth != 1)
			continue;
		if (s->rows[i].layer == v->layer && at == 0)
			at = total + 1;
		total++;
	}
	g->sum_first = (size_t)draw_scroll((int64_t)g->sum_first,
	    at > 0 ? (int64_t)at - 1 : 0, r->h - 1, (int64_t)total);
	nw = r->w / DRAW_SUMMARY_NAME_PARTS;
	for (i = 0, y = 0; i < s->n_rows && y < r->h - 1; i++) {
		row = &s->rows[i];
		if (row->depth != 1 || k++ < g->sum_first)
			continue;
		attrs = row->layer >= 0 && row->layer == v->layer ?
		    CANVAS_REVERSE : 0;
		canvas_fill(d->c, r->x, r->y + 1 + y, r->w, 1, CANVAS_DEFAULT,
		    CANVAS_DEFAULT, attrs);
		canvas_text(d->c, r->x, r->y + 1 + y, nw, summary_label(s, i),
		    CANVAS_DEFAULT, CANVAS_DEFAULT, attrs);
		canvas_text(d->c, r->x + nw + 1, r->y + 1 + y,
		    r->w - nw - 1 - DRAW_SUMMARY_COUNT_W, row->type,
		    CANVAS_DEFAULT, CANVAS_DEFAULT, attrs);
		if (row->tied)
			snprintf(num, sizeof num, "(tied)");
		else
			draw_count(row->params, num, sizeof num);
		canvas_text(d->c, r->x + r->w - (int)strlen(num), r->y + 1 + y,
		    (int)strlen(num), num, CANVAS_DEFAULT, CANVAS_DEFAULT,
		    attrs);
		y++;
	}
}

static void
draw_title(const struct draw *d)
{
	const struct view	*v = d->v;
	const struct rect	*r = &d->f->geo.lay.title;
	const char		*sep = v->ascii ? " | " : SEP;
	char			 head[64], buf[512];

	if (v->kind != ANALYSIS_HEAD)
		snprintf(head, sizeof head, "%s of %lld heads",
		    analysis_kind_name(v->kind), (long long)v->H);
	else if (v->kv_heads != v->H)
		snprintf(head, sizeof head, "head %lld of %lld (kv %lld)",
		    (long long)v->head, (long long)v->H,
		    (long long)view_kv_head(v, v->head));
	else
		snprintf(head, sizeof head, "head %lld of %lld",
		    (long long)v->head, (long long)v->H);
	snprintf(buf, sizeof buf, "%s%slayer %lld of %lld%s%s%sq %lld %s "
	    "%s k %lld %s = %.4f%s%s", v->src.model != NULL ? v->src.model :
	    "attntui", sep, (long long)v->layer, (long long)v->L, sep, head,
	    sep, (long long)v->query, v->labels[v->query],
	    v->ascii ? "->" : "\xe2\x86\x92", (long long)v->key,
	    v->labels[v->key], d->f->matrix[v->query * v->T + v->key], sep,
	    v->grid ? "grid" : analysis_kind_name(v->kind));
	canvas_fill(d->c, r->x, r->y, r->w, 1, CANVAS_DEFAULT, CANVAS_DEFAULT,
	    CANVAS_REVERSE);
	canvas_text(d->c, r->x + 1, r->y, r->w - 1, buf, CANVAS_DEFAULT,
	    CANVAS_DEFAULT, CANVAS_REVERSE | CANVAS_BOLD);
}

static void
draw_status(const struct draw *d)
{
	const struct view	*v = d->v;
	const struct rect	*r = &d->f->geo.lay.status;
	const char		*sep = v->ascii ? " | " : " \xc2\xb7 ";
	const char		*hint = "? help  q quit";
	char			 buf[256];
	int			 w;

	if (v->searching) {
		snprintf(buf, sizeof buf, "/%s", v->search);
		w = canvas_text(d->c, r->x, r->y, r->w, buf, CANVAS_DEFAULT,
		    CANVAS_DEFAULT, 0);
		canvas_put(d->c, r->x + w, r->y, " ", CANVAS_DEFAULT,
		    CANVAS_DEFAULT, CANVAS_REVERSE);
		return;
	}
	if (v->message[0] != '\0') {
		canvas_text(d->c, r->x, r->y, r->w, v->message, CANVAS_DEFAULT,
		    CANVAS_DEFAULT, CANVAS_BOLD);
		return;
	}
	snprintf(buf, sizeof buf, "%s%s%s%s%s-pool%szoom %dx%sT=%lld%s%s",
	    colormap_name(v->cmap), sep, heatmap_scale_name(v->scale), sep,
	    heatmap_pool_name(v->pool), sep, 1 << v->zoom, sep,
	    (long long)v->T, v->dump ? "" : sep, v->dump ? "" :
	    v->grid ? "grid: Enter opens" : view_focus_name(v->focus));
	w = (int)strlen(hint);
	if (v->dump || r->w < w + DRAW_STATUS_MIN_W)
		w = -1;
	canvas_text(d->c, r->x, r->y, r->w - w - 1, buf, CANVAS_DEFAULT,
	    CANVAS_DEFAULT, 0);
	if (w > 0)
		canvas_text(d->c, r->x + r->w - w, r->y, w, hint,
		    CANVAS_DEFAULT, CANVAS_DEFAULT, CANVAS_DIM);
}

static void
draw_box(struct canvas *c, int x, int y, int w, int h, int ascii)
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

/* One line of the help box: keys in bold, then what they do. */
static void
draw_help_line(const struct draw *d, int x, int y, int w, const char *keys,
    const char *what)
{
	int	tx = x + DRAW_HELP_MARGIN + DRAW_HELP_KEYS_W + 1;

	canvas_text(d->c, x + DRAW_HELP_MARGIN, y, DRAW_HELP_KEYS_W, keys,
	    CANVAS_DEFAULT, CANVAS_DEFAULT, CANVAS_BOLD);
	canvas_text(d->c, tx, y, x + w - DRAW_HELP_MARGIN - tx, what,
	    CANVAS_DEFAULT, CANVAS_DEFAULT, 0);
}

/*
 * Every key, in a box over the frame, from the key table's help lines,
 * then what the mouse does; any key closes it.
 */
static void
draw_help(const struct draw *d)
{
	struct canvas	*c = d->c;
	const char	*what;
	char		 keys[64];
	int		 n = 0, w, h, x, y, i;

	while (keys_help_line(n, keys, sizeof keys, &what) == 0)
		n++;
	n++;				/* the mouse */
	w = c->w - 2 < DRAW_HELP_W ? c->w - 2 : DRAW_HELP_W;
	h = c->h - 2 < n + DRAW_HELP_CHROME_H ? c->h - 2 :
	    n + DRAW_HELP_CHROME_H;
	x = (c->w - w) / 2;
	y = (c->h - h) / 2;
	draw_box(c, x, y, w, h, d->v->ascii);
	canvas_text(c, x + DRAW_HELP_MARGIN, y, w - 2 * DRAW_HELP_MARGIN,
	    " keys ", CANVAS_DEFAULT, CANVAS_DEFAULT, CANVAS_BOLD);
	for (i = 0; i < n && i < h - DRAW_HELP_CHROME_H; i++) {
		if (keys_help_line(i, keys, sizeof keys, &what) == 0)
			draw_help_line(d, x, y + 1 + i, w, keys, what);
		else
			draw_help_line(d, x, y + 1 + i, w, DRAW_MOUSE_KEYS,
			    DRAW_MOUSE_HELP);
	}
	canvas_text(c, x + DRAW_HELP_MARGIN, y + h - 2,
	    w - 2 * DRAW_HELP_MARGIN, "any key closes this help",
	    CANVAS_DEFAULT, CANVAS_DEFAULT, CANVAS_DIM);
}

static void
draw_too_small(struct canvas *c)
{
	char	buf[64];
	int	w;

	snprintf(buf, sizeof buf, "need %dx%d", LAYOUT_MIN_W, LAYOUT_MIN_H);
	w = canvas_width("terminal too small");
	canvas_text(c, w < c->w ? (c->w - w) / 2 : 0, c->h / 2 - (c->h > 1),
	    c->w, "terminal too small", CANVAS_DEFAULT, CANVAS_DEFAULT,
	    CANVAS_BOLD);
	if (c->h > 1)
		canvas_text(c, (int)strlen(buf) < c->w ?
		    (c->w - (int)strlen(buf)) / 2 : 0, c->h / 2, c->w, buf,
		    CANVAS_DEFAULT, CANVAS_DEFAULT, 0);
}

int
draw_frame(const struct view *v, struct frame *f, struct canvas *c,
    struct error *err)
{
	struct draw	 d = { v, f, c };
	struct layout	*l = &f->geo.lay;

	if (frame_load(f, v->layer, v->kind, v->head, err) != 0)
		return -1;
	canvas_clear(c);
	c->ascii = v->ascii;
	f->n_palette = colormap_palette(v->cmap, v->colors, v->levels,
	    f->palette);
	layout_compute(c->w, c->h, v->show_bars, v->show_summary,
	    v->label_w, l);
	if (l->too_small) {
		draw_too_small(c);
		return 0;
	}
	draw_title(&d);
	if (v->grid) {
		if (draw_grid(&d, err) != 0)
			return -1;
	} else if (draw_heatmap(&d, err) != 0)
		return -1;
	if (l->bars.w > 0)
		draw_bars(&d);
	if (l->summary.w > 0)
		draw_summary(&d);
	draw_status(&d);
	if (v->help)
		draw_help(&d);
	return 0;
}
