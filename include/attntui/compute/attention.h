/*
 * attention.h - one head's probabilities, a block of query rows at a time.
 *
 * forward.c and the recomputing store both call attention_block(), so a
 * head recomputed on demand is bitwise the head the forward pass saw.
 * Blocks are ATTENTION_BLOCK rows whatever the thread count.
 */
#ifndef ATTNTUI_ATTENTION_H
#define ATTNTUI_ATTENTION_H

#include <stdint.h>

#include "attntui/model/config.h"

#define ATTENTION_BLOCK	64

struct attention_params {
	int64_t			 T;
	int64_t			 n_heads;
	int64_t			 n_kv_heads;
	int64_t			 d_head;
	enum config_mask	 mask;
	int64_t			 window;	/* MASK_SLIDING */
	const float		*slopes;	/* ALiBi, n_heads; or NULL */
	float			 scale;		/* scores times this; 0:
						   1 / sqrt(d_head) */
	float			 softcap;	/* cap tanh(s / cap) before the
						   mask; 0: none */
	const uint8_t		*sliding;	/* MASK_SLIDING: per layer, 1
						   slides, 0 causal; NULL:
						   every layer slides */
};

/*
 * The parameters of one layer: p's, with the mask that layer has (a
 * sliding window or the causal mask), and no per-layer table.
 */
void	attention_layer(const struct attention_params *p, int64_t layer,
	    struct attention_params *out);

/* The kv head that query head h reads (grouped-query attention). */
int64_t	attention_kv_head(const struct attention_params *p, int64_t h);

/* Is key j visible to query i? */
int	attention_visible(const struct attention_params *p, int64_t i,
	    int64_t j);

/*
 * Columns [*c0, *c1) that rows [r0, r1) may see: keys outside never get
 * a score computed.
 */
void	attention_span(const struct attention_params *p, int64_t r0,
	    int64_t r1, int64_t *c0, int64_t *c1);

/*
 * Probabilities of head h for query rows [r0, r1) over columns [c0, c1)
 * of attention_span, into dst (row-major, ld = c1 - c0); masked entries
 * exactly 0.  q is [T, n_heads * d_head] and k [T, n_kv_heads * d_head],
 * both row-major as the projections write them (post-RoPE).  Returns
 * the number of rows whose scores were not all finite (NaN or infinity
 * in q or k): their probabilities are not either.
 */
int	attention_block(const struct attention_params *p, const float *q,
	    const float *k, int64_t h, int64_t r0, int64_t r1, float *dst);

#endif
