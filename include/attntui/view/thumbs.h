/*
 * thumbs.h - the head grid's thumbnails, each made once.
 *
 * A thumbnail is one head's attention pooled to a small pixel grid and
 * scaled, as the heatmap shows it.  Making one reads the whole head (with
 * a store that recomputes heads: a QK^T and a softmax), so the cache
 * keeps every head's thumbnail for one key, the settings that change
 * them: the layer, the scale, the pooling, the window of tokens, the
 * pixel grid's size and whether values are signed.  Another key empties
 * it.  A cache of every layer's heads (the overview) has layer -1 and
 * numbers head h of layer l as l x heads a layer + h.  Colours are no part of
 * the key: a thumbnail holds values in [0, 1], and each frame colours
 * them with its own palette.
 */
#ifndef ATTNTUI_THUMBS_H
#define ATTNTUI_THUMBS_H

#include <stdint.h>

#include "attntui/base/error.h"
#include "attntui/view/heatmap.h"

struct thumbs_key {
	int64_t			 layer;
	enum heatmap_scale	 scale;
	enum heatmap_pool	 pool;
	struct heatmap_window	 win;
	int			 rows, cols;	/* pixel grid */
	int			 sign;		/* signed values (a
						   difference): centred */
};

struct thumbs {
	struct thumbs_key	 key;
	int64_t			 heads;
	float			*pix;		/* heads x rows x cols, owned */
	unsigned char		*made;		/* heads flags, owned */
};

/* An empty cache (no allocation). */
void		 thumbs_init(struct thumbs *t);
void		 thumbs_free(struct thumbs *t);

/*
 * Keep the thumbnails of key for heads heads, emptying the cache when it
 * held another key; -1 with err when out of memory, or when the key's
 * grid or heads is empty.
 */
int		 thumbs_use(struct thumbs *t, const struct thumbs_key *key,
		     int64_t heads, struct error *err);

/* Head's thumbnail (rows x cols) under the key in use; NULL: not made. */
const float	*thumbs_get(const struct thumbs *t, int64_t head);

/*
 * Make head's thumbnail, after thumbs_use, from its matrix a (rows
 * stride floats apart: T_k).
 */
const float	*thumbs_make(struct thumbs *t, int64_t head, const float *a,
		     int64_t stride);

#endif
