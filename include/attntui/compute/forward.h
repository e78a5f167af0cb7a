/*
 * forward.h - the CPU forward pass of every family, keeping attention.
 */
#ifndef ATTNTUI_FORWARD_H
#define ATTNTUI_FORWARD_H

#include <stdatomic.h>

#include "attntui/compute/store.h"
#include "attntui/model/config.h"
#include "attntui/model/tokens.h"
#include "attntui/model/weights.h"

struct forward_result {
	struct store	*store;		/* owned: store_free */
	float		*hidden;	/* owned: T x d_model, the model's last
					   hidden state as Hugging Face's
					   last_hidden_state (gpt2 after ln_f,
					   llama after norm, bert after the
					   last layer, attention after o_proj) */
	float		*value_norms;	/* owned, with FORWARD_VALUE_NORMS:
					   [layers][heads][T], see below;
					   else NULL */
};

struct pool;

/*
 * Hold OpenBLAS to one thread of its own: the pool is the only source
 * of parallelism.  Call once, before the first forward_run().
 */
void	forward_blas_single(void);

/*
 * Run cfg's model with weights w on tokens tok on pool's threads (NULL:
 * the caller's alone).  Fill *out; -1 with err on failure.  A store
 * that recomputes heads goes on using pool, which must outlive it.
 */
int	forward_run(const struct config *cfg, const struct weights *w,
	    const struct tokens *tok, struct pool *pool,
	    struct forward_result *out, struct error *err);
void	forward_result_free(struct forward_result *r);

/*
 * forward_run, and with FORWARD_VALUE_NORMS in flags also the value
 * norms of Kobayashi et al. 2020 ("Attention is not only a weight"):
 * for layer l, head h and key token j, || v_j W_O^h ||, v_j the value
 * vector head h reads at j (its kv head's, with the value bias) and
 * W_O^h the output projection's d_head x d_model block for head h (its
 * bias left out: it is added once, not per token).  alpha_ij times it
 * is how much token j moves query i's output through that head.
 */
#define FORWARD_VALUE_NORMS	0x1
int	forward_run_flags(const struct config *cfg, const struct weights *w,
	    const struct tokens *tok, struct pool *pool, int flags,
	    struct forward_result *out, struct error *err);

/*
 * What the caller of a pass running on another thread (background.h)
 * asks of it: store_made(ctx, s) once the store exists, before layer 0
 * (its layers come ready one by one: store_layers_ready), and to stop
 * early: once *cancel is nonzero, the pass skips what work is left and
 * fails with "cancelled".  Either may be NULL.
 */
struct forward_watch {
	void		(*store_made)(void *ctx, struct store *s);
	void		 *ctx;
	const atomic_int *cancel;
};

/* forward_run, watched; watch NULL is forward_run. */
int	forward_run_watched(const struct config *cfg,
	    const struct weights *w, const struct tokens *tok,
	    struct pool *pool, const struct forward_watch *watch,
	    struct forward_result *out, struct error *err);

#endif
