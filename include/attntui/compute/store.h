/*
 * store.h - every head's attention probabilities, fetched one head at a
 * time.  Rows are queries, columns keys; row-major T_q x T_k floats;
 * masked entries are exactly 0 and every row sums to 1.  How a store
 * keeps them (dense, causal triangle, or recomputed on demand from kept
 * Q and K) is its own business.  T_q = T_k = T except in an attention
 * file of cross-attention (store_adopt).
 */
#ifndef ATTNTUI_STORE_H
#define ATTNTUI_STORE_H

#include <stdint.h>

#include "attntui/base/error.h"
#include "attntui/io/dtype.h"

struct store;

int64_t	store_layers(const struct store *s);
int64_t	store_heads(const struct store *s);
/* T_q, the queries (rows); T_k, the keys (columns). */
int64_t	store_seq(const struct store *s);
int64_t	store_keys(const struct store *s);

/* Copy head (layer, head) into dst[T_q*T_k]; -1 with err on failure. */
int	store_head(struct store *s, int64_t layer, int64_t head, float *dst,
	    struct error *err);

/*
 * Head (layer, head) in place, T_q x T_k, when the store keeps it so
 * (dense mode, float32, or a recomputing store's head that the last
 * store_prefetch() asked for, made ahead: waited for while it is being
 * made, and valid until the next store_prefetch); NULL otherwise, and
 * for a head that does not exist or is not computed yet.
 */
const float	*store_head_data(const struct store *s, int64_t layer,
		    int64_t head);

/*
 * Row i of head (layer, head) in place: keys 0 .. *n - 1 (keys past
 * them are 0), when the store keeps probabilities (dense and triangle
 * modes); NULL for a store that makes its heads on demand.  What reads
 * every head (head scores) uses it to skip a copy and the masked half.
 */
const float	*store_row(const struct store *s, int64_t layer, int64_t head,
		    int64_t i, int64_t *n);

/*
 * Do the store's values lie in [0, 1] with rows summing to 1?  Not for
 * a derived store of differences (attn/diff.h).
 */
int		 store_is_probability(const struct store *s);

/*
 * The reader (one thread: the explorer's) now shows head (layer, head):
 * a recomputing store that has the forward pass's threads makes it, then
 * its neighbours (the next and previous head, the same head of the next
 * and previous layer), on a thread of its own while the reader looks,
 * in what its budget leaves (STORE_CACHE_SLOTS heads at most), so that a
 * switch to one of them finds it made.  A no-op for other stores.
 */
#define STORE_CACHE_SLOTS	5
void		 store_prefetch(struct store *s, int64_t layer,
		     int64_t head);

/*
 * Layers whose heads can be read now, counted from layer 0: all of
 * them, but while a forward pass running in the background
 * (background.h) still writes the store.  Safe from any thread; heads
 * of the layers it counts are complete and stay as they are.
 */
int64_t	store_layers_ready(const struct store *s);

/*
 * Wait until layer is ready; -1 with err ("layer N was not computed")
 * once the pass filling the store has ended without it (it failed, or
 * was stopped).  For readers that take every layer in turn (--export)
 * while the pass goes on.
 */
int	store_wait_layer(const struct store *s, int64_t layer,
	    struct error *err);

void	store_free(struct store *s);

/*
 * The forward pass's side.  A store keeps every probability when they
 * fit the budget: all T x T for mask none, the packed lower triangle
 * (T (T + 1) / 2 per head) for causal and sliding masks.  Otherwise it
 * keeps each layer's post-RoPE Q and K and recomputes a head with
 * attention_block(), the function the forward pass used, so that both
 * ways give the same bits, on the forward pass's threads when it hands
 * them over (store_use_pool), with scratch memory of the store's own:
 * one caller at a time.
 */
struct attention_params;
struct config;
struct pool;

enum store_mode { STORE_DENSE, STORE_TRIANGLE, STORE_RECOMPUTE,
		  STORE_DERIVED };

#define STORE_DEFAULT_BUDGET	(1ULL << 30)

/* Set the byte budget for stores created after; 0 restores the default. */
void		 store_set_budget(uint64_t bytes);
uint64_t	 store_budget(void);
/*
 * The bytes a store for T tokens of cfg's model holds: its probabilities
 * when they fit the budget, else each layer's Q and K.  Saturates.
 */
uint64_t	 store_footprint(const struct config *cfg, int64_t T);

int		 store_create(const struct attention_params *p,
		     int64_t n_layers, struct store **out, struct error *err);
enum store_mode	 store_mode(const struct store *s);
const char	*store_mode_name(enum store_mode);
/* Bytes the store holds (probabilities or Q and K, plus scratch). */
uint64_t	 store_bytes(const struct store *s);

/*
 * Dense modes: make a layer's pages before the forward pass writes
 * them, one STORE_POPULATE_BYTES piece of it per call (pieces: of a
 * layer), so that threads can share the work.  A no-op where the system
 * cannot.
 */
#define STORE_POPULATE_BYTES	((uint64_t)4 << 20)
int64_t		 store_populate_pieces(const struct store *s);
void		 store_populate(struct store *s, int64_t layer,
		     int64_t piece);
/*
 * Layers come ready in order as the pass writes them: from
 * store_fill_begin() none is, and store_layer_done(l) makes layers up
 * to l readable (it publishes what was written to them before, to any
 * thread that reads store_layers_ready() after), until store_fill_end().
 * A store that is never begun counts every layer.
 */
void		 store_fill_begin(struct store *s);
void		 store_layer_done(struct store *s, int64_t layer);
/* The pass is over: layers not ready now never will be. */
void		 store_fill_end(struct store *s);
/* Dense modes: rows [r0, r1) of a head as attention_block wrote them. */
void		 store_put_block(struct store *s, int64_t layer, int64_t head,
		     int64_t r0, int64_t r1, const float *block);
/* Recompute mode: take ownership of a layer's q and k (malloc'd). */
void		 store_keep_qk(struct store *s, int64_t layer, float *q,
		     float *k);
/*
 * Recompute mode: recompute heads on pool's threads, which must outlive
 * the store (short of memory for their scratch, it goes on alone); for
 * any other store, or pool NULL, nothing.  Once store_prefetch() has
 * started the store's own thread, that thread makes every head on pool;
 * other runs on pool (head scores) take turns with it (pool.h).
 */
void		 store_use_pool(struct store *s, struct pool *pool);

/*
 * The attention file's side: a dense store over probabilities held
 * elsewhere (a mapped file), read in place.  Layer l's heads are
 * n_heads x T_q x T_k little-endian values of dtype from layers[l],
 * row-major; the store copies the pointer array, not the data.  Aligned
 * F32 heads are handed out in place (store_head_data); F16, BF16, F64
 * and unaligned F32 are widened by dtype_widen() a head at a time, into
 * store_head()'s dst, so that a file larger than memory still opens.
 * release(ctx), when not NULL, runs once from store_free(): that is
 * where the data's owner lets go.  On failure nothing is released and
 * ctx stays the caller's.  store_put_block() and store_keep_qk() are
 * not for such a store.
 */
int		 store_adopt(int64_t n_layers, int64_t n_heads, int64_t T_q,
		     int64_t T_k, enum dtype dtype, const void *const *layers,
		     void (*release)(void *), void *ctx, struct store **out,
		     struct error *err);

/*
 * A derived store: its heads are made by head(ctx, layer, head, dst,
 * err) from other data (two stores' difference, value weighting), one
 * T x T head at a time, in the caller's thread.  signed_values says
 * that values may be negative and rows need not sum to 1
 * (store_is_probability answers 0).  release(ctx), when not NULL, runs
 * once from store_free().  On failure nothing is released.
 */
typedef int	(*store_head_fn)(void *ctx, int64_t layer, int64_t head,
		    float *dst, struct error *err);
int		 store_derive(int64_t n_layers, int64_t n_heads, int64_t T,
		     int signed_values, store_head_fn head,
		     void (*release)(void *), void *ctx, struct store **out,
		     struct error *err);

#endif
