/*
 * test_forward.c - the compute core: generator, ops, masks, softmax,
 * store modes, threads, weights and tokens.
 *
 * Reference constants come from tests/golden/rng_reference.py (plain
 * Python, independent of this C code).  Models here are tiny and built
 * in code, so the test needs no config loader or fixture files.
 */
#include "build-config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "attntui/base/error.h"
#include "attntui/base/pool.h"
#include "attntui/base/rng.h"
#include "attntui/compute/attention.h"
#include "attntui/compute/background.h"
#include "attntui/compute/forward.h"
#include "attntui/compute/ops.h"
#include "attntui/compute/store.h"
#include "attntui/io/safetensors.h"
#include "attntui/io/safetensors_write.h"
#include "attntui/model/config.h"
#include "attntui/model/tokens.h"
#include "attntui/model/weights.h"
#include "attntui/model/weights_load.h"

#define GPT2_DIR	SRCDIR "/samples/gpt2-tokenizer"

/* ---- helpers --------------------------------------------------------- */

/* A small model of a family with that family's defaults. */
static void
make_config(struct config *c, enum config_family family, int64_t T)
{
	static int64_t	ids[1024];
	size_t		i;

	memset(c, 0, sizeof *c);
	c->path = (char *)"test.yaml";
	c->model.name = (char *)"test";
	c->model.family = family;
	c->model.vocab_size = 50;
	c->model.max_seq = 1024;
	c->model.d_model = 32;
	c->model.n_layers = 2;
	c->model.n_heads = 4;
	c->model.n_kv_heads = 4;
	c->model.d_head = 8;
	c->model.d_ff = 64;
	c->model.type_vocab_size = 2;
	c->model.rope_theta = 10000.0;
	c->weights.source = WEIGHTS_INIT;
	c->weights.seed = 42;
	c->weights.std = 0.5;	/* peaked attention, not uniform */
	for (i = 0; i < sizeof ids / sizeof *ids; i++)
		ids[i] = (int64_t)((i * 7 + 3) % 50);
	c->input.kind = INPUT_TOKENS;
	c->input.tokens = ids;
	c->input.n_tokens = (size_t)T;
	switch (family) {
	case FAMILY_GPT2:
		c->model.norm = NORM_LAYERNORM;
		c->model.norm_eps = 1e-5;
		c->model.activation = ACT_GELU_TANH;
		c->model.position = POS_LEARNED;
		c->model.mask = MASK_CAUSAL;
		c->model.bias = 1;
		break;
	case FAMILY_LLAMA:
		c->model.norm = NORM_RMSNORM;
		c->model.norm_eps = 1e-6;
		c->model.activation = ACT_SWIGLU;
		c->model.position = POS_ROPE;
		c->model.mask = MASK_CAUSAL;
		break;
	case FAMILY_BERT:
		c->model.norm = NORM_LAYERNORM;
		c->model.norm_eps = 1e-12;
		c->model.activation = ACT_GELU;
		c->model.position = POS_LEARNED;
		c->model.mask = MASK_NONE;
		c->model.bias = 1;
		break;
	case FAMILY_ATTENTION:
		c->model.vocab_size = 0;
		c->model.n_layers = 1;
		c->model.d_ff = 0;
		c->model.norm = NORM_NONE;
		c->model.position = POS_NONE;
		c->model.mask = MASK_NONE;
		c->model.bias = 1;
		c->input.kind = INPUT_EMBEDDINGS;
		c->input.seq_len = T;
		break;
	}
}

static void
ok(int rc, struct error *err)
{
	if (rc != 0) {
		error_print(err, stderr);
		error_clear(err);
	}
	assert_int_equal(rc, 0);
}

/* One pool per thread count, kept until the end: stores borrow them. */
#define MAX_THREADS	8
static struct pool	*pools[MAX_THREADS + 1];

static struct pool *
pool_of(int threads)
{
	struct error	err = { 0 };

	assert_in_range(threads, 1, MAX_THREADS);
	if (pools[threads] == NULL)
		ok(pool_create(threads, &pools[threads], &err), &err);
	return pools[threads];
}

static int
free_pools(void **state)
{
	int	i;

	(void)state;
	for (i = 0; i <= MAX_THREADS; i++)
		pool_free(pools[i]);
	return 0;
}

/* Run c with threads; fill r (and the weights, freed by the caller). */
static void
run(const struct config *c, int threads, struct weights *w,
    struct forward_result *r)
{
	struct tokens	tok;
	struct error	err = { 0 };

	ok(tokens_from_config(c, NULL, &tok, &err), &err);
	ok(weights_load(c, NULL, w, &err), &err);
	ok(forward_run(c, w, &tok, pool_of(threads), r, &err), &err);
	tokens_free(&tok);
}

/* Every head of r: T x T each, in one array. */
static float *
all_heads(struct forward_result *r)
{
	int64_t		 L = store_layers(r->store), H = store_heads(r->store);
	int64_t		 T = store_seq(r->store), l, h;
	struct error	 err = { 0 };
	float		*a;

	a = malloc((size_t)(L * H * T * T) * sizeof *a);
	assert_non_null(a);
	for (l = 0; l < L; l++)
		for (h = 0; h < H; h++)
			ok(store_head(r->store, l, h, a + (l * H + h) * T * T,
			    &err), &err);
	return a;
}

/* Rows sum to 1, masked entries are exactly 0, visible ones positive. */
static void
check_pattern(const struct config *c, struct forward_result *r)
{
	struct attention_params	 p = { 0 };
	int64_t			 T = store_seq(r->store), n, i, j;
	float			*a = all_heads(r);
	double			 sum;

	p.T = T;
	p.mask = c->model.mask;
	p.window = c->model.window;
	n = store_layers(r->store) * store_heads(r->store);
	for (; n-- > 0;)
		for (i = 0; i < T; i++) {
			sum = 0.0;
			for (j = 0; j < T; j++) {
				float	v = a[(n * T + i) * T + j];

				if (attention_visible(&p, i, j))
					assert_true(v > 0.0f);
				else
					assert_true(v == 0.0f);
				sum += v;
			}
			assert_true(fabs(sum - 1.0) < 1e-5);
		}
	free(a);
}

/* ---- generator ------------------------------------------------------- */

static void
test_rng_reference(void **state)
{
	static const float	wte[] = { 1.209123712e-02f, -2.311739698e-02f,
	    -7.430311292e-03f, -1.997957006e-02f, 1.290935185e-02f,
	    -3.088393249e-02f };
	static const size_t	wte_at[] = { 0, 1, 2, 3, 1000, 123456 };
	static const float	emb[] = { 3.962900937e-01f, -3.900881112e-01f,
	    -1.851546466e-01f, -6.883286834e-01f };
	static const size_t	emb_at[] = { 0, 1, 2, 99 };
	float			 v, all[4];
	size_t			 i;

	(void)state;
	assert_true(rng_splitmix64(0) == 0xe220a8397b1dcdafULL);
	assert_true(rng_splitmix64(12345) == 0x22118258a9d111a0ULL);
	assert_true(rng_fnv1a64("wte.weight", 10) == 0x61d3a46d83bc4189ULL);
	assert_true(rng_fnv1a64("", 0) == 0xcbf29ce484222325ULL);
	for (i = 0; i < 6; i++) {
		rng_normal_fill(42, "wte.weight", 0.02, wte_at[i], 1, &v);
		assert_true(v == wte[i]);
	}
	for (i = 0; i < 4; i++) {
		rng_normal_fill(7, "input.embeddings", 1.0, emb_at[i], 1, &v);
		assert_true(v == emb[i]);
	}
	/* A fill from the start agrees with single elements. */
	rng_normal_fill(42, "wte.weight", 0.02, 0, 4, all);
	assert_memory_equal(all, wte, sizeof all);
}

/* ---- ops --------------------------------------------------------------- */

static void
test_exp_accuracy(void **state)
{
	float	x[1001], y[1001];
	double	worst = 0.0, e, rel;
	int	i;

	(void)state;
	for (i = 0; i < 1001; i++)
		x[i] = -87.0f + 175.0f * (float)i / 1000.0f;
	ops_exp(x, y, 1001);
	for (i = 0; i < 1001; i++) {
		e = exp((double)x[i]);
		rel = fabs(y[i] - e) / e;
		if (rel > worst)
			worst = rel;
	}
	assert_true(worst < 2e-7);
	x[0] = -100.0f;
	x[1] = 0.0f;
	ops_exp(x, y, 2);
	assert_true(y[0] == 0.0f);
	assert_true(y[1] == 1.0f);
}

static void
test_alibi_slopes(void **state)
{
	static const float	ref8[] = { 5.000000000e-01f, 2.500000000e-01f,
	    1.250000000e-01f, 6.250000000e-02f, 3.125000000e-02f,
	    1.562500000e-02f, 7.812500000e-03f, 3.906250000e-03f };
	static const float	ref12[] = { 5.000000000e-01f, 2.500000000e-01f,
	    1.250000000e-01f, 6.250000000e-02f, 3.125000000e-02f,
	    1.562500000e-02f, 7.812500000e-03f, 3.906250000e-03f,
	    7.071067691e-01f, 3.535533845e-01f, 1.767766774e-01f,
	    8.838833869e-02f };
	float			 s[12];
	int			 i;

	(void)state;
	ops_alibi_slopes(8, s);
	for (i = 0; i < 8; i++)
		assert_true(s[i] == ref8[i]);
	ops_alibi_slopes(12, s);
	for (i = 0; i < 12; i++)
		assert_true(fabsf(s[i] - ref12[i]) <= 1e-7f * ref12[i]);
}

static void
test_sinusoidal(void **state)
{
	static const float	ref[3][8] = {
	    { 0, 1, 0, 1, 0, 1, 0, 1 },
	    { 8.414709568e-01f, 5.403022766e-01f, 9.983341396e-02f,
	      9.950041771e-01f, 9.999833070e-03f, 9.999499917e-01f,
	      9.999998147e-04f, 9.999995232e-01f },
	    { -9.589242935e-01f, 2.836622000e-01f, 4.794255495e-01f,
	      8.775825500e-01f, 4.997916892e-02f, 9.987502694e-01f,
	      4.999979399e-03f, 9.999874830e-01f } };
	static const int	pos[3] = { 0, 1, 5 };
	float			 x[6 * 8];
	int			 i, j;

	(void)state;
	memset(x, 0, sizeof x);
	ops_add_sinusoidal(x, 6, 8);
	for (i = 0; i < 3; i++)
		for (j = 0; j < 8; j++)
			assert_true(fabsf(x[pos[i] * 8 + j] - ref[i][j]) <
			    1e-7f);
}

/* rotate_half: pairs (i, i + d/2) turn by t * theta^(-2i/d). */
static void
test_rope(void **state)
{
	float	c[5 * 4], s[5 * 4], x[2 * 8], y[2 * 8];
	double	ang, inv;
	int	h, i;

	(void)state;
	ops_rope_table(5, 8, 10000.0, c, s);
	for (i = 0; i < 16; i++)
		x[i] = y[i] = (float)(i + 1) * 0.25f;
	ops_rope_apply(y, 2, 8, c + 3 * 4, s + 3 * 4);
	for (h = 0; h < 2; h++)
		for (i = 0; i < 4; i++) {
			const float	*p = x + h * 8;

			inv = pow(10000.0, -2.0 * i / 8.0);
			ang = 3.0 * inv;
			assert_true(fabs(y[h * 8 + i] - (p[i] * cos(ang) -
			    p[i + 4] * sin(ang))) < 1e-5);
			assert_true(fabs(y[h * 8 + i + 4] - (p[i + 4] *
			    cos(ang) + p[i] * sin(ang))) < 1e-5);
		}
}

static void
test_activations(void **state)
{
	float	x[19], y[19];
	int	i;

	(void)state;
	for (i = 0; i < 19; i++)
		x[i] = y[i] = -4.5f + 0.5f * (float)i;
	ops_bias_act(y, NULL, 19, ACT_GELU_TANH);
	for (i = 0; i < 19; i++) {
		double	v = x[i], t = 0.5 * v * (1.0 + tanh(
		    sqrt(2.0 / M_PI) * (v + 0.044715 * v * v * v)));

		assert_true(fabs(y[i] - t) < 1e-6);
		assert_true(fabs(ops_gelu(x[i]) - 0.5 * v * (1.0 +
		    erf(v / sqrt(2.0)))) < 1e-6);
		assert_true(fabs(ops_silu(x[i]) - v / (1.0 + exp(-v))) <
		    1e-6);
	}
}

/* ---- attention --------------------------------------------------------- */

static void
test_gqa_mapping(void **state)
{
	struct attention_params	p = { 0 };
	int64_t			h;

	(void)state;
	p.n_heads = 8;
	p.n_kv_heads = 2;
	for (h = 0; h < 8; h++)
		assert_int_equal(attention_kv_head(&p, h), h / 4);
	p.n_kv_heads = 8;
	for (h = 0; h < 8; h++)
		assert_int_equal(attention_kv_head(&p, h), h);
	p.n_kv_heads = 1;
	for (h = 0; h < 8; h++)
		assert_int_equal(attention_kv_head(&p, h), 0);
}

static void
test_sliding_visible(void **state)
{
	struct attention_params	p = { 0 };
	int64_t			i, j;

	(void)state;
	p.T = 20;
	p.mask = MASK_SLIDING;
	p.window = 3;
	for (i = 0; i < 20; i++)
		for (j = 0; j < 20; j++)
			assert_int_equal(attention_visible(&p, i, j),
			    j <= i && i - j < 3);
}

/*
 * attention_block against a naive double-precision softmax, with GQA,
 * ALiBi and each mask, over several row blocks.
 */
static void
naive_check(enum config_mask mask, int alibi)
{
	enum { T = 150, H = 6, KV = 2, DH = 8 };
	struct attention_params	 p = { 0 };
	float			*q, *k, *blk, slopes[H];
	double			 s[T], max, sum;
	int64_t			 h, i, j, d, r0, r1, c0, c1, g;

	q = malloc(T * H * DH * sizeof *q);
	k = malloc(T * KV * DH * sizeof *k);
	blk = malloc(ATTENTION_BLOCK * T * sizeof *blk);
	assert_true(q != NULL && k != NULL && blk != NULL);
	rng_normal_fill(1, "q", 1.0, 0, T * H * DH, q);
	rng_normal_fill(1, "k", 1.0, 0, T * KV * DH, k);
	ops_alibi_slopes(H, slopes);
	p.T = T;
	p.n_heads = H;
	p.n_kv_heads = KV;
	p.d_head = DH;
	p.mask = mask;
	p.window = 7;
	p.slopes = alibi ? slopes : NULL;
	for (h = 0; h < H; h++)
		for (r0 = 0; r0 < T; r0 += ATTENTION_BLOCK) {
			r1 = r0 + ATTENTION_BLOCK < T ? r0 + ATTENTION_BLOCK :
			    T;
			attention_span(&p, r0, r1, &c0, &c1);
			attention_block(&p, q, k, h, r0, r1, blk);
			g = h / (H / KV);
			for (i = r0; i < r1; i++) {
				max = -INFINITY;
				for (j = 0; j < T; j++) {
					s[j] = 0.0;
					for (d = 0; d < DH; d++)
						s[j] += (double)q[(i * H + h) *
						    DH + d] * k[(j * KV + g) *
						    DH + d];
					s[j] /= sqrt((double)DH);
					if (alibi)
						s[j] -= slopes[h] *
						    (double)llabs(i - j);
					if (attention_visible(&p, i, j) &&
					    s[j] > max)
						max = s[j];
				}
				sum = 0.0;
				for (j = 0; j < T; j++)
					if (attention_visible(&p, i, j))
						sum += exp(s[j] - max);
				for (j = 0; j < T; j++) {
					double	want = attention_visible(&p,
					    i, j) ? exp(s[j] - max) / sum : 0;
					float	got = j >= c0 && j < c1 ?
					    blk[(i - r0) * (c1 - c0) +
					    (j - c0)] : 0.0f;

					assert_true(fabs(got - want) < 2e-6);
				}
			}
		}
	free(q);
	free(k);
	free(blk);
}

static void
test_block_naive(void **state)
{
	(void)state;
	naive_check(MASK_CAUSAL, 0);
	naive_check(MASK_NONE, 0);
	naive_check(MASK_SLIDING, 0);
	naive_check(MASK_CAUSAL, 1);
	naive_check(MASK_NONE, 1);
}

/* ---- forward ----------------------------------------------------------- */

static void
pattern_case(enum config_family fam, enum config_mask mask, int64_t window,
    int64_t T)
{
	struct config		c;
	struct weights		w;
	struct forward_result	r;

	make_config(&c, fam, T);
	c.model.mask = mask;
	c.model.window = window;
	run(&c, 2, &w, &r);
	assert_int_equal(store_seq(r.store), T);
	check_pattern(&c, &r);
	forward_result_free(&r);
	weights_free(&w);
}

static void
test_patterns(void **state)
{
	(void)state;
	pattern_case(FAMILY_GPT2, MASK_CAUSAL, 0, 150);
	pattern_case(FAMILY_GPT2, MASK_SLIDING, 5, 150);
	pattern_case(FAMILY_GPT2, MASK_NONE, 0, 70);
	pattern_case(FAMILY_LLAMA, MASK_CAUSAL, 0, 100);
	pattern_case(FAMILY_BERT, MASK_NONE, 0, 65);
	pattern_case(FAMILY_ATTENTION, MASK_NONE, 0, 40);
	pattern_case(FAMILY_ATTENTION, MASK_SLIDING, 3, 9);
	pattern_case(FAMILY_GPT2, MASK_CAUSAL, 0, 1);
}

/* Bitwise equal heads and hidden states for 1, 2 and 3 threads. */
/*
 * Run c once for each of n (threads, store budget) pairs (budget 0: the
 * default), check every run gives the first run's bits, heads and hidden
 * states, and return each run's store mode in modes.
 */
#define MAX_RUNS	4
static void
same_bits(struct config *c, const int *threads, const uint64_t *budgets,
    int n, enum store_mode *modes)
{
	struct weights		 w[MAX_RUNS];
	struct forward_result	 r[MAX_RUNS];
	float			*a[MAX_RUNS];
	int64_t			 T = (int64_t)c->input.n_tokens, size;
	int			 i;

	assert_true(n <= MAX_RUNS);
	if (c->input.kind == INPUT_EMBEDDINGS)
		T = c->input.seq_len;
	for (i = 0; i < n; i++) {
		store_set_budget(budgets[i]);
		run(c, threads[i], &w[i], &r[i]);
		a[i] = all_heads(&r[i]);
		modes[i] = store_mode(r[i].store);
	}
	store_set_budget(0);
	size = store_layers(r[0].store) * store_heads(r[0].store) * T * T;
	for (i = 1; i < n; i++) {
		assert_memory_equal(a[0], a[i], (size_t)size * sizeof(float));
		assert_memory_equal(r[0].hidden, r[i].hidden,
		    (size_t)(T * c->model.d_model) * sizeof(float));
	}
	for (i = 0; i < n; i++) {
		free(a[i]);
		forward_result_free(&r[i]);
		weights_free(&w[i]);
	}
}

/* The same bits whatever the thread count. */
static void
threads_case(struct config *c)
{
	static const int	 threads[] = { 1, 2, 3, 5 };
	static const uint64_t	 budgets[] = { 0, 0, 0, 0 };
	enum store_mode		 modes[MAX_RUNS];

	same_bits(c, threads, budgets, 4, modes);
}

static void
test_threads_bitwise(void **state)
{
	struct config	c;

	(void)state;
	make_config(&c, FAMILY_GPT2, 200);
	c.model.d_model = 160;	/* more than one column block */
	c.model.n_heads = 5;
	c.model.n_kv_heads = 5;
	c.model.d_head = 32;
	c.model.d_ff = 300;
	threads_case(&c);
	/* Two row tiles, the last one short, and layers wide enough for
	   several column tiles: where a cut that followed the thread count
	   would move columns between an sgemm kernel's edge paths. */
	make_config(&c, FAMILY_GPT2, 700);
	c.model.n_layers = 1;
	c.model.d_model = 256;
	c.model.d_head = 64;
	c.model.d_ff = 1024;
	threads_case(&c);
	make_config(&c, FAMILY_LLAMA, 130);
	c.model.n_kv_heads = 2;
	threads_case(&c);
	make_config(&c, FAMILY_BERT, 70);
	threads_case(&c);
}

/*
 * Seeded weights made layer by layer as the pass reaches them
 * (WEIGHTS_BY_LAYER) give the same pass, bit for bit, as weights made
 * at once, and end up the same weights.
 */
static void
by_layer_case(struct config *c)
{
	struct weights		 now, later;
	struct forward_result	 a, b;
	struct tokens		 tok;
	struct error		 err = { 0 };
	float			*ha, *hb;
	int64_t			 T = (int64_t)c->input.n_tokens, l, L, H;
	size_t			 n;

	ok(tokens_from_config(c, NULL, &tok, &err), &err);
	ok(weights_load(c, NULL, &now, &err), &err);
	ok(weights_load_flags(c, pool_of(2), WEIGHTS_BY_LAYER, &later, &err),
	    &err);
	ok(forward_run(c, &now, &tok, pool_of(1), &a, &err), &err);
	ok(forward_run(c, &later, &tok, pool_of(2), &b, &err), &err);
	L = c->model.n_layers;
	H = c->model.n_heads;
	ha = all_heads(&a);
	hb = all_heads(&b);
	assert_memory_equal(ha, hb, (size_t)(L * H * T * T) * sizeof *ha);
	assert_memory_equal(a.hidden, b.hidden,
	    (size_t)(T * c->model.d_model) * sizeof *a.hidden);
	for (l = 0; l < L; l++) {
		n = (size_t)(now.layers[l].fc.in * now.layers[l].fc.out);
		assert_memory_equal(now.layers[l].fc.w, later.layers[l].fc.w,
		    n * sizeof(float));
		/* Asked again: nothing to do. */
		weights_make_layer(&later, l, pool_of(1));
	}
	free(ha);
	free(hb);
	forward_result_free(&a);
	forward_result_free(&b);
	weights_free(&now);
	weights_free(&later);
	tokens_free(&tok);
}

static void
test_weights_by_layer(void **state)
{
	struct config	c;

	(void)state;
	make_config(&c, FAMILY_GPT2, 40);
	c.model.n_layers = 3;
	by_layer_case(&c);
	make_config(&c, FAMILY_LLAMA, 33);
	c.model.n_kv_heads = 2;
	by_layer_case(&c);
	make_config(&c, FAMILY_BERT, 20);
	by_layer_case(&c);
}

/*
 * Kept probabilities and recomputed ones are the same bits, recomputed
 * on one thread or on the forward pass's three.
 */
static void
modes_case(struct config *c, enum store_mode dense_mode)
{
	static const int	 threads[] = { 2, 1, 3 };
	static const uint64_t	 budgets[] = { 0, 1, 1 };
	enum store_mode		 modes[MAX_RUNS];

	same_bits(c, threads, budgets, 3, modes);
	assert_int_equal(modes[0], dense_mode);
	assert_int_equal(modes[1], STORE_RECOMPUTE);
	assert_int_equal(modes[2], STORE_RECOMPUTE);
}

static void
test_store_modes(void **state)
{
	struct config	c;

	(void)state;
	make_config(&c, FAMILY_GPT2, 150);
	modes_case(&c, STORE_TRIANGLE);
	make_config(&c, FAMILY_GPT2, 150);
	c.model.mask = MASK_SLIDING;
	c.model.window = 9;
	c.model.position = POS_ALIBI;
	modes_case(&c, STORE_TRIANGLE);
	make_config(&c, FAMILY_BERT, 100);
	modes_case(&c, STORE_DENSE);
	make_config(&c, FAMILY_LLAMA, 90);
	c.model.n_kv_heads = 1;
	modes_case(&c, STORE_TRIANGLE);
}

static void
test_store_bad_head(void **state)
{
	struct config		c;
	struct weights		w;
	struct forward_result	r;
	struct error		err = { 0 };
	float			buf[16];

	(void)state;
	make_config(&c, FAMILY_GPT2, 4);
	run(&c, 1, &w, &r);
	assert_int_equal(store_head(r.store, 2, 0, buf, &err), -1);
	assert_non_null(err.message);
	error_clear(&err);
	assert_int_equal(store_head(r.store, 0, 4, buf, &err), -1);
	error_clear(&err);
	forward_result_free(&r);
	weights_free(&w);
}

/* ---- the pass in the background ------------------------------------- */

/*
 * Every head of layer l in s is the same bits as in ref (all heads of
 * a pass of the same model run to its end, as all_heads gives them).
 */
static void
same_layer(struct store *s, int64_t l, const float *ref)
{
	int64_t		 H = store_heads(s), T = store_seq(s), h;
	struct error	 err = { 0 };
	float		*got = malloc((size_t)(T * T) * sizeof *got);

	assert_non_null(got);
	for (h = 0; h < H; h++) {
		ok(store_head(s, l, h, got, &err), &err);
		assert_memory_equal(got, ref + (l * H + h) * T * T,
		    (size_t)(T * T) * sizeof *got);
	}
	free(got);
}

/*
 * A pass in the background: its store exists at once, its layers come
 * ready in order, each readable (the same bits as a pass run to its
 * end) while later ones are written, and its end hands over the rest.
 */
static void
background_case(const struct config *c, uint64_t budget)
{
	struct weights		 w, rw;
	struct forward_result	 r;
	struct tokens		 tok;
	struct background	*b;
	struct error		 err = { 0 };
	int64_t			 L = c->model.n_layers, seen = 0, ready;
	float			*ref;
	int			 rc;

	store_set_budget(budget);
	run(c, 2, &rw, &r);
	ref = all_heads(&r);
	ok(tokens_from_config(c, NULL, &tok, &err), &err);
	ok(weights_load(c, NULL, &w, &err), &err);
	ok(background_start(c, &w, &tok, pool_of(2), &b, &err), &err);
	assert_non_null(background_store(b));
	assert_int_equal(store_mode(background_store(b)),
	    store_mode(r.store));
	do {
		rc = background_poll(b, &err);
		ready = store_layers_ready(background_store(b));
		assert_true(ready >= seen && ready <= L);
		for (; seen < ready; seen++)
			same_layer(background_store(b), seen, ref);
	} while (rc == 0);
	ok(rc == 1 ? 0 : -1, &err);
	assert_int_equal(seen, L);
	assert_int_equal(background_poll(b, &err), 1);
	/* After the end, again: a recomputing store now has the pool. */
	for (seen = 0; seen < L; seen++)
		same_layer(background_store(b), seen, ref);
	background_free(b);
	store_set_budget(0);
	free(ref);
	forward_result_free(&r);
	weights_free(&rw);
	weights_free(&w);
	tokens_free(&tok);
}

static void
test_background(void **state)
{
	struct config	c;

	(void)state;
	make_config(&c, FAMILY_GPT2, 150);
	c.model.n_layers = 6;
	background_case(&c, 0);
	background_case(&c, 1);		/* recompute */
	make_config(&c, FAMILY_BERT, 90);
	c.model.n_layers = 4;
	background_case(&c, 0);
}

static void
cancel_at_once(void *ctx, struct store *s)
{
	atomic_int	*cancel = ctx;

	(void)s;
	atomic_store(cancel, 1);
}

/*
 * Cancelled, the pass stops with an error, and the watcher keeps the
 * store: none of its layers ready, none readable.
 */
static void
test_background_cancel(void **state)
{
	struct config		 c;
	struct weights		 w;
	struct tokens		 tok;
	struct forward_result	 r;
	struct forward_watch	 watch;
	struct background	*b;
	struct error		 err = { 0 };
	atomic_int		 cancel;
	float			 buf[64 * 64];

	(void)state;
	make_config(&c, FAMILY_GPT2, 64);
	ok(tokens_from_config(&c, NULL, &tok, &err), &err);
	ok(weights_load(&c, NULL, &w, &err), &err);
	atomic_init(&cancel, 0);
	memset(&watch, 0, sizeof watch);
	watch.store_made = cancel_at_once;
	watch.ctx = &cancel;
	watch.cancel = &cancel;
	assert_int_equal(forward_run_watched(&c, &w, &tok, pool_of(2), &watch,
	    &r, &err), -1);
	assert_string_equal(err.message, "the forward pass was cancelled");
	error_clear(&err);
	assert_non_null(r.store);
	assert_null(r.hidden);
	assert_int_equal(store_layers_ready(r.store), 0);
	assert_null(store_head_data(r.store, 0, 0));
	assert_int_equal(store_head(r.store, 0, 0, buf, &err), -1);
	assert_string_equal(err.message, "layer 0 is not computed yet");
	error_clear(&err);
	forward_result_free(&r);

	/* Freed at once, while it runs: it stops, nothing leaks. */
	ok(background_start(&c, &w, &tok, pool_of(2), &b, &err), &err);
	background_free(b);

	/* A pass that cannot start says why, and leaves nothing. */
	tok.n = 0;
	assert_int_equal(background_start(&c, &w, &tok, pool_of(2), &b,
	    &err), -1);
	assert_string_equal(err.message, "no tokens to compute");
	error_clear(&err);
	tok.n = 64;
	weights_free(&w);
	tokens_free(&tok);
}

/*
 * Stopped once a reader has the layer it needs (--dump), the pass
 * writes no further layer; the ones ready stay readable, a later one
 * is never waited for in vain.
 */
static void
test_background_stop(void **state)
{
	struct config		 c;
	struct weights		 w, rw;
	struct forward_result	 r;
	struct tokens		 tok;
	struct background	*b;
	struct error		 err = { 0 };
	struct timespec		 ts = { 0, 50 * 1000 * 1000 };
	int64_t			 ready;
	float			*ref;

	(void)state;
	make_config(&c, FAMILY_GPT2, 300);
	c.model.n_layers = 512;		/* a long pass of short layers */
	c.model.n_heads = c.model.n_kv_heads = 1;
	run(&c, 2, &rw, &r);
	ref = all_heads(&r);
	ok(tokens_from_config(&c, NULL, &tok, &err), &err);
	ok(weights_load(&c, NULL, &w, &err), &err);
	ok(background_start(&c, &w, &tok, pool_of(2), &b, &err), &err);
	ok(store_wait_layer(background_store(b), 1, &err), &err);
	background_stop(b);
	ready = store_layers_ready(background_store(b));
	assert_in_range(ready, 2, 511);
	nanosleep(&ts, NULL);
	assert_int_equal(store_layers_ready(background_store(b)), ready);
	same_layer(background_store(b), 1, ref);
	assert_int_equal(store_wait_layer(background_store(b), 511, &err), -1);
	assert_string_equal(err.message, "layer 511 was not computed");
	error_clear(&err);
	background_free(b);
	free(ref);
	forward_result_free(&r);
	weights_free(&rw);
	weights_free(&w);
	tokens_free(&tok);
}

/*
 * A recomputing store with room for five heads beside q and k: the head
 * shown and its four neighbours are made ahead, in place, the same bits
 * as kept ones; others are made when asked for.
 */
static void
test_store_prefetch(void **state)
{
	struct config		 c;
	struct weights		 w, rw;
	struct forward_result	 r, kept;
	struct error		 err = { 0 };
	int64_t			 T = 100, L = 3, H = 4, n = T * T, l, h;
	const float		*p;
	float			*ref, *got;
	static const int64_t	 near[][2] = { { 1, 1 }, { 1, 2 }, { 1, 0 },
				    { 2, 1 }, { 0, 1 } };
	size_t			 i;

	(void)state;
	make_config(&c, FAMILY_BERT, T);
	c.model.n_layers = L;
	run(&c, 2, &rw, &kept);
	assert_int_equal(store_mode(kept.store), STORE_DENSE);
	ref = all_heads(&kept);
	/* Bytes: 48 T^2 of probabilities are over it; five heads (20 T^2)
	   beside q, k and scratch (13 T^2) are under. */
	store_set_budget((uint64_t)(40 * n));
	run(&c, 2, &w, &r);
	store_set_budget(0);
	assert_int_equal(store_mode(r.store), STORE_RECOMPUTE);
	got = malloc((size_t)n * sizeof *got);
	assert_non_null(got);

	assert_null(store_head_data(r.store, 1, 1));	/* none asked for */
	store_prefetch(r.store, 1, 1);
	for (i = 0; i < sizeof near / sizeof *near; i++) {
		p = store_head_data(r.store, near[i][0], near[i][1]);
		assert_non_null(p);
		assert_memory_equal(p, ref + (near[i][0] * H + near[i][1]) * n,
		    (size_t)n * sizeof *p);
	}
	assert_null(store_head_data(r.store, 0, 0));
	/* Copies: from the cache, or made when asked for. */
	for (l = 0; l < L; l++)
		for (h = 0; h < H; h++) {
			ok(store_head(r.store, l, h, got, &err), &err);
			assert_memory_equal(got, ref + (l * H + h) * n,
			    (size_t)n * sizeof *got);
		}
	/* The next head: its neighbours, wrapping round the heads. */
	store_prefetch(r.store, 1, 3);
	p = store_head_data(r.store, 1, 0);
	assert_non_null(p);
	assert_memory_equal(p, ref + (1 * H + 0) * n, (size_t)n * sizeof *p);
	assert_null(store_head_data(r.store, 1, 1));
	/* Freed while it makes heads ahead: it stops. */
	store_prefetch(r.store, 0, 2);
	forward_result_free(&r);
	free(got);
	free(ref);
	forward_result_free(&kept);
	weights_free(&w);
	weights_free(&rw);
}

/* ---- weights ----------------------------------------------------------- */

static void
test_weights_init(void **state)
{
	struct config	c;
	struct weights	w;
	struct error	err = { 0 };
	float		v;

	(void)state;
	make_config(&c, FAMILY_GPT2, 4);
	ok(weights_load(&c, NULL, &w, &err), &err);
	/* c_attn is [32, 96]: k starts 32 columns in, v 64. */
	rng_normal_fill(42, "h.1.attn.c_attn.weight", 0.5, 5 * 96 + 32 + 3, 1,
	    &v);
	assert_true(w.layers[1].k.w[5 * w.layers[1].k.ld + 3] == v);
	assert_int_equal(w.layers[1].k.ld, 96);
	assert_true(w.layers[1].v.w == w.layers[1].q.w + 64);
	assert_true(w.layers[0].attn_norm.w[7] == 1.0f);
	assert_true(w.layers[0].attn_norm.b[7] == 0.0f);
	assert_true(w.layers[0].q.b[40] == 0.0f);
	rng_normal_fill(42, "wte.weight", 0.5, 49 * 32 + 31, 1, &v);
	assert_true(w.tok_embed[49 * 32 + 31] == v);
	weights_free(&w);

	make_config(&c, FAMILY_LLAMA, 4);
	ok(weights_load(&c, NULL, &w, &err), &err);
	assert_null(w.layers[0].q.b);
	assert_null(w.layers[0].attn_norm.b);
	assert_non_null(w.layers[0].gate.w);
	rng_normal_fill(42, "layers.0.mlp.down_proj.weight", 0.5, 100, 1, &v);
	assert_true(w.layers[0].proj.w[100] == v);
	assert_int_equal(w.layers[0].proj.in_out, 0);
	weights_free(&w);
}

/* Write cfg's tensors to path, tensor bad (if >= 0) with shape bad_shape
 * or dtype F64 (which the loader refuses), tensor skip left out. */
struct file_ctx {
	size_t	nbytes[256];
};

static int
write_zeros(void *ctx, size_t index, FILE *fp, struct error *err)
{
	struct file_ctx	*f = ctx;
	size_t		 i;

	(void)err;
	for (i = 0; i < f->nbytes[index]; i++)
		if (fputc(0, fp) == EOF)
			return -1;
	return 0;
}

static void
write_model(const struct config *c, const char *path, long bad,
    int64_t bad_cols, int f64, long skip)
{
	struct st_out_tensor	 t[256];
	struct file_ctx		 f;
	struct error		 err = { 0 };
	char			 names[256][128];
	size_t			 n = weights_count(c), i, m = 0, el;
	int			 rank;
	int64_t			 shape[2];

	assert_true(n > 0 && n <= 256);
	for (i = 0; i < n; i++) {
		assert_int_equal(weights_describe(c, i, names[m],
		    sizeof names[m], &rank, shape), 0);
		if ((long)i == skip)
			continue;
		memset(&t[m], 0, sizeof t[m]);
		t[m].name = names[m];
		t[m].dtype = DTYPE_F32;
		t[m].rank = rank;
		t[m].shape[0] = shape[0];
		t[m].shape[1] = shape[1];
		if ((long)i == bad) {
			if (f64)
				t[m].dtype = DTYPE_F64;
			else
				t[m].shape[1] = bad_cols;
		}
		el = (size_t)t[m].shape[0] * (rank == 2 ?
		    (size_t)t[m].shape[1] : 1);
		f.nbytes[m] = el * dtype_size(t[m].dtype);
		m++;
	}
	ok(safetensors_write(path, t, m, NULL, NULL, 0, write_zeros, &f,
	    &err), &err);
}

static size_t
find_tensor(const struct config *c, const char *name)
{
	char	buf[128];
	int	rank;
	int64_t	shape[2];
	size_t	i;

	for (i = 0; i < weights_count(c); i++) {
		weights_describe(c, i, buf, sizeof buf, &rank, shape);
		if (strcmp(buf, name) == 0)
			return i;
	}
	fail_msg("no tensor %s", name);
	return 0;
}

static void
test_weights_file_errors(void **state)
{
	struct config	c;
	struct weights	w;
	struct error	err = { 0 };
	char		path[] = "/tmp/attntui-fwd-XXXXXX";
	char		file[64];
	size_t		cattn;
	int		fd;

	(void)state;
	assert_true((fd = mkstemp(path)) >= 0);
	close(fd);
	snprintf(file, sizeof file, "%s.safetensors", path);
	make_config(&c, FAMILY_GPT2, 4);
	c.model.n_layers = 1;
	c.model.d_model = 64;
	c.model.n_heads = 4;
	c.model.d_head = 16;
	c.weights.source = WEIGHTS_FILE;
	c.weights.file = file;
	cattn = find_tensor(&c, "h.0.attn.c_attn.weight");

	write_model(&c, file, -1, 0, 0, -1);
	ok(weights_load(&c, NULL, &w, &err), &err);
	assert_true(w.layers[0].q.w[5] == 0.0f);
	weights_free(&w);

	write_model(&c, file, (long)cattn, 128, 0, -1);
	assert_int_equal(weights_load(&c, NULL, &w, &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	assert_string_equal(err.message, "tensor 'h.0.attn.c_attn.weight': "
	    "expected shape [64, 192], found [64, 128]");
	error_clear(&err);

	write_model(&c, file, (long)cattn, 0, 1, -1);
	assert_int_equal(weights_load(&c, NULL, &w, &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	assert_string_equal(err.message, "tensor 'h.0.attn.c_attn.weight': "
	    "dtype F64 is not supported, expected F32, F16 or BF16");
	error_clear(&err);

	write_model(&c, file, -1, 0, 0, (long)find_tensor(&c, "ln_f.bias"));
	assert_int_equal(weights_load(&c, NULL, &w, &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	assert_non_null(strstr(err.message, "'ln_f.bias'"));
	assert_non_null(strstr(err.message, "missing"));
	error_clear(&err);
	unlink(file);
	unlink(path);
}

/* ---- tokens ------------------------------------------------------------ */

static void
test_tokens(void **state)
{
	struct config	c;
	struct tokens	t;
	struct error	err = { 0 };

	(void)state;
	make_config(&c, FAMILY_GPT2, 3);
	c.input.kind = INPUT_TEXT;
	c.input.tokenizer = TOKENIZER_WHITESPACE;
	c.input.text = (char *)"  the\tquick\x01 fox\n";
	ok(tokens_from_config(&c, NULL, &t, &err), &err);
	assert_int_equal(t.n, 3);
	assert_string_equal(t.labels[0], "the");
	assert_string_equal(t.labels[1], "quick\\x01");
	assert_int_equal(t.ids[0],
	    (int64_t)(rng_fnv1a64("the", 3) % 50));
	tokens_free(&t);

	c.model.vocab_size = 300;
	c.input.tokenizer = TOKENIZER_CHARS;
	c.input.text = (char *)"a\xc3\xa9\n\xff";
	ok(tokens_from_config(&c, NULL, &t, &err), &err);
	assert_int_equal(t.n, 4);
	assert_string_equal(t.labels[1], "\xc3\xa9");
	assert_int_equal(t.ids[1], 0xe9);
	assert_string_equal(t.labels[2], "\\n");
	assert_string_equal(t.labels[3], "\\xFF");
	tokens_free(&t);

	c.input.tokenizer = TOKENIZER_BYTES;
	ok(tokens_from_config(&c, "a\xc3\t", &t, &err), &err);
	assert_int_equal(t.n, 3);
	assert_string_equal(t.labels[0], "a");
	assert_string_equal(t.labels[1], "\\xC3");
	assert_int_equal(t.ids[1], 0xc3);
	assert_string_equal(t.labels[2], "\\t");
	tokens_free(&t);

	/* GPT-2's own ids for "Hello world": 15496, 995 (tests/bpe has
	   the tokenizer's full oracle comparison). */
	c.input.tokenizer = TOKENIZER_GPT2;
	c.input.vocab = (char *)GPT2_DIR "/encoder.json";
	c.input.merges = (char *)GPT2_DIR "/vocab.bpe";
	c.model.vocab_size = 50257;
	ok(tokens_from_config(&c, "Hello world", &t, &err), &err);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.ids[0], 15496);
	assert_int_equal(t.ids[1], 995);
	assert_string_equal(t.labels[1], "\xe2\x90\xa3world");
	tokens_free(&t);
	c.model.vocab_size = 1000;	/* 15496 no longer fits */
	assert_int_equal(tokens_from_config(&c, "Hello world", &t, &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	assert_non_null(strstr(err.message, "outside the model's vocabulary"));
	error_clear(&err);
	c.input.vocab = c.input.merges = NULL;

	c.input.tokenizer = TOKENIZER_WHITESPACE;
	assert_int_equal(tokens_from_config(&c, "   ", &t, &err), -1);
	error_clear(&err);

	make_config(&c, FAMILY_GPT2, 3);
	ok(tokens_from_config(&c, NULL, &t, &err), &err);
	assert_string_equal(t.labels[1], "#10");
	tokens_free(&t);
	c.model.max_seq = 2;
	assert_int_equal(tokens_from_config(&c, NULL, &t, &err), -1);
	assert_non_null(strstr(err.message, "max_seq"));
	error_clear(&err);

	make_config(&c, FAMILY_ATTENTION, 12);
	ok(tokens_from_config(&c, NULL, &t, &err), &err);
	assert_int_equal(t.n, 12);
	assert_string_equal(t.labels[11], "11");
	tokens_free(&t);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_rng_reference),
		cmocka_unit_test(test_exp_accuracy),
		cmocka_unit_test(test_alibi_slopes),
		cmocka_unit_test(test_sinusoidal),
		cmocka_unit_test(test_rope),
		cmocka_unit_test(test_activations),
		cmocka_unit_test(test_gqa_mapping),
		cmocka_unit_test(test_sliding_visible),
		cmocka_unit_test(test_block_naive),
		cmocka_unit_test(test_patterns),
		cmocka_unit_test(test_threads_bitwise),
		cmocka_unit_test(test_weights_by_layer),
		cmocka_unit_test(test_store_modes),
		cmocka_unit_test(test_store_bad_head),
		cmocka_unit_test(test_background),
		cmocka_unit_test(test_background_cancel),
		cmocka_unit_test(test_background_stop),
		cmocka_unit_test(test_store_prefetch),
		cmocka_unit_test(test_weights_init),
		cmocka_unit_test(test_weights_file_errors),
		cmocka_unit_test(test_tokens),
	};

	forward_blas_single();
	return cmocka_run_group_tests(tests, NULL, free_pools);
}
