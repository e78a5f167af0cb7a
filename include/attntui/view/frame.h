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
	int		 sx, sy;	/* display pixels per grid pixel */
	int		 half;		/* two pixel rows per cell */
	int64_t		 n;		/* tokens in the window */
	int64_t		 bars_first;	/* index into the bar order */
	int		 bars_rows;
	size_t		 sum_first;	/* first summary row shown */
	int		 grid_cols;	/* head grid: thumbnails a row */
	int		 grid_w, grid_h;	/* cells a thumbnail takes */
};

struct frame {
	struct frame_geometry	 geo;
	int64_t			*order;		/* the bars' order, T; owned */

	/* The selection's matrix: T x T, buffer or the store's own head. */
	const float		*matrix;
	float			*buffer;	/* T x T, owned */
	int			 have;
	enum analysis_kind	 have_kind;
	int64_t			 have_layer, have_head;

	/* The colours of the last frame, one a level. */
	int			 palette[COLORMAP_LEVELS_MAX];
	int			 n_palette;

	struct thumbs		 thumbs;
	uint64_t		 fetches;	/* heads read from the store */

	/* Private. */
	struct store		*store;		/* borrowed */
	struct analysis		 an;
	int64_t			 H, T;
	float			*head;		/* T x T scratch, grid */
	float			*pix;		/* pixel grid scratch */
	size_t			 pix_len;
};

/* A frame for views of store s, nothing drawn yet; -1 with err. */
int		 frame_init(struct frame *f, struct store *s,
		     struct error *err);
void		 frame_free(struct frame *f);

/*
 * Make f->matrix the matrix of (layer, kind, head) unless it is already;
 * -1 with err on failure.
 */
int		 frame_load(struct frame *f, int64_t layer,
		     enum analysis_kind kind, int64_t head,
		     struct error *err);

/* Head's thumbnail under key, made if it is not cached; NULL with err. */
const float	*frame_thumb(struct frame *f, const struct thumbs_key *key,
		     int64_t head, struct error *err);

/* Scratch for n floats, kept between frames; NULL when out of memory. */
float		*frame_pixels(struct frame *f, size_t n);

#endif
