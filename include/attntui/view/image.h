/*
 * image.h - --image: the view chosen by --layer/--head/--query as a
 * picture for a paper, PNG (libpng) or SVG (text, labels as real text).
 *
 * The picture: the title line; the heatmap, one square block of pixels
 * per (query, key) token pair, or pooled by the max as on screen when
 * there are more than IMAGE_MAX_CELLS tokens (IMAGE_SVG_MAX_CELLS for
 * SVG, one rectangle each); the query tokens down the left (the
 * selected one marked '>'), the key tokens up the bottom, as many as fit
 * without overlapping; a colour bar with its values at the right.
 * Colours are the colormap's own RGB (colormap_rgb) at v / max, max the
 * largest value shown, as the explorer's linear scale.  A difference (a
 * store of signed values, --against) is drawn in rdbu at (v / max + 1)
 * / 2, max the largest |v|, 0 white, the colour bar from -max to max.
 */
#ifndef ATTNTUI_IMAGE_H
#define ATTNTUI_IMAGE_H

#include <stdint.h>

#include "attntui/attn/analysis.h"
#include "attntui/base/error.h"
#include "attntui/compute/store.h"
#include "attntui/view/colormap.h"

#define IMAGE_MAX_CELLS		1024	/* PNG: token pairs a side */
#define IMAGE_SVG_MAX_CELLS	256	/* SVG: rectangles a side */
#define IMAGE_SIDE		768	/* heatmap pixels a side, at least
					   (up to IMAGE_MAX_BLOCK a token) */
#define IMAGE_MAX_BLOCK		32	/* pixels a token, at most */

enum image_format { IMAGE_PNG, IMAGE_SVG };

/* What to draw: a store's view and how. */
struct image_view {
	struct store		 *store;
	const char *const	 *labels;	/* T; NULL: positions */
	const char		 *model;	/* for the title */
	int64_t			  layer, head, query;
	enum analysis_kind	  kind;
	enum colormap		  cmap;
};

/* The layout of a picture, in pixels (SVG user units alike). */
struct image_layout {
	int64_t	T;		/* tokens */
	int	n;		/* cells a side (pooled when < T) */
	int	block;		/* pixels a cell */
	int	step;		/* every step-th label is drawn */
	int	label_chars;	/* widest label drawn */
	int	map_x, map_y;	/* the heatmap's top left */
	int	bar_x, bar_y, bar_w, bar_h;
	int	w, h;
};

/* .png or .svg by the name's end; -1 with err (status 2) otherwise. */
int	image_format_of(const char *path, enum image_format *out,
	    struct error *err);

/* Where the parts of a T-token picture go (tests read cells by it). */
void	image_layout(int64_t T, enum image_format f, int label_chars,
	    struct image_layout *lay);

/* Write v's picture to path (the file appears only once complete). */
int	image_write(const char *path, const struct image_view *v,
	    struct error *err);

#endif
