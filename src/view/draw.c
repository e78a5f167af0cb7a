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

/* One pooled map: where it goes and what it shows. */
struct draw_map {
	int			 x, y, w, h;	/* cells */
	const float		*a;
	struct heatmap_window	 win;
	int64_t			 n;		/* window size */
	int			 rows, cols;	/* pixel grid */
	int			 sx, sy;
	int			 half;
	float			 lo, hi;	/* raw range of the grid */
};

static int
draw_half(const struct view *v)
{
	return v->colors != COLORS_NONE && !v->ascii;
}

/* The colour of val in [0, 1]: the palette draw_frame computed. */
static int
draw_color(const struct view *v, double val)
{
	return v->palette[colormap_level(val, v->n_palette)];
}

static float *
draw_pixels(struct view *v, size_t n)
{
	float	*p;

	if (n <= v->pix_len)
		return v->pix;
	if ((p = realloc(v->pix, n * sizeof *p)) == NULL)
		return NULL;
	v->pix = p;
	v->pix_len = n;
	return p;
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

/* Pool and scale m's window; fix the grid and its magnification. */
static int
draw_map_pool(struct view *v, struct draw_map *m, struct error *err)
{
	int	prow, i;
	float	*pix;

	m->half = draw_half(v);
	prow = m->h * (m->half ? 2 : 1);
	m->rows = (int)(m->n < prow ? m->n : prow);
	m->cols = (int)(m->n < m->w ? m->n : m->w);
	if (m->rows < 1 || m->cols < 1)
		return 0;
	m->sx = m->w / m->cols;
	m->sy = prow / m->rows;
	if (m->sx > 1 && m->sy > 1)	/* square pixels when magnified */
		m->sx = m->sy = m->sx < m->sy ? m->sx : m->sy;
	if ((pix = draw_pixels(v, (size_t)m->rows * (size_t)m->cols)) ==
	    NULL)
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory drawing the heatmap");
	heatmap_pool(m->a, v->T, &m->win, m->rows, m->cols, v->pool, pix);
	m->lo = m->hi = pix[0];
	for (i = 1; i < m->rows * m->cols; i++) {
		if (pix[i] > m->hi)
			m->hi = pix[i];
		if (pix[i] < m->lo)
			m->lo = pix[i];
	}
	heatmap_scale(pix, m->rows, m->cols, v->scale);
	return 0;
}

/* The pooled grid of m as half blocks, shading or coloured spaces. */
static void
draw_map_cells(struct view *v, struct canvas *c, const struct draw_map *m)
{
	const float	*pix = v->pix;
	int		 cx, cy, i0, i1, j, fg, bg;

	for (cy = 0; cy < m->h; cy++) {
		i0 = (cy * (m->half ? 2 : 1)) / m->sy;
		i1 = (cy * 2 + 1) / m->sy;
		if (i0 >= m->rows)
			break;
		for (cx = 0; cx < m->cols * m->sx && cx < m->w; cx++) {
			j = cx / m->sx;
			fg = draw_color(v, pix[i0 * m->cols + j]);
			if (m->half) {
				bg = i1 < m->rows ?
				    draw_color(v, pix[i1 * m->cols + j]) :
				    CANVAS_DEFAULT;
				canvas_put(c, m->x + cx, m->y + cy,
				    UPPER_HALF, fg, bg, 0);
			} else if (v->colors == COLORS_NONE)
				canvas_put(c, m->x + cx, m->y + cy,
				    colormap_shade(pix[i0 * m->cols + j],
				    v->ascii), CANVAS_DEFAULT, CANVAS_DEFAULT,
				    0);
			else
				canvas_put(c, m->x + cx, m->y + cy, " ",
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
draw_cursor(struct view *v, struct canvas *c, const struct draw_map *m)
{
	const struct cell	*cell;
	int			 x, y, pi, pj, bg;

	if (draw_map_cell(m, v->query, v->key, &x, &y) != 0 ||
	    (cell = canvas_cell_const(c, x, y)) == NULL)
		return;
	if (v->colors == COLORS_NONE) {
		canvas_put(c, x, y, v->ascii ? "+" : CURSOR_GLYPH,
		    CANVAS_DEFAULT, CANVAS_DEFAULT, CANVAS_REVERSE);
		return;
	}
	pi = draw_pixel_of(v->query, m->win.r0, m->n, m->rows);
	pj = draw_pixel_of(v->key, m->win.c0, m->n, m->cols);
	bg = draw_color(v, v->pix[pi * m->cols + pj]);
	canvas_put(c, x, y, v->ascii ? "+" : CURSOR_GLYPH,
	    colormap_contrast(v->colors, bg), bg, CANVAS_BOLD);
}

/* Query labels left of the map, one per token row that starts there. */
static void
draw_ylabels(struct view *v, struct canvas *c, const struct draw_map *m)
{
	const struct rect	*r = &v->geo.lay.ylabels;
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
		canvas_text(c, r->x + 1, r->y + cy, r->w - 2, v->labels[t],
		    CANVAS_DEFAULT, CANVAS_DEFAULT, 0);
	}
	if (draw_map_cell(m, v->query, v->key, &qx, &qy) == 0) {
		canvas_fill(c, r->x, qy, r->w - 1, 1, CANVAS_DEFAULT,
		    CANVAS_DEFAULT, 0);
		canvas_put(c, r->x, qy, v->ascii ? ">" : QUERY_MARK,
		    CANVAS_DEFAULT, CANVAS_DEFAULT, CANVAS_BOLD);
		canvas_text(c, r->x + 1, qy, r->w - 2, v->labels[v->query],
		    CANVAS_DEFAULT, CANVAS_DEFAULT, CANVAS_REVERSE);
	}
}

/* Key ticks and labels under the map; the key cursor's label first. */
static void
draw_xlabels(struct view *v, struct canvas *c, const struct draw_map *m)
{
	const struct rect	*r = &v->geo.lay.xlabels;
	int64_t			 t, prev = -1;
	int			 j, x, kx, ky, w, next = 0;
	char			 buf[64];

	if (r->h < 2)
		return;
	if (draw_map_cell(m, v->query, v->key, &kx, &ky) == 0) {
		kx -= r->x;
		canvas_put(c, r->x + kx, r->y, v->ascii ? "^" : KEY_MARK,
		    CANVAS_DEFAULT, CANVAS_DEFAULT, CANVAS_BOLD);
		w = canvas_truncate(v->labels[v->key], 12, v->ascii, buf,
		    sizeof buf);
		x = kx + 2 + w <= r->w ? kx + 2 : kx - 1 - w;
		if (x >= 0)
			canvas_text(c, r->x + x, r->y, w, buf, CANVAS_DEFAULT,
			    CANVAS_DEFAULT, CANVAS_REVERSE);
	}
	for (j = 0; j < m->cols; j++) {
		t = heatmap_source(m->win.c0, m->win.c1, m->cols, j);
		x = j * m->sx;
		if (t == prev || x < next || x >= r->w)
			continue;
		prev = t;
		w = canvas_text(c, r->x + x, r->y + 1,
		    r->w - x < 12 ? r->w - x : 12, v->labels[t],
		    CANVAS_DEFAULT, CANVAS_DEFAULT, t == v->key ?
		    CANVAS_BOLD : 0);
		next = x + w + 1;
	}
}

static void
draw_legend(struct view *v, struct canvas *c, const struct draw_map *m)
{
	const struct rect	*r = &v->geo.lay.legend;
	char			 lo[32], hi[32];
	int			 x, i, gw, col;

	if (r->w < 12)
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
	x = r->x + canvas_text(c, r->x, r->y, r->w, lo, CANVAS_DEFAULT,
	    CANVAS_DEFAULT, 0) + 1;
	gw = r->w - (x - r->x) - (int)strlen(hi) - 1;
	if (gw > 32)
		gw = 32;
	for (i = 0; i < gw; i++) {
		double	val = gw > 1 ? (double)i / (gw - 1) : 1;

		col = draw_color(v, val);
		if (v->colors == COLORS_NONE)
			canvas_put(c, x + i, r->y, colormap_shade(val,
			    v->ascii), CANVAS_DEFAULT, CANVAS_DEFAULT, 0);
		else
			canvas_put(c, x + i, r->y, " ", CANVAS_DEFAULT, col,
			    0);
	}
	if (gw > 0)
		canvas_text(c, x + gw + 1, r->y, r->x + r->w - x - gw - 1, hi,
		    CANVAS_DEFAULT, CANVAS_DEFAULT, 0);
}

static int
draw_heatmap(struct view *v, struct canvas *c, struct error *err)
{
	const struct rect	*r = &v->geo.lay.heat;
	struct draw_map		 m;

	memset(&m, 0, sizeof m);
	m.x = r->x;
	m.y = r->y;
	m.w = r->w;
	m.h = r->h;
	m.a = v->matrix;
	m.n = view_window(v);
	m.win.r0 = v->q0;
	m.win.r1 = v->q0 + m.n;
	m.win.c0 = v->k0;
	m.win.c1 = v->k0 + m.n;
	if (draw_map_pool(v, &m, err) != 0)
		return -1;
	v->geo.rows = m.rows;
	v->geo.cols = m.cols;
	v->geo.sx = m.sx > 0 ? m.sx : 1;
	v->geo.sy = m.sy > 0 ? m.sy : 1;
	v->geo.half = m.half;
	v->geo.n = m.n;
	if (m.rows < 1)
		return 0;
	draw_map_cells(v, c, &m);
	draw_cursor(v, c, &m);
	draw_ylabels(v, c, &m);
	draw_xlabels(v, c, &m);
	draw_legend(v, c, &m);
	return 0;
}

/* Columns of thumbnails that make them most nearly square. */
static int
draw_grid_cols(int64_t H, int w, int h)
{
	int	gc, gr, best = 1, score, bscore = -1, tw, th;

	for (gc = 1; gc <= H && gc <= w; gc++) {
		gr = (int)((H + gc - 1) / gc);
		tw = w / gc - 1;
		th = h / gr - 2;
		score = tw < 2 * th ? tw : 2 * th;
		if (score > bscore) {
			bscore = score;
			best = gc;
		}
	}
	return best;
}

/* Every head of the layer as a thumbnail; Enter opens the chosen one. */
static int
draw_grid(struct view *v, struct canvas *c, struct error *err)
{
	const struct layout	*l = &v->geo.lay;
	struct draw_map		 m;
	int			 w = l->heat.x + l->heat.w, h, gc, gr, gw, gh;
	int64_t			 hh;
	char			 buf[48];
	size_t			 n = (size_t)v->T * (size_t)v->T;

	h = l->legend.y + l->legend.h - l->heat.y;
	gc = draw_grid_cols(v->H, w, h);
	gr = (int)((v->H + gc - 1) / gc);
	gw = w / gc;
	gh = h / gr;
	v->geo.grid_cols = gc;
	v->geo.grid_w = gw;
	v->geo.grid_h = gh;
	if (gh < 2 || gw < 3)
		return 0;
	if (v->thumb == NULL && (v->thumb = malloc(n * sizeof *v->thumb)) ==
	    NULL)
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory for the head grid");
	for (hh = 0; hh < v->H; hh++) {
		memset(&m, 0, sizeof m);
		m.x = (int)(hh % gc) * gw;
		m.y = l->heat.y + (int)(hh / gc) * gh;
		if (v->kv_heads != v->H)
			snprintf(buf, sizeof buf, "head %lld kv %lld",
			    (long long)hh, (long long)view_kv_head(v, hh));
		else
			snprintf(buf, sizeof buf, "head %lld", (long long)hh);
		canvas_text(c, m.x, m.y, gw - 1, buf, CANVAS_DEFAULT,
		    CANVAS_DEFAULT, hh == v->grid_sel ? CANVAS_REVERSE |
		    CANVAS_BOLD : 0);
		m.y++;
		m.w = gw - 1;
		m.h = gh - 2 > 0 ? gh - 2 : 1;
		if (analysis_get(&v->an, v->layer, ANALYSIS_HEAD, hh,
		    v->thumb, err) != 0)
			return -1;
		m.a = v->thumb;
		m.n = v->T;
		m.win.r1 = m.win.c1 = v->T;
		if (draw_map_pool(v, &m, err) != 0)
			return -1;
		if (m.rows > 0)
			draw_map_cells(v, c, &m);
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

/* The bars' order: the sequence, or weights from largest. */
static void
draw_bars_order(struct view *v, const float *row)
{
	struct draw_rank	*r;
	int64_t			 i;

	for (i = 0; i < v->T; i++)
		v->order[i] = i;
	if (!v->bars_sorted || (r = malloc((size_t)v->T * sizeof *r)) == NULL)
		return;
	for (i = 0; i < v->T; i++) {
		r[i].v = row[i];
		r[i].i = i;
	}
	qsort(r, (size_t)v->T, sizeof *r, draw_rank_cmp);
	for (i = 0; i < v->T; i++)
		v->order[i] = r[i].i;
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

/* One bar per key token for the selected query. */
static void
draw_bars(struct view *v, struct canvas *c)
{
	const struct rect	*r = &v->geo.lay.bars;
	const float		*row = v->matrix + v->query * v->T;
	int64_t			 i, t, at = 0;
	int			 y, lw, bw, rows;
	float			 mx = 0;
	char			 buf[256], val[16];

	if (r->w < 12 || r->h < 2)
		return;
	draw_bars_order(v, row);
	for (i = 0; i < v->T; i++) {
		if (row[i] > mx)
			mx = row[i];
		if (v->order[i] == v->key)
			at = i;
	}
	snprintf(buf, sizeof buf, "query %lld %s (%s)", (long long)v->query,
	    v->labels[v->query], v->bars_sorted ? "sorted" : "in order");
	canvas_fill(c, r->x, r->y, r->w, 1, CANVAS_DEFAULT, CANVAS_DEFAULT,
	    CANVAS_BOLD | (v->focus == VIEW_FOCUS_BARS ? CANVAS_REVERSE : 0));
	canvas_text(c, r->x, r->y, r->w, buf, CANVAS_DEFAULT, CANVAS_DEFAULT,
	    CANVAS_BOLD | (v->focus == VIEW_FOCUS_BARS ? CANVAS_REVERSE : 0));
	rows = r->h - 1;
	v->geo.bars_rows = rows;
	v->geo.bars_first = draw_scroll(v->geo.bars_first, at, rows, v->T);
	lw = v->label_w < r->w / 3 ? v->label_w : r->w / 3;
	bw = r->w - lw - 2 - 6;
	for (y = 0; y < rows && v->geo.bars_first + y < v->T; y++) {
		t = v->order[v->geo.bars_first + y];
		canvas_text(c, r->x, r->y + 1 + y, lw, v->labels[t],
		    CANVAS_DEFAULT, CANVAS_DEFAULT, t == v->key ?
		    CANVAS_REVERSE : 0);
		draw_bar(mx > 0 ? row[t] / mx : 0, bw, v->ascii, buf,
		    sizeof buf);
		canvas_text(c, r->x + lw + 1, r->y + 1 + y, bw, buf,
		    draw_color(v, mx > 0 ? 0.35 + 0.65 * row[t] / mx : 0),
		    CANVAS_DEFAULT, 0);
		snprintf(val, sizeof val, "%6.4f", row[t]);
		canvas_text(c, r->x + r->w - 6, r->y + 1 + y, 6, val,
		    CANVAS_DEFAULT, CANVAS_DEFAULT, t == v->key ?
		    CANVAS_BOLD : 0);
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
draw_summary(struct view *v, struct canvas *c)
{
	const struct rect	*r = &v->geo.lay.summary;
	const struct summary	*s = v->src.summary;
	const struct summary_row *row;
	size_t			 i, k = 0, at = 0, total = 0;
	int			 y, nw, attrs, focus;
	char			 buf[128], num[32];

	if (r->w < 12 || r->h < 2)
		return;
	focus = v->focus == VIEW_FOCUS_SUMMARY ? CANVAS_REVERSE : 0;
	canvas_fill(c, r->x, r->y, r->w, 1, CANVAS_DEFAULT, CANVAS_DEFAULT,
	    CANVAS_BOLD | focus);
	if (s == NULL) {
		canvas_text(c, r->x, r->y, r->w, "no layer summary",
		    CANVAS_DEFAULT, CANVAS_DEFAULT, CANVAS_BOLD | focus);
		return;
	}
	snprintf(buf, sizeof buf, "%s  %s params", s->model_name,
	    draw_count(s->totals.params, num, sizeof num));
	canvas_text(c, r->x, r->y, r->w, buf, CANVAS_DEFAULT, CANVAS_DEFAULT,
	    CANVAS_BOLD | focus);
	for (i = 0; i < s->n_rows; i++) {
		if (s->rows[i].depth != 1)
			continue;
		if (s->rows[i].layer == v->layer && at == 0)
			at = total + 1;
		total++;
	}
	v->geo.sum_first = (size_t)draw_scroll((int64_t)v->geo.sum_first,
	    at > 0 ? (int64_t)at - 1 : 0, r->h - 1, (int64_t)total);
	nw = r->w / 3;
	for (i = 0, y = 0; i < s->n_rows && y < r->h - 1; i++) {
		row = &s->rows[i];
		if (row->depth != 1 || k++ < v->geo.sum_first)
			continue;
		attrs = row->layer >= 0 && row->layer == v->layer ?
		    CANVAS_REVERSE : 0;
		canvas_fill(c, r->x, r->y + 1 + y, r->w, 1, CANVAS_DEFAULT,
		    CANVAS_DEFAULT, attrs);
		canvas_text(c, r->x, r->y + 1 + y, nw, summary_label(s, i),
		    CANVAS_DEFAULT, CANVAS_DEFAULT, attrs);
		canvas_text(c, r->x + nw + 1, r->y + 1 + y, r->w - nw - 9,
		    row->type, CANVAS_DEFAULT, CANVAS_DEFAULT, attrs);
		if (row->tied)
			snprintf(num, sizeof num, "(tied)");
		else
			draw_count(row->params, num, sizeof num);
		canvas_text(c, r->x + r->w - (int)strlen(num), r->y + 1 + y,
		    (int)strlen(num), num, CANVAS_DEFAULT, CANVAS_DEFAULT,
		    attrs);
		y++;
	}
}

static void
draw_title(struct view *v, struct canvas *c)
{
	const struct rect	*r = &v->geo.lay.title;
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
	    v->labels[v->key], v->matrix[v->query * v->T + v->key], sep,
	    v->grid ? "grid" : analysis_kind_name(v->kind));
	canvas_fill(c, r->x, r->y, r->w, 1, CANVAS_DEFAULT, CANVAS_DEFAULT,
	    CANVAS_REVERSE);
	canvas_text(c, r->x + 1, r->y, r->w - 1, buf, CANVAS_DEFAULT,
	    CANVAS_DEFAULT, CANVAS_REVERSE | CANVAS_BOLD);
}

static void
draw_status(struct view *v, struct canvas *c)
{
	static const char *const focus[] = { "heatmap", "bars", "summary" };
	const struct rect	*r = &v->geo.lay.status;
	const char		*sep = v->ascii ? " | " : " \xc2\xb7 ";
	const char		*hint = "? help  q quit";
	char			 buf[256];
	int			 w;

	if (v->searching) {
		snprintf(buf, sizeof buf, "/%s", v->search);
		w = canvas_text(c, r->x, r->y, r->w, buf, CANVAS_DEFAULT,
		    CANVAS_DEFAULT, 0);
		canvas_put(c, r->x + w, r->y, " ", CANVAS_DEFAULT,
		    CANVAS_DEFAULT, CANVAS_REVERSE);
		return;
	}
	if (v->message[0] != '\0') {
		canvas_text(c, r->x, r->y, r->w, v->message, CANVAS_DEFAULT,
		    CANVAS_DEFAULT, CANVAS_BOLD);
		return;
	}
	snprintf(buf, sizeof buf, "%s%s%s%s%s-pool%szoom %dx%sT=%lld%s%s",
	    colormap_name(v->cmap), sep, heatmap_scale_name(v->scale), sep,
	    heatmap_pool_name(v->pool), sep, 1 << v->zoom, sep,
	    (long long)v->T, v->dump ? "" : sep, v->dump ? "" :
	    v->grid ? "grid: Enter opens" : focus[v->focus]);
	w = (int)strlen(hint);
	if (v->dump || r->w < w + 20)
		w = -1;
	canvas_text(c, r->x, r->y, r->w - w - 1, buf, CANVAS_DEFAULT,
	    CANVAS_DEFAULT, 0);
	if (w > 0)
		canvas_text(c, r->x + r->w - w, r->y, w, hint, CANVAS_DEFAULT,
		    CANVAS_DEFAULT, CANVAS_DIM);
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

/* Every key, in a box over the frame; any key closes it. */
static void
draw_help(struct view *v, struct canvas *c)
{
	int	n = 0, w, h, x, y, i;

	while (keys_help[n].keys != NULL)
		n++;
	w = c->w - 2 < 54 ? c->w - 2 : 54;
	h = c->h - 2 < n + 4 ? c->h - 2 : n + 4;
	x = (c->w - w) / 2;
	y = (c->h - h) / 2;
	draw_box(c, x, y, w, h, v->ascii);
	canvas_text(c, x + 2, y, w - 4, " keys ", CANVAS_DEFAULT,
	    CANVAS_DEFAULT, CANVAS_BOLD);
	for (i = 0; i < n && i < h - 4; i++) {
		canvas_text(c, x + 2, y + 1 + i, 16, keys_help[i].keys,
		    CANVAS_DEFAULT, CANVAS_DEFAULT, CANVAS_BOLD);
		canvas_text(c, x + 19, y + 1 + i, w - 21, keys_help[i].what,
		    CANVAS_DEFAULT, CANVAS_DEFAULT, 0);
	}
	canvas_text(c, x + 2, y + h - 2, w - 4, "any key closes this help",
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
draw_frame(struct view *v, struct canvas *c, struct error *err)
{
	struct layout	*l = &v->geo.lay;

	canvas_clear(c);
	c->ascii = v->ascii;
	v->n_palette = colormap_palette(v->cmap, v->colors, v->levels,
	    v->palette);
	layout_compute(c->w, c->h, v->show_bars, v->show_summary,
	    v->label_w, l);
	if (l->too_small) {
		draw_too_small(c);
		return 0;
	}
	draw_title(v, c);
	if (v->grid) {
		if (draw_grid(v, c, err) != 0)
			return -1;
	} else if (draw_heatmap(v, c, err) != 0)
		return -1;
	if (l->bars.w > 0)
		draw_bars(v, c);
	if (l->summary.w > 0)
		draw_summary(v, c);
	draw_status(v, c);
	if (v->help)
		draw_help(v, c);
	return 0;
}
