/*
 * overview.c - every layer's heads at once; see overview.h.
 */
#include "build-config.h"

#include <math.h>
#include <stdio.h>

#include "attntui/view/heads.h"
#include "attntui/view/overview.h"

/* A tile's gap column right of its map. */
#define OVERVIEW_GAP_W	1

/* The tiles' size, how many fit and which come first, into g. */
static int
overview_fit(const struct view *v, int w, int h,
    struct overview_geometry *g)
{
	int64_t	tw = w / (v->H > 0 ? v->H : 1), th = h / (v->L > 0 ? v->L : 1);

	g->tile_w = (int)(tw > OVERVIEW_TILE_MIN_W ? tw : OVERVIEW_TILE_MIN_W);
	g->tile_h = (int)(th > OVERVIEW_TILE_MIN_H ? th : OVERVIEW_TILE_MIN_H);
	g->heads = w / g->tile_w < v->H ? w / g->tile_w : v->H;
	g->layers = h / g->tile_h < v->L ? h / g->tile_h : v->L;
	if (g->heads < 1 || g->layers < 1) {
		g->heads = g->layers = 0;
		return -1;
	}
	g->first_head = paint_scroll(g->first_head, v->head, g->heads, v->H);
	g->first_layer = paint_scroll(g->first_layer, v->layer, g->layers,
	    v->L);
	return 0;
}

/* The head numbers above the columns, the layer numbers left of rows. */
static void
overview_axes(const struct paint *d, int lw)
{
	const struct view		*v = d->v;
	const struct overview_geometry	*g = &d->f->geo.ov;
	char				 buf[32];
	int64_t				 i;

	for (i = 0; i < g->heads; i++) {
		snprintf(buf, sizeof buf, "%lld", (long long)(g->first_head +
		    i));
		canvas_text(d->c, g->x + (int)i * g->tile_w, g->y - 1,
		    g->tile_w - OVERVIEW_GAP_W, buf, CANVAS_DEFAULT,
		    CANVAS_DEFAULT, g->first_head + i == v->head ?
		    CANVAS_BOLD | CANVAS_UNDERLINE : CANVAS_DIM);
	}
	for (i = 0; i < g->layers; i++) {
		snprintf(buf, sizeof buf, "%*lld", lw - 1,
		    (long long)(g->first_layer + i));
		canvas_text(d->c, 0, g->y + (int)i * g->tile_h, lw - 1, buf,
		    CANVAS_DEFAULT, CANVAS_DEFAULT, g->first_layer + i ==
		    v->layer ? CANVAS_BOLD | CANVAS_UNDERLINE : CANVAS_DIM);
	}
}

/*
 * A tile's label row: its score, the row shaded by it (a fraction of
 * the model's largest); the chosen head's reversed instead.
 */
static void
overview_label(const struct paint *d, int64_t l, int64_t h, int x, int y,
    double max)
{
	const struct view	*v = d->v;
	int			 w = d->f->geo.ov.tile_w - OVERVIEW_GAP_W;
	int			 fg = CANVAS_DEFAULT, bg = CANVAS_DEFAULT;
	int			 attrs = 0;
	char			 buf[32] = "";
	double			 s = heads_score(v, l, h), frac;

	if (v->score != VIEW_SCORE_NONE)
		heads_value(s, buf, sizeof buf);
	if (l == v->layer && h == v->head)
		attrs = CANVAS_REVERSE | CANVAS_BOLD;
	else if (v->colors != COLORS_NONE && !isnan(s) && max > 0) {
		frac = s / max;
		/* Scores are not signed: a diverging palette's upper half. */
		if (v->diverging)
			frac = 0.5 + 0.5 * frac;
		bg = paint_color(d, frac);
		fg = colormap_contrast(v->colors, bg);
	}
	canvas_fill(d->c, x, y, w, 1, fg, bg, attrs);
	canvas_text(d->c, x, y, w, buf, fg, bg, attrs);
}

int
overview_draw(const struct paint *d, struct error *err)
{
	const struct view		*v = d->v;
	const struct layout		*lay = &d->f->geo.lay;
	struct overview_geometry	*g = &d->f->geo.ov;
	struct thumbs_key		 key;
	const float			*pix;
	int				 lw = paint_digits(v->L) + 1, x, y;
	int64_t				 i, j;
	double				 max = heads_score_max(v);

	g->x = lw;
	g->y = lay->title.y + 2;
	if (overview_fit(v, d->c->w - lw, lay->status.y - g->y, g) != 0)
		return 0;
	overview_axes(d, lw);
	paint_thumb_key(v, g->tile_w - OVERVIEW_GAP_W, g->tile_h - 1, &key);
	for (i = 0; i < g->layers; i++)
		for (j = 0; j < g->heads; j++) {
			x = g->x + (int)j * g->tile_w;
			y = g->y + (int)i * g->tile_h;
			overview_label(d, g->first_layer + i,
			    g->first_head + j, x, y, max);
			/* A layer still being computed stays blank. */
			if (key.rows < 1 || g->first_layer + i >=
			    store_layers_ready(v->src.store))
				continue;
			if ((pix = frame_model_thumb(d->f, &key,
			    g->first_layer + i, g->first_head + j,
			    err)) == NULL)
				return -1;
			paint_thumb(d, &key, pix, x, y + 1, g->tile_w -
			    OVERVIEW_GAP_W, g->tile_h - 1);
		}
	return 0;
}
