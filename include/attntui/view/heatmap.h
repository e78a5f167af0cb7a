/*
 * heatmap.h - a window of a T x T matrix pooled to a pixel grid, scaled.
 *
 * Pixel (i, j) of a rows x cols grid covers source rows
 * [r0 + i n / rows, r0 + (i + 1) n / rows) (n = r1 - r0), and columns
 * likewise, so every source entry lands in exactly one pixel.  rows and
 * cols must not exceed the window: the grid never upsamples (the canvas
 * repeats pixels instead).  Max pooling is the default because one
 * strong key in a block of weak ones is what a reader looks for; mean
 * pooling keeps the block's mass.
 */
#ifndef ATTNTUI_HEATMAP_H
#define ATTNTUI_HEATMAP_H

#include <stdint.h>

enum heatmap_pool { HEATMAP_MAX, HEATMAP_MEAN };

/*
 * linear: v / max of the grid.  log: log(v) between log(max * 1e-4) and
 * log(max), so four decades are visible.  row: v / max of its pixel row,
 * to compare keys within each query however peaked the rows are.
 */
enum heatmap_scale { HEATMAP_LINEAR, HEATMAP_LOG, HEATMAP_ROW };
#define HEATMAP_SCALES	3
#define HEATMAP_LOG_DECADES 4

struct heatmap_window {
	int64_t	r0, r1;		/* query rows [r0, r1) */
	int64_t	c0, c1;		/* key columns [c0, c1) */
};

/* "max", "mean"; "linear", "log", "row". */
const char	*heatmap_pool_name(enum heatmap_pool);
const char	*heatmap_scale_name(enum heatmap_scale);

/* Pool window w of a (T x T, row-major) into out[rows * cols]. */
void		 heatmap_pool(const float *a, int64_t T,
		     const struct heatmap_window *w, int rows, int cols,
		     enum heatmap_pool how, float *out);

/* Map out[rows * cols] in place to [0, 1]. */
void		 heatmap_scale(float *img, int rows, int cols,
		     enum heatmap_scale how);

/*
 * Pool and scale: the image a map shows, into out[rows * cols].  Returns
 * the largest pooled value before scaling (the top of the legend).
 */
float		 heatmap_image(const float *a, int64_t T,
		     const struct heatmap_window *w, int rows, int cols,
		     enum heatmap_pool pool, enum heatmap_scale scale,
		     float *out);

/* The source index that pixel i of n covers first, for window [a, b). */
int64_t		 heatmap_source(int64_t a, int64_t b, int n, int i);

#endif
