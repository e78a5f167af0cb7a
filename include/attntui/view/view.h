/*
 * view.h - the explorer's state, without a terminal.
 *
 * A view borrows a store (and optionally labels, a layer summary and the
 * config), keeps the selection (layer, head or aggregate, query, key),
 * zoom and appearance, and turns keys, actions and clicks into state
 * changes.  It holds nothing that drawing computes: draw_frame()
 * (draw.h) draws a view into a canvas and leaves where things went in a
 * struct frame that its caller keeps, and the keys that move by pages
 * or within a pane, and clicks, read that frame.  The tui and the dump
 * both show what draw_frame drew, so tests of the canvas test what a
 * user sees.
 *
 * Queries (rows) and keys (columns) are T_q and T_k tokens: the same
 * tokens but in an attention file of cross-attention.
 *
 * A store whose values are not probabilities (a difference of two
 * inputs' attention, --against) is diverging: its maps are centred on 0
 * in a diverging colormap.  Head scores (attn/stats.h), which label the
 * head grid and the overview and rank the heads (heads.h), are computed
 * from the source the first time a key asks for them.
 */
#ifndef ATTNTUI_VIEW_H
#define ATTNTUI_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "attntui/attn/analysis.h"
#include "attntui/attn/stats.h"
#include "attntui/base/error.h"
#include "attntui/compute/store.h"
#include "attntui/model/config.h"
#include "attntui/model/summary.h"
#include "attntui/model/tokens.h"
#include "attntui/view/colormap.h"
#include "attntui/view/heatmap.h"
#include "attntui/view/keys.h"

struct frame;

enum view_focus { VIEW_FOCUS_HEAT, VIEW_FOCUS_BARS, VIEW_FOCUS_SUMMARY };
#define VIEW_FOCUS_COUNT 3

/* A line typed at the bottom: a search either way, or a token to go to. */
enum view_prompt { VIEW_PROMPT_NONE, VIEW_PROMPT_SEARCH,
		   VIEW_PROMPT_SEARCH_BACK, VIEW_PROMPT_GOTO };

/* The text view: off, the query's attention to each token, or each
   token's attention to the key. */
enum view_text { VIEW_TEXT_OFF, VIEW_TEXT_QUERY, VIEW_TEXT_KEY };
#define VIEW_TEXT_MODES	3

#define VIEW_SEARCH_LEN	64
#define VIEW_MESSAGE_LEN 160
#define VIEW_LABEL_MAX	12	/* cells of the widest label shown */
#define VIEW_COUNT_MAX	1000000000	/* a count prefix stops growing */
#define VIEW_SCORE_NONE	(-1)		/* no score labels the heads */

/* What the ranking keys step through: the layer's heads, the model's. */
enum view_rank { VIEW_RANK_NONE, VIEW_RANK_LAYER, VIEW_RANK_MODEL };

/* What a view shows; all borrowed, and must outlive the view. */
struct view_source {
	struct store		 *store;
	const char *const	 *labels;	/* T_q of them; NULL:
						   positions */
	const char *const	 *key_labels;	/* T_k; NULL: positions */
	const struct summary	 *summary;	/* NULL: no layer pane */
	const struct config	 *config;	/* NULL: settings unknown */
	const char		 *model;	/* name for the title */
	int64_t			  kv_heads;	/* GQA; 0: one per head */

	/* Head scores: the probabilities they read (NULL: store; a
	   difference's first side), the other side (its diff column;
	   NULL: none), the tokens induction compares (NULL: none), the
	   threads (NULL: the caller's). */
	struct store		 *scored;
	struct store		 *against;
	const struct tokens	 *tokens;
	struct pool		 *pool;
};

struct view {
	struct view_source	 src;
	int64_t			 L, H, kv_heads;
	int64_t			 Tq, Tk;	/* queries, keys */

	/* Selection. */
	enum analysis_kind	 kind;
	int64_t			 layer, head, query, key;
	int			 grid;		/* head grid shown */
	int64_t			 grid_sel;
	int			 overview;	/* every layer's heads shown */
	int			 zoom;		/* windows of T >> zoom */
	int64_t			 q0, k0;	/* window origins */
	enum view_text		 text;

	/* Appearance. */
	enum colormap		 cmap;
	enum heatmap_scale	 scale;
	enum heatmap_pool	 pool;
	enum colors		 colors;
	int			 ascii;
	int			 levels;	/* colour levels, 256 colours */
	int			 bars_sorted;
	enum view_focus		 focus;
	int			 show_bars, show_summary, help;
	int			 help_first;	/* first help line shown */
	int			 dump;		/* no key hints */
	int			 diverging;	/* signed values, centred */

	/* Head scores (heads.h): computed once, on demand; the column
	   that labels and ranks the heads; what ranking steps through. */
	struct stats		*stats;		/* owned; NULL: not yet */
	int			 score;		/* enum stats_column, or
						   VIEW_SCORE_NONE */
	enum view_rank		 rank;
	int64_t			 score_wait;	/* x or X pressed while the
						   pass ran: its step, 0 none */

	/* The summary pane: its chosen row, and the rows unfolded. */
	size_t			 sum_sel;
	unsigned char		*unfolded;	/* n_rows flags, owned */
	int64_t			 sum_layer;	/* layer it last followed */

	/* A count typed before a key (10j), and the prompt. */
	int64_t			 count;		/* 0: none */
	enum view_prompt	 prompt;
	char			 input[VIEW_SEARCH_LEN];
	char			 last_search[VIEW_SEARCH_LEN];
	int			 last_back;	/* the last search went back */
	int			 last_exact;	/* by * or #: whole labels */
	char			 message[VIEW_MESSAGE_LEN];
	int			 quit;

	/* Token labels: the source's, or positions. */
	char			**own_labels;	/* max(T_q, T_k) */
	int64_t			 n_own;
	const char *const	*labels;	/* queries */
	const char *const	*key_labels;	/* keys */
};

int	view_init(struct view *v, const struct view_source *src,
	    struct error *err);
void	view_free(struct view *v);

/*
 * Apply an action, count times where it moves (v->count, or once);
 * f is the last frame drawn of v (pages, the head grid and the bars
 * follow what it showed).  Returns 1 when the frame must be drawn again.
 */
int	view_action(struct view *v, const struct frame *f, enum action a);

/*
 * A key as the tui reads it: the prompt, help, a count's digits, then
 * the table.
 */
int	view_key(struct view *v, const struct frame *f, int key);

/* A click at (x, y) of the last frame f. */
int	view_click(struct view *v, const struct frame *f, int x, int y);

/* Select by number (-l, -H, -q); -1 with err when out of range. */
int	view_select(struct view *v, int64_t layer, enum analysis_kind kind,
	    int64_t head, int64_t query, struct error *err);

/* The kv head that head h reads under grouped-query attention. */
int64_t	view_kv_head(const struct view *v, int64_t h);

/* The visible window of an axis of T tokens: T >> zoom (at least 1). */
int64_t	view_window(const struct view *v, int64_t T);

/*
 * Can the selection be shown: has the forward pass (running in the
 * background) computed its layer, and for rollout the layers below?
 */
int	view_ready(const struct view *v);

/* "heatmap", "bars", "summary". */
const char *view_focus_name(enum view_focus);

/*
 * heads.c (heads.h): the keys of head scores, ranking and the overview
 * (and while the overview is open its moves), n times, 1 when a was one
 * of them; a click on an overview tile.
 */
int	heads_action(struct view *v, const struct frame *f, enum action a,
	    int64_t n);
int	heads_click(struct view *v, const struct frame *f, int x, int y);

/*
 * The pass in the background has made more layers: once it has made
 * them all, do what x or X asked meanwhile.  1 when the view changed.
 */
int	heads_layers_came(struct view *v);

/* The colormap the maps are drawn in: rdbu for a diverging view. */
enum colormap view_colormap(const struct view *v);

#endif
