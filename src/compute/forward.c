/*
 * forward.c - the forward pass of every family; see forward.h.
 *
 * Parallelism comes from the caller's pool only.  OpenBLAS is held to
 * one thread (forward_blas_single) and called from pool items: linear
 * layers are cut into tiles of FWD_TILE_ROWS rows by up to FWD_TILE_COLS
 * outputs, attention into (head, ATTENTION_BLOCK rows) items, row-wise
 * ops into FWD_ROWS rows.
 * The results do not depend on the thread count, bit for bit: items are
 * set by the shapes alone.
 */
#include "build-config.h"

#include <cblas.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "attntui/base/pool.h"
#include "attntui/base/progress.h"
#include "attntui/base/rng.h"
#include "attntui/compute/attention.h"
#include "attntui/compute/forward.h"
#include "attntui/compute/ops.h"

#define FWD_TILE_ROWS	512	/* rows per linear item */
#define FWD_TILE_COLS	768	/* output columns per linear item, at most */
#define FWD_MIN_TILES	2	/* linear items per layer, at least */
#define FWD_ROWS	32	/* rows per row-wise item */
#define FWD_MAX_JOBS	3

/* One linear product, y = act(x W^T + b), optionally into a residual. */
struct fwd_job {
	const struct weights_linear	*lin;
	const float			*in;	/* [T, lin->in], dense */
	float				*out;
	int64_t				 ldo;
	int				 accumulate; /* out += ... */
	enum config_activation		 act;
	const struct weights_linear	*up;	/* swiglu: lin is the gate */
	float				*up_out;
	int64_t				 tile_cols, col_tiles;
};

struct fwd {
	const struct config	*cfg;
	const struct weights	*w;
	struct pool		*pool;
	struct store		*store;
	const struct forward_watch *watch;	/* or NULL */
	struct attention_params	 ap;
	int64_t			 T, D, H, Hkv, dh, F, qo, kvo;

	float			*x;		/* residual stream [T, D] */
	float			*h;		/* normed [T, D] */
	float			*q, *k, *v;	/* [T, qo], [T, kvo] x 2 */
	float			*att;		/* [T, qo] */
	float			*ff, *up;	/* [T, F] */
	float			*rope_cos, *rope_sin;
	float			*slopes;
	atomic_uchar		*nonfinite;	/* per head, this layer */
	float		       **scratch;	/* per worker */
	int			 n_scratch;

	/* The current pool_run's work. */
	struct fwd_job		 jobs[FWD_MAX_JOBS];
	int64_t			 job_first[FWD_MAX_JOBS + 1];
	int			 n_jobs;
	const struct weights_norm *norm;
	const float		*norm_in;
	float			*norm_out;
	int64_t			 layer;
};

/*
 * A linear job's tile width.  Rows come in fixed FWD_TILE_ROWS tiles;
 * columns are cut as FWD_TILE_COLS needs and into FWD_MIN_TILES tiles
 * at least.  Wide tiles matter on few cores: OpenBLAS packs a tile's
 * inputs on every call.
 *
 * The cut never follows the thread count.  Where a column falls in a
 * tile decides which of the sgemm kernel's edge paths sums it, and some
 * kernels (OpenBLAS's Haswell sgemm among them) sum their edges in
 * another order, so a cut by threads would change bits.
 */
static int64_t
fwd_tile_cols(int64_t T, int64_t out)
{
	int64_t	row_tiles = (T + FWD_TILE_ROWS - 1) / FWD_TILE_ROWS;
	int64_t	col_tiles = (out + FWD_TILE_COLS - 1) / FWD_TILE_COLS;
	int64_t	cols;

	if (row_tiles * col_tiles < FWD_MIN_TILES)
		col_tiles = (FWD_MIN_TILES + row_tiles - 1) / row_tiles;
	cols = (out + col_tiles - 1) / col_tiles;
	return (cols + 15) / 16 * 16;	/* OpenBLAS's kernels step by 16 */
}

/* Allocate a * b floats, or NULL on overflow or no memory. */
static float *
fwd_alloc(int64_t a, int64_t b)
{
	size_t	n;

	if (a < 0 || b < 0 || (b != 0 && (uint64_t)a > SIZE_MAX /
	    sizeof(float) / (uint64_t)b))
		return NULL;
	n = (size_t)a * (size_t)b;
	return malloc(n == 0 ? 1 : n * sizeof(float));
}

/* Has the watcher asked the pass to stop?  Items then do nothing. */
static int
fwd_stopped(const struct fwd *f)
{
	return f->watch != NULL && f->watch->cancel != NULL &&
	    atomic_load_explicit(f->watch->cancel, memory_order_relaxed);
}

/* out[nr, c0 .. c0 + nc) = in[nr, K] W^T + beta out, for one tile. */
static void
fwd_gemm(const struct weights_linear *l, const float *in, int64_t nr,
    int64_t c0, int64_t nc, float beta, float *out, int64_t ldo)
{
	if (l->in_out)
		cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans,
		    (int)nr, (int)nc, (int)l->in, 1.0f, in, (int)l->in,
		    l->w + c0, (int)l->ld, beta, out + c0, (int)ldo);
	else
		cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans,
		    (int)nr, (int)nc, (int)l->in, 1.0f, in, (int)l->in,
		    l->w + c0 * l->ld, (int)l->ld, beta, out + c0, (int)ldo);
}

/* One tile of a linear layer: FWD_TILE_ROWS rows by tile_cols outputs. */
static void
fwd_linear_item(void *arg, int64_t item, int worker)
{
	struct fwd			*f = arg;
	const struct fwd_job		*j;
	const struct weights_linear	*l;
	int64_t				 i, c0, nc, r0, nr, t, n = 0;
	const float			*b, *in;
	float				*out, beta;

	(void)worker;
	if (fwd_stopped(f))
		return;
	while (item >= f->job_first[n + 1])
		n++;
	j = &f->jobs[n];
	l = j->lin;
	i = item - f->job_first[n];
	c0 = i % j->col_tiles * j->tile_cols;
	r0 = i / j->col_tiles * FWD_TILE_ROWS;
	nc = l->out - c0 < j->tile_cols ? l->out - c0 : j->tile_cols;
	nr = f->T - r0 < FWD_TILE_ROWS ? f->T - r0 : FWD_TILE_ROWS;
	in = j->in + r0 * l->in;
	out = j->out + r0 * j->ldo;
	b = l->b != NULL ? l->b + c0 : NULL;
	beta = j->accumulate ? 1.0f : 0.0f;
	if (j->up != NULL) {
		float	*up_out = j->up_out + r0 * j->ldo;

		fwd_gemm(l, in, nr, c0, nc, 0.0f, out, j->ldo);
		fwd_gemm(j->up, in, nr, c0, nc, 0.0f, up_out, j->ldo);
		for (t = 0; t < nr; t++)
			ops_swiglu(out + t * j->ldo + c0, b,
			    up_out + t * j->ldo + c0, j->up->b != NULL ?
			    j->up->b + c0 : NULL, (size_t)nc);
		return;
	}
	/*
	 * Start from the bias and add the product to it: one pass over the
	 * tile, where OpenBLAS would zero it and ops_bias_act add b after.
	 */
	if (b != NULL && !j->accumulate) {
		for (t = 0; t < nr; t++)
			memcpy(out + t * j->ldo + c0, b, (size_t)nc *
			    sizeof *out);
		beta = 1.0f;
		b = NULL;
	}
	fwd_gemm(l, in, nr, c0, nc, beta, out, j->ldo);
	if (b == NULL && j->act == ACT_NONE)
		return;
	for (t = 0; t < nr; t++)
		ops_bias_act(out + t * j->ldo + c0, b, (size_t)nc, j->act);
}

/* Run the jobs queued in f->jobs, all in one pool_run. */

static void
fwd_run_jobs(struct fwd *f)
{
	int	i;

	f->job_first[0] = 0;
	for (i = 0; i < f->n_jobs; i++) {
		struct fwd_job	*j = &f->jobs[i];

		j->tile_cols = fwd_tile_cols(f->T, j->lin->out);
		j->col_tiles = (j->lin->out + j->tile_cols - 1) / j->tile_cols;
		f->job_first[i + 1] = f->job_first[i] + j->col_tiles *
		    ((f->T + FWD_TILE_ROWS - 1) / FWD_TILE_ROWS);
	}
	pool_run(f->pool, f->job_first[f->n_jobs], fwd_linear_item, f);
	f->n_jobs = 0;
}

static void
fwd_queue(struct fwd *f, const struct weights_linear *lin, const float *in,
    float *out, int accumulate, enum config_activation act)
{
	struct fwd_job	*j = &f->jobs[f->n_jobs++];

	memset(j, 0, sizeof *j);
	j->lin = lin;
	j->in = in;
	j->out = out;
	j->ldo = lin->out;
	j->accumulate = accumulate;
	j->act = act;
}

static void
fwd_norm_item(void *arg, int64_t item, int worker)
{
	struct fwd	*f = arg;
	int64_t		 t, t1 = (item + 1) * FWD_ROWS, D = f->D;
	float		 eps = (float)f->cfg->model.norm_eps;

	(void)worker;
	if (t1 > f->T)
		t1 = f->T;
	for (t = item * FWD_ROWS; t < t1; t++) {
		if (f->cfg->model.norm == NORM_RMSNORM)
			ops_rmsnorm(f->norm_in + t * D, f->norm_out + t * D, D,
			    f->norm->w, eps);
		else
			ops_layernorm(f->norm_in + t * D, f->norm_out + t * D,
			    D, f->norm->w, f->norm->b, eps);
	}
}

/* out = norm(in) row by row; norm none copies (or does nothing). */
static void
fwd_norm(struct fwd *f, const struct weights_norm *nm, const float *in,
    float *out)
{
	if (f->cfg->model.norm == NORM_NONE) {
		if (in != out)
			memcpy(out, in, (size_t)(f->T * f->D) * sizeof *out);
		return;
	}
	f->norm = nm;
	f->norm_in = in;
	f->norm_out = out;
	pool_run(f->pool, (f->T + FWD_ROWS - 1) / FWD_ROWS, fwd_norm_item, f);
}

static void
fwd_rope_item(void *arg, int64_t item, int worker)
{
	struct fwd	*f = arg;
	int64_t		 t, t1 = (item + 1) * FWD_ROWS, half = f->dh / 2;

	(void)worker;
	if (t1 > f->T)
		t1 = f->T;
	for (t = item * FWD_ROWS; t < t1; t++) {
		ops_rope_apply(f->q + t * f->qo, f->H, f->dh,
		    f->rope_cos + t * half, f->rope_sin + t * half);
		ops_rope_apply(f->k + t * f->kvo, f->Hkv, f->dh,
		    f->rope_cos + t * half, f->rope_sin + t * half);
	}
}

/*
 * One (head, row block): probabilities, kept when the store is dense,
 * then P V into the head's columns of att.  Later blocks first: they
 * cost the most under a causal mask, and the pool's tail stays short.
 */
static void
fwd_attention_item(void *arg, int64_t item, int worker)
{
	struct fwd	*f = arg;
	int64_t		 nb = (f->T + ATTENTION_BLOCK - 1) / ATTENTION_BLOCK;
	int64_t		 blk = nb - 1 - item / f->H, h = item % f->H;
	int64_t		 r0 = blk * ATTENTION_BLOCK, r1, c0, c1;
	float		*p = f->scratch[worker];

	if (fwd_stopped(f))
		return;
	r1 = r0 + ATTENTION_BLOCK < f->T ? r0 + ATTENTION_BLOCK : f->T;
	attention_span(&f->ap, r0, r1, &c0, &c1);
	if (attention_block(&f->ap, f->q, f->k, h, r0, r1, p) != 0)
		atomic_store_explicit(&f->nonfinite[h], 1,
		    memory_order_relaxed);
	if (store_mode(f->store) != STORE_RECOMPUTE)
		store_put_block(f->store, f->layer, h, r0, r1, p);
	cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans,
	    (int)(r1 - r0), (int)f->dh, (int)(c1 - c0), 1.0f, p,
	    (int)(c1 - c0),
	    f->v + c0 * f->kvo + attention_kv_head(&f->ap, h) * f->dh,
	    (int)f->kvo, 0.0f, f->att + r0 * f->qo + h * f->dh, (int)f->qo);
}

/* The embeddings: tokens (or random inputs), type 0, positions. */
static int
fwd_embed(struct fwd *f, const struct tokens *tok, struct error *err)
{
	const struct config_model	*m = &f->cfg->model;
	const struct weights		*w = f->w;
	int64_t				 t, i, D = f->D;
	float				*row;

	if (m->family == FAMILY_ATTENTION || w->tok_embed == NULL)
		rng_normal_fill(f->cfg->weights.seed, "input.embeddings", 1.0,
		    0, (size_t)(f->T * D), f->x);
	else
		for (t = 0; t < f->T; t++) {
			if (tok->ids[t] < 0 || tok->ids[t] >= m->vocab_size)
				return error_set(err, EXIT_USAGE, NULL, 0, 0,
				    "token %lld: id %lld is outside the "
				    "vocabulary", (long long)t,
				    (long long)tok->ids[t]);
			memcpy(f->x + t * D, w->tok_embed + tok->ids[t] * D,
			    (size_t)D * sizeof *f->x);
		}
	for (t = 0; t < f->T; t++) {
		row = f->x + t * D;
		if (w->type_embed != NULL)
			for (i = 0; i < D; i++)
				row[i] += w->type_embed[i];
		if (w->pos_embed != NULL)
			for (i = 0; i < D; i++)
				row[i] += w->pos_embed[t * D + i];
	}
	if (m->position == POS_SINUSOIDAL)
		ops_add_sinusoidal(f->x, f->T, D);
	if (m->family == FAMILY_BERT)
		fwd_norm(f, &w->embed_norm, f->x, f->x);
	return 0;
}

/*
 * Non-finite scores (weights with NaN, numbers too large for float) give
 * NaN probabilities: stop at the first head that has them, rather than
 * show or export them.
 */
static int
fwd_check_finite(struct fwd *f, struct error *err)
{
	int64_t	h;

	for (h = 0; h < f->H; h++)
		if (atomic_load_explicit(&f->nonfinite[h],
		    memory_order_relaxed))
			return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
			    "layer %lld, head %lld: the attention scores are "
			    "not finite (NaN or infinity: weights or config "
			    "values out of float's range)", (long long)f->layer,
			    (long long)h);
	return 0;
}

/* Recompute mode keeps each layer's q and k: give them away, get new. */
static int
fwd_keep_qk(struct fwd *f, struct error *err)
{
	store_keep_qk(f->store, f->layer, f->q, f->k);
	f->q = fwd_alloc(f->T, f->qo);
	f->k = fwd_alloc(f->T, f->kvo);
	if (f->q == NULL || f->k == NULL)
		return error_nomem(err, NULL);
	return 0;
}

/*
 * The end of a layer's attention: stop here if asked, and let readers
 * of a dense store have its probabilities (a recomputing store's once
 * it keeps the layer's q and k).
 */
static int
fwd_layer_ready(struct fwd *f, struct error *err)
{
	if (fwd_stopped(f))
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "the forward pass was cancelled");
	if (store_mode(f->store) == STORE_RECOMPUTE && fwd_keep_qk(f, err) != 0)
		return -1;
	store_layer_done(f->store, f->layer);
	return 0;
}

static int
fwd_attention(struct fwd *f, const struct weights_layer *ly, const float *in,
    struct error *err)
{
	fwd_queue(f, &ly->q, in, f->q, 0, ACT_NONE);
	fwd_queue(f, &ly->k, in, f->k, 0, ACT_NONE);
	fwd_queue(f, &ly->v, in, f->v, 0, ACT_NONE);
	fwd_run_jobs(f);
	if (f->rope_cos != NULL)
		pool_run(f->pool, (f->T + FWD_ROWS - 1) / FWD_ROWS,
		    fwd_rope_item, f);
	pool_run(f->pool, f->H * ((f->T + ATTENTION_BLOCK - 1) /
	    ATTENTION_BLOCK), fwd_attention_item, f);
	if (fwd_check_finite(f, err) != 0)
		return -1;
	return fwd_layer_ready(f, err);
}

/* ff = act(in W_fc + b), or silu(in W_gate) * (in W_up) for swiglu. */
static void
fwd_mlp(struct fwd *f, const struct weights_layer *ly, const float *in)
{
	if (ly->gate.w != NULL) {
		fwd_queue(f, &ly->gate, in, f->ff, 0, ACT_SWIGLU);
		f->jobs[0].up = &ly->fc;
		f->jobs[0].up_out = f->up;
	} else
		fwd_queue(f, &ly->fc, in, f->ff, 0,
		    f->cfg->model.activation);
	fwd_run_jobs(f);
	fwd_queue(f, &ly->proj, f->ff, f->x, 1, ACT_NONE);
	fwd_run_jobs(f);
}

static void
fwd_populate_item(void *arg, int64_t item, int worker)
{
	struct fwd	*f = arg;

	(void)worker;
	if (!fwd_stopped(f))
		store_populate(f->store, f->layer, item);
}

static int
fwd_layers(struct fwd *f, struct error *err)
{
	const struct config_model	*m = &f->cfg->model;
	const struct weights_layer	*ly;

	for (f->layer = 0; f->layer < m->n_layers; f->layer++) {
		ly = &f->w->layers[f->layer];
		pool_run(f->pool, store_populate_pieces(f->store),
		    fwd_populate_item, f);
		if (m->family == FAMILY_ATTENTION) {
			if (fwd_attention(f, ly, f->x, err) != 0)
				return -1;
			fwd_queue(f, &ly->o, f->att, f->h, 0, ACT_NONE);
			fwd_run_jobs(f);
			/* The layer's output is the hidden state. */
			memcpy(f->x, f->h, (size_t)(f->T * f->D) *
			    sizeof *f->x);
		} else if (m->family == FAMILY_BERT) {
			if (fwd_attention(f, ly, f->x, err) != 0)
				return -1;
			fwd_queue(f, &ly->o, f->att, f->x, 1, ACT_NONE);
			fwd_run_jobs(f);
			fwd_norm(f, &ly->attn_norm, f->x, f->x);
			fwd_mlp(f, ly, f->x);
			fwd_norm(f, &ly->mlp_norm, f->x, f->x);
		} else {
			fwd_norm(f, &ly->attn_norm, f->x, f->h);
			if (fwd_attention(f, ly, f->h, err) != 0)
				return -1;
			fwd_queue(f, &ly->o, f->att, f->x, 1, ACT_NONE);
			fwd_run_jobs(f);
			fwd_norm(f, &ly->mlp_norm, f->x, f->h);
			fwd_mlp(f, ly, f->h);
		}
		if (f->watch == NULL)
			progress_add(1);
	}
	if (m->family == FAMILY_GPT2 || m->family == FAMILY_LLAMA)
		fwd_norm(f, &f->w->final_norm, f->x, f->x);
	return 0;
}

static int
fwd_setup(struct fwd *f, struct error *err)
{
	const struct config_model	*m = &f->cfg->model;
	int				 i;

	f->D = m->d_model;
	f->H = m->n_heads;
	f->Hkv = m->n_kv_heads;
	f->dh = m->d_head;
	f->F = m->d_ff > 0 ? m->d_ff : 1;
	f->qo = f->H * f->dh;
	f->kvo = f->Hkv * f->dh;
	f->x = fwd_alloc(f->T, f->D);
	f->h = fwd_alloc(f->T, f->D);
	f->q = fwd_alloc(f->T, f->qo);
	f->k = fwd_alloc(f->T, f->kvo);
	f->v = fwd_alloc(f->T, f->kvo);
	f->att = fwd_alloc(f->T, f->qo);
	f->ff = fwd_alloc(f->T, f->F);
	f->up = m->activation == ACT_SWIGLU ? fwd_alloc(f->T, f->F) :
	    fwd_alloc(1, 1);
	f->n_scratch = pool_threads(f->pool);
	f->scratch = calloc((size_t)f->n_scratch, sizeof *f->scratch);
	f->nonfinite = calloc((size_t)f->H, sizeof *f->nonfinite);
	if (f->x == NULL || f->h == NULL || f->q == NULL || f->k == NULL ||
	    f->v == NULL || f->att == NULL || f->ff == NULL || f->up == NULL ||
	    f->scratch == NULL || f->nonfinite == NULL)
		goto nomem;
	for (i = 0; i < f->n_scratch; i++)
		if ((f->scratch[i] = fwd_alloc(ATTENTION_BLOCK, f->T)) == NULL)
			goto nomem;
	if (m->position == POS_ROPE) {
		f->rope_cos = fwd_alloc(f->T, f->dh / 2);
		f->rope_sin = fwd_alloc(f->T, f->dh / 2);
		if (f->rope_cos == NULL || f->rope_sin == NULL)
			goto nomem;
		ops_rope_table(f->T, f->dh, m->rope_theta, f->rope_cos,
		    f->rope_sin);
	}
	if (m->position == POS_ALIBI) {
		if ((f->slopes = fwd_alloc(f->H, 1)) == NULL)
			goto nomem;
		ops_alibi_slopes(f->H, f->slopes);
	}
	f->ap.T = f->T;
	f->ap.n_heads = f->H;
	f->ap.n_kv_heads = f->Hkv;
	f->ap.d_head = f->dh;
	f->ap.mask = m->mask;
	f->ap.window = m->window;
	f->ap.slopes = f->slopes;
	return store_create(&f->ap, m->n_layers, &f->store, err);

nomem:
	return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
	    "out of memory for %lld tokens", (long long)f->T);
}

static void
fwd_free(struct fwd *f)
{
	int	i;

	for (i = 0; f->scratch != NULL && i < f->n_scratch; i++)
		free(f->scratch[i]);
	free(f->scratch);
	free(f->x);
	free(f->h);
	free(f->q);
	free(f->k);
	free(f->v);
	free(f->att);
	free(f->ff);
	free(f->up);
	free(f->rope_cos);
	free(f->rope_sin);
	free(f->slopes);
	free(f->nonfinite);
	store_free(f->store);
}

static int
fwd_check(const struct config *cfg, const struct tokens *tok,
    struct error *err)
{
	const struct config_model	*m = &cfg->model;

	if (tok->n == 0)
		return error_set(err, EXIT_USAGE, NULL, 0, 0,
		    "no tokens to compute");
	if ((int64_t)tok->n > m->max_seq || tok->n > INT32_MAX / 2)
		return error_set(err, EXIT_USAGE, NULL, 0, 0,
		    "%zu tokens: more than max_seq %lld", tok->n,
		    (long long)m->max_seq);
	if (m->n_heads < 1 || m->n_kv_heads < 1 ||
	    m->n_heads % m->n_kv_heads != 0 || m->d_head < 1 ||
	    m->d_model < 1 || m->n_layers < 1 ||
	    (m->position == POS_ROPE && m->d_head % 2 != 0) ||
	    (m->mask == MASK_SLIDING && m->window < 1))
		return error_set(err, EXIT_USAGE, NULL, 0, 0,
		    "model dimensions do not fit together");
	return 0;
}

void
forward_blas_single(void)
{
	openblas_set_num_threads(1);
}

int
forward_run(const struct config *cfg, const struct weights *w,
    const struct tokens *tok, struct pool *pool, struct forward_result *out,
    struct error *err)
{
	return forward_run_watched(cfg, w, tok, pool, NULL, out, err);
}

/*
 * The embeddings and the layers; unwatched, under a progress bar (a
 * watcher reads the layers as they come, and shows its own).
 */
static int
fwd_compute(struct fwd *f, const struct tokens *tok, struct error *err)
{
	int	rc;

	if (f->watch == NULL)
		progress_begin("computing layers", f->cfg->model.n_layers);
	rc = fwd_embed(f, tok, err) == 0 && fwd_layers(f, err) == 0 ? 0 : -1;
	if (f->watch == NULL)
		progress_end();
	store_fill_end(f->store);
	return rc;
}

/*
 * Once the watcher has the store, it keeps it, even when the pass
 * fails: another thread may be reading its finished layers.
 */
int
forward_run_watched(const struct config *cfg, const struct weights *w,
    const struct tokens *tok, struct pool *pool,
    const struct forward_watch *watch, struct forward_result *out,
    struct error *err)
{
	struct fwd	f;
	int		rc;

	memset(out, 0, sizeof *out);
	memset(&f, 0, sizeof f);
	if (fwd_check(cfg, tok, err) != 0)
		return -1;
	f.cfg = cfg;
	f.pool = pool;
	f.w = w;
	f.watch = watch;
	f.T = (int64_t)tok->n;
	if (fwd_setup(&f, err) != 0) {
		fwd_free(&f);
		return -1;
	}
	store_fill_begin(f.store);
	if (watch != NULL && watch->store_made != NULL)
		watch->store_made(watch->ctx, f.store);
	rc = fwd_compute(&f, tok, err);
	/* A recomputing store keeps the threads: a head is a pass of its
	   own, and the view asks for one at every switch.  A watcher
	   hands them over itself, when nobody reads the store. */
	if (rc == 0 && watch == NULL && store_mode(f.store) ==
	    STORE_RECOMPUTE && pool != NULL)
		store_use_pool(f.store, pool);
	if (rc == 0 || (watch != NULL && watch->store_made != NULL)) {
		out->store = f.store;
		f.store = NULL;
	}
	if (rc == 0) {
		out->hidden = f.x;
		f.x = NULL;
	}
	fwd_free(&f);
	return rc;
}

void
forward_result_free(struct forward_result *r)
{
	if (r == NULL)
		return;
	store_free(r->store);
	free(r->hidden);
	memset(r, 0, sizeof *r);
}
