/*
 * analysis.h - what the explorer shows of a layer: one head, the mean or
 * the max over its heads, or attention rollout.
 *
 * Rollout (Abnar & Zuidema, 2020) follows attention through the residual
 * stream: each layer's head-mean A is mixed with the identity,
 * B = 0.5 A + 0.5 I, rows normalised, and the layers are multiplied,
 * R(l) = B(l) B(l - 1) ... B(0), so R(l)[i][j] is how much of token j
 * reaches position i after layer l.  Rollout up to a layer is cached,
 * so stepping one layer deeper costs one product.
 */
#ifndef ATTNTUI_ANALYSIS_H
#define ATTNTUI_ANALYSIS_H

#include <stdint.h>

#include "attntui/base/error.h"
#include "attntui/compute/store.h"

enum analysis_kind { ANALYSIS_HEAD, ANALYSIS_MEAN, ANALYSIS_MAX,
		     ANALYSIS_ROLLOUT };

struct analysis {
	struct store	*store;		/* borrowed */
	int64_t		 T, T_k;	/* queries, keys */
	float		*tmp;		/* one head */
	float		*mix;		/* B(l) */
	float		*roll;		/* R(roll_layer) */
	float		*prod;
	int64_t		 roll_layer;	/* -1: none cached */
};

/* "head", "mean", "max", "rollout"; parsing gives -1 for another name. */
const char	*analysis_kind_name(enum analysis_kind);
int		 analysis_kind_parse(const char *name,
		     enum analysis_kind *out);

/* Buffers for s (4 x T_q x T_k floats, allocated on first use). */
int		 analysis_init(struct analysis *a, struct store *s,
		     struct error *err);
void		 analysis_free(struct analysis *a);

/*
 * Write layer's view of kind into dst[T_q * T_k]: head `head` for
 * ANALYSIS_HEAD (ignored otherwise).  Rows of every kind sum to 1 except
 * the max, whose entries are each head's largest.  Rollout needs square
 * maps (T_q = T_k); cross-attention gets an error.
 */
int		 analysis_get(struct analysis *a, int64_t layer,
		     enum analysis_kind kind, int64_t head, float *dst,
		     struct error *err);

#endif
