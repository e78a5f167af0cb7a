/*
 * store.c - every head's probabilities, kept or recomputed; see store.h.
 *
 * GPT-2-small at T = 4096 has 144 heads of 16.8M probabilities: 9.7 GB
 * dense, 4.8 GB as triangles.  Keeping Q and K instead costs 2 x 12 x
 * 4096 x 768 floats (302 MB), and one head is recomputed in about the
 * time a screen takes to draw.
 */
#include "build-config.h"

#include <sys/mman.h>

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "attntui/base/pool.h"
#include "attntui/base/arith.h"
#include "attntui/compute/attention.h"
#include "attntui/compute/headcache.h"
#include "attntui/compute/store.h"
#include "attntui/io/dtype.h"

struct store {
	struct attention_params	 p;
	float			*slopes;	/* owned copy; or NULL */
	uint8_t			*sliding;	/* owned copy; or NULL */
	int64_t			 n_layers;
	atomic_llong		 ready;		/* layers readable */
	atomic_int		 filled;	/* no more will come */
	enum store_mode		 mode;
	size_t			 per_head;	/* floats, dense modes */
	float			*probs;		/* dense modes */
	float			**q;		/* recompute: per layer */
	float			**k;
	struct pool		*pool;		/* recompute: borrowed, or NULL */
	struct headcache	*cache;		/* recompute with a pool:
						   heads made ahead, or NULL */
	uint64_t		 budget;	/* store_budget() when made */
	float			**scratch;	/* per thread, BLOCK x T */
	int			 n_scratch;
	int			 n_cached;	/* the cache's slots */
	int			 no_cache;	/* none to be had */
	const void		**adopted;	/* store_adopt: per layer */
	enum dtype		 dtype;		/* of the adopted values */
	int64_t			 T_k;		/* keys; p.T is the queries */
	store_head_fn		 derive;	/* store_derive */
	int			 signed_values;
	void			(*release)(void *);
	void			*release_ctx;
};

static uint64_t	store_budget_bytes = STORE_DEFAULT_BUDGET;

void
store_set_budget(uint64_t bytes)
{
	store_budget_bytes = bytes == 0 ? STORE_DEFAULT_BUDGET : bytes;
}

uint64_t
store_budget(void)
{
	return store_budget_bytes;
}

int64_t
store_layers(const struct store *s)
{
	return s->n_layers;
}

int64_t
store_heads(const struct store *s)
{
	return s->p.n_heads;
}

int64_t
store_seq(const struct store *s)
{
	return s->p.T;
}

int64_t
store_keys(const struct store *s)
{
	return s->T_k;
}

enum store_mode
store_mode(const struct store *s)
{
	return s->mode;
}

const char *
store_mode_name(enum store_mode m)
{
	switch (m) {
	case STORE_DENSE:
		return "dense";
	case STORE_TRIANGLE:
		return "triangle";
	case STORE_RECOMPUTE:
		return "recompute";
	case STORE_DERIVED:
		return "derived";
	}
	return "?";
}

/* a * b * c into *out, or -1 on overflow. */
static int
store_mul3(uint64_t a, uint64_t b, uint64_t c, uint64_t *out)
{
	if (b != 0 && a > UINT64_MAX / b)
		return -1;
	a *= b;
	if (c != 0 && a > UINT64_MAX / c)
		return -1;
	*out = a * c;
	return 0;
}

static void
store_scratch_free(float **scratch, int n)
{
	int	i;

	for (i = 0; scratch != NULL && i < n; i++)
		free(scratch[i]);
	free(scratch);
}

/* One ATTENTION_BLOCK x T block of scratch for each of n threads. */
static float **
store_scratch_new(int64_t T, int n)
{
	float	**scratch;
	int	  i;

	if ((scratch = calloc((size_t)n, sizeof *scratch)) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if ((scratch[i] = malloc((size_t)ATTENTION_BLOCK * (size_t)T *
		    sizeof **scratch)) == NULL) {
			store_scratch_free(scratch, n);
			return NULL;
		}
	return scratch;
}

uint64_t
store_footprint(const struct config *cfg, int64_t T)
{
	const struct config_model	*m = &cfg->model;
	uint64_t			 t = (uint64_t)T, per, probs, qk;

	per = m->mask == MASK_NONE ? arith_mul_sat(t, t) :
	    arith_mul_sat(t, t + 1) / 2;
	probs = arith_mul_sat(arith_mul_sat(per, (uint64_t)(m->n_layers *
	    m->n_heads)), sizeof(float));
	if (probs <= store_budget_bytes)
		return probs;
	qk = arith_mul_sat(arith_mul_sat(t, (uint64_t)((m->n_heads +
	    m->n_kv_heads) * m->d_head)), sizeof(float));
	return arith_mul_sat(qk, (uint64_t)m->n_layers);
}

/* Choose the mode: dense when the probabilities fit the budget. */
static int
store_choose(struct store *s)
{
	uint64_t	T = (uint64_t)s->p.T, per, bytes;

	if (s->p.mask == MASK_NONE) {
		s->mode = STORE_DENSE;
		per = T * T;
	} else {
		s->mode = STORE_TRIANGLE;
		per = T * (T + 1) / 2;
	}
	if (store_mul3(per, (uint64_t)s->n_layers * (uint64_t)s->p.n_heads,
	    sizeof(float), &bytes) != 0 || bytes > store_budget_bytes ||
	    bytes > SIZE_MAX)
		return -1;
	s->per_head = (size_t)per;
	s->probs = malloc((size_t)bytes);
	return s->probs == NULL ? -1 : 0;
}

int
store_create(const struct attention_params *p, int64_t n_layers,
    struct store **out, struct error *err)
{
	struct store	*s;
	size_t		 n;

	*out = NULL;
	if (p->T < 1 || p->T > INT32_MAX / 2 || n_layers < 1)
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "attention store: bad shape");
	if ((s = calloc(1, sizeof *s)) == NULL)
		goto nomem;
	s->p = *p;
	s->T_k = p->T;
	s->n_layers = n_layers;
	s->budget = store_budget_bytes;
	atomic_init(&s->ready, n_layers);
	atomic_init(&s->filled, 1);
	if (p->slopes != NULL) {
		n = (size_t)p->n_heads;
		if ((s->slopes = malloc(n * sizeof *s->slopes)) == NULL)
			goto nomem;
		memcpy(s->slopes, p->slopes, n * sizeof *s->slopes);
		s->p.slopes = s->slopes;
	}
	if (p->sliding != NULL) {
		if ((s->sliding = malloc((size_t)n_layers)) == NULL)
			goto nomem;
		memcpy(s->sliding, p->sliding, (size_t)n_layers);
		s->p.sliding = s->sliding;
	}
	if (store_choose(s) != 0) {
		s->mode = STORE_RECOMPUTE;
		s->q = calloc((size_t)n_layers, sizeof *s->q);
		s->k = calloc((size_t)n_layers, sizeof *s->k);
		s->scratch = store_scratch_new(p->T, 1);
		s->n_scratch = 1;
		if (s->q == NULL || s->k == NULL || s->scratch == NULL)
			goto nomem;
	}
	*out = s;
	return 0;

nomem:
	store_free(s);
	return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
	    "out of memory for the attention store");
}

/*
 * A store of the given shape over data held elsewhere (adopted layers,
 * or heads a function makes): mode, release and ctx set, the rest the
 * caller's.
 */
static int
store_new_over(int64_t n_layers, int64_t n_heads, int64_t T_q, int64_t T_k,
    enum store_mode mode, void (*release)(void *), void *ctx,
    struct store **out, struct error *err)
{
	struct store	*s;

	*out = NULL;
	if (T_q < 1 || T_q > INT32_MAX / 2 || T_k < 1 || T_k > INT32_MAX / 2 ||
	    n_heads < 1 || n_layers < 1 ||
	    (uint64_t)n_layers > SIZE_MAX / sizeof *s->adopted)
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "attention store: bad shape");
	if ((s = calloc(1, sizeof *s)) == NULL)
		return error_nomem(err, NULL);
	s->p.T = T_q;
	s->T_k = T_k;
	s->p.n_heads = s->p.n_kv_heads = n_heads;
	s->p.mask = MASK_NONE;
	s->n_layers = n_layers;
	atomic_init(&s->ready, n_layers);
	atomic_init(&s->filled, 1);
	s->mode = mode;
	s->per_head = (size_t)T_q * (size_t)T_k;
	s->release = release;
	s->release_ctx = ctx;
	*out = s;
	return 0;
}

int
store_adopt(int64_t n_layers, int64_t n_heads, int64_t T_q, int64_t T_k,
    enum dtype dtype, const void *const *layers, void (*release)(void *),
    void *ctx, struct store **out, struct error *err)
{
	struct store	*s;
	int64_t		 i;

	if (dtype_size(dtype) == 0)
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "attention store: bad dtype");
	if (store_new_over(n_layers, n_heads, T_q, T_k, STORE_DENSE, release,
	    ctx, out, err) != 0)
		return -1;
	s = *out;
	if ((s->adopted = calloc((size_t)n_layers,
	    sizeof *s->adopted)) == NULL) {
		free(s);
		*out = NULL;
		return error_nomem(err, NULL);
	}
	s->dtype = dtype;
	for (i = 0; i < n_layers; i++)
		s->adopted[i] = layers[i];
	return 0;
}

int
store_derive(int64_t n_layers, int64_t n_heads, int64_t T,
    int signed_values, store_head_fn head, void (*release)(void *),
    void *ctx, struct store **out, struct error *err)
{
	if (store_new_over(n_layers, n_heads, T, T, STORE_DERIVED, release,
	    ctx, out, err) != 0)
		return -1;
	(*out)->derive = head;
	(*out)->signed_values = signed_values;
	return 0;
}

int
store_is_probability(const struct store *s)
{
	return !s->signed_values;
}

uint64_t
store_bytes(const struct store *s)
{
	uint64_t	T = (uint64_t)s->p.T, L = (uint64_t)s->n_layers;
	uint64_t	dh = (uint64_t)s->p.d_head;

	if (s->mode == STORE_DERIVED)
		return 0;
	if (s->mode != STORE_RECOMPUTE)
		return s->per_head * L * (uint64_t)s->p.n_heads *
		    sizeof(float);
	return (L * T * dh * (uint64_t)(s->p.n_heads + s->p.n_kv_heads) +
	    (uint64_t)s->n_scratch * ATTENTION_BLOCK * T +
	    (uint64_t)s->n_cached * T * T) * sizeof(float);
}

static float *
store_head_base(struct store *s, int64_t layer, int64_t head)
{
	return s->probs + ((size_t)layer * (size_t)s->p.n_heads +
	    (size_t)head) * s->per_head;
}

/* The bytes of one layer's probabilities. */
static uint64_t
store_layer_bytes(const struct store *s)
{
	return (uint64_t)s->per_head * (uint64_t)s->p.n_heads * sizeof(float);
}

int64_t
store_populate_pieces(const struct store *s)
{
	if (s->probs == NULL)
		return 0;
	return (int64_t)((store_layer_bytes(s) + STORE_POPULATE_BYTES - 1) /
	    STORE_POPULATE_BYTES);
}

/*
 * The forward pass writes the probabilities in small blocks, each on
 * fresh pages: at T = 1024 (GPT-2 small) 74,000 page faults.  Linux's
 * MADV_POPULATE_WRITE makes the same pages in one call per piece, which
 * measured about half the cost, and the pieces spread over the threads.
 * A layer at a time, so that the first layer is ready the sooner.
 */
void
store_populate(struct store *s, int64_t layer, int64_t piece)
{
#ifdef MADV_POPULATE_WRITE
	uintptr_t	page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t	base = (uintptr_t)s->probs + (uintptr_t)layer *
			    (uintptr_t)store_layer_bytes(s);
	uintptr_t	end = base + (uintptr_t)store_layer_bytes(s);
	uintptr_t	lo = base + (uintptr_t)piece * STORE_POPULATE_BYTES;
	uintptr_t	hi = lo + STORE_POPULATE_BYTES < end ?
			    lo + STORE_POPULATE_BYTES : end;

	/* Whole pages only: the ends may share a page with other data. */
	lo = (lo + page - 1) & ~(page - 1);
	hi &= ~(page - 1);
	if (hi > lo)
		(void)madvise((void *)lo, hi - lo, MADV_POPULATE_WRITE);
#else
	(void)s;
	(void)layer;
	(void)piece;
#endif
}

/* Row i of a triangle starts at i (i + 1) / 2 and holds keys 0..i. */
static size_t
store_tri(int64_t i)
{
	return (size_t)i * (size_t)(i + 1) / 2;
}

void
store_put_block(struct store *s, int64_t layer, int64_t head, int64_t r0,
    int64_t r1, const float *block)
{
	struct attention_params	 lp;
	float			*base = store_head_base(s, layer, head);
	float			*row;
	int64_t			 c0, c1, n, i, T = s->p.T;

	attention_layer(&s->p, layer, &lp);
	attention_span(&lp, r0, r1, &c0, &c1);
	n = c1 - c0;
	for (i = r0; i < r1; i++) {
		if (s->mode == STORE_DENSE) {
			memcpy(base + (size_t)i * (size_t)T, block +
			    (i - r0) * n, (size_t)T * sizeof *row);
			continue;
		}
		row = base + store_tri(i);
		memset(row, 0, (size_t)c0 * sizeof *row);
		memcpy(row + c0, block + (i - r0) * n,
		    (size_t)(i + 1 - c0) * sizeof *row);
	}
}

int64_t
store_layers_ready(const struct store *s)
{
	return atomic_load_explicit(&s->ready,
	    memory_order_acquire);
}

void
store_fill_begin(struct store *s)
{
	atomic_store_explicit(&s->filled, 0, memory_order_release);
	atomic_store_explicit(&s->ready, 0, memory_order_release);
}

void
store_fill_end(struct store *s)
{
	atomic_store_explicit(&s->filled, 1, memory_order_release);
}

/* Polled: a layer takes milliseconds at least, a poll microseconds. */
#define STORE_WAIT_NS	200000

int
store_wait_layer(const struct store *s, int64_t layer, struct error *err)
{
	struct timespec	ts = { 0, STORE_WAIT_NS };

	while (store_layers_ready(s) <= layer) {
		if (atomic_load_explicit(&s->filled, memory_order_acquire) &&
		    store_layers_ready(s) <= layer)
			return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
			    "layer %lld was not computed", (long long)layer);
		nanosleep(&ts, NULL);
	}
	return 0;
}

void
store_layer_done(struct store *s, int64_t layer)
{
	atomic_store_explicit(&s->ready, layer + 1, memory_order_release);
}

void
store_keep_qk(struct store *s, int64_t layer, float *q, float *k)
{
	free(s->q[layer]);
	free(s->k[layer]);
	s->q[layer] = q;
	s->k[layer] = k;
}

void
store_use_pool(struct store *s, struct pool *pool)
{
	float	**scratch;

	/* Only a store that recomputes heads has use for threads. */
	if (s->mode != STORE_RECOMPUTE || pool == NULL)
		return;
	/* Short of memory for the scratch: one thread will do. */
	if ((scratch = store_scratch_new(s->p.T, pool_threads(pool))) ==
	    NULL)
		return;
	store_scratch_free(s->scratch, s->n_scratch);
	s->scratch = scratch;
	s->n_scratch = pool_threads(pool);
	s->pool = pool;
}

/* One head being recomputed: a pool item per ATTENTION_BLOCK rows. */
struct store_job {
	struct store		*s;
	int64_t			 layer, head;
	float			*dst;
	const atomic_int	*stop;	/* abandon once set; or NULL */
};

/*
 * One block of rows: attention_block into the thread's scratch (compact,
 * so the softmax stays in cache; dst's rows are T apart), then dst.
 * The last blocks go first: under a causal mask they cost the most.
 */
static void
store_recompute_item(void *arg, int64_t item, int worker)
{
	struct store_job	*j = arg;
	struct store		*s = j->s;
	struct attention_params	 lp;
	int64_t			 T = s->p.T, r0, r1, c0, c1, i;
	float			*row, *block = s->scratch[worker];

	if (j->stop != NULL && atomic_load_explicit(j->stop,
	    memory_order_relaxed))
		return;
	r0 = ((T + ATTENTION_BLOCK - 1) / ATTENTION_BLOCK - 1 - item) *
	    ATTENTION_BLOCK;
	r1 = r0 + ATTENTION_BLOCK < T ? r0 + ATTENTION_BLOCK : T;
	attention_layer(&s->p, j->layer, &lp);
	attention_span(&lp, r0, r1, &c0, &c1);
	attention_block(&lp, s->q[j->layer], s->k[j->layer], j->head, r0,
	    r1, block);
	for (i = r0; i < r1; i++) {
		row = j->dst + (size_t)i * (size_t)T;
		memset(row, 0, (size_t)c0 * sizeof *row);
		memcpy(row + c0, block + (i - r0) * (c1 - c0),
		    (size_t)(c1 - c0) * sizeof *row);
		memset(row + c1, 0, (size_t)(T - c1) * sizeof *row);
	}
}

/* 0, or -1 when *stop said to abandon the head (dst half made). */
static int
store_recompute(struct store *s, int64_t layer, int64_t head, float *dst,
    const atomic_int *stop)
{
	struct store_job	j = { s, layer, head, dst, stop };
	int64_t			n = (s->p.T + ATTENTION_BLOCK - 1) /
				    ATTENTION_BLOCK, i;

	if (s->pool != NULL)
		pool_run(s->pool, n, store_recompute_item, &j);
	else
		for (i = 0; i < n; i++)
			store_recompute_item(&j, i, 0);
	return stop != NULL && atomic_load(stop) ? -1 : 0;
}

/* The head cache's maker: on its thread, on the pool. */
static int
store_make_head(void *ctx, int64_t layer, int64_t head, float *dst,
    const atomic_int *stop)
{
	return store_recompute(ctx, layer, head, dst, stop);
}

/*
 * Heads made ahead, in what the budget leaves beside q, k and scratch:
 * the one shown and up to STORE_CACHE_SLOTS - 1 neighbours (GPT-2 small
 * at T = 4096 keeps 302 MB of q and k; five 64 MB heads fit in 1 GiB).
 * Fewer than two slots would hold no neighbour: no cache.
 */
static void
store_cache_start(struct store *s)
{
	uint64_t	T = (uint64_t)s->p.T, head = T * T * sizeof(float);
	uint64_t	have = store_bytes(s), n;
	struct error	ignored = { 0 };

	s->no_cache = 1;	/* tried once */
	if (have >= s->budget || (n = (s->budget - have) / head) < 2)
		return;
	if (n > STORE_CACHE_SLOTS)
		n = STORE_CACHE_SLOTS;
	if (headcache_create((int)n, (size_t)(T * T), store_make_head, s,
	    &s->cache, &ignored) != 0) {
		/* Without it heads are made when asked for, as before. */
		error_clear(&ignored);
		return;
	}
	s->n_cached = (int)n;
	s->no_cache = 0;
}

void
store_prefetch(struct store *s, int64_t layer, int64_t head)
{
	struct headcache_key	want[STORE_CACHE_SLOTS];
	int64_t			H = s->p.n_heads, L = s->n_layers;
	int			n = 0;

	if (s->mode != STORE_RECOMPUTE || s->pool == NULL || layer < 0 ||
	    layer >= L || head < 0 || head >= H)
		return;
	if (s->cache == NULL && !s->no_cache)
		store_cache_start(s);
	if (s->cache == NULL)
		return;
	want[n++] = (struct headcache_key){ layer, head };
	if (H > 1)
		want[n++] = (struct headcache_key){ layer, (head + 1) % H };
	if (H > 2)
		want[n++] = (struct headcache_key){ layer, (head + H - 1) % H };
	if (layer + 1 < L)
		want[n++] = (struct headcache_key){ layer + 1, head };
	if (layer > 0)
		want[n++] = (struct headcache_key){ layer - 1, head };
	headcache_want(s->cache, want, n);
}

/* An adopted head's bytes. */
static const unsigned char *
store_adopted_head(const struct store *s, int64_t layer, int64_t head)
{
	return (const unsigned char *)s->adopted[layer] + (size_t)head *
	    s->per_head * dtype_size(s->dtype);
}

/* An adopted head in place: aligned F32 only; the rest is widened. */
static const float *
store_adopted_floats(const struct store *s, int64_t layer, int64_t head)
{
	const unsigned char	*p = store_adopted_head(s, layer, head);

	if (s->dtype != DTYPE_F32 || (uintptr_t)p % _Alignof(float) != 0)
		return NULL;
	return (const float *)(const void *)p;
}

const float *
store_head_data(const struct store *s, int64_t layer, int64_t head)
{
	if (layer < 0 || layer >= store_layers_ready(s) || head < 0 ||
	    head >= s->p.n_heads)
		return NULL;
	if (s->mode == STORE_RECOMPUTE && s->cache != NULL)
		return headcache_get(s->cache, layer, head);
	if (s->mode != STORE_DENSE)
		return NULL;
	if (s->adopted != NULL)
		return store_adopted_floats(s, layer, head);
	return s->probs + ((size_t)layer * (size_t)s->p.n_heads +
	    (size_t)head) * s->per_head;
}

const float *
store_row(const struct store *s, int64_t layer, int64_t head, int64_t i,
    int64_t *n)
{
	const float	*base;

	if (layer < 0 || layer >= store_layers_ready(s) || head < 0 ||
	    head >= s->p.n_heads || i < 0 || i >= s->p.T)
		return NULL;
	switch (s->mode) {
	case STORE_DENSE:
		/* NULL for an adopted head that is not aligned F32. */
		if ((base = store_head_data(s, layer, head)) == NULL)
			return NULL;
		*n = s->T_k;
		return base + (size_t)i * (size_t)s->T_k;
	case STORE_TRIANGLE:
		*n = i + 1;
		return s->probs + ((size_t)layer * (size_t)s->p.n_heads +
		    (size_t)head) * s->per_head + store_tri(i);
	case STORE_RECOMPUTE:
	case STORE_DERIVED:
		break;
	}
	return NULL;
}

int
store_head(struct store *s, int64_t layer, int64_t head, float *dst,
    struct error *err)
{
	const float	*base, *src;
	int64_t		 T, i;

	if (layer < 0 || layer >= s->n_layers || head < 0 ||
	    head >= s->p.n_heads)
		return error_set(err, EXIT_USAGE, NULL, 0, 0,
		    "no head %lld of layer %lld (%lld layers of %lld heads)",
		    (long long)head, (long long)layer,
		    (long long)s->n_layers, (long long)s->p.n_heads);
	if (layer >= store_layers_ready(s))
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "layer %lld is not computed yet", (long long)layer);
	T = s->p.T;
	switch (s->mode) {
	case STORE_DENSE:
		if (s->adopted != NULL && store_adopted_floats(s, layer,
		    head) == NULL) {
			/* A head at a time: a file larger than memory. */
			dtype_widen(s->dtype, store_adopted_head(s, layer,
			    head), s->per_head, dst);
			break;
		}
		memcpy(dst, store_head_data(s, layer, head),
		    s->per_head * sizeof *dst);
		break;
	case STORE_TRIANGLE:
		base = store_head_base(s, layer, head);
		for (i = 0; i < T; i++) {
			src = base + store_tri(i);
			memcpy(dst + (size_t)i * (size_t)T, src,
			    (size_t)(i + 1) * sizeof *dst);
			memset(dst + (size_t)i * (size_t)T + i + 1, 0,
			    (size_t)(T - i - 1) * sizeof *dst);
		}
		break;
	case STORE_RECOMPUTE:
		if (s->cache != NULL)
			headcache_fetch(s->cache, layer, head, dst);
		else
			store_recompute(s, layer, head, dst, NULL);
		break;
	case STORE_DERIVED:
		return s->derive(s->release_ctx, layer, head, dst, err);
	}
	return 0;
}

void
store_free(struct store *s)
{
	int64_t	i;

	if (s == NULL)
		return;
	headcache_free(s->cache);
	if (s->q != NULL)
		for (i = 0; i < s->n_layers; i++)
			free(s->q[i]);
	if (s->k != NULL)
		for (i = 0; i < s->n_layers; i++)
			free(s->k[i]);
	free(s->q);
	free(s->k);
	store_scratch_free(s->scratch, s->n_scratch);
	free(s->probs);
	free(s->slopes);
	free(s->sliding);
	free(s->adopted);
	if (s->release != NULL)
		s->release(s->release_ctx);
	free(s);
}
