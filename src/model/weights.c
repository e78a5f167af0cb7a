/*
 * weights.c - a model's tensors from a seeded init or a safetensors file.
 *
 * One plan, built from the config, lists every tensor the forward pass
 * reads (name, shape, how init fills it, where its pointer goes); init
 * and file loading both walk that plan, so that the two can never
 * disagree about names or shapes.
 */
#include "build-config.h"

#include <sys/mman.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attntui/base/pool.h"
#include "attntui/base/rng.h"
#include "attntui/io/safetensors.h"
#include "attntui/io/safetensors_index.h"
#include "attntui/model/weights.h"

#define WEIGHTS_NAME_LEN	128
/* Init and conversion work in pieces this size, so threads share big
   tensors. */
#define WEIGHTS_FILL_CHUNK	(1 << 16)
/* Arena tensors start on a cache line; a large arena on a huge page. */
#define WEIGHTS_ALIGN		64
#define WEIGHTS_HUGE		((size_t)2 << 20)

enum weights_init { INIT_NORMAL, INIT_ONE, INIT_ZERO };

struct weights_spec {
	char			 name[WEIGHTS_NAME_LEN];
	int			 rank;
	int64_t			 shape[2];
	enum weights_init	 init;
	const float		**slot;
	const struct st_tensor	*src;		/* file: its tensor */
	int			 in_arena;	/* filled or converted there */
	size_t			 offset;	/* into the arena */
};

struct weights_plan {
	struct weights_spec	*specs;
	size_t			 n;
	size_t			 cap;
	int			 failed;	/* out of memory, name too long */
};

static const char *const weights_prefixes[] = {
	"", "transformer.", "model.", "bert."
};
#define WEIGHTS_N_PREFIXES \
	(sizeof weights_prefixes / sizeof *weights_prefixes)

static void weights_add(struct weights_plan *, const float **,
	    enum weights_init, int, int64_t, int64_t, const char *, ...)
	    __attribute__((format(printf, 7, 8)));

static void
weights_add(struct weights_plan *pl, const float **slot,
    enum weights_init init, int rank, int64_t d0, int64_t d1,
    const char *fmt, ...)
{
	struct weights_spec	*s;
	va_list			 ap;
	int			 n;

	if (pl->failed)
		return;
	if (pl->n == pl->cap) {
		size_t	cap = pl->cap == 0 ? 64 : pl->cap * 2;

		s = reallocarray(pl->specs, cap, sizeof *s);
		if (s == NULL) {
			pl->failed = 1;
			return;
		}
		pl->specs = s;
		pl->cap = cap;
	}
	s = &pl->specs[pl->n];
	memset(s, 0, sizeof *s);
	va_start(ap, fmt);
	n = vsnprintf(s->name, sizeof s->name, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof s->name) {
		pl->failed = 1;
		return;
	}
	s->rank = rank;
	s->shape[0] = d0;
	s->shape[1] = rank == 2 ? d1 : 0;
	s->init = init;
	s->slot = slot;
	pl->n++;
}

/* A norm's weight (and bias for layernorm); nothing for norm none. */
static void
weights_add_norm(struct weights_plan *pl, const struct config *cfg,
    struct weights_norm *nm, const char *base)
{
	int64_t	D = cfg->model.d_model;

	if (cfg->model.norm == NORM_NONE)
		return;
	weights_add(pl, &nm->w, INIT_ONE, 1, D, 0, "%s.weight", base);
	if (cfg->model.norm == NORM_LAYERNORM)
		weights_add(pl, &nm->b, INIT_ZERO, 1, D, 0, "%s.bias", base);
}

/*
 * A linear layer and its optional bias: an nn.Linear stored [out, in], or
 * (in_out) a GPT-2 Conv1D stored [in, out].
 */
static void
weights_add_proj(struct weights_plan *pl, const struct config *cfg,
    struct weights_linear *l, int64_t in, int64_t out, int in_out,
    const char *base)
{
	l->in = in;
	l->out = out;
	l->in_out = in_out;
	l->ld = in_out ? out : in;
	weights_add(pl, &l->w, INIT_NORMAL, 2, in_out ? in : out,
	    in_out ? out : in, "%s.weight", base);
	if (cfg->model.bias)
		weights_add(pl, &l->b, INIT_ZERO, 1, out, 0, "%s.bias", base);
}

static void
weights_add_linear(struct weights_plan *pl, const struct config *cfg,
    struct weights_linear *l, int64_t in, int64_t out, const char *base)
{
	weights_add_proj(pl, cfg, l, in, out, 0, base);
}

static void
weights_add_conv1d(struct weights_plan *pl, const struct config *cfg,
    struct weights_linear *l, int64_t in, int64_t out, const char *base)
{
	weights_add_proj(pl, cfg, l, in, out, 1, base);
}

static void
weights_plan_gpt2_layer(struct weights_plan *pl, const struct config *cfg,
    struct weights_layer *ly, int64_t i)
{
	const struct config_model	*m = &cfg->model;
	int64_t				 qo = m->n_heads * m->d_head;
	int64_t				 kvo = m->n_kv_heads * m->d_head;
	char				 b[WEIGHTS_NAME_LEN];

	snprintf(b, sizeof b, "h.%lld.ln_1", (long long)i);
	weights_add_norm(pl, cfg, &ly->attn_norm, b);
	/* q, k and v are column blocks of one tensor: load it as q, then
	   point k and v into it (weights_fix_views). */
	snprintf(b, sizeof b, "h.%lld.attn.c_attn", (long long)i);
	weights_add_conv1d(pl, cfg, &ly->q, m->d_model, qo + 2 * kvo, b);
	snprintf(b, sizeof b, "h.%lld.attn.c_proj", (long long)i);
	weights_add_conv1d(pl, cfg, &ly->o, qo, m->d_model, b);
	snprintf(b, sizeof b, "h.%lld.ln_2", (long long)i);
	weights_add_norm(pl, cfg, &ly->mlp_norm, b);
	snprintf(b, sizeof b, "h.%lld.mlp.c_fc", (long long)i);
	weights_add_conv1d(pl, cfg, &ly->fc, m->d_model, m->d_ff, b);
	if (m->activation == ACT_SWIGLU) {
		snprintf(b, sizeof b, "h.%lld.mlp.c_gate", (long long)i);
		weights_add_conv1d(pl, cfg, &ly->gate, m->d_model, m->d_ff,
		    b);
	}
	snprintf(b, sizeof b, "h.%lld.mlp.c_proj", (long long)i);
	weights_add_conv1d(pl, cfg, &ly->proj, m->d_ff, m->d_model, b);
}

static void
weights_plan_llama_layer(struct weights_plan *pl, const struct config *cfg,
    struct weights_layer *ly, int64_t i)
{
	const struct config_model	*m = &cfg->model;
	int64_t				 qo = m->n_heads * m->d_head;
	int64_t				 kvo = m->n_kv_heads * m->d_head;
	char				 b[WEIGHTS_NAME_LEN];
	long long			 n = (long long)i;

	snprintf(b, sizeof b, "layers.%lld.input_layernorm", n);
	weights_add_norm(pl, cfg, &ly->attn_norm, b);
	snprintf(b, sizeof b, "layers.%lld.self_attn.q_proj", n);
	weights_add_linear(pl, cfg, &ly->q, m->d_model, qo, b);
	snprintf(b, sizeof b, "layers.%lld.self_attn.k_proj", n);
	weights_add_linear(pl, cfg, &ly->k, m->d_model, kvo, b);
	snprintf(b, sizeof b, "layers.%lld.self_attn.v_proj", n);
	weights_add_linear(pl, cfg, &ly->v, m->d_model, kvo, b);
	snprintf(b, sizeof b, "layers.%lld.self_attn.o_proj", n);
	weights_add_linear(pl, cfg, &ly->o, qo, m->d_model, b);
	snprintf(b, sizeof b, "layers.%lld.post_attention_layernorm", n);
	weights_add_norm(pl, cfg, &ly->mlp_norm, b);
	if (m->activation == ACT_SWIGLU) {
		snprintf(b, sizeof b, "layers.%lld.mlp.gate_proj", n);
		weights_add_linear(pl, cfg, &ly->gate, m->d_model, m->d_ff,
		    b);
	}
	snprintf(b, sizeof b, "layers.%lld.mlp.up_proj", n);
	weights_add_linear(pl, cfg, &ly->fc, m->d_model, m->d_ff, b);
	snprintf(b, sizeof b, "layers.%lld.mlp.down_proj", n);
	weights_add_linear(pl, cfg, &ly->proj, m->d_ff, m->d_model, b);
}

static void
weights_plan_bert_layer(struct weights_plan *pl, const struct config *cfg,
    struct weights_layer *ly, int64_t i)
{
	const struct config_model	*m = &cfg->model;
	int64_t				 qo = m->n_heads * m->d_head;
	int64_t				 kvo = m->n_kv_heads * m->d_head;
	char				 b[WEIGHTS_NAME_LEN];
	long long			 n = (long long)i;

	snprintf(b, sizeof b, "encoder.layer.%lld.attention.self.query", n);
	weights_add_linear(pl, cfg, &ly->q, m->d_model, qo, b);
	snprintf(b, sizeof b, "encoder.layer.%lld.attention.self.key", n);
	weights_add_linear(pl, cfg, &ly->k, m->d_model, kvo, b);
	snprintf(b, sizeof b, "encoder.layer.%lld.attention.self.value", n);
	weights_add_linear(pl, cfg, &ly->v, m->d_model, kvo, b);
	snprintf(b, sizeof b, "encoder.layer.%lld.attention.output.dense", n);
	weights_add_linear(pl, cfg, &ly->o, qo, m->d_model, b);
	snprintf(b, sizeof b, "encoder.layer.%lld.attention.output.LayerNorm",
	    n);
	weights_add_norm(pl, cfg, &ly->attn_norm, b);
	snprintf(b, sizeof b, "encoder.layer.%lld.intermediate.dense", n);
	weights_add_linear(pl, cfg, &ly->fc, m->d_model, m->d_ff, b);
	if (m->activation == ACT_SWIGLU) {
		snprintf(b, sizeof b, "encoder.layer.%lld.intermediate.gate",
		    n);
		weights_add_linear(pl, cfg, &ly->gate, m->d_model, m->d_ff,
		    b);
	}
	snprintf(b, sizeof b, "encoder.layer.%lld.output.dense", n);
	weights_add_linear(pl, cfg, &ly->proj, m->d_ff, m->d_model, b);
	snprintf(b, sizeof b, "encoder.layer.%lld.output.LayerNorm", n);
	weights_add_norm(pl, cfg, &ly->mlp_norm, b);
}

/* The single layer of family attention (layer is always 0). */
static void
weights_plan_attention(struct weights_plan *pl, const struct config *cfg,
    struct weights_layer *ly, int64_t layer)
{
	const struct config_model	*m = &cfg->model;
	int64_t				 qo = m->n_heads * m->d_head;
	int64_t				 kvo = m->n_kv_heads * m->d_head;

	weights_add_linear(pl, cfg, &ly->q, m->d_model, qo, "q_proj");
	weights_add_linear(pl, cfg, &ly->k, m->d_model, kvo, "k_proj");
	weights_add_linear(pl, cfg, &ly->v, m->d_model, kvo, "v_proj");
	weights_add_linear(pl, cfg, &ly->o, qo, m->d_model, "o_proj");
	(void)layer;
}

typedef void (*weights_layer_fn)(struct weights_plan *,
    const struct config *, struct weights_layer *, int64_t);

/* Each family's Hugging Face names around its layers; NULL: none. */
static const struct weights_family {
	const char		*tok_embed;
	const char		*pos_embed;	/* learned positions only */
	const char		*type_embed;
	const char		*embed_norm;
	const char		*final_norm;
	weights_layer_fn	 layer;
} weights_families[] = {
	[FAMILY_GPT2] = { "wte.weight", "wpe.weight", NULL, NULL, "ln_f",
	    weights_plan_gpt2_layer },
	[FAMILY_LLAMA] = { "embed_tokens.weight", "embed_positions.weight",
	    NULL, NULL, "norm", weights_plan_llama_layer },
	[FAMILY_BERT] = { "embeddings.word_embeddings.weight",
	    "embeddings.position_embeddings.weight",
	    "embeddings.token_type_embeddings.weight",
	    "embeddings.LayerNorm", NULL, weights_plan_bert_layer },
	[FAMILY_ATTENTION] = { NULL, "embed_positions.weight", NULL, NULL,
	    NULL, weights_plan_attention },
};

/* Every tensor cfg's forward pass reads, with slots into w. */

static void
weights_plan(struct weights_plan *pl, const struct config *cfg,
    struct weights *w)
{
	const struct config_model	*m = &cfg->model;
	const struct weights_family	*f = &weights_families[m->family];
	int64_t				 D = m->d_model, i;

	if (f->tok_embed != NULL)
		weights_add(pl, &w->tok_embed, INIT_NORMAL, 2, m->vocab_size,
		    D, "%s", f->tok_embed);
	if (m->position == POS_LEARNED)
		weights_add(pl, &w->pos_embed, INIT_NORMAL, 2, m->max_seq, D,
		    "%s", f->pos_embed);
	if (f->type_embed != NULL && m->type_vocab_size > 0)
		weights_add(pl, &w->type_embed, INIT_NORMAL, 2,
		    m->type_vocab_size, D, "%s", f->type_embed);
	if (f->embed_norm != NULL)
		weights_add_norm(pl, cfg, &w->embed_norm, f->embed_norm);
	for (i = 0; i < m->n_layers; i++)
		f->layer(pl, cfg, &w->layers[i], i);
	if (f->final_norm != NULL)
		weights_add_norm(pl, cfg, &w->final_norm, f->final_norm);
}

/* GPT-2's k and v are the column blocks of c_attn after q. */
static void
weights_fix_views(const struct config *cfg, struct weights *w)
{
	const struct config_model	*m = &cfg->model;
	int64_t				 qo = m->n_heads * m->d_head;
	int64_t				 kvo = m->n_kv_heads * m->d_head;
	struct weights_layer		*ly;
	int64_t				 i;

	if (m->family != FAMILY_GPT2)
		return;
	for (i = 0; i < w->n_layers; i++) {
		ly = &w->layers[i];
		ly->k = ly->v = ly->q;
		ly->q.out = qo;
		ly->k.out = ly->v.out = kvo;
		ly->k.w = ly->q.w + qo;
		ly->v.w = ly->q.w + qo + kvo;
		if (ly->q.b != NULL) {
			ly->k.b = ly->q.b + qo;
			ly->v.b = ly->q.b + qo + kvo;
		}
	}
}

static int
weights_elements(const struct weights_spec *s, size_t *n)
{
	size_t	d0 = (size_t)s->shape[0], d1;

	if (s->shape[0] < 0 || (s->rank == 2 && s->shape[1] < 0))
		return -1;
	if (s->rank == 1) {
		*n = d0;
		return 0;
	}
	d1 = (size_t)s->shape[1];
	if (d1 != 0 && d0 > SIZE_MAX / d1)
		return -1;
	*n = d0 * d1;
	return 0;
}

/* Begin the plan: w's layer array and the list. */
static int
weights_start(const struct config *cfg, struct weights *w,
    struct weights_plan *pl, struct error *err)
{
	memset(w, 0, sizeof *w);
	memset(pl, 0, sizeof *pl);
	if (cfg->model.n_layers < 1 || cfg->model.n_layers > 1 << 20)
		return error_set(err, EXIT_USAGE, cfg->path, 0, 0,
		    "n_layers %lld out of range",
		    (long long)cfg->model.n_layers);
	w->n_layers = cfg->model.n_layers;
	w->d_model = cfg->model.d_model;
	w->layers = calloc((size_t)w->n_layers, sizeof *w->layers);
	if (w->layers == NULL)
		return error_nomem(err, NULL);
	weights_plan(pl, cfg, w);
	if (pl->failed) {
		free(pl->specs);
		free(w->layers);
		w->layers = NULL;
		return error_nomem(err, NULL);
	}
	return 0;
}

struct weights_fill {
	const struct config		*cfg;
	const struct weights_plan	*pl;
	float				*arena;
	size_t				*first_chunk;	/* per spec */
	size_t				 n_chunks;
};

/*
 * One chunk of one tensor: find its tensor by bisection (the last spec
 * whose first chunk is <= item: specs left in the file own no chunk),
 * then convert it from the file or fill it as init says.
 */
static void
weights_fill_item(void *arg, int64_t item, int worker)
{
	struct weights_fill		*f = arg;
	const struct weights_spec	*s;
	size_t				 lo = 0, hi = f->pl->n, mid, n = 0;
	size_t				 first;
	size_t				 c = (size_t)item, k;
	float				*dst;

	(void)worker;
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (f->first_chunk[mid] <= c)
			lo = mid;
		else
			hi = mid;
	}
	s = &f->pl->specs[lo];
	weights_elements(s, &n);
	first = (c - f->first_chunk[lo]) * WEIGHTS_FILL_CHUNK;
	if (first >= n)
		return;
	if (n - first > WEIGHTS_FILL_CHUNK)
		n = first + WEIGHTS_FILL_CHUNK;
	dst = f->arena + s->offset + first;
	if (s->src != NULL) {
		/* weights_bind checked dtype and size. */
		safetensors_to_f32(s->src, first, n - first, dst);
		return;
	}
	switch (s->init) {
	case INIT_NORMAL:
		rng_normal_fill(f->cfg->weights.seed, s->name,
		    f->cfg->weights.std, first, n - first, dst);
		break;
	case INIT_ONE:
		for (k = 0; k < n - first; k++)
			dst[k] = 1.0f;
		break;
	case INIT_ZERO:
		memset(dst, 0, (n - first) * sizeof *dst);
		break;
	}
}

/*
 * Lay the arena's tensors out (each 64-byte aligned, for the vector
 * loads of BLAS and ops), allocate it, point their slots at it and fill
 * it on the pool: seeded values for init, conversions for a file.
 */
static int
weights_arena(const struct config *cfg, struct pool *pool,
    struct weights *w, struct weights_plan *pl, struct error *err)
{
	struct weights_fill	 f;
	size_t			 total = 0, n, chunks = 0, bytes, i;
	const size_t		 align = WEIGHTS_ALIGN / sizeof(float);

	for (i = 0; i < pl->n; i++) {
		if (!pl->specs[i].in_arena)
			continue;
		if (weights_elements(&pl->specs[i], &n) != 0 ||
		    n > SIZE_MAX / sizeof(float) - align ||
		    total > SIZE_MAX / sizeof(float) - align - n)
			return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
			    "weights too large");
		pl->specs[i].offset = total;
		total += (n + align - 1) / align * align;
	}
	if (total == 0)
		return 0;
	bytes = total * sizeof(float);
	if (bytes >= WEIGHTS_HUGE) {
		/* Whole 2 MiB pages, so that the kernel may back a large
		   arena with huge pages: filling it then takes a page
		   fault per 2 MiB, not per 4 KiB (GPT-2 small from BF16
		   loads in 0.18 s instead of 0.33 s). */
		bytes = (bytes + WEIGHTS_HUGE - 1) / WEIGHTS_HUGE *
		    WEIGHTS_HUGE;
		w->arena = aligned_alloc(WEIGHTS_HUGE, bytes);
#ifdef MADV_HUGEPAGE
		if (w->arena != NULL)
			(void)madvise(w->arena, bytes, MADV_HUGEPAGE);
#endif
	} else
		w->arena = aligned_alloc(WEIGHTS_ALIGN, bytes);
	if (w->arena == NULL)
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory for %zu weights", total);
	memset(&f, 0, sizeof f);
	f.cfg = cfg;
	f.pl = pl;
	f.arena = w->arena;
	if ((f.first_chunk = calloc(pl->n + 1, sizeof *f.first_chunk)) == NULL)
		return error_nomem(err, NULL);
	for (i = 0; i < pl->n; i++) {
		f.first_chunk[i] = chunks;
		if (!pl->specs[i].in_arena)
			continue;
		weights_elements(&pl->specs[i], &n);
		/* Every tensor gets at least one chunk, even empty ones. */
		chunks += n == 0 ? 1 : (n + WEIGHTS_FILL_CHUNK - 1) /
		    WEIGHTS_FILL_CHUNK;
		*pl->specs[i].slot = w->arena + pl->specs[i].offset;
	}
	pool_run(pool, (int64_t)chunks, weights_fill_item, &f);
	free(f.first_chunk);
	return 0;
}

static void
weights_format_shape(char *buf, size_t len, int rank, const int64_t *shape)
{
	size_t	off;
	int	i;

	off = (size_t)snprintf(buf, len, "[");
	for (i = 0; i < rank && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%lld",
		    i == 0 ? "" : ", ", (long long)shape[i]);
	if (off < len)
		snprintf(buf + off, len - off, "]");
}

/*
 * The checkpoint being read: one safetensors file, or an index and its
 * shards.  The mappings belong to the weights (w->files) from the start,
 * so that weights_free releases them on any failure.
 */
struct weights_ckpt {
	struct weights			*w;
	const char			*path;	/* weights.file */
	struct safetensors_index	 ix;
	int				 sharded;
	size_t				 prefix;	/* weights_prefixes[] */
};

/* The tensor called full, or NULL when the checkpoint has none. */
static const struct st_tensor *
weights_lookup(const struct weights_ckpt *ck, const char *full)
{
	size_t	shard;

	if (!ck->sharded)
		return safetensors_find(&ck->w->files[0], full);
	if (safetensors_index_find(&ck->ix, full, &shard) != 0)
		return NULL;
	/* weights_open_shards checked every entry is in its shard. */
	return safetensors_find(&ck->w->files[shard], full);
}

static const struct st_tensor *
weights_lookup_as(const struct weights_ckpt *ck, size_t prefix,
    const char *name)
{
	char	full[WEIGHTS_NAME_LEN + 32];

	snprintf(full, sizeof full, "%s%s", weights_prefixes[prefix], name);
	return weights_lookup(ck, full);
}

/* The file holding t: what its errors name. */
static const char *
weights_file_of(const struct weights_ckpt *ck, const struct st_tensor *t)
{
	size_t	i;

	for (i = 0; i < ck->w->n_files; i++) {
		if (t >= ck->w->files[i].tensors && t <
		    ck->w->files[i].tensors + ck->w->files[i].n_tensors)
			return ck->w->files[i].path;
	}
	return ck->path;
}

/* "a shard named by model.safetensors.index.json for 'NAME' and N more" */
static void
weights_shard_role(const struct safetensors_index *ix, size_t shard,
    char *buf, size_t len)
{
	const char	*first = NULL, *base = strrchr(ix->path, '/');
	size_t		 i, more = 0;

	for (i = 0; i < ix->n_names; i++) {
		if (ix->shard_of[i] != shard)
			continue;
		if (first == NULL)
			first = ix->names[i];
		else
			more++;
	}
	base = base != NULL ? base + 1 : ix->path;
	if (more == 0)
		snprintf(buf, len, "a shard named by %s for '%s'", base,
		    first != NULL ? first : "");
	else
		snprintf(buf, len, "a shard named by %s for '%s' and %zu "
		    "more", base, first != NULL ? first : "", more);
}

/*
 * Map every shard the index names, once each, from the index's own
 * directory, and check each weight_map entry is in the shard it names.
 */
static int
weights_open_shards(struct weights_ckpt *ck, struct error *err)
{
	struct safetensors_index	*ix = &ck->ix;
	struct error			 inner = { 0 };
	const char			*slash = strrchr(ck->path, '/');
	size_t				 dir = slash != NULL ?
					    (size_t)(slash - ck->path) + 1 : 0;
	char				*path, role[256];
	size_t				 i;

	if ((ck->w->files = calloc(ix->n_shards, sizeof *ck->w->files)) ==
	    NULL)
		return error_nomem(err, NULL);
	for (i = 0; i < ix->n_shards; i++) {
		if ((path = malloc(dir + strlen(ix->shards[i]) + 1)) == NULL)
			return error_nomem(err, NULL);
		memcpy(path, ck->path, dir);
		strcpy(path + dir, ix->shards[i]);
		if (safetensors_open(path, &ck->w->files[i], &inner) != 0) {
			/* Say which index sent us there, and for what. */
			weights_shard_role(ix, i, role, sizeof role);
			error_set(err, inner.status, path, 0, 0, "%s (%s)",
			    inner.message != NULL ? inner.message : "error",
			    role);
			error_clear(&inner);
			free(path);
			return -1;
		}
		free(path);
		ck->w->n_files++;
	}
	for (i = 0; i < ix->n_names; i++) {
		if (safetensors_find(&ck->w->files[ix->shard_of[i]],
		    ix->names[i]) == NULL)
			return error_set(err, EXIT_USAGE, ck->path, 0, 0,
			    "weight_map puts tensor '%s' in '%s', which has "
			    "no such tensor", ix->names[i],
			    ix->shards[ix->shard_of[i]]);
	}
	return 0;
}

static int
weights_open(struct weights_ckpt *ck, struct error *err)
{
	if (ck->sharded) {
		if (safetensors_index_open(ck->path, &ck->ix, err) != 0)
			return -1;
		return weights_open_shards(ck, err);
	}
	if ((ck->w->files = calloc(1, sizeof *ck->w->files)) == NULL)
		return error_nomem(err, NULL);
	if (safetensors_open(ck->path, &ck->w->files[0], err) != 0)
		return -1;
	ck->w->n_files = 1;
	return 0;
}

/*
 * The one prefix the checkpoint uses: the one under which most of the
 * plan's tensors are found (a model saved from GPT2LMHeadModel has
 * "transformer.h.0...", one from GPT2Model "h.0...").  A tensor found
 * under two prefixes, or only under another, is refused: mixing two
 * models' tensors would run a model nobody trained.
 */
static int
weights_prefix(struct weights_ckpt *ck, const struct weights_plan *pl,
    struct error *err)
{
	size_t		 count[WEIGHTS_N_PREFIXES] = { 0 };
	const size_t	 np = WEIGHTS_N_PREFIXES;
	size_t		 i, p, best = 0;
	const char	*name;
	char		 other[64];

	for (i = 0; i < pl->n; i++) {
		for (p = 0; p < np; p++)
			if (weights_lookup_as(ck, p, pl->specs[i].name) != NULL)
				count[p]++;
	}
	for (p = 1; p < np; p++)
		if (count[p] > count[best])
			best = p;
	ck->prefix = best;
	for (i = 0; i < pl->n; i++) {
		name = pl->specs[i].name;
		for (p = 0; p < np; p++) {
			if (p == best ||
			    weights_lookup_as(ck, p, name) == NULL)
				continue;
			if (best == 0)
				snprintf(other, sizeof other, "no prefix");
			else
				snprintf(other, sizeof other, "the prefix "
				    "'%s'", weights_prefixes[best]);
			if (weights_lookup_as(ck, best, name) != NULL)
				return error_set(err, EXIT_USAGE, ck->path,
				    0, 0, "tensor '%s' is present both as "
				    "'%s%s' and as '%s%s', expected one "
				    "naming", name, weights_prefixes[best],
				    name, weights_prefixes[p], name);
			return error_set(err, EXIT_USAGE, ck->path, 0, 0,
			    "tensor '%s' is named '%s%s', but the other "
			    "tensors have %s: expected one prefix throughout",
			    name, weights_prefixes[p], name, other);
		}
	}
	return 0;
}

/*
 * Check one file tensor against its spec: aligned F32 is used where it
 * is mapped, anything else the arena holds converted.
 */
static int
weights_bind(const struct weights_ckpt *ck, struct weights_spec *s,
    const struct st_tensor *t, struct error *err)
{
	const char	*path = weights_file_of(ck, t);
	char		 want[96], found[96];
	int		 i, same = t->rank == s->rank;

	for (i = 0; same && i < s->rank; i++)
		if (t->shape[i] != s->shape[i])
			same = 0;
	if (!same) {
		weights_format_shape(want, sizeof want, s->rank, s->shape);
		weights_format_shape(found, sizeof found, t->rank, t->shape);
		return error_set(err, EXIT_USAGE, path, 0, 0,
		    "tensor '%s': expected shape %s, found %s", s->name,
		    want, found);
	}
	if (t->dtype != DTYPE_F32 && t->dtype != DTYPE_F16 && t->dtype != DTYPE_BF16)
		return error_set(err, EXIT_USAGE, path, 0, 0,
		    "tensor '%s': dtype %s is not supported, expected F32, "
		    "F16 or BF16", s->name, dtype_name(t->dtype));
	s->src = t;
	/* Floats may not be read through a misaligned pointer. */
	if (t->dtype == DTYPE_F32 &&
	    ((uintptr_t)t->data & (sizeof(float) - 1)) == 0) {
		*s->slot = t->data;
		s->in_arena = 0;
	}
	return 0;
}

static int
weights_file(const struct config *cfg, struct weights *w,
    struct weights_plan *pl, struct error *err)
{
	struct weights_ckpt	 ck;
	struct weights_spec	*s;
	const struct st_tensor	*t;
	char			 want[96], full[WEIGHTS_NAME_LEN + 48];
	size_t			 i;
	int			 rc = -1;

	if (cfg->weights.file == NULL)
		return error_set(err, EXIT_USAGE, cfg->path, 0, 0,
		    "weights.file is not set");
	memset(&ck, 0, sizeof ck);
	ck.w = w;
	ck.path = cfg->weights.file;
	ck.sharded = safetensors_is_index(ck.path);
	if (weights_open(&ck, err) != 0 || weights_prefix(&ck, pl, err) != 0)
		goto out;
	for (i = 0; i < pl->n; i++) {
		s = &pl->specs[i];
		if ((t = weights_lookup_as(&ck, ck.prefix, s->name)) == NULL) {
			weights_format_shape(want, sizeof want, s->rank,
			    s->shape);
			/* With a prefix, say the name looked for. */
			snprintf(full, sizeof full, " (as '%s%s')",
			    weights_prefixes[ck.prefix], s->name);
			error_set(err, EXIT_USAGE, ck.path, 0, 0,
			    "tensor '%s' %s is missing%s%s", s->name, want,
			    ck.sharded ? " from the weight_map" : "",
			    ck.prefix != 0 ? full : "");
			goto out;
		}
		if (weights_bind(&ck, s, t, err) != 0)
			goto out;
	}
	rc = 0;
out:
	safetensors_index_close(&ck.ix);
	return rc;
}

int
weights_load(const struct config *cfg, struct pool *pool, struct weights *w,
    struct error *err)
{
	struct weights_plan	pl;
	size_t			i;
	int			rc = 0;

	if (weights_start(cfg, w, &pl, err) != 0)
		return -1;
	/* Init fills every tensor in the arena; a file moves them out
	   as it finds them aligned F32. */
	for (i = 0; i < pl.n; i++)
		pl.specs[i].in_arena = 1;
	if (cfg->weights.source == WEIGHTS_FILE)
		rc = weights_file(cfg, w, &pl, err);
	if (rc == 0)
		rc = weights_arena(cfg, pool, w, &pl, err);
	free(pl.specs);
	if (rc != 0) {
		weights_free(w);
		return -1;
	}
	weights_fix_views(cfg, w);
	return 0;
}

void
weights_free(struct weights *w)
{
	size_t	i;

	if (w == NULL)
		return;
	free(w->layers);
	free(w->arena);
	for (i = 0; i < w->n_files; i++)
		safetensors_close(&w->files[i]);
	free(w->files);
	memset(w, 0, sizeof *w);
}

size_t
weights_count(const struct config *cfg)
{
	struct weights		w;
	struct weights_plan	pl;
	struct error		err = { 0 };
	size_t			n;

	if (weights_start(cfg, &w, &pl, &err) != 0) {
		error_clear(&err);
		return 0;
	}
	n = pl.n;
	free(pl.specs);
	free(w.layers);
	return n;
}

int
weights_describe(const struct config *cfg, size_t i, char *name,
    size_t len, int *rank, int64_t shape[2])
{
	struct weights		w;
	struct weights_plan	pl;
	struct error		err = { 0 };
	int			rc = -1;

	if (weights_start(cfg, &w, &pl, &err) != 0) {
		error_clear(&err);
		return -1;
	}
	if (i < pl.n && strlen(pl.specs[i].name) < len) {
		memcpy(name, pl.specs[i].name, strlen(pl.specs[i].name) + 1);
		*rank = pl.specs[i].rank;
		shape[0] = pl.specs[i].shape[0];
		shape[1] = pl.specs[i].shape[1];
		rc = 0;
	}
	free(pl.specs);
	free(w.layers);
	return rc;
}
