/*
 * analysis.c - aggregates over heads and attention rollout.
 */
#include "build-config.h"

#include <cblas.h>
#include <stdlib.h>
#include <string.h>

#include "attntui/attn/analysis.h"
#include "attntui/base/names.h"

static const struct names analysis_kinds[] = {
	{ "head",	ANALYSIS_HEAD, 0 },
	{ "mean",	ANALYSIS_MEAN, 0 },
	{ "max",	ANALYSIS_MAX, 0 },
	{ "rollout",	ANALYSIS_ROLLOUT, 0 },
	{ NULL,		0, 0 }
};

const char *
analysis_kind_name(enum analysis_kind k)
{
	return names_name(analysis_kinds, (int)k);
}

NAMES_PARSER(analysis_kind_parse, enum analysis_kind, analysis_kinds)

int
analysis_init(struct analysis *a, struct store *s, struct error *err)
{
	memset(a, 0, sizeof *a);
	a->store = s;
	a->T = store_seq(s);
	a->T_k = store_keys(s);
	a->roll_layer = -1;
	if ((uint64_t)a->T > (uint64_t)SIZE_MAX / sizeof(float) /
	    (uint64_t)a->T_k)
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "sequence of %lld tokens too long to show",
		    (long long)a->T);
	return 0;
}

void
analysis_free(struct analysis *a)
{
	free(a->tmp);
	free(a->mix);
	free(a->roll);
	free(a->prod);
	memset(a, 0, sizeof *a);
}

static size_t
analysis_size(const struct analysis *a)
{
	return (size_t)a->T * (size_t)a->T_k;
}

/* Allocate *p (T x T floats) when it is not yet. */
static int
analysis_buffer(struct analysis *a, float **p, struct error *err)
{
	if (*p == NULL && (*p = malloc(analysis_size(a) * sizeof **p)) ==
	    NULL)
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory for a %lld x %lld view", (long long)a->T,
		    (long long)a->T_k);
	return 0;
}

/* Mean (or max) over the layer's heads into dst. */
static int
analysis_reduce(struct analysis *a, int64_t layer, int max, float *dst,
    struct error *err)
{
	size_t	n = analysis_size(a), i;
	int64_t	h, H = store_heads(a->store);

	if (analysis_buffer(a, &a->tmp, err) != 0)
		return -1;
	memset(dst, 0, n * sizeof *dst);
	for (h = 0; h < H; h++) {
		if (store_head(a->store, layer, h, a->tmp, err) != 0)
			return -1;
		if (max) {
			for (i = 0; i < n; i++)
				if (a->tmp[i] > dst[i])
					dst[i] = a->tmp[i];
		} else
			for (i = 0; i < n; i++)
				dst[i] += a->tmp[i];
	}
	if (!max)
		for (i = 0; i < n; i++)
			dst[i] /= (float)H;
	return 0;
}

static void
analysis_normalise_rows(float *m, int64_t T)
{
	int64_t	i, j;
	double	sum;

	for (i = 0; i < T; i++) {
		sum = 0;
		for (j = 0; j < T; j++)
			sum += m[i * T + j];
		if (sum > 0)
			for (j = 0; j < T; j++)
				m[i * T + j] = (float)(m[i * T + j] / sum);
	}
}

/* B(layer) = rownorm(0.5 mean + 0.5 I) into a->mix. */
static int
analysis_mix(struct analysis *a, int64_t layer, struct error *err)
{
	size_t	n = analysis_size(a), i;
	int64_t	d;

	if (analysis_reduce(a, layer, 0, a->mix, err) != 0)
		return -1;
	for (i = 0; i < n; i++)
		a->mix[i] *= 0.5f;
	for (d = 0; d < a->T; d++)
		a->mix[d * a->T + d] += 0.5f;
	analysis_normalise_rows(a->mix, a->T);
	return 0;
}

static int
analysis_rollout(struct analysis *a, int64_t layer, float *dst,
    struct error *err)
{
	int64_t	l;
	float	*t;
	int	T = (int)a->T;

	if (a->T != a->T_k)
		return error_set(err, EXIT_USAGE, NULL, 0, 0, "rollout follows "
		    "attention through the layers of one sequence; this is "
		    "cross-attention (%lld queries, %lld keys)",
		    (long long)a->T, (long long)a->T_k);
	if (analysis_buffer(a, &a->mix, err) != 0 ||
	    analysis_buffer(a, &a->roll, err) != 0 ||
	    analysis_buffer(a, &a->prod, err) != 0)
		return -1;
	if (a->roll_layer > layer)
		a->roll_layer = -1;
	for (l = a->roll_layer + 1; l <= layer; l++) {
		a->roll_layer = -1;
		if (analysis_mix(a, l, err) != 0)
			return -1;
		if (l == 0) {
			memcpy(a->roll, a->mix, analysis_size(a) *
			    sizeof *a->roll);
		} else {
			cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans,
			    T, T, T, 1.0f, a->mix, T, a->roll, T, 0.0f,
			    a->prod, T);
			analysis_normalise_rows(a->prod, a->T);
			t = a->roll;
			a->roll = a->prod;
			a->prod = t;
		}
		a->roll_layer = l;
	}
	memcpy(dst, a->roll, analysis_size(a) * sizeof *dst);
	return 0;
}

int
analysis_get(struct analysis *a, int64_t layer, enum analysis_kind kind,
    int64_t head, float *dst, struct error *err)
{
	if (layer < 0 || layer >= store_layers(a->store))
		return error_set(err, EXIT_USAGE, NULL, 0, 0,
		    "no layer %lld (the model has %lld)", (long long)layer,
		    (long long)store_layers(a->store));
	switch (kind) {
	case ANALYSIS_HEAD:
		return store_head(a->store, layer, head, dst, err);
	case ANALYSIS_MEAN:
		return analysis_reduce(a, layer, 0, dst, err);
	case ANALYSIS_MAX:
		return analysis_reduce(a, layer, 1, dst, err);
	case ANALYSIS_ROLLOUT:
		return analysis_rollout(a, layer, dst, err);
	}
	return 0;
}
