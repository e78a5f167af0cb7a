/*
 * heatmap.c - pooling and scaling; see heatmap.h.
 */
#include "build-config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attntui/base/names.h"
#include "attntui/view/heatmap.h"

/* Column bounds (one more than the columns) kept on the stack; a wider
   grid allocates them. */
#define HEATMAP_STACK_BOUNDS	512

static const struct names heatmap_pools[] = {
	{ "max",	HEATMAP_MAX, 0 },
	{ "mean",	HEATMAP_MEAN, 0 },
	{ "max",	HEATMAP_MAX_ABS, NAMES_PRINT_ONLY },
	{ NULL,		0, 0 }
};

static const struct names heatmap_scales[] = {
	{ "p99",	HEATMAP_P99, 0 },
	{ "linear",	HEATMAP_LINEAR, 0 },
	{ "log",	HEATMAP_LOG, 0 },
	{ "row",	HEATMAP_ROW, 0 },
	{ NULL,		0, 0 }
};
_Static_assert(sizeof heatmap_scales / sizeof heatmap_scales[0] ==
    HEATMAP_SCALES + 1, "a name for every scale");

const char *
heatmap_pool_name(enum heatmap_pool p)
{
	return names_name(heatmap_pools, (int)p);
}

const char *
heatmap_scale_name(enum heatmap_scale s)
{
	return names_name(heatmap_scales, (int)s);
}


int64_t
heatmap_source(int64_t a, int64_t b, int n, int i)
{
	return a + (b - a) * i / n;
}

/*
 * One pixel row: source rows [ra, rb) into out[cols], with column
 * bounds cb[0 .. cols].  Source rows are read in order, so a 4096-wide
 * head streams through the cache once.
 */
static void
heatmap_pool_row(const float *a, int64_t stride, int64_t ra, int64_t rb,
    const int64_t *cb, int cols, enum heatmap_pool how, float *out)
{
	const float	*row;
	int64_t		 r, k;
	int		 j;
	float		 acc;

	for (j = 0; j < cols; j++)
		out[j] = 0;
	for (r = ra; r < rb; r++) {
		row = a + r * stride;
		for (j = 0; j < cols; j++) {
			acc = out[j];
			if (how == HEATMAP_MAX) {
				for (k = cb[j]; k < cb[j + 1]; k++)
					acc = row[k] > acc ? row[k] : acc;
			} else if (how == HEATMAP_MAX_ABS) {
				for (k = cb[j]; k < cb[j + 1]; k++)
					acc = fabsf(row[k]) > fabsf(acc) ?
					    row[k] : acc;
			} else
				for (k = cb[j]; k < cb[j + 1]; k++)
					acc += row[k];
			out[j] = acc;
		}
	}
	if (how == HEATMAP_MEAN)
		for (j = 0; j < cols; j++)
			out[j] /= (float)((rb - ra) * (cb[j + 1] - cb[j]));
}

void
heatmap_pool(const float *a, int64_t stride, const struct heatmap_window *w,
    int rows, int cols, enum heatmap_pool how, float *out)
{
	int64_t	 stack[HEATMAP_STACK_BOUNDS], *cb = stack;
	int	 i, j;

	if (cols + 1 > (int)(sizeof stack / sizeof stack[0]) &&
	    (cb = malloc(((size_t)cols + 1) * sizeof *cb)) == NULL) {
		/* No memory for the bounds: a blank map, not a crash. */
		memset(out, 0, (size_t)rows * (size_t)cols * sizeof *out);
		return;
	}
	for (j = 0; j <= cols; j++)
		cb[j] = heatmap_source(w->c0, w->c1, cols, j);
	for (i = 0; i < rows; i++)
		heatmap_pool_row(a, stride, heatmap_source(w->r0, w->r1, rows, i),
		    heatmap_source(w->r0, w->r1, rows, i + 1), cb, cols, how,
		    out + (int64_t)i * cols);
	if (cb != stack)
		free(cb);
}

static float
heatmap_max(const float *v, int64_t n)
{
	float	m = 0;
	int64_t	i;

	for (i = 0; i < n; i++)
		if (v[i] > m)
			m = v[i];
	return m;
}

static void
heatmap_divide(float *v, int64_t n, float m)
{
	int64_t	i;

	for (i = 0; i < n; i++)
		v[i] = m > 0 ? v[i] / m : 0;
}

/*
 * The k-th smallest of v[0..n) (from 0), v reordered: Hoare's selection,
 * linear on average where sorting a screen's pixels took a millisecond
 * a frame.
 */
static float
heatmap_select(float *v, size_t n, size_t k)
{
	size_t	lo = 0, hi = n - 1, i, j;
	float	pivot, t;

	while (lo < hi) {
		pivot = v[lo + (hi - lo) / 2];
		i = lo;
		j = hi;
		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				t = v[i];
				v[i] = v[j];
				v[j] = t;
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
	return v[k];
}

float
heatmap_percentile(const float *v, size_t n, int pct)
{
	float	*nz, top;
	size_t	 i, k = 0;

	if ((nz = malloc((n > 0 ? n : 1) * sizeof *nz)) == NULL)
		return heatmap_max(v, (int64_t)n);
	for (i = 0; i < n; i++)
		if (v[i] > 0)
			nz[k++] = v[i];
	if (k == 0) {
		free(nz);
		return 0;
	}
	/* The smallest value with pct percent of them at or below it. */
	i = (k * (size_t)pct + 99) / 100;
	top = heatmap_select(nz, k, i > 0 ? i - 1 : 0);
	free(nz);
	return top;
}

/* v / top, saturating at 1. */
static void
heatmap_divide_clamp(float *v, int64_t n, float top)
{
	int64_t	i;

	for (i = 0; i < n; i++)
		v[i] = !(top > 0) ? 0 : v[i] >= top ? 1 : v[i] / top;
}

void
heatmap_scale(float *img, int rows, int cols, enum heatmap_scale how,
    struct heatmap_range *range)
{
	int64_t			n = (int64_t)rows * cols, i;
	struct heatmap_range	r;
	double			lo, span;

	r.max = r.top = heatmap_max(img, n);
	switch (how) {
	case HEATMAP_P99:
		r.top = heatmap_percentile(img, (size_t)n, HEATMAP_PERCENTILE);
		heatmap_divide_clamp(img, n, r.top);
		break;
	case HEATMAP_LINEAR:
		heatmap_divide(img, n, r.max);
		break;
	case HEATMAP_ROW:
		r.top = 0;
		for (i = 0; i < rows; i++)
			heatmap_divide(img + i * cols, cols,
			    heatmap_max(img + i * cols, cols));
		break;
	case HEATMAP_LOG:
		span = HEATMAP_LOG_DECADES * log(10.0);
		lo = log(r.max) - span;
		for (i = 0; i < n; i++) {
			if (!(r.max > 0) || !(img[i] > 0))
				img[i] = 0;
			else {
				img[i] = (float)((log(img[i]) - lo) / span);
				if (img[i] < 0)
					img[i] = 0;
			}
		}
		break;
	}
	if (range != NULL)
		*range = r;
}

/* The largest |v| of v[0..n). */
static float
heatmap_max_abs(const float *v, int64_t n)
{
	float	m = 0;
	int64_t	i;

	for (i = 0; i < n; i++)
		if (fabsf(v[i]) > m)
			m = fabsf(v[i]);
	return m;
}

/* The p99 of the non-zero |v| (the largest |v| when out of memory). */
static float
heatmap_percentile_abs(const float *v, int64_t n)
{
	float	*mag, top;
	int64_t	 i;

	if ((mag = malloc((size_t)(n > 0 ? n : 1) * sizeof *mag)) == NULL)
		return heatmap_max_abs(v, n);
	for (i = 0; i < n; i++)
		mag[i] = fabsf(v[i]);
	top = heatmap_percentile(mag, (size_t)n, HEATMAP_PERCENTILE);
	free(mag);
	return top;
}

/* v / top clamped to [-1, 1], at (v + 1) / 2. */
static void
heatmap_centre(float *v, int64_t n, float top)
{
	int64_t	i;
	float	x;

	for (i = 0; i < n; i++) {
		x = top > 0 ? v[i] / top : 0;
		x = x > 1 ? 1 : x < -1 ? -1 : x;
		v[i] = 0.5f + 0.5f * x;
	}
}

/* Four decades of |v| below max, signed, at (v + 1) / 2. */
static void
heatmap_centre_log(float *v, int64_t n, float max)
{
	double	span = HEATMAP_LOG_DECADES * log(10.0), lo, x;
	int64_t	i;

	lo = max > 0 ? log(max) - span : 0;
	for (i = 0; i < n; i++) {
		x = max > 0 && v[i] != 0 ? (log(fabs(v[i])) - lo) / span : 0;
		x = x < 0 ? 0 : x > 1 ? 1 : x;
		v[i] = (float)(0.5 + 0.5 * (v[i] < 0 ? -x : x));
	}
}

void
heatmap_signed_image(const float *a, int64_t stride,
    const struct heatmap_window *w, int rows, int cols,
    enum heatmap_pool pool, enum heatmap_scale scale, float *out,
    struct heatmap_range *range)
{
	int64_t			n = (int64_t)rows * cols, i;
	struct heatmap_range	r;

	heatmap_pool(a, stride, w, rows, cols, pool == HEATMAP_MEAN ?
	    HEATMAP_MEAN : HEATMAP_MAX_ABS, out);
	r.max = r.top = heatmap_max_abs(out, n);
	switch (scale) {
	case HEATMAP_P99:
		r.top = heatmap_percentile_abs(out, n);
		heatmap_centre(out, n, r.top);
		break;
	case HEATMAP_LINEAR:
		heatmap_centre(out, n, r.max);
		break;
	case HEATMAP_LOG:
		heatmap_centre_log(out, n, r.max);
		break;
	case HEATMAP_ROW:
		r.top = 0;
		for (i = 0; i < rows; i++)
			heatmap_centre(out + i * cols, cols,
			    heatmap_max_abs(out + i * cols, cols));
		break;
	}
	if (range != NULL)
		*range = r;
}

void
heatmap_image(const float *a, int64_t stride, const struct heatmap_window *w,
    int rows, int cols, enum heatmap_pool pool, enum heatmap_scale scale,
    float *out, struct heatmap_range *range)
{
	heatmap_pool(a, stride, w, rows, cols, pool, out);
	heatmap_scale(out, rows, cols, scale, range);
}
