/*
 * forward.c - the forward pass of every family; see forward.h.
 *
 * Parallelism comes from the caller's pool only.  OpenBLAS is held to
 * one thread (forward_blas_single) and called from pool items: linear
 * layers are cut into tiles of FWD_TILE_ROWS rows (all rows for F16 and
 * BF16 weights, widened once a tile) by up to FWD_TILE_COLS outputs,
 * attention into (head, ATTENTION_BLOCK rows) items, row-wise ops into
 * FWD_ROWS rows.
 * The results do not depend on the thread count, bit for bit: items are
 * set by the shapes alone.
 */
#include "build-config.h"

#include <cblas.h>
#include <math.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "attntui/base/pool.h"
#include "attntui/base/progress.h"
#include "attntui/base/rng.h"
#include "attntui/compute/attention.h"
#include "attntui/compute/forward.h"
#include "attntui/compute/ops.h"
#include "attntui/model/weights_load.h"

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
	int64_t				 tile_rows, tile_cols, col_tiles;
};

struct fwd {
	const struct config	*cfg;
	const struct weights	*w;
	struct pool		*pool;
	struct store		*store;
	const struct forward_watch *watch;	/* or NULL */
	struct attention_params	 ap;		/* every layer's */
	struct attention_params	 lp;		/* the current layer's */
	int64_t			 T, D, H, Hkv, dh, F, qo, kvo;
	int64_t			 rot;		/* RoPE: dimensions rotated */

	float			*x;		/* residual stream [T, D] */
	float			*h;		/* normed [T, D] */
	float			*q, *k, *v;	/* [T, qo], [T, kvo] x 2 */
	float			*att;		/* [T, qo] */
	float			*ff, *up;	/* [T, F] */
	float			*rope_cos[2], *rope_sin[2]; /* [T, rot / 2]:
						   global, local layers */
	float			*slopes;
	atomic_uchar		*nonfinite;	/* per head, this layer */
	float		       **scratch;	/* per worker */
	float		       **wide;		/* per worker: F16 / BF16
						   weight tiles widened */
	int			 n_scratch;
	float			*norms;		/* [L][H][T], or NULL */
	float			*gram;		/* [H][dh][dh] of a layer */
	float			*vg;		/* per worker, BLOCK x dh */
	const struct weights_linear *o;		/* the layer's W_O */

	/* The current pool_run's work. */
	struct fwd_job		 jobs[FWD_MAX_JOBS];
	int64_t			 job_first[FWD_MAX_JOBS + 1];
	int			 n_jobs;
	const struct weights_norm *norm;
	const float		*norm_in;
	float			*norm_out;
	const struct weights_layer *ly;
	int64_t			 layer;
};

/*
 * A linear job's tile width.  Rows come in fixed tiles of tile_rows
 * (FWD_TILE_ROWS, or all T rows for F16 and BF16 weights); columns are
 * cut as FWD_TILE_COLS needs and into FWD_MIN_TILES tiles at least.
 * Wide tiles matter on few cores: OpenBLAS packs a tile's inputs on
 * every call.
 *
 * The cut never follows the thread count.  Where a column falls in a
 * tile decides which of the sgemm kernel's edge paths sums it, and some
 * kernels (OpenBLAS's Haswell sgemm among them) sum their edges in
 * another order, so a cut by threads would change bits.
 */
static int64_t
fwd_tile_cols(int64_t tile_rows, int64_t T, int64_t out)
{
	int64_t	row_tiles = (T + tile_rows - 1) / tile_rows;
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

/*
 * The weights of outputs [c0, c0 + nc) of an F16 or BF16 linear, widened
 * into wide as the tile's sgemm reads them: [nc, in] rows of an
 * nn.Linear, [in, nc] columns of a Conv1D.  *ld says their stride.
 */
static const float *
fwd_widen(const struct weights_linear *l, int64_t c0, int64_t nc,
    float *wide, int64_t *ld)
{
	const char	*src = l->w16;
	int64_t		 es = (int64_t)dtype_size(l->dtype), k;

	if (!l->in_out && l->ld == l->in) {
		dtype_widen(l->dtype, src + c0 * l->ld * es,
		    (size_t)(nc * l->in), wide);
		*ld = l->in;
	} else if (!l->in_out) {
		for (k = 0; k < nc; k++)
			dtype_widen(l->dtype, src + (c0 + k) * l->ld * es,
			    (size_t)l->in, wide + k * l->in);
		*ld = l->in;
	} else {
		for (k = 0; k < l->in; k++)
			dtype_widen(l->dtype, src + (k * l->ld + c0) * es,
			    (size_t)nc, wide + k * nc);
		*ld = nc;
	}
	return wide;
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
    int64_t c0, int64_t nc, float beta, float *out, int64_t ldo,
    float *wide)
{
	const float	*w;
	int64_t		 ld = l->ld;

	if (l->dtype != DTYPE_F32)
		w = fwd_widen(l, c0, nc, wide, &ld);
	else
		w = l->in_out ? l->w + c0 : l->w + c0 * l->ld;
	cblas_sgemm(CblasRowMajor, CblasNoTrans, l->in_out ? CblasNoTrans :
	    CblasTrans, (int)nr, (int)nc, (int)l->in, 1.0f, in, (int)l->in,
	    w, (int)ld, beta, out + c0, (int)ldo);
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
	float				*wide = f->wide != NULL ?
					    f->wide[worker] : NULL;

	if (fwd_stopped(f))
		return;
	while (item >= f->job_first[n + 1])
		n++;
	j = &f->jobs[n];
	l = j->lin;
	i = item - f->job_first[n];
	c0 = i % j->col_tiles * j->tile_cols;
	r0 = i / j->col_tiles * j->tile_rows;
	nc = l->out - c0 < j->tile_cols ? l->out - c0 : j->tile_cols;
	nr = f->T - r0 < j->tile_rows ? f->T - r0 : j->tile_rows;
	in = j->in + r0 * l->in;
	out = j->out + r0 * j->ldo;
	b = l->b != NULL ? l->b + c0 : NULL;
	beta = j->accumulate ? 1.0f : 0.0f;
	if (j->up != NULL) {
		float	*up_out = j->up_out + r0 * j->ldo;

		fwd_gemm(l, in, nr, c0, nc, 0.0f, out, j->ldo, wide);
		fwd_gemm(j->up, in, nr, c0, nc, 0.0f, up_out, j->ldo, wide);
		for (t = 0; t < nr; t++)
			ops_gated(out + t * j->ldo + c0, b,
			    up_out + t * j->ldo + c0, j->up->b != NULL ?
			    j->up->b + c0 : NULL, (size_t)nc, j->act);
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
	fwd_gemm(l, in, nr, c0, nc, beta, out, j->ldo, wide);
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

		/* An F16 or BF16 weight tile is widened by every item that
		   uses it: one item takes all rows, so once a pass. */
		j->tile_rows = j->lin->dtype != DTYPE_F32 ? f->T :
		    FWD_TILE_ROWS;
		j->tile_cols = fwd_tile_cols(j->tile_rows, f->T,
		    j->lin->out);
		j->col_tiles = (j->lin->out + j->tile_cols - 1) / j->tile_cols;
		f->job_first[i + 1] = f->job_first[i] + j->col_tiles *
		    ((f->T + j->tile_rows - 1) / j->tile_rows);
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

/* Gemma's post norms: x += norm(h), row by row (h normed in place). */
static void
fwd_norm_add_item(void *arg, int64_t item, int worker)
{
	struct fwd	*f = arg;
	int64_t		 t, i, t1 = (item + 1) * FWD_ROWS, D = f->D;
	float		 eps = (float)f->cfg->model.norm_eps, *h;

	(void)worker;
	if (t1 > f->T)
		t1 = f->T;
	for (t = item * FWD_ROWS; t < t1; t++) {
		h = f->h + t * D;
		ops_rmsnorm(h, h, D, f->norm->w, eps);
		for (i = 0; i < D; i++)
			f->x[t * D + i] += h[i];
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

/* Each head of a row of q or k normed (qk_norm), then rotated. */
static void
fwd_qk_row(struct fwd *f, float *x, int64_t heads,
    const struct weights_norm *nm, const float *c, const float *s)
{
	float	eps = (float)f->cfg->model.norm_eps;
	int64_t	h;

	for (h = 0; nm->w != NULL && h < heads; h++)
		ops_rmsnorm(x + h * f->dh, x + h * f->dh, f->dh, nm->w, eps);
	if (c != NULL)
		ops_rope_apply_partial(x, heads, f->dh, f->rot, c, s);
}

/*
 * q and k after their projections: per-head norms, then RoPE from the
 * layer's table (Gemma 3's sliding layers have a local one).
 */
static void
fwd_qk_item(void *arg, int64_t item, int worker)
{
	struct fwd	*f = arg;
	int64_t		 t, t1 = (item + 1) * FWD_ROWS;
	int64_t		 half = f->rot / 2;
	int		 local = f->rope_cos[1] != NULL &&
			    f->lp.mask == MASK_SLIDING;
	const float	*c = NULL, *s = NULL;

	(void)worker;
	if (t1 > f->T)
		t1 = f->T;
	for (t = item * FWD_ROWS; t < t1; t++) {
		if (f->rope_cos[0] != NULL) {
			c = f->rope_cos[local] + t * half;
			s = f->rope_sin[local] + t * half;
		}
		fwd_qk_row(f, f->q + t * f->qo, f->H, &f->ly->q_norm, c, s);
		fwd_qk_row(f, f->k + t * f->kvo, f->Hkv, &f->ly->k_norm, c, s);
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
	attention_span(&f->lp, r0, r1, &c0, &c1);
	if (attention_block(&f->lp, f->q, f->k, h, r0, r1, p) != 0)
		atomic_store_explicit(&f->nonfinite[h], 1,
		    memory_order_relaxed);
	if (store_mode(f->store) != STORE_RECOMPUTE)
		store_put_block(f->store, f->layer, h, r0, r1, p);
	cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans,
	    (int)(r1 - r0), (int)f->dh, (int)(c1 - c0), 1.0f, p,
	    (int)(c1 - c0),
	    f->v + c0 * f->kvo + attention_kv_head(&f->lp, h) * f->dh,
	    (int)f->kvo, 0.0f, f->att + r0 * f->qo + h * f->dh, (int)f->qo);
}

/*
 * G_h = W_O^h^T W_O^h, d_head x d_head: then ||v W_O^h||^2 = v G_h v^T
 * costs d_head^2 a token instead of d_head d_model.
 */
/*
 * Head h's block of W_O as float: in place, or for F16 and BF16 weights
 * widened into wide ([dh, out] rows of a Conv1D, [out, dh] columns of an
 * nn.Linear); *ld its stride.
 */
static const float *
fwd_o_block(const struct fwd *f, const struct weights_linear *o, int64_t h,
    float *wide, int64_t *ld)
{
	const char	*src = o->w16;
	int64_t		 es = (int64_t)dtype_size(o->dtype), r;

	*ld = o->ld;
	if (o->dtype == DTYPE_F32)
		return o->in_out ? o->w + h * f->dh * o->ld : o->w + h * f->dh;
	*ld = o->in_out ? o->out : f->dh;
	for (r = 0; o->in_out && r < f->dh; r++)
		dtype_widen(o->dtype, src + (h * f->dh + r) * o->ld * es,
		    (size_t)o->out, wide + r * o->out);
	for (r = 0; !o->in_out && r < o->out; r++)
		dtype_widen(o->dtype, src + (r * o->ld + h * f->dh) * es,
		    (size_t)f->dh, wide + r * f->dh);
	return wide;
}

static void
fwd_gram_item(void *arg, int64_t h, int worker)
{
	struct fwd			*f = arg;
	const struct weights_linear	*o = f->o;
	float				*g = f->gram + h * f->dh * f->dh;
	const float			*w;
	int64_t				 ld;

	w = fwd_o_block(f, o, h, f->wide != NULL ? f->wide[worker] : NULL,
	    &ld);
	if (o->in_out)		/* [in, out]: head h's rows */
		cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans,
		    (int)f->dh, (int)f->dh, (int)o->out, 1.0f, w, (int)ld, w,
		    (int)ld, 0.0f, g, (int)f->dh);
	else			/* [out, in]: head h's columns */
		cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans,
		    (int)f->dh, (int)f->dh, (int)o->out, 1.0f, w, (int)ld, w,
		    (int)ld, 0.0f, g, (int)f->dh);
}

/* One (head, row block) of the value norms: rows of V G_h, dotted with V. */
static void
fwd_norm_rows_item(void *arg, int64_t item, int worker)
{
	struct fwd	*f = arg;
	int64_t		 nb = (f->T + ATTENTION_BLOCK - 1) / ATTENTION_BLOCK;
	int64_t		 h = item / nb, r0 = item % nb * ATTENTION_BLOCK;
	int64_t		 r1 = r0 + ATTENTION_BLOCK < f->T ?
			    r0 + ATTENTION_BLOCK : f->T, t, c;
	const float	*v = f->v + attention_kv_head(&f->lp, h) * f->dh;
	float		*y = f->vg + (size_t)worker * ATTENTION_BLOCK *
			    (size_t)f->dh;
	float		*out = f->norms + (f->layer * f->H + h) * f->T;
	double		 sq;

	cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans,
	    (int)(r1 - r0), (int)f->dh, (int)f->dh, 1.0f, v + r0 * f->kvo,
	    (int)f->kvo, f->gram + h * f->dh * f->dh, (int)f->dh, 0.0f, y,
	    (int)f->dh);
	for (t = r0; t < r1; t++) {
		sq = 0;
		for (c = 0; c < f->dh; c++)
			sq += (double)y[(t - r0) * f->dh + c] *
			    v[t * f->kvo + c];
		out[t] = sq > 0 ? (float)sqrt(sq) : 0.0f;
	}
}

static void
fwd_value_norms(struct fwd *f, const struct weights_linear *o)
{
	f->o = o;
	pool_run(f->pool, f->H, fwd_gram_item, f);
	pool_run(f->pool, f->H * ((f->T + ATTENTION_BLOCK - 1) /
	    ATTENTION_BLOCK), fwd_norm_rows_item, f);
}

/* The embeddings: tokens (or random inputs), type 0, positions. */
static int
fwd_embed(struct fwd *f, const struct tokens *tok, struct error *err)
{
	const struct config_model	*m = &f->cfg->model;
	const struct weights		*w = f->w;
	int64_t				 t, i, D = f->D;
	float				*row;

	if (m->family == FAMILY_ATTENTION || (w->tok_embed == NULL &&
	    w->tok_embed16 == NULL))
		rng_normal_fill(f->cfg->weights.seed, "input.embeddings", 1.0,
		    0, (size_t)(f->T * D), f->x);
	else
		for (t = 0; t < f->T; t++) {
			if (tok->ids[t] < 0 || tok->ids[t] >= m->vocab_size)
				return error_set(err, EXIT_USAGE, NULL, 0, 0,
				    "token %lld: id %lld is outside the "
				    "vocabulary", (long long)t,
				    (long long)tok->ids[t]);
			if (w->tok_embed16 != NULL)
				dtype_widen(w->tok_dtype,
				    (const char *)w->tok_embed16 +
				    tok->ids[t] * D * (int64_t)dtype_size(
				    w->tok_dtype), (size_t)D,
				    f->x + t * D);
			else
				memcpy(f->x + t * D, w->tok_embed +
				    tok->ids[t] * D, (size_t)D * sizeof *f->x);
		}
	if (w->embed_scale != 0.0f)
		ops_scale(f->x, (size_t)(f->T * D), w->embed_scale);
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
	f->ly = ly;
	if (f->rope_cos[0] != NULL || ly->q_norm.w != NULL)
		pool_run(f->pool, (f->T + FWD_ROWS - 1) / FWD_ROWS,
		    fwd_qk_item, f);
	pool_run(f->pool, f->H * ((f->T + ATTENTION_BLOCK - 1) /
	    ATTENTION_BLOCK), fwd_attention_item, f);
	if (f->norms != NULL)
		fwd_value_norms(f, &ly->o);
	if (fwd_check_finite(f, err) != 0)
		return -1;
	return fwd_layer_ready(f, err);
}

/*
 * x += in W^T + b; with a post norm (Gemma), x += norm(in W^T + b), the
 * product going through h, free by then.
 */
static void
fwd_residual(struct fwd *f, const struct weights_linear *l, const float *in,
    const struct weights_norm *post)
{
	fwd_queue(f, l, in, post->w != NULL ? f->h : f->x, post->w == NULL,
	    ACT_NONE);
	fwd_run_jobs(f);
	if (post->w == NULL)
		return;
	f->norm = post;
	pool_run(f->pool, (f->T + FWD_ROWS - 1) / FWD_ROWS, fwd_norm_add_item,
	    f);
}

/* ff = act(in W_fc + b), or act(in W_gate) * (in W_up) when gated. */
static void
fwd_mlp(struct fwd *f, const struct weights_layer *ly, const float *in)
{
	enum config_activation	act = f->cfg->model.activation;

	if (config_activation_gated(act)) {
		fwd_queue(f, &ly->gate, in, f->ff, 0, act);
		f->jobs[0].up = &ly->fc;
		f->jobs[0].up_out = f->up;
	} else
		fwd_queue(f, &ly->fc, in, f->ff, 0, act);
	fwd_run_jobs(f);
	fwd_residual(f, &ly->proj, f->ff, &ly->mlp_post_norm);
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
		/* Seeded weights loaded WEIGHTS_BY_LAYER come now. */
		weights_make_layer(f->w, f->layer, f->pool);
		attention_layer(&f->ap, f->layer, &f->lp);
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
			fwd_residual(f, &ly->o, f->att, &ly->attn_post_norm);
			fwd_norm(f, &ly->attn_norm, f->x, f->x);
			fwd_mlp(f, ly, f->x);
			fwd_norm(f, &ly->mlp_norm, f->x, f->x);
		} else {
			fwd_norm(f, &ly->attn_norm, f->x, f->h);
			if (fwd_attention(f, ly, f->h, err) != 0)
				return -1;
			fwd_residual(f, &ly->o, f->att, &ly->attn_post_norm);
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

/* One RoPE table: theta's frequencies over rot dimensions, scaled. */
static int
fwd_rope_table(struct fwd *f, double theta,
    const struct config_rope_scaling *rs, int which)
{
	float	*inv;

	f->rope_cos[which] = fwd_alloc(f->T, f->rot / 2);
	f->rope_sin[which] = fwd_alloc(f->T, f->rot / 2);
	inv = fwd_alloc(f->rot / 2, 1);
	if (f->rope_cos[which] == NULL || f->rope_sin[which] == NULL ||
	    inv == NULL) {
		free(inv);
		return -1;
	}
	ops_rope_freqs(f->rot, theta, inv);
	if (rs != NULL)
		ops_rope_scale(inv, f->rot / 2, rs);
	ops_rope_table_freqs(f->T, f->rot / 2, inv, f->rope_cos[which],
	    f->rope_sin[which]);
	free(inv);
	return 0;
}

/* The global table; the local one of Gemma 3's sliding layers. */
static int
fwd_setup_rope(struct fwd *f)
{
	const struct config_model	*m = &f->cfg->model;

	if (m->position != POS_ROPE)
		return 0;
	f->rot = (int64_t)((double)f->dh * m->partial_rotary);
	if (fwd_rope_table(f, m->rope_theta, &m->rope_scaling, 0) != 0)
		return -1;
	if (m->rope_local_theta > 0.0 && m->mask == MASK_SLIDING &&
	    fwd_rope_table(f, m->rope_local_theta, NULL, 1) != 0)
		return -1;
	return 0;
}

/*
 * Scratch for F16 and BF16 weight tiles, per worker: the largest tile of
 * any such linear, cut over all rows or (the up projection of a gated
 * pair led by an F32 gate) over FWD_TILE_ROWS.
 */
static int
fwd_setup_wide(struct fwd *f)
{
	static const size_t		 at[] = {
		offsetof(struct weights_layer, q),
		offsetof(struct weights_layer, k),
		offsetof(struct weights_layer, v),
		offsetof(struct weights_layer, o),
		offsetof(struct weights_layer, fc),
		offsetof(struct weights_layer, gate),
		offsetof(struct weights_layer, proj),
	};
	const struct weights_linear	*l;
	int64_t				 need = 0, n, layer;
	size_t				 i;
	int				 k;

	for (layer = 0; layer < f->w->n_layers; layer++)
		for (i = 0; i < sizeof at / sizeof at[0]; i++) {
			l = (const struct weights_linear *)(const void *)
			    ((const char *)&f->w->layers[layer] + at[i]);
			if (l->w16 == NULL)
				continue;
			n = fwd_tile_cols(f->T, f->T, l->out);
			if (fwd_tile_cols(FWD_TILE_ROWS, f->T, l->out) > n)
				n = fwd_tile_cols(FWD_TILE_ROWS, f->T, l->out);
			if (n * l->in > need)
				need = n * l->in;
			/* fwd_o_block: one head's block of W_O. */
			if (f->dh * l->out > need)
				need = f->dh * l->out;
		}
	if (need == 0)
		return 0;
	if ((f->wide = calloc((size_t)f->n_scratch, sizeof *f->wide)) == NULL)
		return -1;
	for (k = 0; k < f->n_scratch; k++)
		if ((f->wide[k] = fwd_alloc(need, 1)) == NULL)
			return -1;
	return 0;
}

/* FORWARD_VALUE_NORMS: the norms and their scratch. */
static int
fwd_setup_norms(struct fwd *f)
{
	int64_t	L = f->cfg->model.n_layers;

	if (L > INT64_MAX / f->H || (f->norms = fwd_alloc(L * f->H,
	    f->T)) == NULL || (f->gram = fwd_alloc(f->H * f->dh,
	    f->dh)) == NULL || (f->vg = fwd_alloc((int64_t)f->n_scratch *
	    ATTENTION_BLOCK, f->dh)) == NULL)
		return -1;
	return 0;
}

static int
fwd_setup(struct fwd *f, int flags, struct error *err)
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
	f->up = config_activation_gated(m->activation) ?
	    fwd_alloc(f->T, f->F) : fwd_alloc(1, 1);
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
	if (fwd_setup_rope(f) != 0 || fwd_setup_wide(f) != 0)
		goto nomem;
	if ((flags & FORWARD_VALUE_NORMS) && fwd_setup_norms(f) != 0)
		goto nomem;
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
	f->ap.sliding = m->sliding;
	f->ap.softcap = (float)m->softcap;
	if (m->query_pre_attn_scalar > 0.0)
		f->ap.scale = (float)pow(m->query_pre_attn_scalar, -0.5);
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
	for (i = 0; f->wide != NULL && i < f->n_scratch; i++)
		free(f->wide[i]);
	free(f->scratch);
	free(f->wide);
	free(f->x);
	free(f->h);
	free(f->q);
	free(f->k);
	free(f->v);
	free(f->att);
	free(f->ff);
	free(f->up);
	for (i = 0; i < 2; i++) {
		free(f->rope_cos[i]);
		free(f->rope_sin[i]);
	}
	free(f->slopes);
	free(f->nonfinite);
	free(f->norms);
	free(f->gram);
	free(f->vg);
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
 * Once a watcher has the store, it keeps it, even when the pass fails:
 * another thread may be reading its finished layers.
 */
static int
fwd_run(const struct config *cfg, const struct weights *w,
    const struct tokens *tok, struct pool *pool, int flags,
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
	if (fwd_setup(&f, flags, err) != 0) {
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
	if (rc == 0 && watch == NULL)
		store_use_pool(f.store, pool);
	if (rc == 0 || (watch != NULL && watch->store_made != NULL)) {
		out->store = f.store;
		f.store = NULL;
	}
	if (rc == 0) {
		out->hidden = f.x;
		out->value_norms = f.norms;
		f.x = NULL;
		f.norms = NULL;
	}
	fwd_free(&f);
	return rc;
}

int
forward_run(const struct config *cfg, const struct weights *w,
    const struct tokens *tok, struct pool *pool, struct forward_result *out,
    struct error *err)
{
	return fwd_run(cfg, w, tok, pool, 0, NULL, out, err);
}

int
forward_run_flags(const struct config *cfg, const struct weights *w,
    const struct tokens *tok, struct pool *pool, int flags,
    struct forward_result *out, struct error *err)
{
	return fwd_run(cfg, w, tok, pool, flags, NULL, out, err);
}

int
forward_run_watched(const struct config *cfg, const struct weights *w,
    const struct tokens *tok, struct pool *pool,
    const struct forward_watch *watch, struct forward_result *out,
    struct error *err)
{
	return fwd_run(cfg, w, tok, pool, 0, watch, out, err);
}

void
forward_result_free(struct forward_result *r)
{
	if (r == NULL)
		return;
	store_free(r->store);
	free(r->hidden);
	free(r->value_norms);
	memset(r, 0, sizeof *r);
}
