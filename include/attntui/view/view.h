/*
 * view.h - the explorer's state and how it is drawn, without a terminal.
 *
 * A view borrows a store (and optionally labels and a layer summary),
 * keeps the selection (layer, head or aggregate, query, key), zoom and
 * appearance, turns actions into state changes (view_action) and draws
 * a whole frame into a canvas (view_render).  The tui and the dump both
 * show what view_render drew, so tests of the canvas test what a user
 * sees.
 */
#ifndef ATTNTUI_VIEW_H
#define ATTNTUI_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "attntui/attn/analysis.h"
#include "attntui/view/canvas.h"
#include "attntui/view/colormap.h"
#include "attntui/base/error.h"
#include "attntui/view/heatmap.h"
#include "attntui/view/keys.h"
#include "attntui/view/layout.h"
#include "attntui/compute/store.h"
#include "attntui/model/summary.h"

enum view_focus { VIEW_FOCUS_HEAT, VIEW_FOCUS_BARS, VIEW_FOCUS_SUMMARY };

#define VIEW_SEARCH_LEN	64
#define VIEW_MESSAGE_LEN 160

/* What a view shows; all borrowed, and must outlive the view. */
struct view_source {
	struct store		 *store;
	const char *const	 *labels;	/* T of them; NULL: positions */
	const struct summary	 *summary;	/* NULL: no layer pane */
	const char		 *model;	/* name for the title */
	int64_t			  kv_heads;	/* GQA; 0: one per head */
};

/* Where the last frame put things, for mouse clicks. */
struct view_geometry {
	struct layout	 lay;
	int		 rows, cols;	/* pixel grid */
	int		 sx, sy;	/* display pixels per grid pixel */
	int		 half;		/* two pixel rows per cell */
	int64_t		 n;		/* tokens in the window */
	int64_t		 bars_first;	/* index into the bar order */
	int		 bars_rows;
	size_t		 sum_first;	/* first summary row shown */
	int		 grid_cols;
	int		 grid_w, grid_h;
};

struct view {
	struct view_source	 src;
	int64_t			 L, H, T, kv_heads;

	/* Selection. */
	enum analysis_kind	 kind;
	int64_t			 layer, head, query, key;
	int			 grid;		/* head grid shown */
	int64_t			 grid_sel;
	int			 zoom;		/* window of T >> zoom tokens */
	int64_t			 q0, k0;	/* window origin */

	/* Appearance. */
	enum colormap		 cmap;
	enum heatmap_scale	 scale;
	enum heatmap_pool	 pool;
	enum colors		 colors;
	int			 ascii;
	int			 levels;	/* colour levels, 256 colours */
	int			 palette[COLORMAP_LEVELS_MAX];
	int			 n_palette;	/* of this frame */
	int			 bars_sorted;
	enum view_focus		 focus;
	int			 show_bars, show_summary, help;
	int			 dump;		/* no key hints */

	/* Search prompt. */
	int			 searching;
	char			 search[VIEW_SEARCH_LEN];
	char			 last_search[VIEW_SEARCH_LEN];
	char			 message[VIEW_MESSAGE_LEN];
	int			 quit;

	/* Data of the current selection. */
	struct analysis		 an;
	const float		*matrix;	/* T x T: buffer, or the
						   store's own head */
	float			*buffer;	/* T x T, owned */
	float			*thumb;		/* T x T, head grid */
	int			 have;
	enum analysis_kind	 have_kind;
	int64_t			 have_layer, have_head;
	float			*pix;		/* pixel grid scratch */
	size_t			 pix_len;
	int64_t			*order;		/* bars order, T */
	char			**own_labels;	/* positions, when no labels */
	const char *const	*labels;
	int			 label_w;	/* widest label, at most 12 */

	struct view_geometry	 geo;
};

int	view_init(struct view *v, const struct view_source *src,
	    struct error *err);
void	view_free(struct view *v);

/* Apply an action; returns 1 when the frame must be drawn again. */
int	view_action(struct view *v, enum action a);

/* A key as the tui reads it: the search prompt, help, then the table. */
int	view_key(struct view *v, int key);

/* A click at (x, y) of the last frame. */
int	view_click(struct view *v, int x, int y);

/* Select by number (-l, -H, -q); -1 with err when out of range. */
int	view_select(struct view *v, int64_t layer, enum analysis_kind kind,
	    int64_t head, int64_t query, struct error *err);

/* The kv head that head h reads under grouped-query attention. */
int64_t	view_kv_head(const struct view *v, int64_t h);

/* The visible window of tokens, n = T >> zoom (at least 1). */
int64_t	view_window(const struct view *v);

/* Load the selection's matrix if needed; -1 with err on failure. */
int	view_load(struct view *v, struct error *err);

/* Draw the whole frame into c (its size is the terminal's). */
int	view_render(struct view *v, struct canvas *c, struct error *err);

#endif
