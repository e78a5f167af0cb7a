/*
 * draw.c - one frame of the explorer into a canvas: the title, the map
 * or the head grid, the bars and the status line; see draw.h.
 */
#include "build-config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attntui/view/draw.h"
#include "attntui/view/heads.h"
#include "attntui/view/helpbox.h"
#include "attntui/view/overview.h"
#include "attntui/view/paint.h"
#include "attntui/view/sumpane.h"
#include "attntui/view/textview.h"

#define CURSOR_GLYPH	"\xe2\x97\x86"	/* ◆ */
#define QUERY_MARK	"\xe2\x96\xb6"	/* ▶ */
#define KEY_MARK	"\xe2\x96\xb2"	/* ▲ */
#define SEP		" \xe2\x94\x82 " /* │ */
#define ARROW		"\xe2\x86\x92"	/* → */
#define DOT		" \xc2\xb7 "	/* · */

/* Side panes narrower than this, or without a row under their header,
   stay blank. */
#define DRAW_PANE_MIN_W		12
#define DRAW_PANE_MIN_H		2
/* A bar row: position, label (a third of the pane at most), bar, the
   weight in WEIGHT_W cells, a cell apart. */
#define DRAW_BARS_LABEL_PARTS	3
#define DRAW_WEIGHT_W		6
#define DRAW_WEIGHT_FORMAT	"%6.4f"
#define DRAW_SIGNED_W		7	/* a difference's, with its sign */
#define DRAW_SIGNED_FORMAT	"%+7.4f"
/* A bar's colour starts this far up the colormap, so that the weakest
   bars stay visible on a dark background. */
#define DRAW_BAR_COLOR_FLOOR	0.35
/* The status line shows its key hint where this much is left beside it. */
#define DRAW_STATUS_MIN_W	20
/* A head grid thumbnail's cells: a gap column right of its map, a label
   row above and a gap row below it; smaller ones are not drawn. */
#define DRAW_THUMB_PAD_W	1
#define DRAW_THUMB_PAD_H	2
#define DRAW_THUMB_MIN_W	3
#define DRAW_THUMB_MIN_H	2

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

/* The first of the `spots` display spots that pixel i of n covers. */
static int
draw_spot(int i, int n, int spots)
{
	return (int)(((int64_t)i * spots + n - 1) / n);
}

/* The cell that shows token (q, k) of map m; -1 when outside. */
static int
draw_map_cell(const struct paint_map *m, int64_t q, int64_t k, int *x,
    int *y)
{
	int	pi, pj, P = paint_spots_down(m), a, b;

	if (m->rows < 1 || q < m->win.r0 || q >= m->win.r1 ||
	    k < m->win.c0 || k >= m->win.c1)
		return -1;
	pi = draw_pixel_of(q, m->win.r0, m->nq, m->rows);
	pj = draw_pixel_of(k, m->win.c0, m->nk, m->cols);
	a = draw_spot(pj, m->cols, m->w);
	b = draw_spot(pj + 1, m->cols, m->w);
	*x = m->x + (a + b - 1) / 2;
	a = draw_spot(pi, m->rows, P);
	b = draw_spot(pi + 1, m->rows, P);
	/* The first cell whose upper pixel shows the token, else the cell
	   of its one lower pixel. */
	if (m->half)
		*y = m->y + ((a + 1) / 2 * 2 < b ? (a + 1) / 2 : a / 2);
	else
		*y = m->y + a;
	return 0;
}

static void
draw_cursor(const struct paint *d, const struct paint_map *m)
{
	const struct view	*v = d->v;
	int			 x, y, pi, pj, bg;
	const char		*glyph = v->ascii ? "+" : CURSOR_GLYPH;

	if (draw_map_cell(m, v->query, v->key, &x, &y) != 0)
		return;
	if (v->colors == COLORS_NONE) {
		canvas_put(d->c, x, y, glyph, CANVAS_DEFAULT, CANVAS_DEFAULT,
		    CANVAS_REVERSE);
		return;
	}
	pi = draw_pixel_of(v->query, m->win.r0, m->nq, m->rows);
	pj = draw_pixel_of(v->key, m->win.c0, m->nk, m->cols);
	bg = paint_color(d, m->pix[pi * m->cols + pj]);
	canvas_put(d->c, x, y, glyph, colormap_contrast(v->colors, bg), bg,
	    CANVAS_BOLD);
}

/* The query token that the cell row cy of m shows first. */
static int64_t
draw_row_token(const struct paint_map *m, int cy)
{
	int	i = (cy * (m->half ? 2 : 1)) * m->rows / paint_spots_down(m);

	return heatmap_source(m->win.r0, m->win.r1, m->rows, i);
}

/* Query labels left of the map, one per token row that starts there. */
static void
draw_ylabels(const struct paint *d, const struct paint_map *m)
{
	const struct view	*v = d->v;
	const struct rect	*r = &d->f->geo.lay.ylabels;
	int64_t			 t, prev = -1;
	int			 cy, qx, qy;

	for (cy = 0; cy < r->h && cy < m->h; cy++) {
		if ((t = draw_row_token(m, cy)) == prev)
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
draw_xlabels(const struct paint *d, const struct paint_map *m)
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
		w = canvas_truncate(v->key_labels[v->key], VIEW_LABEL_MAX,
		    v->ascii, buf, sizeof buf);
		/* Right of the mark and a space, else left of it. */
		x = kx + 2 + w <= r->w ? kx + 2 : kx - 1 - w;
		if (x >= 0)
			canvas_text(d->c, r->x + x, r->y, w, buf,
			    CANVAS_DEFAULT, CANVAS_DEFAULT, CANVAS_REVERSE);
	}
	for (j = 0; j < m->cols; j++) {
		t = heatmap_source(m->win.c0, m->win.c1, m->cols, j);
		x = draw_spot(j, m->cols, m->w);
		if (t == prev || x < next || x >= r->w)
			continue;
		prev = t;
		w = canvas_text(d->c, r->x + x, r->y + 1, r->w - x <
		    VIEW_LABEL_MAX ? r->w - x : VIEW_LABEL_MAX,
		    v->key_labels[t], CANVAS_DEFAULT, CANVAS_DEFAULT,
		    t == v->key ? CANVAS_BOLD : 0);
		next = x + w + 1;
	}
}


/* A difference's legend: signed values either side of 0 (white). */
static void
draw_signed_legend(const struct paint *d, const struct paint_map *m)
{
	const struct view	*v = d->v;
	char			 lo[32], hi[64];
	double			 top = m->range.top, max = m->range.max;

	switch (v->scale) {
	case HEATMAP_P99:
		snprintf(hi, sizeof hi, "+%.3g = p99 of |diff| (max %.3g)",
		    top, max);
		break;
	case HEATMAP_LINEAR:
		snprintf(hi, sizeof hi, "+%.3g = max |diff|", max);
		top = max;
		break;
	case HEATMAP_LOG:
		snprintf(hi, sizeof hi, "+%.3g, log: 4 decades of |diff|",
		    max);
		top = max;
		break;
	case HEATMAP_ROW:
		snprintf(hi, sizeof hi, "+ each row's max |diff|");
		break;
	}
	if (v->scale == HEATMAP_ROW)
		snprintf(lo, sizeof lo, "-");
	else
		snprintf(lo, sizeof lo, "%.3g", -top);
	paint_legend(d, &d->f->geo.lay.legend, lo, hi);
}

/* The map's legend: what its darkest and brightest colours stand for. */
static void
draw_map_legend(const struct paint *d, const struct paint_map *m)
{
	const struct view	*v = d->v;
	char			 lo[32], hi[64];

	if (v->diverging) {
		draw_signed_legend(d, m);
		return;
	}
	snprintf(lo, sizeof lo, "0");
	switch (v->scale) {
	case HEATMAP_P99:
		snprintf(hi, sizeof hi, "%.4g = p99 (max %.4g)",
		    (double)m->range.top, (double)m->range.max);
		break;
	case HEATMAP_LINEAR:
		snprintf(hi, sizeof hi, "%.4g = max", (double)m->range.max);
		break;
	case HEATMAP_LOG:
		snprintf(lo, sizeof lo, "%.2g", m->range.max *
		    pow(10, -HEATMAP_LOG_DECADES));
		snprintf(hi, sizeof hi, "%.4g = max, log", (double)m->range.max);
		break;
	case HEATMAP_ROW:
		snprintf(hi, sizeof hi, "each row's max");
		break;
	}
	paint_legend(d, &d->f->geo.lay.legend, lo, hi);
}

/* The selection's matrix in its window: the map and its labels. */
static int
draw_heatmap(const struct paint *d, struct error *err)
{
	const struct view	*v = d->v;
	struct frame_geometry	*g = &d->f->geo;
	struct paint_map		 m;
	float			*pix;

	memset(&m, 0, sizeof m);
	m.x = g->lay.heat.x;
	m.y = g->lay.heat.y;
	m.w = g->lay.heat.w;
	m.h = g->lay.heat.h;
	m.nq = g->n_q;
	m.nk = g->n_k;
	m.win.r0 = v->q0;
	m.win.r1 = v->q0 + m.nq;
	m.win.c0 = v->k0;
	m.win.c1 = v->k0 + m.nk;
	paint_map_fit(v, &m);
	g->rows = m.rows;
	g->cols = m.cols;
	g->map_w = m.w;
	g->map_h = m.h;
	g->half = m.half;
	if (m.rows < 1)
		return 0;
	if ((pix = frame_pixels(d->f, (size_t)m.rows * (size_t)m.cols)) ==
	    NULL)
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory drawing the heatmap");
	(v->diverging ? heatmap_signed_image : heatmap_image)(d->f->matrix,
	    v->Tk, &m.win, m.rows, m.cols, v->pool, v->scale, pix, &m.range);
	m.pix = pix;
	paint_map_cells(d, &m);
	draw_cursor(d, &m);
	draw_ylabels(d, &m);
	draw_xlabels(d, &m);
	draw_map_legend(d, &m);
	return 0;
}

/*
 * Columns of thumbnails that fill the area best: the most pixels a
 * thumbnail gets, its smaller side counting (a cell is two pixels
 * tall), the area left blank breaking ties.
 */
static int
draw_grid_cols(int64_t H, int w, int h)
{
	int	gc, gr, best = 1, score, bscore = -1, tw, th;

	for (gc = 1; gc <= H && gc <= w; gc++) {
		gr = (int)((H + gc - 1) / gc);
		tw = w / gc - DRAW_THUMB_PAD_W;
		th = h / gr - DRAW_THUMB_PAD_H;
		score = tw < 2 * th ? tw : 2 * th;
		if (score > bscore) {
			bscore = score;
			best = gc;
		}
	}
	return best;
}

/* Head hh's label above its thumbnail, and its score; the chosen one
   lit. */
static void
draw_thumb_label(const struct paint *d, int64_t hh, int x, int y, int w)
{
	const struct view	*v = d->v;
	char			 buf[64], kv[24] = "", val[24];

	if (v->kv_heads != v->H)
		snprintf(kv, sizeof kv, " kv %lld",
		    (long long)view_kv_head(v, hh));
	if (v->score != VIEW_SCORE_NONE)
		snprintf(buf, sizeof buf, "head %lld%s: %s", (long long)hh,
		    kv, heads_value(heads_score(v, v->layer, hh), val,
		    sizeof val));
	else
		snprintf(buf, sizeof buf, "head %lld%s", (long long)hh, kv);
	canvas_text(d->c, x, y, w, buf, CANVAS_DEFAULT, CANVAS_DEFAULT,
	    hh == v->grid_sel ? CANVAS_REVERSE | CANVAS_BOLD : 0);
}

/*
 * Every head of the layer as a thumbnail that fills its share of the
 * left side; Enter opens the chosen one.  The thumbnails come from the
 * frame's cache: a frame that changes nothing they show reads no head
 * from the store.
 */
static int
draw_grid(const struct paint *d, struct error *err)
{
	const struct view	*v = d->v;
	struct frame_geometry	*g = &d->f->geo;
	const struct layout	*l = &g->lay;
	struct thumbs_key	 key;
	const float		*pix;
	int			 w = l->heat.x + l->heat.w, h, gr, x, y, tw, th;
	int64_t			 hh;

	h = l->legend.y + l->legend.h - l->heat.y;
	g->grid_cols = draw_grid_cols(v->H, w, h);
	gr = (int)((v->H + g->grid_cols - 1) / g->grid_cols);
	g->grid_w = w / g->grid_cols;
	g->grid_h = h / gr;
	if (g->grid_h < DRAW_THUMB_MIN_H || g->grid_w < DRAW_THUMB_MIN_W)
		return 0;
	tw = g->grid_w - DRAW_THUMB_PAD_W;
	th = g->grid_h - DRAW_THUMB_PAD_H > 0 ?
	    g->grid_h - DRAW_THUMB_PAD_H : 1;
	paint_thumb_key(v, tw, th, &key);
	for (hh = 0; hh < v->H; hh++) {
		x = (int)(hh % g->grid_cols) * g->grid_w;
		y = l->heat.y + (int)(hh / g->grid_cols) * g->grid_h;
		draw_thumb_label(d, hh, x, y, tw);
		if (key.rows < 1)
			continue;
		if ((pix = frame_thumb(d->f, &key, hh, err)) == NULL)
			return -1;
		paint_thumb(d, &key, pix, x, y + 1, tw, th);
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
draw_bars_order(const struct paint *d, const float *row)
{
	const struct view	*v = d->v;
	int64_t			*order = d->f->order;
	struct draw_rank	*r;
	int64_t			 i;

	for (i = 0; i < v->Tk; i++)
		order[i] = i;
	if (!v->bars_sorted || (r = malloc((size_t)v->Tk * sizeof *r)) ==
	    NULL)
		return;
	/* A difference's bars by magnitude. */
	for (i = 0; i < v->Tk; i++) {
		r[i].v = v->diverging ? fabsf(row[i]) : row[i];
		r[i].i = i;
	}
	qsort(r, (size_t)v->Tk, sizeof *r, draw_rank_cmp);
	for (i = 0; i < v->Tk; i++)
		order[i] = r[i].i;
	free(r);
}



/* The cells of one bar row: position, label, bar and weight. */
struct draw_bar_cols {
	int	pw, lw, bw, ww;
	float	mx;
};

static void
draw_bar_row(const struct paint *d, const struct draw_bar_cols *bc,
    const float *row, int64_t t, int y)
{
	const struct view	*v = d->v;
	const struct rect	*r = &d->f->geo.lay.bars;
	int			 key = t == v->key, x = r->x;
	char			 buf[256];
	double			 frac;

	snprintf(buf, sizeof buf, "%*lld", bc->pw, (long long)t);
	canvas_text(d->c, x, y, bc->pw, buf, CANVAS_DEFAULT, CANVAS_DEFAULT,
	    key ? CANVAS_BOLD : CANVAS_DIM);
	x += bc->pw + 1;
	canvas_text(d->c, x, y, bc->lw, v->key_labels[t], CANVAS_DEFAULT,
	    CANVAS_DEFAULT, key ? CANVAS_REVERSE : 0);
	x += bc->lw + 1;
	frac = bc->mx > 0 ? fabsf(row[t]) / bc->mx : 0;
	draw_bar(frac, bc->bw, v->ascii, buf, sizeof buf);
	/* A difference's bar is blue below 0, red above. */
	frac = frac > 0 ? DRAW_BAR_COLOR_FLOOR + (1 - DRAW_BAR_COLOR_FLOOR) *
	    frac : 0;
	if (v->diverging)
		frac = 0.5 + (row[t] < 0 ? -0.5 : 0.5) * frac;
	canvas_text(d->c, x, y, bc->bw, buf, paint_color(d, frac),
	    CANVAS_DEFAULT, 0);
	snprintf(buf, sizeof buf, v->diverging ? DRAW_SIGNED_FORMAT :
	    DRAW_WEIGHT_FORMAT, row[t]);
	canvas_text(d->c, r->x + r->w - bc->ww, y, bc->ww, buf,
	    CANVAS_DEFAULT, CANVAS_DEFAULT, key ? CANVAS_BOLD : 0);
}

/* One bar per key token for the selected query, each with its position. */
static void
draw_bars(const struct paint *d)
{
	const struct view	*v = d->v;
	struct frame_geometry	*g = &d->f->geo;
	const struct rect	*r = &g->lay.bars;
	const int64_t		*order = d->f->order;
	const float		*row = d->f->matrix + v->query * v->Tk;
	struct draw_bar_cols	 bc;
	int64_t			 i, at = 0;
	int			 y;
	char			 buf[256];

	if (r->w < DRAW_PANE_MIN_W || r->h < DRAW_PANE_MIN_H)
		return;
	draw_bars_order(d, row);
	bc.mx = 0;
	for (i = 0; i < v->Tk; i++) {
		if (fabsf(row[i]) > bc.mx)
			bc.mx = fabsf(row[i]);
		if (order[i] == v->key)
			at = i;
	}
	snprintf(buf, sizeof buf, "query %lld %s (%s)", (long long)v->query,
	    v->labels[v->query], v->bars_sorted ? "sorted" : "in order");
	paint_pane_header(d, r, VIEW_FOCUS_BARS, buf);
	g->bars_rows = r->h - 1;
	g->bars_first = paint_scroll(g->bars_first, at, g->bars_rows, v->Tk);
	bc.pw = paint_digits(v->Tk);
	bc.lw = g->key_label_w < r->w / DRAW_BARS_LABEL_PARTS ?
	    g->key_label_w : r->w / DRAW_BARS_LABEL_PARTS;
	bc.ww = v->diverging ? DRAW_SIGNED_W : DRAW_WEIGHT_W;
	bc.bw = r->w - bc.pw - bc.lw - 3 - bc.ww;
	for (y = 0; y < g->bars_rows && g->bars_first + y < v->Tk; y++)
		draw_bar_row(d, &bc, row, order[g->bars_first + y],
		    r->y + 1 + y);
}


/* What the title says of the selection: a head, an aggregate, the grid. */
static void
draw_title_kind(const struct view *v, char *buf, size_t len)
{
	char	kv[32] = "";

	if (v->kv_heads != v->H)
		snprintf(kv, sizeof kv, " (kv %lld)",
		    (long long)view_kv_head(v, v->head));
	if (v->overview)
		snprintf(buf, len, "overview of %lld heads, head %lld of "
		    "%lld%s", (long long)(v->L * v->H), (long long)v->head,
		    (long long)v->H, kv);
	else if (v->grid)
		snprintf(buf, len, "grid of %lld heads, head %lld%s",
		    (long long)v->H, (long long)v->head, kv);
	else if (v->kind == ANALYSIS_ROLLOUT && v->layer == 0)
		snprintf(buf, len, "rollout of layer 0");
	else if (v->kind == ANALYSIS_ROLLOUT)
		snprintf(buf, len, "rollout of layers 0-%lld",
		    (long long)v->layer);
	else if (v->kind != ANALYSIS_HEAD)
		snprintf(buf, len, "%s of %lld heads",
		    analysis_kind_name(v->kind), (long long)v->H);
	else
		snprintf(buf, len, "head %lld of %lld%s", (long long)v->head,
		    (long long)v->H, kv);
}

/* The key the query attends to most: the lowest such, on a tie. */
static int64_t
draw_top_key(const struct paint *d)
{
	const float	*row = d->f->matrix + d->v->query * d->v->Tk;
	int64_t		 j, best = 0;

	/* A difference's: the largest change, either way. */
	for (j = 1; j < d->v->Tk; j++)
		if ((d->v->diverging ? fabsf(row[j]) > fabsf(row[best]) :
		    row[j] > row[best]))
			best = j;
	return best;
}

/*
 * The title: model, layer, what is shown, the selected cell and its
 * weight, and the key the query attends to most.
 */
static void
draw_title(const struct paint *d)
{
	const struct view	*v = d->v;
	const struct rect	*r = &d->f->geo.lay.title;
	const char		*sep = v->ascii ? " | " : SEP;
	char			 kind[96], note[96] = "", cell[256], buf[512];
	char			 at[16], most[16];
	const float		*row;
	int64_t			 top;

	draw_title_kind(v, kind, sizeof kind);
	if (heads_note(v, note + strlen(sep), sizeof note - strlen(sep)))
		memcpy(note, sep, strlen(sep));
	if (view_ready(v)) {
		row = d->f->matrix + v->query * v->Tk;
		top = draw_top_key(d);
		/* A difference's weights carry their sign. */
		snprintf(at, sizeof at, v->diverging ? "%+.4f" : "%.4f",
		    row[v->key]);
		snprintf(most, sizeof most, v->diverging ? "%+.4f" : "%.4f",
		    row[top]);
		snprintf(cell, sizeof cell, " = %s%stop k %lld %s %s", at, sep,
		    (long long)top, v->key_labels[top], most);
	} else
		snprintf(cell, sizeof cell, "%snot computed yet", sep);
	snprintf(buf, sizeof buf, "%s%slayer %lld of %lld%s%s%s%sq %lld %s %s "
	    "k %lld %s%s", v->src.model != NULL ? v->src.model : "attntui",
	    sep, (long long)v->layer, (long long)v->L, sep, kind, note, sep,
	    (long long)v->query, v->labels[v->query], v->ascii ? "->" :
	    ARROW, (long long)v->key, v->key_labels[v->key], cell);
	canvas_fill(d->c, r->x, r->y, r->w, 1, CANVAS_DEFAULT, CANVAS_DEFAULT,
	    CANVAS_REVERSE);
	canvas_text(d->c, r->x + 1, r->y, r->w - 1, buf, CANVAS_DEFAULT,
	    CANVAS_DEFAULT, CANVAS_REVERSE | CANVAS_BOLD);
}

/* The prompt being typed, with a cursor. */
static void
draw_prompt(const struct paint *d, const struct rect *r)
{
	static const char	lead[] = { 0, '/', '\\', ':' };
	char			buf[VIEW_SEARCH_LEN + 8];
	int			w;

	snprintf(buf, sizeof buf, "%c%s", lead[d->v->prompt], d->v->input);
	w = canvas_text(d->c, r->x, r->y, r->w, buf, CANVAS_DEFAULT,
	    CANVAS_DEFAULT, 0);
	canvas_put(d->c, r->x + w, r->y, " ", CANVAS_DEFAULT, CANVAS_DEFAULT,
	    CANVAS_REVERSE);
}

/* Where the keys go: the focused pane, the grid, the text view. */
static const char *
draw_status_where(const struct view *v, char *buf, size_t len)
{
	if (v->overview)
		return "overview: Enter opens";
	if (v->grid)
		return "grid: Enter opens";
	if (v->text == VIEW_TEXT_QUERY)
		snprintf(buf, len, "text: from query %lld",
		    (long long)v->query);
	else if (v->text == VIEW_TEXT_KEY)
		snprintf(buf, len, "text: to key %lld", (long long)v->key);
	else
		return view_focus_name(v->focus);
	return buf;
}

static void
draw_status(const struct paint *d)
{
	const struct view	*v = d->v;
	const struct rect	*r = &d->f->geo.lay.status;
	const char		*sep = v->ascii ? " | " : DOT;
	const char		*hint = "? help  q quit";
	char			 buf[320], tok[48], where[48];
	char			 count[32] = "", busy[64] = "";
	int64_t			 ready;
	int			 w;

	if (v->prompt != VIEW_PROMPT_NONE) {
		draw_prompt(d, r);
		return;
	}
	if (v->message[0] != '\0') {
		canvas_text(d->c, r->x, r->y, r->w, v->message, CANVAS_DEFAULT,
		    CANVAS_DEFAULT, CANVAS_BOLD);
		return;
	}
	if (v->Tq == v->Tk)
		snprintf(tok, sizeof tok, "T=%lld", (long long)v->Tq);
	else
		snprintf(tok, sizeof tok, "T=%lldx%lld", (long long)v->Tq,
		    (long long)v->Tk);
	if (v->count > 0)
		snprintf(count, sizeof count, "%scount %lld", sep,
		    (long long)v->count);
	if ((ready = store_layers_ready(v->src.store)) < v->L)
		snprintf(busy, sizeof busy, "computing layer %lld/%lld%s",
		    (long long)ready, (long long)v->L, sep);
	snprintf(buf, sizeof buf, "%s%s%s%s%s%s-pool%szoom %dx%s%s%s%s%s",
	    busy, colormap_name(view_colormap(v)), sep,
	    heatmap_scale_name(v->scale),
	    sep, heatmap_pool_name(v->pool), sep, 1 << v->zoom, sep, tok,
	    v->dump ? "" : sep, v->dump ? "" : draw_status_where(v, where,
	    sizeof where), count);
	w = (int)strlen(hint);
	if (v->dump || r->w < w + DRAW_STATUS_MIN_W)
		w = -1;
	canvas_text(d->c, r->x, r->y, r->w - w - 1, buf, CANVAS_DEFAULT,
	    CANVAS_DEFAULT, 0);
	if (w > 0)
		canvas_text(d->c, r->x + r->w - w, r->y, w, hint,
		    CANVAS_DEFAULT, CANVAS_DEFAULT, CANVAS_DIM);
}


/*
 * In place of a layer that the forward pass has not reached: what is
 * shown and how far the pass is.  It appears when ready (the tui
 * redraws as layers come).
 */
static void
draw_waiting(const struct paint *d)
{
	const struct view	*v = d->v;
	const struct rect	*r = &d->f->geo.lay.heat;
	char			 buf[128];
	int			 w;

	snprintf(buf, sizeof buf, "layer %lld is not computed yet "
	    "(computing layer %lld of %lld)", (long long)v->layer,
	    (long long)store_layers_ready(v->src.store), (long long)v->L);
	w = canvas_width(buf, v->ascii);
	canvas_text(d->c, r->x + (w < r->w ? (r->w - w) / 2 : 0), r->y +
	    r->h / 2, r->w, buf, CANVAS_DEFAULT, CANVAS_DEFAULT, CANVAS_BOLD);
}

static void
draw_too_small(struct canvas *c)
{
	char	buf[64];
	int	w;

	snprintf(buf, sizeof buf, "need %dx%d", LAYOUT_MIN_W, LAYOUT_MIN_H);
	w = canvas_width("terminal too small", c->ascii);
	canvas_text(c, w < c->w ? (c->w - w) / 2 : 0, c->h / 2 - (c->h > 1),
	    c->w, "terminal too small", CANVAS_DEFAULT, CANVAS_DEFAULT,
	    CANVAS_BOLD);
	if (c->h > 1)
		canvas_text(c, (int)strlen(buf) < c->w ?
		    (c->w - (int)strlen(buf)) / 2 : 0, c->h / 2, c->w, buf,
		    CANVAS_DEFAULT, CANVAS_DEFAULT, 0);
}

/* The widest of n labels, in cells, at most VIEW_LABEL_MAX. */
static int
draw_labels_width(const char *const *labels, int64_t n, int ascii)
{
	int64_t	i;
	int	w, best = 1;

	for (i = 0; i < n && best < VIEW_LABEL_MAX; i++)
		if ((w = canvas_width(labels[i], ascii)) > best)
			best = w < VIEW_LABEL_MAX ? w : VIEW_LABEL_MAX;
	return best;
}

/* The frame's measures of this view: label widths, windows, pages. */
static void
draw_measure(const struct view *v, struct frame *f)
{
	struct frame_geometry	*g = &f->geo;

	if (f->widths_ascii != v->ascii) {
		g->label_w = draw_labels_width(v->labels, v->Tq, v->ascii);
		g->key_label_w = draw_labels_width(v->key_labels, v->Tk,
		    v->ascii);
		f->widths_ascii = v->ascii;
	}
	g->n_q = view_window(v, v->Tq);
	g->n_k = view_window(v, v->Tk);
}

/* A page: as many tokens as the map (or the text) has rows of labels. */
static void
draw_pages(const struct view *v, struct frame *f)
{
	struct frame_geometry	*g = &f->geo;
	int64_t			 rows = v->text != VIEW_TEXT_OFF ?
				    f->text_h : g->lay.heat.h;

	g->page_q = rows < g->n_q ? rows : g->n_q;
	g->page_k = rows < g->n_k ? rows : g->n_k;
}

int
draw_frame(const struct view *v, struct frame *f, struct canvas *c,
    struct error *err)
{
	struct paint	 d = { v, f, c };
	struct layout	*l = &f->geo.lay;
	int		 ready = view_ready(v);

	if (ready && frame_load(f, v->layer, v->kind, v->head, err) != 0)
		return -1;
	canvas_clear(c);
	c->ascii = v->ascii;
	f->n_palette = colormap_palette(view_colormap(v), v->colors,
	    v->levels, f->palette);
	draw_measure(v, f);
	/* The overview takes the whole width. */
	layout_compute(c->w, c->h, v->show_bars && !v->overview,
	    v->show_summary && !v->overview, f->geo.label_w, l);
	if (l->too_small) {
		draw_too_small(c);
		return 0;
	}
	draw_title(&d);
	if (v->overview) {
		if (overview_draw(&d, err) != 0)
			return -1;
	} else if (!ready)
		draw_waiting(&d);
	else if (v->grid) {
		if (draw_grid(&d, err) != 0)
			return -1;
	} else if (v->text != VIEW_TEXT_OFF)
		textview_draw(&d);
	else if (draw_heatmap(&d, err) != 0)
		return -1;
	draw_pages(v, f);
	if (l->bars.w > 0 && ready)
		draw_bars(&d);
	if (l->summary.w > 0)
		sumpane_draw(&d);
	draw_status(&d);
	if (v->help)
		helpbox_draw(&d);
	return 0;
}
