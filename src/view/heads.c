/*
 * heads.c - scores, ranking and the overview's keys; see heads.h.
 */
#include "build-config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "attntui/base/arith.h"
#include "attntui/view/heads.h"

/*
 * Are the store's layers still being made?  Then say so, and what
 * happens then (after, or "").
 */
static int
heads_waiting(struct view *v, const char *after)
{
	int64_t	ready = store_layers_ready(v->src.store);

	if (ready >= v->L)
		return 0;
	snprintf(v->message, sizeof v->message, "head scores: once every "
	    "layer is computed (%lld of %lld so far)%s", (long long)ready,
	    (long long)v->L, after);
	return 1;
}

int
heads_scores(struct view *v)
{
	const struct view_source	*src = &v->src;
	struct error			 err = { 0 };
	struct stats			*st;

	if (v->stats != NULL)
		return 0;
	/* A pass in the background: the scores are the whole model's. */
	if (heads_waiting(v, ""))
		return -1;
	if ((st = calloc(1, sizeof *st)) == NULL) {
		snprintf(v->message, sizeof v->message, "head scores: out of "
		    "memory");
		return -1;
	}
	if (stats_compute(src->scored != NULL ? src->scored : src->store,
	    src->tokens, src->against, src->pool, st, &err) != 0) {
		snprintf(v->message, sizeof v->message, "head scores: %s",
		    err.message != NULL ? err.message : "failed");
		error_clear(&err);
		free(st);
		return -1;
	}
	v->stats = st;
	return 0;
}

double
heads_score(const struct view *v, int64_t layer, int64_t head)
{
	if (v->stats == NULL || v->score == VIEW_SCORE_NONE)
		return NAN;
	return v->stats->heads[layer * v->H + head].v[v->score];
}

double
heads_score_max(const struct view *v)
{
	double	best = 0, x;
	int64_t	i;

	if (v->stats == NULL || v->score == VIEW_SCORE_NONE)
		return 0;
	for (i = 0; i < v->L * v->H; i++)
		if ((x = v->stats->heads[i].v[v->score]) > best)
			best = x;
	return best;
}

const char *
heads_value(double x, char *buf, size_t len)
{
	if (isnan(x))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.3g", x);
	return buf;
}

int
heads_note(const struct view *v, char *buf, size_t len)
{
	const char	*name;
	char		 val[32];
	size_t		 at, of;
	int		 layer_only = v->rank == VIEW_RANK_LAYER;

	buf[0] = '\0';
	if (v->stats == NULL || v->score == VIEW_SCORE_NONE ||
	    (v->kind != ANALYSIS_HEAD && !v->grid && !v->overview))
		return 0;
	name = stats_column_name((enum stats_column)v->score);
	heads_value(heads_score(v, v->layer, v->head), val, sizeof val);
	if (v->rank == VIEW_RANK_NONE) {
		snprintf(buf, len, "%s %s", name, val);
		return 1;
	}
	at = stats_rank_of(v->stats, (enum stats_column)v->score,
	    layer_only ? v->layer : -1, (size_t)(v->layer * v->H + v->head));
	of = (size_t)(layer_only ? v->H : v->L * v->H);
	snprintf(buf, len, "rank %zu of %zu%s by %s %s", at + 1, of,
	    layer_only ? " in the layer" : "", name, val);
	return 1;
}

/* The columns x and X cycle through: diff only against another side. */
static int
heads_columns(const struct view *v)
{
	return v->stats != NULL && v->stats->has_diff ? STATS_COLUMNS :
	    STATS_COLUMNS - 1;
}

/*
 * x and X: the next (d > 0) or previous score, none among them; asked
 * while the pass runs, remembered (steps add up) for its end.
 */
static void
heads_cycle(struct view *v, int64_t d)
{
	int64_t	n;

	if (v->stats == NULL && heads_waiting(v, "; they show then")) {
		v->score_wait += d;
		return;
	}
	if (heads_scores(v) != 0)
		return;
	n = heads_columns(v) + 1;
	v->score = (int)(((v->score + 1 + d % n) % n + n) % n) - 1;
	v->rank = VIEW_RANK_NONE;
}

int
heads_layers_came(struct view *v)
{
	int64_t	d = v->score_wait;

	if (d == 0 || store_layers_ready(v->src.store) < v->L)
		return 0;
	v->score_wait = 0;
	heads_cycle(v, d);
	return 1;
}

/* Select head index of the model's, as a head. */
static void
heads_go(struct view *v, size_t index)
{
	v->layer = (int64_t)index / v->H;
	v->head = (int64_t)index % v->H;
	v->grid_sel = v->head;
	v->kind = ANALYSIS_HEAD;
}

/*
 * Step d places in the ranking of the layer's or the model's heads by
 * the chosen score.  The first step of a ranking (after another score,
 * another reach, or from an aggregate) lands on its first head (d > 0;
 * 3} on the third) or its last (d < 0).
 */
static void
heads_rank(struct view *v, enum view_rank scope, int64_t d)
{
	int64_t	layer = scope == VIEW_RANK_LAYER ? v->layer : -1;
	size_t	*order, n, at;
	int64_t	i;

	if (v->score == VIEW_SCORE_NONE) {
		snprintf(v->message, sizeof v->message, "no score to rank "
		    "by: x and X choose one");
		return;
	}
	if (heads_scores(v) != 0)
		return;
	if ((order = calloc((size_t)(v->L * v->H), sizeof *order)) == NULL) {
		snprintf(v->message, sizeof v->message, "ranking the heads: "
		    "out of memory");
		return;
	}
	n = stats_rank(v->stats, (enum stats_column)v->score, layer, order);
	if (v->rank == scope && (v->kind == ANALYSIS_HEAD || v->grid ||
	    v->overview)) {
		at = stats_rank_of(v->stats, (enum stats_column)v->score,
		    layer, (size_t)(v->layer * v->H + v->head));
		i = (int64_t)at + d;
	} else
		i = d > 0 ? d - 1 : (int64_t)n + d;
	heads_go(v, order[arith_clamp(i, 0, (int64_t)n - 1)]);
	v->rank = scope;
	free(order);
}

/* hjkl in the overview: heads across, layers down. */
static int
heads_overview_action(struct view *v, enum action a, int64_t n)
{
	switch (a) {
	case ACTION_KEY_PREV:
	case ACTION_PAN_LEFT:
	case ACTION_KEY_NEXT:
	case ACTION_PAN_RIGHT:
		v->head = arith_clamp(v->head + (a == ACTION_KEY_NEXT ||
		    a == ACTION_PAN_RIGHT ? n : -n), 0, v->H - 1);
		break;
	case ACTION_QUERY_PREV:
	case ACTION_PAN_UP:
	case ACTION_QUERY_NEXT:
	case ACTION_PAN_DOWN:
		v->layer = arith_clamp(v->layer + (a == ACTION_QUERY_NEXT ||
		    a == ACTION_PAN_DOWN ? n : -n), 0, v->L - 1);
		break;
	case ACTION_OPEN:
	case ACTION_ESCAPE:
	case ACTION_OVERVIEW:
		v->overview = 0;
		break;
	default:
		return 0;
	}
	v->kind = ANALYSIS_HEAD;
	v->grid_sel = v->head;
	return 1;
}

int
heads_action(struct view *v, const struct frame *f, enum action a,
    int64_t n)
{
	(void)f;
	if (v->overview && heads_overview_action(v, a, n))
		return 1;
	switch (a) {
	case ACTION_OVERVIEW:
		v->overview = 1;
		v->grid = 0;
		v->focus = VIEW_FOCUS_HEAT;
		v->kind = ANALYSIS_HEAD;
		return 1;
	case ACTION_SCORE_NEXT:
	case ACTION_SCORE_PREV:
		heads_cycle(v, a == ACTION_SCORE_NEXT ? n : -n);
		return 1;
	case ACTION_RANK_NEXT:
	case ACTION_RANK_PREV:
		heads_rank(v, VIEW_RANK_LAYER, a == ACTION_RANK_NEXT ? n : -n);
		return 1;
	case ACTION_RANK_MODEL_NEXT:
	case ACTION_RANK_MODEL_PREV:
		heads_rank(v, VIEW_RANK_MODEL, a == ACTION_RANK_MODEL_NEXT ?
		    n : -n);
		return 1;
	default:
		return 0;
	}
}

int
heads_click(struct view *v, const struct frame *f, int x, int y)
{
	const struct overview_geometry	*g = &f->geo.ov;
	int64_t				 l, h;

	if (!v->overview || g->tile_w < 1 || g->tile_h < 1 || x < g->x ||
	    y < g->y)
		return 0;
	l = g->first_layer + (y - g->y) / g->tile_h;
	h = g->first_head + (x - g->x) / g->tile_w;
	if (l >= g->first_layer + g->layers || h >= g->first_head + g->heads)
		return 0;
	v->layer = l;
	v->head = v->grid_sel = h;
	v->kind = ANALYSIS_HEAD;
	return 1;
}
