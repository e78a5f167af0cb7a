/*
 * frame.h - what drawing a frame worked out, kept by whoever draws.
 *
 * A view (view.h) is the explorer's state: selection and appearance.
 * Drawing it (draw_frame) reads that state and leaves in a frame where
 * each pane went, the map's pixel grid, the head grid's cells, the bars'
 * order and the side panes' scroll; clicks, and the keys that move
 * within a pane, read them from the last frame.  A frame also keeps what
 * its frames draw from: the selection's matrix, loaded once per
 * selection, and the head grid's thumbnails.
 *
 * The tui loop and --dump each own a frame for their view.
 */
#ifndef ATTNTUI_FRAME_H
#define ATTNTUI_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "attntui/attn/analysis.h"
#include "attntui/base/error.h"
#include "attntui/compute/store.h"
#include "attntui/view/colormap.h"
#include "attntui/view/layout.h"
#include "attntui/view/thumbs.h"

/* Where the last frame put things. */
struct frame_geometry {
	struct layout	 lay;
	int		 rows, cols;	/* the map's pixel grid */
	int		 map_w, map_h;	/* the cells it fills, from heat.x,
					   heat.y: each pixel takes its share
					   of them */
	int		 half;		/* two pixel rows per cell */
	int64_t		 n_q, n_k;	/* tokens in the windows */
	int64_t		 page_q, page_k;	/* tokens a page moves */
	int		 label_w;	/* widest query label, at most
					   VIEW_LABEL_MAX cells */
	int		 key_label_w;	/* likewise, keys */
	int64_t		 bars_first;	/* index into the bar order */
	int		 bars_rows;
	size_t		 sum_first;	/* first summary row shown, among
					   the visible ones */
	size_t		 sum_first_row;	/* and as a row of the summary */
	int		 sum_y0;	/* the screen row it is on */
	int		 grid_cols;	/* head grid: thumbnails a row */
	int		 grid_w, grid_h;	/* cells a thumbnail takes */
	struct overview_geometry {	/* the overview (overview.h) */
		int	 x, y;		/* its first tile's top left */
		int	 tile_w, tile_h;	/* cells a tile takes */
		int64_t	 first_layer;	/* the first row's layer */
		int64_t	 first_head;	/* the first column's head */
		int64_t	 layers, heads;	/* rows and columns shown */
	}		 ov;
	int		 help_lines;	/* the help's lines, laid out */
	int		 help_rows;	/* of them, what the box shows */
};

/* Where the text view put a token: its line and cells. */
struct frame_word {
	int32_t		 line;
	int16_t		 x, w;
};

struct frame {
	struct frame_geometry	 geo;
	int64_t			*order;		/* the bars' order, T_k; owned */

	/* The selection's matrix: T_q x T_k, buffer or the store's own
	   head. */
	const float		*matrix;
	float			*buffer;	/* T x T, owned */
	int			 have;
	enum analysis_kind	 have_kind;
	int64_t			 have_layer, have_head;

	/* The colours of the last frame, one a level. */
	int			 palette[COLORMAP_LEVELS_MAX];
	int			 n_palette;

	struct thumbs		 thumbs;	/* the head grid's */
	struct thumbs		 model_thumbs;	/* the overview's */
	uint64_t		 fetches;	/* heads read from the store */

	/* The text view: each token's place, the first line shown and
	   where the lines start on screen. */
	struct frame_word	*words;		/* max(T_q, T_k), owned */
	int64_t			 n_words;
	int64_t			 n_text;	/* of them, the text's */
	int32_t			 text_first;
	int			 text_x, text_y, text_h;

	/* Label widths as measured, and for which mode. */
	int			 widths_ascii;	/* -1: not measured */

	/* Private. */
	struct store		*store;		/* borrowed */
	struct analysis		 an;
	int64_t			 L, H, Tq, Tk;
	float			*head;		/* T x T scratch, grid */
	float			*pix;		/* pixel grid scratch */
	size_t			 pix_len;
};

/* A frame for views of store s, nothing drawn yet; -1 with err. */
int		 frame_init(struct frame *f, struct store *s,
		     struct error *err);
void		 frame_free(struct frame *f);

/*
 * Make f->matrix (T_q x T_k) the matrix of (layer, kind, head) unless it
 * is already; -1 with err on failure.
 */
int		 frame_load(struct frame *f, int64_t layer,
		     enum analysis_kind kind, int64_t head,
		     struct error *err);

/* Head's thumbnail under key, made if it is not cached; NULL with err. */
const float	*frame_thumb(struct frame *f, const struct thumbs_key *key,
		     int64_t head, struct error *err);

/*
 * The thumbnail of head of layer under key (its layer ignored), in a
 * cache of every layer's heads; NULL with err.
 */
const float	*frame_model_thumb(struct frame *f,
		     const struct thumbs_key *key, int64_t layer, int64_t head,
		     struct error *err);

/* Scratch for n floats, kept between frames; NULL when out of memory. */
float		*frame_pixels(struct frame *f, size_t n);

/* The token the text view drew at (x, y), or -1. */
int64_t		 frame_text_token(const struct frame *f, int x, int y);

#endif
