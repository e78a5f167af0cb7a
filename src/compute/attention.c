/*
 * attention.c - scores, mask and softmax for a block of query rows.
 */
#include "build-config.h"

#include <cblas.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include "attntui/compute/attention.h"
#include "attntui/compute/ops.h"

void
attention_layer(const struct attention_params *p, int64_t layer,
    struct attention_params *out)
{
	*out = *p;
	out->sliding = NULL;
	if (p->mask == MASK_SLIDING && p->sliding != NULL &&
	    !p->sliding[layer])
		out->mask = MASK_CAUSAL;
}

int64_t
attention_kv_head(const struct attention_params *p, int64_t h)
{
	return h / (p->n_heads / p->n_kv_heads);
}

int
attention_visible(const struct attention_params *p, int64_t i, int64_t j)
{
	switch (p->mask) {
	case MASK_NONE:
		return 1;
	case MASK_CAUSAL:
		return j <= i;
	case MASK_SLIDING:
		return j <= i && i - j < p->window;
	}
	return 0;
}

/* The keys row i sees, [*lo, *hi). */
static void
attention_row_span(const struct attention_params *p, int64_t i, int64_t *lo,
    int64_t *hi)
{
	*lo = 0;
	*hi = p->T;
	switch (p->mask) {
	case MASK_NONE:
		*lo = 0;
		*hi = p->T;
		return;
	case MASK_CAUSAL:
		*lo = 0;
		*hi = i + 1;
		return;
	case MASK_SLIDING:
		*lo = i - p->window + 1 > 0 ? i - p->window + 1 : 0;
		*hi = i + 1;
		return;
	}
}

void
attention_span(const struct attention_params *p, int64_t r0, int64_t r1,
    int64_t *c0, int64_t *c1)
{
	int64_t	lo, hi;

	attention_row_span(p, r0, c0, &hi);
	attention_row_span(p, r1 - 1, &lo, c1);
}

/* ALiBi: -slope * distance, added before the softmax. */
static void
attention_alibi(float slope, int64_t i, float *row, int64_t c0, int64_t lo,
    int64_t hi)
{
	int64_t	j, d;

	for (j = lo; j < hi; j++) {
		d = i >= j ? i - j : j - i;
		row[j - c0] += -slope * (float)d;
	}
}

int
attention_block(const struct attention_params *p, const float *q,
    const float *k, int64_t h, int64_t r0, int64_t r1, float *dst)
{
	int64_t	 dh = p->d_head, ldq = p->n_heads * dh;
	int64_t	 ldk = p->n_kv_heads * dh, n, i;
	int64_t	 c0 = 0, c1 = 0, lo = 0, hi = 0;
	float	*row, max, sum;
	int	 bad = 0;

	attention_span(p, r0, r1, &c0, &c1);
	n = c1 - c0;
	cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans,
	    (int)(r1 - r0), (int)n, (int)dh, p->scale != 0.0f ? p->scale :
	    (float)(1.0 / sqrt((double)dh)),
	    q + r0 * ldq + h * dh, (int)ldq,
	    k + c0 * ldk + attention_kv_head(p, h) * dh, (int)ldk,
	    0.0f, dst, (int)n);
	for (i = r0; i < r1; i++) {
		row = dst + (i - r0) * n;
		attention_row_span(p, i, &lo, &hi);
		if (p->softcap != 0.0f)
			ops_softcap(row + (lo - c0), (size_t)(hi - lo),
			    p->softcap);
		if (p->slopes != NULL)
			attention_alibi(p->slopes[h], i, row, c0, lo, hi);
		max = ops_max(row + (lo - c0), (size_t)(hi - lo));
		sum = ops_exp_sum(row + (lo - c0), (size_t)(hi - lo), max);
		/* The largest term is e^0 = 1; NaN fails the test too. */
		bad += !(sum >= 1.0f && sum <= FLT_MAX);
		ops_scale(row + (lo - c0), (size_t)(hi - lo), 1.0f / sum);
		memset(row, 0, (size_t)(lo - c0) * sizeof *row);
		memset(row + (hi - c0), 0, (size_t)(c1 - hi) * sizeof *row);
	}
	return bad;
}
