/*
 * view.c - the explorer's state and its transitions; see view.h.
 */
#include "build-config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attntui/base/arith.h"
#include "attntui/base/names.h"
#include "attntui/view/canvas.h"
#include "attntui/view/find.h"
#include "attntui/view/frame.h"
#include "attntui/view/sumtree.h"
#include "attntui/view/view.h"

/* Arrows pan a zoomed map by this fraction of its window. */
#define VIEW_PAN_PARTS	4

static const struct names view_focus_names[] = {
	{ "heatmap",	VIEW_FOCUS_HEAT, 0 },
	{ "bars",	VIEW_FOCUS_BARS, 0 },
	{ "summary",	VIEW_FOCUS_SUMMARY, 0 },
	{ NULL,		0, 0 }
};

int
view_ready(const struct view *v)
{
	return store_layers_ready(v->src.store) > v->layer;
}

const char *
view_focus_name(enum view_focus f)
{
	return names_name(view_focus_names, (int)f);
}

/* Position labels "0", "1", ... for an axis that came without tokens. */
static int
view_positions(struct view *v)
{
	int64_t	i;
	char	buf[32];

	v->n_own = v->Tq > v->Tk ? v->Tq : v->Tk;
	if ((v->own_labels = calloc((size_t)v->n_own,
	    sizeof *v->own_labels)) == NULL)
		return -1;
	for (i = 0; i < v->n_own; i++) {
		snprintf(buf, sizeof buf, "%lld", (long long)i);
		if ((v->own_labels[i] = strdup(buf)) == NULL)
			return -1;
	}
	return 0;
}

/* The summary pane starts folded, on the first layer's block. */
static int
view_summary_init(struct view *v)
{
	const struct summary	*s = v->src.summary;
	size_t			 r;

	if (s == NULL)
		return 0;
	if ((v->unfolded = calloc(s->n_rows > 0 ? s->n_rows : 1,
	    sizeof *v->unfolded)) == NULL)
		return -1;
	r = sumtree_layer_row(s, 0);
	v->sum_sel = r != SUMTREE_NONE ? r : sumtree_first(s, v->unfolded);
	return 0;
}

int
view_init(struct view *v, const struct view_source *src, struct error *err)
{
	memset(v, 0, sizeof *v);
	v->src = *src;
	v->L = store_layers(src->store);
	v->H = store_heads(src->store);
	v->Tq = store_seq(src->store);
	v->Tk = store_keys(src->store);
	v->kv_heads = src->kv_heads > 0 ? src->kv_heads : v->H;
	v->cmap = COLORMAP_VIRIDIS;
	v->colors = COLORS_256;
	v->levels = COLORMAP_LEVELS;
	v->show_bars = 1;
	v->show_summary = src->summary != NULL;
	v->diverging = !store_is_probability(src->store);
	v->score = VIEW_SCORE_NONE;
	v->labels = src->labels;
	/* Square maps without key labels: the same tokens both ways. */
	v->key_labels = src->key_labels != NULL || v->Tq != v->Tk ?
	    src->key_labels : src->labels;
	if (((v->labels == NULL || v->key_labels == NULL) &&
	    view_positions(v) != 0) || view_summary_init(v) != 0) {
		view_free(v);
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory for the view");
	}
	if (v->labels == NULL)
		v->labels = (const char *const *)v->own_labels;
	if (v->key_labels == NULL)
		v->key_labels = (const char *const *)v->own_labels;
	return 0;
}

void
view_free(struct view *v)
{
	int64_t	i;

	if (v->own_labels != NULL)
		for (i = 0; i < v->n_own; i++)
			free(v->own_labels[i]);
	free(v->own_labels);
	free(v->unfolded);
	if (v->stats != NULL)
		stats_free(v->stats);
	free(v->stats);
	memset(v, 0, sizeof *v);
}

enum colormap
view_colormap(const struct view *v)
{
	return v->diverging ? COLORMAP_RDBU : v->cmap;
}

int64_t
view_kv_head(const struct view *v, int64_t h)
{
	return h / (v->H / v->kv_heads > 0 ? v->H / v->kv_heads : 1);
}

int64_t
view_window(const struct view *v, int64_t T)
{
	int64_t	n = T;
	int	z;

	for (z = 0; z < v->zoom && n > 1; z++)
		n = (n + 1) / 2;
	return n;
}

/* Keep a cursor inside its window, moving the window (hjkl). */
static int64_t
view_follow_axis(int64_t at, int64_t origin, int64_t n, int64_t T)
{
	if (at < origin)
		origin = at;
	if (at >= origin + n)
		origin = at - n + 1;
	return arith_clamp(origin, 0, T - n);
}

static void
view_follow(struct view *v)
{
	v->q0 = view_follow_axis(v->query, v->q0, view_window(v, v->Tq),
	    v->Tq);
	v->k0 = view_follow_axis(v->key, v->k0, view_window(v, v->Tk), v->Tk);
}

/* Keep the windows where they are, moving the cursors into them. */
static void
view_confine(struct view *v)
{
	int64_t	nq = view_window(v, v->Tq), nk = view_window(v, v->Tk);

	v->q0 = arith_clamp(v->q0, 0, v->Tq - nq);
	v->k0 = arith_clamp(v->k0, 0, v->Tk - nk);
	v->query = arith_clamp(v->query, v->q0, v->q0 + nq - 1);
	v->key = arith_clamp(v->key, v->k0, v->k0 + nk - 1);
}

static void
view_zoom(struct view *v, int dz)
{
	if (dz > 0 && view_window(v, v->Tq) <= 1 &&
	    view_window(v, v->Tk) <= 1)
		return;
	if (dz < 0 && v->zoom == 0)
		return;
	v->zoom += dz;
	v->q0 = v->query - view_window(v, v->Tq) / 2;
	v->k0 = v->key - view_window(v, v->Tk) / 2;
	view_follow(v);
}

static void
view_move_query(struct view *v, int64_t d)
{
	v->query = arith_clamp(v->query + d, 0, v->Tq - 1);
	view_follow(v);
}

/* Arrows pan a zoomed map by a quarter window, else move the cursor. */
static void
view_pan(struct view *v, int64_t dq, int64_t dk)
{
	int64_t	sq, sk;

	if (v->zoom == 0) {
		v->key = arith_clamp(v->key + dk, 0, v->Tk - 1);
		view_move_query(v, dq);
		return;
	}
	sq = view_window(v, v->Tq) / VIEW_PAN_PARTS;
	sk = view_window(v, v->Tk) / VIEW_PAN_PARTS;
	v->q0 += dq * (sq > 0 ? sq : 1);
	v->k0 += dk * (sk > 0 ? sk : 1);
	view_confine(v);
}

/* The position of the key cursor in the bars' order of frame f. */
static int64_t
view_bar_index(const struct view *v, const struct frame *f)
{
	int64_t	i;

	if (!v->bars_sorted)
		return v->key;
	for (i = 0; i < v->Tk; i++)
		if (f->order[i] == v->key)
			return i;
	return 0;
}

/* Move the key cursor by d in the order the bars show. */
static void
view_key_step(struct view *v, const struct frame *f, int64_t d)
{
	int64_t	i;

	if (!v->bars_sorted || v->focus != VIEW_FOCUS_BARS) {
		v->key = arith_clamp(v->key + d, 0, v->Tk - 1);
	} else {
		i = arith_clamp(view_bar_index(v, f) + d, 0, v->Tk - 1);
		v->key = f->order[i];
	}
	view_follow(v);
}

static void
view_layer(struct view *v, int64_t d)
{
	v->layer = arith_clamp(v->layer + d, 0, v->L - 1);
}

/* n and p leave an aggregate for the head they step to. */
static void
view_head(struct view *v, int64_t d)
{
	if (v->kind != ANALYSIS_HEAD && !v->grid) {
		v->kind = ANALYSIS_HEAD;
		return;
	}
	v->head = ((v->head + d) % v->H + v->H) % v->H;
	v->grid_sel = v->head;
}

static void
view_kind(struct view *v, enum analysis_kind k)
{
	v->grid = 0;
	v->overview = 0;
	if (k == ANALYSIS_ROLLOUT && v->Tq != v->Tk) {
		snprintf(v->message, sizeof v->message, "no rollout of "
		    "cross-attention: it follows one sequence through the "
		    "layers");
		return;
	}
	if (k == ANALYSIS_ROLLOUT && v->diverging) {
		snprintf(v->message, sizeof v->message, "no rollout of a "
		    "difference: it multiplies probabilities");
		return;
	}
	v->kind = v->kind == k ? ANALYSIS_HEAD : k;
}

/* The next pane that the last frame showed. */
static void
view_focus_next(struct view *v, const struct frame *f)
{
	const struct layout	*l = &f->geo.lay;
	int			 i;

	for (i = 0; i < VIEW_FOCUS_COUNT; i++) {
		v->focus = (enum view_focus)((v->focus + 1) %
		    VIEW_FOCUS_COUNT);
		if (v->focus == VIEW_FOCUS_HEAT ||
		    (v->focus == VIEW_FOCUS_BARS && v->show_bars &&
		    l->bars.w > 0) ||
		    (v->focus == VIEW_FOCUS_SUMMARY && v->show_summary &&
		    l->summary.w > 0))
			return;
	}
	v->focus = VIEW_FOCUS_HEAT;
}

/* hjkl in the head grid move its selection, by the frame's rows. */
static int
view_grid_action(struct view *v, const struct frame *f, enum action a,
    int64_t n)
{
	int64_t	gc = f->geo.grid_cols > 0 ? f->geo.grid_cols : 1;

	switch (a) {
	case ACTION_KEY_PREV:
	case ACTION_PAN_LEFT:
		v->grid_sel -= n;
		break;
	case ACTION_KEY_NEXT:
	case ACTION_PAN_RIGHT:
		v->grid_sel += n;
		break;
	case ACTION_QUERY_PREV:
	case ACTION_PAN_UP:
		v->grid_sel -= gc * n;
		break;
	case ACTION_QUERY_NEXT:
	case ACTION_PAN_DOWN:
		v->grid_sel += gc * n;
		break;
	case ACTION_OPEN:
		v->head = v->grid_sel;
		v->kind = ANALYSIS_HEAD;
		v->grid = 0;
		return 1;
	case ACTION_ESCAPE:
	case ACTION_GRID:
		v->grid = 0;
		return 1;
	default:
		return 0;
	}
	v->grid_sel = arith_clamp(v->grid_sel, 0, v->H - 1);
	v->head = v->grid_sel;
	return 1;
}

/* A summary row chosen: its layer is shown, when it has one. */
static void
view_summary_choose(struct view *v, size_t r)
{
	const struct summary	*s = v->src.summary;

	v->sum_sel = r;
	if (s->rows[r].layer >= 0 && s->rows[r].layer < v->L) {
		v->layer = s->rows[r].layer;
		v->sum_layer = v->layer;
	}
}

/* h on a row: fold it if it is unfolded, else go to its parent. */
static void
view_summary_fold(struct view *v)
{
	const struct summary	*s = v->src.summary;
	int			 p = s->rows[v->sum_sel].parent;

	if (v->unfolded[v->sum_sel])
		v->unfolded[v->sum_sel] = 0;
	else if (p >= 0 && s->rows[p].depth >= 1)
		view_summary_choose(v, (size_t)p);
}

/* The summary pane's keys: j k choose, l Enter unfold, h fold. */
static int
view_summary_action(struct view *v, enum action a, int64_t n)
{
	const struct summary	*s = v->src.summary;
	int64_t			 i;

	switch (a) {
	case ACTION_QUERY_NEXT:
	case ACTION_QUERY_PREV:
	case ACTION_PAN_DOWN:
	case ACTION_PAN_UP:
		for (i = 0; i < n; i++)
			v->sum_sel = sumtree_step(s, v->unfolded, v->sum_sel,
			    a == ACTION_QUERY_NEXT || a == ACTION_PAN_DOWN ?
			    1 : -1);
		view_summary_choose(v, v->sum_sel);
		return 1;
	case ACTION_KEY_NEXT:
	case ACTION_PAN_RIGHT:
	case ACTION_OPEN:
		if (!s->rows[v->sum_sel].leaf)
			v->unfolded[v->sum_sel] = 1;
		return 1;
	case ACTION_KEY_PREV:
	case ACTION_PAN_LEFT:
		view_summary_fold(v);
		return 1;
	default:
		return 0;
	}
}

/* After a layer changed elsewhere, the pane chooses that layer's block. */
static void
view_summary_follow(struct view *v)
{
	size_t	r;

	if (v->src.summary == NULL || v->layer == v->sum_layer)
		return;
	v->sum_layer = v->layer;
	if (v->src.summary->rows[v->sum_sel].layer == v->layer)
		return;
	if ((r = sumtree_layer_row(v->src.summary, v->layer)) !=
	    SUMTREE_NONE)
		v->sum_sel = r;
}

/* A page of the bars' rows, or of the map's (at most its window). */
static int64_t
view_page(const struct view *v, const struct frame *f, int keys)
{
	int64_t	p;

	if (keys && v->focus == VIEW_FOCUS_BARS && f->geo.bars_rows > 0)
		return f->geo.bars_rows;
	p = keys ? f->geo.page_k : f->geo.page_q;
	return p > 0 ? p : 1;
}

/* j and k in a side pane move within it. */
static int
view_pane_action(struct view *v, const struct frame *f, enum action a,
    int64_t n)
{
	if (v->focus == VIEW_FOCUS_SUMMARY && v->show_summary &&
	    v->src.summary != NULL && v->src.summary->n_rows > 0)
		return view_summary_action(v, a, n);
	if (v->focus == VIEW_FOCUS_BARS && v->show_bars) {
		if (a == ACTION_QUERY_NEXT || a == ACTION_PAN_DOWN)
			view_key_step(v, f, n);
		else if (a == ACTION_QUERY_PREV || a == ACTION_PAN_UP)
			view_key_step(v, f, -n);
		else if (a == ACTION_QUERY_HALF_DOWN ||
		    a == ACTION_QUERY_HALF_UP)
			view_key_step(v, f, (a == ACTION_QUERY_HALF_DOWN ?
			    1 : -1) * n * ((view_page(v, f, 1) + 1) / 2));
		else if (a == ACTION_QUERY_PAGE_DOWN ||
		    a == ACTION_QUERY_PAGE_UP)
			view_key_step(v, f, (a == ACTION_QUERY_PAGE_DOWN ?
			    1 : -1) * n * view_page(v, f, 1));
		else
			return 0;
		return 1;
	}
	return 0;
}

/* The moves of the cursors: by one, half pages and pages, n times. */
static int
view_move_action(struct view *v, const struct frame *f, enum action a,
    int64_t n)
{
	int64_t	pq = view_page(v, f, 0), pk = view_page(v, f, 1);

	switch (a) {
	case ACTION_KEY_PREV:
	case ACTION_KEY_NEXT:
		view_key_step(v, f, a == ACTION_KEY_NEXT ? n : -n);
		return 1;
	case ACTION_QUERY_PREV:
	case ACTION_QUERY_NEXT:
		view_move_query(v, a == ACTION_QUERY_NEXT ? n : -n);
		return 1;
	case ACTION_PAN_LEFT:
	case ACTION_PAN_RIGHT:
		view_pan(v, 0, a == ACTION_PAN_RIGHT ? n : -n);
		return 1;
	case ACTION_PAN_UP:
	case ACTION_PAN_DOWN:
		view_pan(v, a == ACTION_PAN_DOWN ? n : -n, 0);
		return 1;
	case ACTION_QUERY_HALF_DOWN:
	case ACTION_QUERY_HALF_UP:
		view_move_query(v, (a == ACTION_QUERY_HALF_DOWN ? 1 : -1) *
		    n * ((pq + 1) / 2));
		return 1;
	case ACTION_QUERY_PAGE_DOWN:
	case ACTION_QUERY_PAGE_UP:
		view_move_query(v, (a == ACTION_QUERY_PAGE_DOWN ? 1 : -1) *
		    n * pq);
		return 1;
	case ACTION_KEY_HALF_RIGHT:
	case ACTION_KEY_HALF_LEFT:
		view_key_step(v, f, (a == ACTION_KEY_HALF_RIGHT ? 1 : -1) *
		    n * ((pk + 1) / 2));
		return 1;
	case ACTION_KEY_PAGE_RIGHT:
	case ACTION_KEY_PAGE_LEFT:
		view_key_step(v, f, (a == ACTION_KEY_PAGE_RIGHT ? 1 : -1) *
		    n * pk);
		return 1;
	default:
		return 0;
	}
}

/* The jumps: first and last tokens, token N (a count). */
static int
view_jump_action(struct view *v, enum action a, int64_t count)
{
	switch (a) {
	case ACTION_HOME:
		v->query = 0;
		break;
	case ACTION_END:
		v->query = v->Tq - 1;
		break;
	case ACTION_QUERY_GOTO:
		v->query = count > 0 ? arith_clamp(count, 0, v->Tq - 1) :
		    v->Tq - 1;
		break;
	case ACTION_KEY_FIRST:
		v->key = 0;
		break;
	case ACTION_KEY_LAST:
		v->key = v->Tk - 1;
		break;
	case ACTION_KEY_GOTO:
		v->key = arith_clamp(count, 0, v->Tk - 1);
		break;
	default:
		return 0;
	}
	view_follow(v);
	return 1;
}

/* Move the query to a match of the last search, dir 1 or -1. */
static void
view_search_run(struct view *v, int dir)
{
	int64_t	t, n;

	if (v->last_search[0] == '\0') {
		snprintf(v->message, sizeof v->message, "no search yet: / "
		    "searches forward, \\ back");
		return;
	}
	t = find_next(v->labels, v->Tq, v->query, dir, v->last_search,
	    v->last_exact);
	if (t < 0) {
		snprintf(v->message, sizeof v->message, "%c%s: no token "
		    "matches", dir > 0 ? '/' : '\\', v->last_search);
		return;
	}
	v->query = t;
	view_follow(v);
	n = find_count(v->labels, v->Tq, v->last_search, v->last_exact);
	snprintf(v->message, sizeof v->message, "%c%s: query %lld (%lld "
	    "match%s)", dir > 0 ? '/' : '\\', v->last_search, (long long)t,
	    (long long)n, n == 1 ? "" : "es");
}

/* * and #: the next token whose label is the query's. */
static void
view_search_same(struct view *v, int dir)
{
	snprintf(v->last_search, sizeof v->last_search, "%s",
	    v->labels[v->query]);
	v->last_exact = 1;
	v->last_back = dir < 0;
	view_search_run(v, dir);
}

static void
view_prompt_start(struct view *v, enum view_prompt p)
{
	v->prompt = p;
	v->input[0] = '\0';
}

/* The search and go-to keys. */
static int
view_find_action(struct view *v, enum action a)
{
	switch (a) {
	case ACTION_SEARCH:
		view_prompt_start(v, VIEW_PROMPT_SEARCH);
		return 1;
	case ACTION_SEARCH_BACK:
		view_prompt_start(v, VIEW_PROMPT_SEARCH_BACK);
		return 1;
	case ACTION_GOTO:
		view_prompt_start(v, VIEW_PROMPT_GOTO);
		return 1;
	case ACTION_SEARCH_NEXT:
		view_search_run(v, v->last_back ? -1 : 1);
		return 1;
	case ACTION_SEARCH_PREV:
		view_search_run(v, v->last_back ? 1 : -1);
		return 1;
	case ACTION_SAME_NEXT:
		view_search_same(v, 1);
		return 1;
	case ACTION_SAME_PREV:
		view_search_same(v, -1);
		return 1;
	default:
		return 0;
	}
}

/* Keys that change what is shown, and how. */
static int
view_show_action(struct view *v, const struct frame *f, enum action a)
{
	switch (a) {
	case ACTION_GRID:
		v->grid = 1;
		v->overview = 0;
		v->grid_sel = v->head;
		break;
	case ACTION_OPEN:
	case ACTION_ESCAPE:
		v->grid = 0;
		v->focus = VIEW_FOCUS_HEAT;
		break;
	case ACTION_TEXT:
		v->text = (enum view_text)((v->text + 1) % VIEW_TEXT_MODES);
		v->grid = 0;
		v->overview = 0;
		break;
	case ACTION_COLORMAP:
		if (v->diverging)
			snprintf(v->message, sizeof v->message, "a difference "
			    "has one colormap: rdbu, blue below 0, red above");
		else
			v->cmap = (enum colormap)((v->cmap + 1) %
			    COLORMAP_SEQUENTIAL);
		break;
	case ACTION_SCALE:
		v->scale = (enum heatmap_scale)((v->scale + 1) %
		    HEATMAP_SCALES);
		break;
	case ACTION_POOL:
		v->pool = v->pool == HEATMAP_MAX ? HEATMAP_MEAN : HEATMAP_MAX;
		break;
	case ACTION_ZOOM_IN:
	case ACTION_ZOOM_OUT:
		view_zoom(v, a == ACTION_ZOOM_IN ? 1 : -1);
		break;
	case ACTION_BARS_SORT:
		v->bars_sorted = !v->bars_sorted;
		break;
	case ACTION_FOCUS:
		view_focus_next(v, f);
		break;
	case ACTION_TOGGLE_BARS:
		v->show_bars = !v->show_bars;
		break;
	case ACTION_TOGGLE_SUMMARY:
		v->show_summary = !v->show_summary;
		break;
	case ACTION_HELP:
		v->help = 1;
		v->help_first = 0;
		break;
	default:
		return 0;
	}
	return 1;
}

/* Layers, heads and aggregates; n layers or heads at a time. */
static int
view_select_action(struct view *v, enum action a, int64_t n)
{
	switch (a) {
	case ACTION_LAYER_NEXT:
	case ACTION_LAYER_PREV:
		view_layer(v, a == ACTION_LAYER_NEXT ? n : -n);
		return 1;
	case ACTION_HEAD_NEXT:
	case ACTION_HEAD_PREV:
		view_head(v, a == ACTION_HEAD_NEXT ? n : -n);
		return 1;
	case ACTION_MEAN:
		view_kind(v, ANALYSIS_MEAN);
		return 1;
	case ACTION_MAX:
		view_kind(v, ANALYSIS_MAX);
		return 1;
	case ACTION_ROLLOUT:
		view_kind(v, ANALYSIS_ROLLOUT);
		return 1;
	default:
		return 0;
	}
}

/* Help open: j and k scroll it, q quits, any other key closes it. */
static int
view_help_action(struct view *v, const struct frame *f, enum action a)
{
	int	last = f->geo.help_lines - f->geo.help_rows;

	if (a == ACTION_QUERY_NEXT || a == ACTION_PAN_DOWN ||
	    a == ACTION_QUERY_PREV || a == ACTION_PAN_UP) {
		v->help_first += a == ACTION_QUERY_NEXT ||
		    a == ACTION_PAN_DOWN ? 1 : -1;
		v->help_first = (int)arith_clamp(v->help_first, 0,
		    last > 0 ? last : 0);
		return 1;
	}
	if (a == ACTION_QUIT)
		v->quit = 1;
	v->help = 0;
	return 1;
}

int
view_action(struct view *v, const struct frame *f, enum action a)
{
	int64_t	count = v->count, n = count > 0 ? count : 1;
	int	done;

	v->message[0] = '\0';
	v->count = 0;
	if (v->help)
		return view_help_action(v, f, a);
	if (a == ACTION_NONE)
		return count > 0;
	if (a == ACTION_QUIT) {
		v->quit = 1;
		return 0;
	}
	done = heads_action(v, f, a, n) ||
	    (v->grid && view_grid_action(v, f, a, n)) ||
	    view_pane_action(v, f, a, n) ||
	    view_move_action(v, f, a, n) ||
	    view_jump_action(v, a, count) ||
	    view_find_action(v, a) ||
	    view_select_action(v, a, n) ||
	    view_show_action(v, f, a);
	if (v->focus == VIEW_FOCUS_BARS && !v->show_bars)
		v->focus = VIEW_FOCUS_HEAT;
	if (v->focus == VIEW_FOCUS_SUMMARY && !v->show_summary)
		v->focus = VIEW_FOCUS_HEAT;
	view_summary_follow(v);
	return done;
}

/* Enter on the go-to prompt: ":N", ":N,M" or ":,M". */
static void
view_goto_run(struct view *v)
{
	int64_t	q, k;

	if (find_goto(v->input, &q, &k) != 0 || q >= v->Tq || k >= v->Tk) {
		snprintf(v->message, sizeof v->message, ":%s: expected "
		    ":query, :query,key or :,key (queries 0 to %lld, keys 0 "
		    "to %lld)", v->input, (long long)(v->Tq - 1),
		    (long long)(v->Tk - 1));
		return;
	}
	if (q >= 0)
		v->query = q;
	if (k >= 0)
		v->key = k;
	view_follow(v);
}

/* Enter on a prompt: an empty search repeats the last one. */
static void
view_prompt_run(struct view *v)
{
	enum view_prompt	p = v->prompt;

	v->prompt = VIEW_PROMPT_NONE;
	if (p == VIEW_PROMPT_GOTO) {
		view_goto_run(v);
		return;
	}
	if (v->input[0] != '\0') {
		memcpy(v->last_search, v->input, sizeof v->last_search);
		v->last_exact = 0;
	}
	v->last_back = p == VIEW_PROMPT_SEARCH_BACK;
	view_search_run(v, v->last_back ? -1 : 1);
}

static int
view_prompt_key(struct view *v, int key)
{
	size_t	n = strlen(v->input);

	switch (key) {
	case KEYS_ENTER:
	case '\r':
	case '\n':
		view_prompt_run(v);
		break;
	case KEYS_ESC:
	case 27:
		v->prompt = VIEW_PROMPT_NONE;
		break;
	case KEYS_BACKSPACE:
	case 127:
	case 8:
		/* Drop a whole UTF-8 character. */
		while (n > 0 && ((unsigned char)v->input[--n] & 0xc0) ==
		    0x80)
			;
		v->input[n] = '\0';
		break;
	default:
		if (key >= 0x20 && key < 0x100 && key != 0x7f &&
		    n + 1 < sizeof v->input) {
			v->input[n] = (char)key;
			v->input[n + 1] = '\0';
		}
		break;
	}
	return 1;
}

int
view_key(struct view *v, const struct frame *f, int key)
{
	if (v->prompt != VIEW_PROMPT_NONE)
		return view_prompt_key(v, key);
	/* A count: digits, but a 0 that starts one is a key of its own. */
	if (!v->help && key >= '0' && key <= '9' && (key != '0' ||
	    v->count > 0)) {
		if (v->count < VIEW_COUNT_MAX / 10)
			v->count = v->count * 10 + (key - '0');
		v->message[0] = '\0';
		return 1;
	}
	if (key == KEYS_ESC && v->count > 0) {
		v->count = 0;
		return 1;
	}
	return view_action(v, f, keys_action(key));
}

/* Which of n tokens from a is under cell i of a map `cells` wide. */
static int64_t
view_cell_token(int64_t a, int64_t n, int pixels, int cells, int i)
{
	return heatmap_source(a, a + n, pixels, i * pixels / cells);
}

/* A click on the summary pane's k-th row shown. */
static int
view_click_summary(struct view *v, const struct frame *f, int y)
{
	const struct summary	*s = v->src.summary;
	size_t			 r = f->geo.sum_first_row, k;

	if (y < f->geo.sum_y0 || r == SUMTREE_NONE)
		return 0;
	for (k = (size_t)(y - f->geo.sum_y0); k > 0; k--) {
		if (sumtree_step(s, v->unfolded, r, 1) == r)
			return 0;
		r = sumtree_step(s, v->unfolded, r, 1);
	}
	v->focus = VIEW_FOCUS_SUMMARY;
	if (r == v->sum_sel && !s->rows[r].leaf)
		v->unfolded[r] = !v->unfolded[r];
	view_summary_choose(v, r);
	return 1;
}

/* A click on the map picks the query and key under it. */
static int
view_click_map(struct view *v, const struct frame *f, int x, int y)
{
	const struct frame_geometry	*g = &f->geo;
	const struct rect		*m = &g->lay.heat;

	if (g->rows < 1 || x - m->x >= g->map_w || y - m->y >= g->map_h)
		return 0;
	v->key = view_cell_token(v->k0, g->n_k, g->cols, g->map_w, x - m->x);
	v->query = view_cell_token(v->q0, g->n_q, g->rows,
	    g->map_h * (g->half ? 2 : 1), (y - m->y) * (g->half ? 2 : 1));
	v->focus = VIEW_FOCUS_HEAT;
	return 1;
}

/* A click on a head grid thumbnail picks its head. */
static int
view_click_grid(struct view *v, const struct frame *f, int x, int y)
{
	const struct frame_geometry	*g = &f->geo;
	int64_t				 i;

	if (g->grid_w < 1 || y < g->lay.heat.y || x < 0 ||
	    x / g->grid_w >= g->grid_cols)
		return 0;
	i = (int64_t)((y - g->lay.heat.y) / g->grid_h) * g->grid_cols +
	    x / g->grid_w;
	if (i >= v->H)
		return 0;
	v->grid_sel = v->head = i;
	return 1;
}

/* A click on the text view picks the token under it. */
static int
view_click_text(struct view *v, const struct frame *f, int x, int y)
{
	int64_t	t = frame_text_token(f, x, y);

	if (t < 0)
		return 0;
	if (v->text == VIEW_TEXT_QUERY)
		v->key = t;
	else
		v->query = t;
	view_follow(v);
	return 1;
}

int
view_click(struct view *v, const struct frame *f, int x, int y)
{
	const struct layout	*l = &f->geo.lay;
	int64_t			 i;

	if (v->help) {
		v->help = 0;
		return 1;
	}
	if (v->overview)
		return heads_click(v, f, x, y);
	if (v->text != VIEW_TEXT_OFF && !v->grid &&
	    view_click_text(v, f, x, y))
		return 1;
	if (v->text == VIEW_TEXT_OFF && !v->grid &&
	    layout_inside(&l->heat, x, y))
		return view_click_map(v, f, x, y);
	if (v->grid && view_click_grid(v, f, x, y))
		return 1;
	if (v->show_bars && layout_inside(&l->bars, x, y) && y > l->bars.y) {
		i = f->geo.bars_first + (y - l->bars.y - 1);
		if (i < v->Tk) {
			v->key = v->bars_sorted ? f->order[i] : i;
			v->focus = VIEW_FOCUS_BARS;
			view_follow(v);
		}
		return 1;
	}
	if (v->show_summary && v->src.summary != NULL &&
	    layout_inside(&l->summary, x, y))
		return view_click_summary(v, f, y);
	return 0;
}

int
view_select(struct view *v, int64_t layer, enum analysis_kind kind,
    int64_t head, int64_t query, struct error *err)
{
	if (layer < 0 || layer >= v->L)
		return error_set(err, EXIT_USAGE, NULL, 0, 0,
		    "--layer: expected 0 to %lld, found %lld",
		    (long long)(v->L - 1), (long long)layer);
	if (kind == ANALYSIS_HEAD && (head < 0 || head >= v->H))
		return error_set(err, EXIT_USAGE, NULL, 0, 0,
		    "--head: expected 0 to %lld, mean, max or rollout, "
		    "found %lld", (long long)(v->H - 1), (long long)head);
	if (kind == ANALYSIS_ROLLOUT && v->Tq != v->Tk)
		return error_set(err, EXIT_USAGE, NULL, 0, 0,
		    "--head: no rollout of cross-attention (%lld queries, "
		    "%lld keys); expected a head number, mean or max",
		    (long long)v->Tq, (long long)v->Tk);
	if (kind == ANALYSIS_ROLLOUT && v->diverging)
		return error_set(err, EXIT_USAGE, NULL, 0, 0,
		    "--head: no rollout of a difference (--against); "
		    "expected a head number, mean or max");
	if (query < 0 || query >= v->Tq)
		return error_set(err, EXIT_USAGE, NULL, 0, 0,
		    "--query: expected 0 to %lld, found %lld",
		    (long long)(v->Tq - 1), (long long)query);
	v->layer = layer;
	v->kind = kind;
	if (kind == ANALYSIS_HEAD)
		v->head = head;
	v->query = query;
	v->key = query < v->Tk ? query : v->Tk - 1;
	view_follow(v);
	view_summary_follow(v);
	return 0;
}
