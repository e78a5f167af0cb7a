/*
 * weights_plan.c - the tensors of each family; see weights_plan.h.
 */
#include "build-config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attntui/model/weights_plan.h"

static struct weights_spec *weights_add(struct weights_plan *,
	    const float **, enum weights_init, int, int64_t, int64_t,
	    const char *, ...) __attribute__((format(printf, 7, 8)));

/* Add a tensor; the spec, valid until the next add, or NULL on failure. */
static struct weights_spec *
weights_add(struct weights_plan *pl, const float **slot,
    enum weights_init init, int rank, int64_t d0, int64_t d1,
    const char *fmt, ...)
{
	struct weights_spec	*s;
	va_list			 ap;
	int			 n;

	if (pl->failed)
		return NULL;
	if (pl->n == pl->cap) {
		size_t	cap = pl->cap == 0 ? 64 : pl->cap * 2;

		s = reallocarray(pl->specs, cap, sizeof *s);
		if (s == NULL) {
			pl->failed = 1;
			return NULL;
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
		return NULL;
	}
	s->rank = rank;
	s->shape[0] = d0;
	s->shape[1] = rank == 2 ? d1 : 0;
	s->init = init;
	s->slot = slot;
	s->layer = -1;
	pl->n++;
	return s;
}

/*
 * A norm's weight (and bias for layernorm) over dim values; nothing for
 * norm none.  A file's weights are offset by norm_offset (Gemma's
 * 1 + w); seeded ones are 1 as used.
 */
static void
weights_add_norm_dim(struct weights_plan *pl, const struct config *cfg,
    struct weights_norm *nm, int64_t dim, const char *base)
{
	struct weights_spec	*s;

	if (cfg->model.norm == NORM_NONE)
		return;
	s = weights_add(pl, &nm->w, INIT_ONE, 1, dim, 0, "%s.weight", base);
	if (s != NULL)
		s->add = (float)cfg->model.norm_offset;
	if (cfg->model.norm == NORM_LAYERNORM)
		weights_add(pl, &nm->b, INIT_ZERO, 1, dim, 0, "%s.bias", base);
}

static void
weights_add_norm(struct weights_plan *pl, const struct config *cfg,
    struct weights_norm *nm, const char *base)
{
	weights_add_norm_dim(pl, cfg, nm, cfg->model.d_model, base);
}

/*
 * A linear layer and its optional bias: an nn.Linear stored [out, in], or
 * (in_out) a GPT-2 Conv1D stored [in, out].  The weight may stay F16 or
 * BF16 in a mapped file.
 */
static void
weights_add_proj(struct weights_plan *pl, struct weights_linear *l,
    int64_t in, int64_t out, int in_out, int bias, const char *base)
{
	struct weights_spec	*s;

	l->in = in;
	l->out = out;
	l->in_out = in_out;
	l->ld = in_out ? out : in;
	l->dtype = DTYPE_F32;
	s = weights_add(pl, &l->w, INIT_NORMAL, 2, in_out ? in : out,
	    in_out ? out : in, "%s.weight", base);
	if (s != NULL) {
		s->slot16 = &l->w16;
		s->dtype_slot = &l->dtype;
	}
	if (bias)
		weights_add(pl, &l->b, INIT_ZERO, 1, out, 0, "%s.bias", base);
}

static void
weights_add_linear(struct weights_plan *pl, struct weights_linear *l,
    int64_t in, int64_t out, int bias, const char *base)
{
	weights_add_proj(pl, l, in, out, 0, bias, base);
}

static void
weights_add_conv1d(struct weights_plan *pl, struct weights_linear *l,
    int64_t in, int64_t out, int bias, const char *base)
{
	weights_add_proj(pl, l, in, out, 1, bias, base);
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
	weights_add_conv1d(pl, &ly->q, m->d_model, qo + 2 * kvo, m->bias,
	    b);
	snprintf(b, sizeof b, "h.%lld.attn.c_proj", (long long)i);
	weights_add_conv1d(pl, &ly->o, qo, m->d_model, m->bias, b);
	snprintf(b, sizeof b, "h.%lld.ln_2", (long long)i);
	weights_add_norm(pl, cfg, &ly->mlp_norm, b);
	snprintf(b, sizeof b, "h.%lld.mlp.c_fc", (long long)i);
	weights_add_conv1d(pl, &ly->fc, m->d_model, m->d_ff, m->bias, b);
	if (config_activation_gated(m->activation)) {
		snprintf(b, sizeof b, "h.%lld.mlp.c_gate", (long long)i);
		weights_add_conv1d(pl, &ly->gate, m->d_model, m->d_ff,
		    m->bias, b);
	}
	snprintf(b, sizeof b, "h.%lld.mlp.c_proj", (long long)i);
	weights_add_conv1d(pl, &ly->proj, m->d_ff, m->d_model, m->bias, b);
}

/*
 * q, k and v as three nn.Linear named prefix + names[i] ("layers.0.
 * self_attn." and q_proj, ...; BERT's query, key and value).
 */
static void
weights_add_qkv(struct weights_plan *pl, const struct config *cfg,
    struct weights_layer *ly, int bias, const char *prefix,
    const char *const names[3])
{
	const struct config_model	*m = &cfg->model;
	int64_t				 kvo = m->n_kv_heads * m->d_head;
	struct weights_linear		*l[3] = { &ly->q, &ly->k, &ly->v };
	char				 b[WEIGHTS_NAME_LEN];
	int				 i;

	for (i = 0; i < 3; i++) {
		snprintf(b, sizeof b, "%s%s", prefix, names[i]);
		weights_add_linear(pl, l[i], m->d_model, i == 0 ? m->n_heads *
		    m->d_head : kvo, bias, b);
	}
}

static const char *const weights_qkv_names[3] = { "q_proj", "k_proj",
    "v_proj" };

/* q, k and v: three projections, or Phi-3's one qkv_proj (fix_views). */
static void
weights_plan_llama_qkv(struct weights_plan *pl, const struct config *cfg,
    struct weights_layer *ly, long long n)
{
	const struct config_model	*m = &cfg->model;
	int64_t				 qo = m->n_heads * m->d_head;
	int64_t				 kvo = m->n_kv_heads * m->d_head;
	char				 b[WEIGHTS_NAME_LEN];

	if (m->fused_qkv) {
		snprintf(b, sizeof b, "layers.%lld.self_attn.qkv_proj", n);
		weights_add_linear(pl, &ly->q, m->d_model, qo + 2 * kvo,
		    m->qkv_bias, b);
		return;
	}
	snprintf(b, sizeof b, "layers.%lld.self_attn.", n);
	weights_add_qkv(pl, cfg, ly, m->qkv_bias, b, weights_qkv_names);
}

/* gate (gated activations), up and down; or Phi-3's gate_up_proj. */
static void
weights_plan_llama_mlp(struct weights_plan *pl, const struct config *cfg,
    struct weights_layer *ly, long long n)
{
	const struct config_model	*m = &cfg->model;
	char				 b[WEIGHTS_NAME_LEN];

	if (m->fused_gate_up) {
		snprintf(b, sizeof b, "layers.%lld.mlp.gate_up_proj", n);
		weights_add_linear(pl, &ly->gate, m->d_model, 2 * m->d_ff,
		    m->mlp_bias, b);
	} else {
		if (config_activation_gated(m->activation)) {
			snprintf(b, sizeof b, "layers.%lld.mlp.gate_proj", n);
			weights_add_linear(pl, &ly->gate, m->d_model, m->d_ff,
			    m->mlp_bias, b);
		}
		snprintf(b, sizeof b, "layers.%lld.mlp.up_proj", n);
		weights_add_linear(pl, &ly->fc, m->d_model, m->d_ff,
		    m->mlp_bias, b);
	}
	snprintf(b, sizeof b, "layers.%lld.mlp.down_proj", n);
	weights_add_linear(pl, &ly->proj, m->d_ff, m->d_model, m->mlp_bias, b);
}

/*
 * Llama and its relatives.  With post_norms (Gemma) the four norms are
 * input, post_attention (on attention's output), pre_feedforward and
 * post_feedforward; without, post_attention_layernorm is the MLP's.
 */
static void
weights_plan_llama_layer(struct weights_plan *pl, const struct config *cfg,
    struct weights_layer *ly, int64_t i)
{
	const struct config_model	*m = &cfg->model;
	int64_t				 qo = m->n_heads * m->d_head;
	char				 b[WEIGHTS_NAME_LEN];
	long long			 n = (long long)i;

	snprintf(b, sizeof b, "layers.%lld.input_layernorm", n);
	weights_add_norm(pl, cfg, &ly->attn_norm, b);
	weights_plan_llama_qkv(pl, cfg, ly, n);
	snprintf(b, sizeof b, "layers.%lld.self_attn.o_proj", n);
	weights_add_linear(pl, &ly->o, qo, m->d_model, m->o_bias, b);
	if (m->qk_norm) {
		snprintf(b, sizeof b, "layers.%lld.self_attn.q_norm", n);
		weights_add_norm_dim(pl, cfg, &ly->q_norm, m->d_head, b);
		snprintf(b, sizeof b, "layers.%lld.self_attn.k_norm", n);
		weights_add_norm_dim(pl, cfg, &ly->k_norm, m->d_head, b);
	}
	snprintf(b, sizeof b, "layers.%lld.post_attention_layernorm", n);
	weights_add_norm(pl, cfg, m->post_norms ? &ly->attn_post_norm :
	    &ly->mlp_norm, b);
	if (m->post_norms) {
		snprintf(b, sizeof b, "layers.%lld.pre_feedforward_layernorm",
		    n);
		weights_add_norm(pl, cfg, &ly->mlp_norm, b);
	}
	weights_plan_llama_mlp(pl, cfg, ly, n);
	if (m->post_norms) {
		snprintf(b, sizeof b,
		    "layers.%lld.post_feedforward_layernorm", n);
		weights_add_norm(pl, cfg, &ly->mlp_post_norm, b);
	}
}

static void
weights_plan_bert_layer(struct weights_plan *pl, const struct config *cfg,
    struct weights_layer *ly, int64_t i)
{
	static const char *const	 qkv[3] = { "query", "key", "value" };
	const struct config_model	*m = &cfg->model;
	int64_t				 qo = m->n_heads * m->d_head;
	char				 b[WEIGHTS_NAME_LEN];
	long long			 n = (long long)i;

	snprintf(b, sizeof b, "encoder.layer.%lld.attention.self.", n);
	weights_add_qkv(pl, cfg, ly, m->bias, b, qkv);
	snprintf(b, sizeof b, "encoder.layer.%lld.attention.output.dense", n);
	weights_add_linear(pl, &ly->o, qo, m->d_model, m->bias, b);
	snprintf(b, sizeof b, "encoder.layer.%lld.attention.output.LayerNorm",
	    n);
	weights_add_norm(pl, cfg, &ly->attn_norm, b);
	snprintf(b, sizeof b, "encoder.layer.%lld.intermediate.dense", n);
	weights_add_linear(pl, &ly->fc, m->d_model, m->d_ff, m->bias, b);
	if (config_activation_gated(m->activation)) {
		snprintf(b, sizeof b, "encoder.layer.%lld.intermediate.gate",
		    n);
		weights_add_linear(pl, &ly->gate, m->d_model, m->d_ff,
		    m->bias, b);
	}
	snprintf(b, sizeof b, "encoder.layer.%lld.output.dense", n);
	weights_add_linear(pl, &ly->proj, m->d_ff, m->d_model, m->bias, b);
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

	weights_add_qkv(pl, cfg, ly, m->bias, "", weights_qkv_names);
	weights_add_linear(pl, &ly->o, qo, m->d_model, m->bias, "o_proj");
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
weights_plan_all(struct weights_plan *pl, const struct config *cfg,
    struct weights *w)
{
	const struct config_model	*m = &cfg->model;
	const struct weights_family	*f = &weights_families[m->family];
	struct weights_spec		*s;
	int64_t				 D = m->d_model, i;

	if (f->tok_embed != NULL &&
	    (s = weights_add(pl, &w->tok_embed, INIT_NORMAL, 2, m->vocab_size,
	    D, "%s", f->tok_embed)) != NULL) {
		s->slot16 = &w->tok_embed16;
		s->dtype_slot = &w->tok_dtype;
	}
	if (m->position == POS_LEARNED)
		weights_add(pl, &w->pos_embed, INIT_NORMAL, 2, m->max_seq, D,
		    "%s", f->pos_embed);
	if (f->type_embed != NULL && m->type_vocab_size > 0)
		weights_add(pl, &w->type_embed, INIT_NORMAL, 2,
		    m->type_vocab_size, D, "%s", f->type_embed);
	if (f->embed_norm != NULL)
		weights_add_norm(pl, cfg, &w->embed_norm, f->embed_norm);
	for (i = 0; i < m->n_layers; i++) {
		size_t	first = pl->n, k;

		f->layer(pl, cfg, &w->layers[i], i);
		for (k = first; k < pl->n; k++)
			pl->specs[k].layer = i;
	}
	if (f->final_norm != NULL)
		weights_add_norm(pl, cfg, &w->final_norm, f->final_norm);
}

/*
 * A linear over part of another's outputs, from output first on: the
 * columns of a Conv1D [in, out], the rows of an nn.Linear [out, in].
 */
static struct weights_linear
weights_view(const struct weights_linear *base, int64_t first, int64_t out)
{
	struct weights_linear	v = *base;
	int64_t			skip = first;

	if (!base->in_out)
		skip = first * base->ld;

	v.out = out;
	if (v.w != NULL)
		v.w += skip;
	if (v.w16 != NULL)
		v.w16 = (const char *)v.w16 + skip * (int64_t)dtype_size(
		    v.dtype);
	if (v.b != NULL)
		v.b += first;
	return v;
}

/* q, k and v as the blocks of GPT-2's c_attn or Phi-3's qkv_proj (in
   ly->q), gate and up as those of gate_up_proj (in ly->gate). */
void
weights_plan_fix_views(const struct config *cfg, struct weights *w)
{
	const struct config_model	*m = &cfg->model;
	int64_t				 qo = m->n_heads * m->d_head;
	int64_t				 kvo = m->n_kv_heads * m->d_head;
	struct weights_layer		*ly;
	struct weights_linear		 base;
	int64_t				 i;

	for (i = 0; i < w->n_layers; i++) {
		ly = &w->layers[i];
		if (m->family == FAMILY_GPT2 || m->fused_qkv) {
			base = ly->q;
			ly->q = weights_view(&base, 0, qo);
			ly->k = weights_view(&base, qo, kvo);
			ly->v = weights_view(&base, qo + kvo, kvo);
		}
		if (m->family == FAMILY_LLAMA && m->fused_gate_up) {
			base = ly->gate;
			ly->gate = weights_view(&base, 0, m->d_ff);
			ly->fc = weights_view(&base, m->d_ff, m->d_ff);
		}
	}
}

int
weights_spec_elements(const struct weights_spec *s, size_t *n)
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


void
weights_plan_free(struct weights_plan *pl)
{
	free(pl->specs);
	memset(pl, 0, sizeof *pl);
}

int
weights_plan_build(const struct config *cfg, struct weights *w,
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
	weights_plan_all(pl, cfg, w);
	if (pl->failed) {
		weights_plan_free(pl);
		free(w->layers);
		w->layers = NULL;
		return error_nomem(err, NULL);
	}
	return 0;
}
