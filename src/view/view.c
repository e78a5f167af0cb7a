/*
 * view.c - the explorer's state and its transitions; see view.h.
 */
#include "build-config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attntui/base/arith.h"
#include "attntui/base/names.h"
#include "attntui/view/canvas.h"
#include "attntui/view/frame.h"
#include "attntui/view/view.h"

/* Arrows pan a zoomed map by this fraction of its window. */
#define VIEW_PAN_PARTS	4

static const struct names view_focus_names[] = {
	{ "heatmap",	VIEW_FOCUS_HEAT, 0 },
	{ "bars",	VIEW_FOCUS_BARS, 0 },
	{ "summary",	VIEW_FOCUS_SUMMARY, 0 },
	{ NULL,		0, 0 }
};

const char *
view_focus_name(enum view_focus f)
{
	return names_name(view_focus_names, (int)f);
}

/* Position labels "0", "1", ... for stores that came without tokens. */
static int
view_positions(struct view *v)
{
	int64_t	i;
	char	buf[32];

	if ((v->own_labels = calloc((size_t)v->T, sizeof *v->own_labels)) ==
	    NULL)
		return -1;
	for (i = 0; i < v->T; i++) {
		snprintf(buf, sizeof buf, "%lld", (long long)i);
		if ((v->own_labels[i] = strdup(buf)) == NULL)
			return -1;
	}
	v->labels = (const char *const *)v->own_labels;
	return 0;
}

static void
view_label_width(struct view *v)
{
	int64_t	i;
	int	w;

	v->label_w = 1;
	for (i = 0; i < v->T && v->label_w < VIEW_LABEL_MAX; i++)
		if ((w = canvas_width(v->labels[i])) > v->label_w)
			v->label_w = w < VIEW_LABEL_MAX ? w : VIEW_LABEL_MAX;
}

int
view_init(struct view *v, const struct view_source *src, struct error *err)
{
	memset(v, 0, sizeof *v);
	v->src = *src;
	v->L = store_layers(src->store);
	v->H = store_heads(src->store);
	v->T = store_seq(src->store);
	v->kv_heads = src->kv_heads > 0 ? src->kv_heads : v->H;
	v->cmap = COLORMAP_VIRIDIS;
	v->colors = COLORS_256;
	v->levels = COLORMAP_LEVELS;
	v->show_bars = 1;
	v->show_summary = src->summary != NULL;
	v->labels = src->labels;
	if (v->labels == NULL && view_positions(v) != 0) {
		view_free(v);
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory for the view");
	}
	view_label_width(v);
	return 0;
}

void
view_free(struct view *v)
{
	int64_t	i;

	if (v->own_labels != NULL)
		for (i = 0; i < v->T; i++)
			free(v->own_labels[i]);
	free(v->own_labels);
	memset(v, 0, sizeof *v);
}

int64_t
view_kv_head(const struct view *v, int64_t h)
{
	return h / (v->H / v->kv_heads > 0 ? v->H / v->kv_heads : 1);
}

int64_t
view_window(const struct view *v)
{
	int64_t	n = v->T;
	int	z;

	for (z = 0; z < v->zoom && n > 1; z++)
		n = (n + 1) / 2;
	return n;
}

/* Keep the cursor inside the window, moving the window (hjkl). */
static void
view_follow(struct view *v)
{
	int64_t	n = view_window(v);

	if (v->query < v->q0)
		v->q0 = v->query;
	if (v->query >= v->q0 + n)
		v->q0 = v->query - n + 1;
	if (v->key < v->k0)
		v->k0 = v->key;
	if (v->key >= v->k0 + n)
		v->k0 = v->key - n + 1;
	v->q0 = arith_clamp(v->q0, 0, v->T - n);
	v->k0 = arith_clamp(v->k0, 0, v->T - n);
}

/* Keep the window where it is, moving the cursor into it (arrows). */
static void
view_confine(struct view *v)
{
	int64_t	n = view_window(v);

	v->q0 = arith_clamp(v->q0, 0, v->T - n);
	v->k0 = arith_clamp(v->k0, 0, v->T - n);
	v->query = arith_clamp(v->query, v->q0, v->q0 + n - 1);
	v->key = arith_clamp(v->key, v->k0, v->k0 + n - 1);
}

static void
view_zoom(struct view *v, int dz)
{
	int64_t	n;

	if (dz > 0 && view_window(v) <= 1)
		return;
	if (dz < 0 && v->zoom == 0)
		return;
	v->zoom += dz;
	n = view_window(v);
	v->q0 = v->query - n / 2;
	v->k0 = v->key - n / 2;
	view_follow(v);
}

/* Arrows pan a zoomed map by a quarter window, else move the cursor. */
static void
view_pan(struct view *v, int64_t dq, int64_t dk)
{
	int64_t	step;

	if (v->zoom == 0) {
		v->query = arith_clamp(v->query + dq, 0, v->T - 1);
		v->key = arith_clamp(v->key + dk, 0, v->T - 1);
		view_follow(v);
		return;
	}
	step = view_window(v) / VIEW_PAN_PARTS > 0 ?
	    view_window(v) / VIEW_PAN_PARTS : 1;
	v->q0 += dq * step;
	v->k0 += dk * step;
	view_confine(v);
}

/* The position of the key cursor in the bars' order of frame f. */
static int64_t
view_bar_index(const struct view *v, const struct frame *f)
{
	int64_t	i;

	if (!v->bars_sorted)
		return v->key;
	for (i = 0; i < v->T; i++)
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
		v->key = arith_clamp(v->key + d, 0, v->T - 1);
	} else {
		i = arith_clamp(view_bar_index(v, f) + d, 0, v->T - 1);
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
view_grid_action(struct view *v, const struct frame *f, enum action a)
{
	int64_t	gc = f->geo.grid_cols > 0 ? f->geo.grid_cols : 1;

	switch (a) {
	case ACTION_KEY_PREV:
	case ACTION_PAN_LEFT:
		v->grid_sel--;
		break;
	case ACTION_KEY_NEXT:
	case ACTION_PAN_RIGHT:
		v->grid_sel++;
		break;
	case ACTION_QUERY_PREV:
	case ACTION_PAN_UP:
		v->grid_sel -= gc;
		break;
	case ACTION_QUERY_NEXT:
	case ACTION_PAN_DOWN:
		v->grid_sel += gc;
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

/* j and k in a side pane move within it. */
static int
view_pane_action(struct view *v, const struct frame *f, enum action a)
{
	if (v->focus == VIEW_FOCUS_SUMMARY && v->show_summary) {
		if (a == ACTION_QUERY_NEXT)
			view_layer(v, 1);
		else if (a == ACTION_QUERY_PREV)
			view_layer(v, -1);
		else
			return 0;
		return 1;
	}
	if (v->focus == VIEW_FOCUS_BARS && v->show_bars) {
		if (a == ACTION_QUERY_NEXT || a == ACTION_PAN_DOWN)
			view_key_step(v, f, 1);
		else if (a == ACTION_QUERY_PREV || a == ACTION_PAN_UP)
			view_key_step(v, f, -1);
		else
			return 0;
		return 1;
	}
	return 0;
}

int
view_action(struct view *v, const struct frame *f, enum action a)
{
	v->message[0] = '\0';
	if (v->help) {
		if (a == ACTION_QUIT)
			v->quit = 1;
		v->help = 0;
		return 1;
	}
	if (v->grid && view_grid_action(v, f, a))
		return 1;
	if (view_pane_action(v, f, a))
		return 1;
	switch (a) {
	case ACTION_NONE:
		return 0;
	case ACTION_QUIT:
		v->quit = 1;
		return 0;
	case ACTION_KEY_PREV:
		view_key_step(v, f, -1);
		break;
	case ACTION_KEY_NEXT:
		view_key_step(v, f, 1);
		break;
	case ACTION_QUERY_PREV:
		v->query = arith_clamp(v->query - 1, 0, v->T - 1);
		view_follow(v);
		break;
	case ACTION_QUERY_NEXT:
		v->query = arith_clamp(v->query + 1, 0, v->T - 1);
		view_follow(v);
		break;
	case ACTION_PAN_LEFT:
		view_pan(v, 0, -1);
		break;
	case ACTION_PAN_RIGHT:
		view_pan(v, 0, 1);
		break;
	case ACTION_PAN_UP:
		view_pan(v, -1, 0);
		break;
	case ACTION_PAN_DOWN:
		view_pan(v, 1, 0);
		break;
	case ACTION_LAYER_NEXT:
		view_layer(v, 1);
		break;
	case ACTION_LAYER_PREV:
		view_layer(v, -1);
		break;
	case ACTION_HEAD_NEXT:
		view_head(v, 1);
		break;
	case ACTION_HEAD_PREV:
		view_head(v, -1);
		break;
	case ACTION_MEAN:
		view_kind(v, ANALYSIS_MEAN);
		break;
	case ACTION_MAX:
		view_kind(v, ANALYSIS_MAX);
		break;
	case ACTION_ROLLOUT:
		view_kind(v, ANALYSIS_ROLLOUT);
		break;
	case ACTION_GRID:
		v->grid = 1;
		v->grid_sel = v->head;
		break;
	case ACTION_OPEN:
		if (v->focus != VIEW_FOCUS_HEAT)
			v->focus = VIEW_FOCUS_HEAT;
		break;
	case ACTION_COLORMAP:
		v->cmap = (enum colormap)((v->cmap + 1) % COLORMAP_COUNT);
		break;
	case ACTION_SCALE:
		v->scale = (enum heatmap_scale)((v->scale + 1) %
		    HEATMAP_SCALES);
		break;
	case ACTION_POOL:
		v->pool = v->pool == HEATMAP_MAX ? HEATMAP_MEAN : HEATMAP_MAX;
		break;
	case ACTION_ZOOM_IN:
		view_zoom(v, 1);
		break;
	case ACTION_ZOOM_OUT:
		view_zoom(v, -1);
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
	case ACTION_SEARCH:
		v->searching = 1;
		v->search[0] = '\0';
		break;
	case ACTION_HELP:
		v->help = 1;
		break;
	case ACTION_HOME:
		v->query = 0;
		view_follow(v);
		break;
	case ACTION_END:
		v->query = v->T - 1;
		view_follow(v);
		break;
	case ACTION_ESCAPE:
		v->grid = 0;
		break;
	}
	if (v->focus == VIEW_FOCUS_BARS && !v->show_bars)
		v->focus = VIEW_FOCUS_HEAT;
	if (v->focus == VIEW_FOCUS_SUMMARY && !v->show_summary)
		v->focus = VIEW_FOCUS_HEAT;
	return 1;
}

/* Does label contain needle, ignoring ASCII case? */
static int
view_match(const char *label, const char *needle)
{
	size_t	i, n = strlen(needle);

	for (; *label != '\0'; label++) {
		for (i = 0; i < n; i++)
			if (tolower((unsigned char)label[i]) !=
			    tolower((unsigned char)needle[i]))
				break;
		if (i == n)
			return 1;
	}
	return n == 0;
}

/* Move the query to the next token after it whose label matches. */
static void
view_search_run(struct view *v)
{
	int64_t	i, t;

	if (v->search[0] != '\0')
		memcpy(v->last_search, v->search, sizeof v->last_search);
	if (v->last_search[0] == '\0')
		return;
	for (i = 1; i <= v->T; i++) {
		t = (v->query + i) % v->T;
		if (view_match(v->labels[t], v->last_search)) {
			v->query = t;
			view_follow(v);
			snprintf(v->message, sizeof v->message,
			    "/%s: query %lld", v->last_search, (long long)t);
			return;
		}
	}
	snprintf(v->message, sizeof v->message, "/%s: no token matches",
	    v->last_search);
}

static int
view_search_key(struct view *v, int key)
{
	size_t	n = strlen(v->search);

	switch (key) {
	case KEYS_ENTER:
	case '\r':
	case '\n':
		v->searching = 0;
		view_search_run(v);
		break;
	case KEYS_ESC:
	case 27:
		v->searching = 0;
		break;
	case KEYS_BACKSPACE:
	case 127:
	case 8:
		/* Drop a whole UTF-8 character. */
		while (n > 0 && ((unsigned char)v->search[--n] & 0xc0) ==
		    0x80)
			;
		v->search[n] = '\0';
		break;
	default:
		if (key >= 0x20 && key < 0x100 && key != 0x7f &&
		    n + 1 < sizeof v->search) {
			v->search[n] = (char)key;
			v->search[n + 1] = '\0';
		}
		break;
	}
	return 1;
}

int
view_key(struct view *v, const struct frame *f, int key)
{
	if (v->searching)
		return view_search_key(v, key);
	return view_action(v, f, keys_action(key));
}

static int64_t
view_pixel_token(int64_t a, int64_t n, int cells, int i)
{
	return heatmap_source(a, a + n, cells, i);
}

/* Row k of the summary pane (its depth-1 rows) chooses a layer. */
static int
view_click_summary(struct view *v, size_t k)
{
	const struct summary	*s = v->src.summary;
	size_t			 r, seen = 0;

	for (r = 0; r < s->n_rows; r++) {
		if (s->rows[r].depth != 1)
			continue;
		if (seen++ != k)
			continue;
		if (s->rows[r].layer >= 0)
			v->layer = s->rows[r].layer;
		v->focus = VIEW_FOCUS_SUMMARY;
		return 1;
	}
	return 0;
}

int
view_click(struct view *v, const struct frame *f, int x, int y)
{
	const struct frame_geometry	*g = &f->geo;
	const struct layout		*l = &g->lay;
	int64_t				 i;
	int				 px, py;

	if (v->help) {
		v->help = 0;
		return 1;
	}
	if (!v->grid && layout_inside(&l->heat, x, y) && g->rows > 0) {
		px = (x - l->heat.x) / g->sx;
		py = ((y - l->heat.y) * (g->half ? 2 : 1)) / g->sy;
		if (px >= g->cols || py >= g->rows)
			return 0;
		v->key = view_pixel_token(v->k0, g->n, g->cols, px);
		v->query = view_pixel_token(v->q0, g->n, g->rows, py);
		v->focus = VIEW_FOCUS_HEAT;
		return 1;
	}
	if (v->grid && g->grid_w > 0 && y > l->heat.y - 1 && x >= 0) {
		i = (int64_t)((y - l->heat.y) / g->grid_h) * g->grid_cols +
		    x / g->grid_w;
		if (y >= l->heat.y && i < v->H &&
		    x / g->grid_w < g->grid_cols) {
			v->grid_sel = v->head = i;
			return 1;
		}
	}
	if (v->show_bars && layout_inside(&l->bars, x, y) && y > l->bars.y) {
		i = g->bars_first + (y - l->bars.y - 1);
		if (i < v->T) {
			v->key = v->bars_sorted ? f->order[i] : i;
			v->focus = VIEW_FOCUS_BARS;
			view_follow(v);
		}
		return 1;
	}
	if (v->show_summary && v->src.summary != NULL &&
	    layout_inside(&l->summary, x, y) && y > l->summary.y)
		return view_click_summary(v, g->sum_first +
		    (size_t)(y - l->summary.y - 1));
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
	if (query < 0 || query >= v->T)
		return error_set(err, EXIT_USAGE, NULL, 0, 0,
		    "--query: expected 0 to %lld, found %lld",
		    (long long)(v->T - 1), (long long)query);
	v->layer = layer;
	v->kind = kind;
	if (kind == ANALYSIS_HEAD)
		v->head = head;
	v->query = query;
	v->key = query;
	view_follow(v);
	return 0;
}
