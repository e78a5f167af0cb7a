/*
 * sumpane.c - the layer summary pane; see sumpane.h.
 */
#include "build-config.h"

#include <stdio.h>
#include <string.h>

#include "attntui/view/sumpane.h"
#include "attntui/view/sumtree.h"

#define SUMPANE_MIN_W		12	/* narrower, or shorter: blank */
#define SUMPANE_MIN_H		2
#define SUMPANE_COUNT_W		7	/* "445.95K" */
#define SUMPANE_INDENT		2	/* cells a depth */
#define SUMPANE_SHAPE_FROM	48	/* pane width that shows shapes */
#define SUMPANE_MADDS_FROM	32	/* and mult-adds */
#define SUMPANE_TITLES_FROM	6	/* pane height that shows titles */
#define SUMPANE_UNFOLDED	"\xe2\x96\xbe "	/* ▾ */
#define SUMPANE_FOLDED		"\xe2\x96\xb8 "	/* ▸ */

/* The pane's columns, right to left from its edge. */
struct sumpane_cols {
	int	madds_x, params_x, shape_x, shape_w;	/* x 0: not shown */
};

/* The widest shape among the rows a pane may show. */
static int
sumpane_shape_w(const struct summary *s)
{
	char	buf[96];
	size_t	r;
	int	w = 0;

	for (r = 0; r < s->n_rows; r++) {
		summary_format_shape(&s->rows[r], buf, sizeof buf);
		if ((int)strlen(buf) > w)
			w = (int)strlen(buf);
	}
	return w;
}

static void
sumpane_columns(const struct summary *s, const struct rect *r,
    struct sumpane_cols *c)
{
	int	x = r->x + r->w;

	memset(c, 0, sizeof *c);
	if (r->w >= SUMPANE_MADDS_FROM) {
		x -= SUMPANE_COUNT_W;
		c->madds_x = x;
		x--;
	}
	x -= SUMPANE_COUNT_W;
	c->params_x = x;
	if (r->w >= SUMPANE_SHAPE_FROM) {
		c->shape_w = sumpane_shape_w(s);
		x -= c->shape_w + 1;
		c->shape_x = x;
	}
}

/* A number right-aligned in its column. */
static void
sumpane_number(const struct paint *d, int x, int y, const char *text,
    int attrs)
{
	int	w = canvas_width(text, d->v->ascii);

	canvas_text(d->c, x + SUMPANE_COUNT_W - w, y, w, text, CANVAS_DEFAULT,
	    CANVAS_DEFAULT, attrs);
}

/* The tree cell: indent, fold mark, name, and the type where it fits. */
static void
sumpane_name(const struct paint *d, size_t i, int x, int y, int w,
    int attrs)
{
	const struct view	*v = d->v;
	const struct summary	*s = v->src.summary;
	const struct summary_row *row = &s->rows[i];
	char			 buf[SUMMARY_NAME_LEN + 64];
	const char		*mark;

	if (row->leaf)
		mark = "  ";
	else if (v->unfolded[i])
		mark = v->ascii ? "- " : SUMPANE_UNFOLDED;
	else
		mark = v->ascii ? "+ " : SUMPANE_FOLDED;
	snprintf(buf, sizeof buf, "%*s%s%s %s", SUMPANE_INDENT *
	    (row->depth - 1), "", mark, summary_label(s, i), row->type);
	canvas_text(d->c, x, y, w, buf, CANVAS_DEFAULT, CANVAS_DEFAULT,
	    attrs);
}

static void
sumpane_row(const struct paint *d, const struct sumpane_cols *c, size_t i,
    int y)
{
	const struct view	*v = d->v;
	const struct rect	*r = &d->f->geo.lay.summary;
	const struct summary_row *row = &v->src.summary->rows[i];
	int			 attrs = i == v->sum_sel ? CANVAS_REVERSE : 0;
	char			 buf[96];
	int			 left = c->shape_x > 0 ? c->shape_x :
				    c->params_x;

	canvas_fill(d->c, r->x, y, r->w, 1, CANVAS_DEFAULT, CANVAS_DEFAULT,
	    attrs);
	sumpane_name(d, i, r->x, y, left - r->x - 1, attrs);
	if (c->shape_x > 0) {
		summary_format_shape(row, buf, sizeof buf);
		canvas_text(d->c, c->shape_x, y, c->shape_w, buf,
		    CANVAS_DEFAULT, CANVAS_DEFAULT, attrs);
	}
	if (row->tied)
		snprintf(buf, sizeof buf, "(tied)");
	else if (row->params == 0)
		snprintf(buf, sizeof buf, "--");
	else
		paint_count(row->params, buf, sizeof buf);
	sumpane_number(d, c->params_x, y, buf, attrs);
	if (c->madds_x > 0) {
		if (row->mult_adds == 0)
			snprintf(buf, sizeof buf, "--");
		else
			paint_count(row->mult_adds, buf, sizeof buf);
		sumpane_number(d, c->madds_x, y, buf, attrs);
	}
}

static void
sumpane_titles(const struct paint *d, const struct sumpane_cols *c, int y)
{
	const struct rect	*r = &d->f->geo.lay.summary;

	canvas_text(d->c, r->x, y, r->w, "layer (type)", CANVAS_DEFAULT,
	    CANVAS_DEFAULT, CANVAS_DIM);
	if (c->shape_x > 0)
		canvas_text(d->c, c->shape_x, y, c->shape_w, "shape",
		    CANVAS_DEFAULT, CANVAS_DEFAULT, CANVAS_DIM);
	sumpane_number(d, c->params_x, y, "params", CANVAS_DIM);
	if (c->madds_x > 0)
		sumpane_number(d, c->madds_x, y, "madds", CANVAS_DIM);
}

/* "4 heads (kv 2), causal, rope 10000": how the layers attend. */
static void
sumpane_settings(const struct view *v, char *buf, size_t len)
{
	const struct config_model	*m = &v->src.config->model;
	char				 kv[32] = "", mask[32], pos[48];

	if (m->n_kv_heads != m->n_heads)
		snprintf(kv, sizeof kv, " (kv %lld)",
		    (long long)m->n_kv_heads);
	if (m->mask == MASK_SLIDING)
		snprintf(mask, sizeof mask, "window %lld",
		    (long long)m->window);
	else
		snprintf(mask, sizeof mask, "%s", config_mask_name(m->mask));
	if (m->position == POS_ROPE)
		snprintf(pos, sizeof pos, "rope %g", m->rope_theta);
	else
		snprintf(pos, sizeof pos, "%s positions",
		    config_position_name(m->position));
	snprintf(buf, len, "attention: %lld heads%s, %s, %s",
	    (long long)m->n_heads, kv, mask, pos);
}

void
sumpane_draw(const struct paint *d)
{
	const struct view	*v = d->v;
	struct frame_geometry	*g = &d->f->geo;
	const struct rect	*r = &g->lay.summary;
	const struct summary	*s = v->src.summary;
	struct sumpane_cols	 c;
	char			 buf[160], num[32];
	int			 y = r->y + 1, foot, rows;
	size_t			 i;

	if (r->w < SUMPANE_MIN_W || r->h < SUMPANE_MIN_H)
		return;
	if (s == NULL || s->n_rows == 0) {
		paint_pane_header(d, r, VIEW_FOCUS_SUMMARY, "no layer summary");
		return;
	}
	snprintf(buf, sizeof buf, "%s  %s params", s->model_name,
	    paint_count(s->totals.params, num, sizeof num));
	paint_pane_header(d, r, VIEW_FOCUS_SUMMARY, buf);
	sumpane_columns(s, r, &c);
	foot = v->src.config != NULL && r->h >= SUMPANE_TITLES_FROM;
	if (r->h >= SUMPANE_TITLES_FROM)
		sumpane_titles(d, &c, y++);
	rows = r->y + r->h - foot - y;
	g->sum_y0 = y;
	g->sum_first = (size_t)paint_scroll((int64_t)g->sum_first,
	    (int64_t)sumtree_index(s, v->unfolded, v->sum_sel), rows,
	    (int64_t)sumtree_count(s, v->unfolded));
	g->sum_first_row = i = sumtree_nth(s, v->unfolded, g->sum_first);
	for (; i != SUMTREE_NONE && y < r->y + r->h - foot; y++) {
		sumpane_row(d, &c, i, y);
		if (sumtree_step(s, v->unfolded, i, 1) == i)
			break;
		i = sumtree_step(s, v->unfolded, i, 1);
	}
	if (foot) {
		sumpane_settings(v, buf, sizeof buf);
		canvas_text(d->c, r->x, r->y + r->h - 1, r->w, buf,
		    CANVAS_DEFAULT, CANVAS_DEFAULT, CANVAS_DIM);
	}
}
