/*
 * weighted.c - value-weighted attention; see weighted.h.
 */
#include "build-config.h"

#include <stdlib.h>

#include "attntui/attn/weighted.h"

struct weighted {
	struct store	*probs;
	const float	*norms;
};

static int
weighted_head(void *ctx, int64_t layer, int64_t head, float *dst,
    struct error *err)
{
	struct weighted	*w = ctx;
	int64_t		 T = store_seq(w->probs), i, j;
	const float	*n = w->norms + (layer * store_heads(w->probs) + head) *
			    T;
	float		*row;
	double		 sum;

	if (store_head(w->probs, layer, head, dst, err) != 0)
		return -1;
	for (i = 0; i < T; i++) {
		row = dst + i * T;
		sum = 0;
		for (j = 0; j < T; j++) {
			row[j] *= n[j];
			sum += row[j];
		}
		if (sum > 0)
			for (j = 0; j < T; j++)
				row[j] = (float)(row[j] / sum);
	}
	return 0;
}

static void
weighted_release(void *ctx)
{
	free(ctx);
}

int
weighted_store(struct store *probs, const float *norms, struct store **out,
    struct error *err)
{
	struct weighted	*w;

	*out = NULL;
	if ((w = malloc(sizeof *w)) == NULL)
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory");
	w->probs = probs;
	w->norms = norms;
	if (store_derive(store_layers(probs), store_heads(probs),
	    store_seq(probs), 0, weighted_head, weighted_release, w, out,
	    err) != 0) {
		free(w);
		return -1;
	}
	return 0;
}
