/*
 * heatmap.h - a window of a matrix (queries x keys, row-major with a
 * stride of T_k) pooled to a pixel grid, scaled.
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

/* HEATMAP_MAX_ABS: the value of largest magnitude, sign kept (what max
   pooling does to signed values; not a choice of its own). */
enum heatmap_pool { HEATMAP_MAX, HEATMAP_MEAN, HEATMAP_MAX_ABS };

/*
 * p99: v / the 99th percentile of the grid's non-zero pixels, brighter
 * ones saturating.  The default: under a causal mask query 0 always
 * gives its one key 1.0, and the first queries, with few keys to choose
 * from, give large weights too; scaled to that maximum, the structure of
 * the other rows (a previous-token band at 0.35) sits in the dark third
 * of the colormap.  A percentile ignores those few pixels, however long
 * the input, where ignoring the rows with one key would not (query 1 has
 * two).  Masked pixels are exactly 0 and do not count.
 * linear: v / max of the grid.  log: log(v) between log(max * 1e-4) and
 * log(max), so four decades are visible.  row: v / max of its pixel row,
 * to compare keys within each query however peaked the rows are.
 */
enum heatmap_scale { HEATMAP_P99, HEATMAP_LINEAR, HEATMAP_LOG, HEATMAP_ROW };
#define HEATMAP_SCALES	4
#define HEATMAP_LOG_DECADES 4
#define HEATMAP_PERCENTILE 99

/* What a scaled grid's values stand for: 1 is top, its largest max. */
struct heatmap_range {
	float	max;
	float	top;		/* p99: the percentile; linear, log: max;
				   row: 0 (each row its own) */
};

struct heatmap_window {
	int64_t	r0, r1;		/* query rows [r0, r1) */
	int64_t	c0, c1;		/* key columns [c0, c1) */
};

/* "max", "mean"; "p99", "linear", "log", "row". */
const char	*heatmap_pool_name(enum heatmap_pool);
const char	*heatmap_scale_name(enum heatmap_scale);

/* Pool window w of a (rows stride floats apart) into out[rows * cols]. */
void		 heatmap_pool(const float *a, int64_t stride,
		     const struct heatmap_window *w, int rows, int cols,
		     enum heatmap_pool how, float *out);

/*
 * Map out[rows * cols] in place to [0, 1]; what 1 stood for into *range
 * (may be NULL).
 */
void		 heatmap_scale(float *img, int rows, int cols,
		     enum heatmap_scale how, struct heatmap_range *range);

/* The value below which pct percent of the n > 0 values lie. */
float		 heatmap_percentile(const float *v, size_t n, int pct);

/*
 * Pool and scale: the image a map shows, into out[rows * cols], and
 * what its top stands for (the legend) into *range (may be NULL).
 */
void		 heatmap_image(const float *a, int64_t stride,
		     const struct heatmap_window *w, int rows, int cols,
		     enum heatmap_pool pool, enum heatmap_scale scale,
		     float *out, struct heatmap_range *range);

/*
 * The same for signed values (a difference of two heads, in [-1, 1]):
 * max pooling keeps the value of largest magnitude, and the scale is
 * symmetric, v / top clamped to [-1, 1] and shown at (v + 1) / 2, so
 * that 0 lands on 0.5, a diverging colormap's centre.  top is p99: the
 * 99th percentile of the non-zero |v|; linear: max |v|; log: sign(v)
 * times |v| on four decades below max |v|; row: each row's max |v|.
 * range->max is max |v|.
 */
void		 heatmap_signed_image(const float *a, int64_t stride,
		     const struct heatmap_window *w, int rows, int cols,
		     enum heatmap_pool pool, enum heatmap_scale scale,
		     float *out, struct heatmap_range *range);

/* The source index that pixel i of n covers first, for window [a, b). */
int64_t		 heatmap_source(int64_t a, int64_t b, int n, int i);

#endif
