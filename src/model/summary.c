/*
 * summary.c - the layer summary of a config; see summary.h.
 *
 * The tree is built in pre-order by a small builder: parent rows are
 * opened at a depth, leaf rows carry the parameters and mult-adds, and
 * every leaf adds its figures to all of its ancestors, so that a folded
 * parent shows what it hides.  Counts that overflow 64 bits are an error
 * (an inexact count would be a lie); byte figures saturate instead, so a
 * caller's memory check still says "too much".
 */
#include "build-config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "attntui/base/arith.h"
#include "attntui/model/summary.h"

/* Deeper than any family's tree (root 0, block 1, module 2, leaf 3). */
#define BUILD_MAX_DEPTH		8

/* More layers than any real model, few enough rows to fit in memory. */
#define SUMMARY_MAX_LAYERS	(1 << 20)

#define TABLE_WIDTH	100
#define COL_LAYER	46
#define COL_SHAPE	20
#define COL_PARAMS	16

enum cost { COST_NONE, COST_LINEAR, COST_ATTENTION };

struct shape {
	int	 rank;
	int64_t	 d[SUMMARY_MAX_RANK];
};

struct build {
	struct summary			*s;
	const struct config		*cfg;
	const struct config_model	*m;
	struct error			*err;
	size_t				 cap;
	int				 open[BUILD_MAX_DEPTH];
	int				 layer;		/* current, or -1 */
	int				 failed;	/* err is set */
	int				 overflow;	/* a count wrapped */
	uint64_t			 T, D, V, H, KV, dh, F;
};

/* The names a pre-LN decoder family gives its modules. */
struct decoder_names {
	const char	*root_type;
	const char	*tok_emb, *pos_emb;
	const char	*block, *block_type;
	const char	*norm1, *attn, *attn_type, *q, *k, *v, *o, *norm2;
	const char	*mlp, *mlp_type, *up, *gate, *down;
	const char	*final_norm, *head;
};

static const struct decoder_names gpt2_names = {
	"GPT2LMHeadModel", "wte", "wpe", "h", "GPT2Block",
	"ln_1", "attn", "GPT2Attention", "q", "k", "v", "c_proj", "ln_2",
	"mlp", "GPT2MLP", "c_fc", "c_gate", "c_proj",
	"ln_f", "lm_head"
};

static const struct decoder_names llama_names = {
	"LlamaForCausalLM", "embed_tokens", "embed_positions", "layers",
	"LlamaDecoderLayer",
	"input_layernorm", "self_attn", "LlamaAttention", "q_proj", "k_proj",
	"v_proj", "o_proj", "post_attention_layernorm",
	"mlp", "LlamaMLP", "up_proj", "gate_proj", "down_proj",
	"norm", "lm_head"
};

/* The module types of the llama family's architectures (doc/hf.md). */
static const struct {
	const char	*arch;
	const char	*block, *attn, *mlp;
} llama_types[] = {
	{ "MistralForCausalLM", "MistralDecoderLayer", "MistralAttention",
	    "MistralMLP" },
	{ "Qwen2ForCausalLM", "Qwen2DecoderLayer", "Qwen2Attention",
	    "Qwen2MLP" },
	{ "Qwen3ForCausalLM", "Qwen3DecoderLayer", "Qwen3Attention",
	    "Qwen3MLP" },
	{ "Gemma2ForCausalLM", "Gemma2DecoderLayer", "Gemma2Attention",
	    "Gemma2MLP" },
	{ "Gemma3ForCausalLM", "Gemma3DecoderLayer", "Gemma3Attention",
	    "Gemma3MLP" },
	{ "Phi3ForCausalLM", "Phi3DecoderLayer", "Phi3Attention", "Phi3MLP" },
};

/* Llama's names, with the module types of arch when it has its own. */
static struct decoder_names
summary_llama_names(const char *arch)
{
	struct decoder_names	nm = llama_names;
	size_t			i;

	for (i = 0; arch != NULL && i < sizeof llama_types /
	    sizeof llama_types[0]; i++) {
		if (strcmp(llama_types[i].arch, arch) != 0)
			continue;
		nm.block_type = llama_types[i].block;
		nm.attn_type = llama_types[i].attn;
		nm.mlp_type = llama_types[i].mlp;
	}
	return nm;
}

static uint64_t
mul_checked(struct build *b, uint64_t x, uint64_t y)
{
	if (x != 0 && y > UINT64_MAX / x) {
		b->overflow = 1;
		return 0;
	}
	return x * y;
}

static uint64_t
add_checked(struct build *b, uint64_t x, uint64_t y)
{
	if (y > UINT64_MAX - x) {
		b->overflow = 1;
		return 0;
	}
	return x + y;
}

static struct shape
shape_tokens(uint64_t T, uint64_t n)
{
	struct shape	sh = { 3, { 1, (int64_t)T, (int64_t)n, 0 } };

	return sh;
}

/* Record the first failure only: later ones are consequences. */
static void
build_fail(struct build *b, int status, const char *msg, const char *arg)
{
	if (b->failed)
		return;
	b->failed = 1;
	error_set(b->err, status, b->cfg->path, 0, 0, "summary: %s%s", msg,
	    arg);
}

/* Append a row under the parent open at depth - 1; its index or -1. */
static int
build_row(struct build *b, int depth, const char *local, const char *type,
    struct shape sh)
{
	struct summary		*s = b->s;
	struct summary_row	*row, *rows;
	const char		*pname;
	size_t			 cap;
	int			 n;

	if (b->failed)
		return -1;
	if (s->n_rows == b->cap) {
		cap = b->cap == 0 ? 64 : b->cap * 2;
		if (cap > SIZE_MAX / sizeof *rows || cap > INT32_MAX) {
			build_fail(b, EXIT_RUNTIME, "too many rows", "");
			return -1;
		}
		if ((rows = realloc(s->rows, cap * sizeof *rows)) == NULL) {
			build_fail(b, EXIT_RUNTIME, "out of memory", "");
			return -1;
		}
		s->rows = rows;
		b->cap = cap;
	}
	row = &s->rows[s->n_rows];
	memset(row, 0, sizeof *row);
	row->depth = depth;
	row->parent = depth == 0 ? -1 : b->open[depth - 1];
	pname = depth == 0 ? "" : s->rows[row->parent].name;
	n = snprintf(row->name, sizeof row->name, "%s%s%s", pname,
	    *pname != '\0' ? "." : "", local);
	if (n < 0 || (size_t)n >= sizeof row->name) {
		build_fail(b, EXIT_USAGE, "module name too long: ", local);
		return -1;
	}
	row->type = type;
	row->rank = sh.rank;
	memcpy(row->shape, sh.d, sizeof row->shape);
	row->layer = depth == 0 ? -1 : b->layer;
	b->open[depth] = (int)s->n_rows;
	return (int)s->n_rows++;
}

/*
 * A leaf: its figures go to every ancestor and to the totals, so that
 * nothing is counted in two places.
 */
static void
build_leaf(struct build *b, int depth, const char *local, const char *type,
    struct shape sh, uint64_t params, uint64_t mult_adds, enum cost cost)
{
	struct summary_totals	*t = &b->s->totals;
	struct summary_row	*row;
	uint64_t		 numel;
	int			 i, k;

	if ((i = build_row(b, depth, local, type, sh)) == -1)
		return;
	row = &b->s->rows[i];
	row->leaf = 1;
	row->params = params;
	row->mult_adds = mult_adds;
	for (k = row->parent; k != -1; k = b->s->rows[k].parent) {
		b->s->rows[k].params = add_checked(b, b->s->rows[k].params,
		    params);
		b->s->rows[k].mult_adds = add_checked(b,
		    b->s->rows[k].mult_adds, mult_adds);
	}
	t->params = add_checked(b, t->params, params);
	if (cost == COST_LINEAR)
		t->linear_mult_adds = add_checked(b, t->linear_mult_adds,
		    mult_adds);
	else if (cost == COST_ATTENTION) {
		t->attention_mult_adds = add_checked(b,
		    t->attention_mult_adds, mult_adds);
		return;		/* probabilities are counted on their own */
	}
	numel = 1;
	for (k = 0; k < sh.rank; k++)
		numel = arith_mul_sat(numel, (uint64_t)sh.d[k]);
	t->activation_bytes = arith_add_sat(t->activation_bytes,
	    arith_mul_sat(numel, sizeof(float)));
}

/* A Linear over T tokens: T x in x out mult-adds, bias not counted. */
static void
build_linear_bias(struct build *b, int depth, const char *local,
    uint64_t in, uint64_t out, int bias)
{
	uint64_t	params, macs;

	params = add_checked(b, mul_checked(b, in, out), bias ? out : 0);
	macs = mul_checked(b, b->T, mul_checked(b, in, out));
	build_leaf(b, depth, local, "Linear", shape_tokens(b->T, out), params,
	    macs, COST_LINEAR);
}

/* A Linear of the families with one bias setting (gpt2, bert, attention). */
static void
build_linear(struct build *b, int depth, const char *local, uint64_t in,
    uint64_t out)
{
	build_linear_bias(b, depth, local, in, out, b->m->bias);
}

/* BERT's pooler: a D x D Linear on the first token only. */
static void
build_pooler(struct build *b, int depth, const char *local)
{
	struct shape	sh = { 2, { 1, (int64_t)b->D, 0, 0 } };
	uint64_t	params, macs;

	macs = mul_checked(b, b->D, b->D);
	params = add_checked(b, macs, b->m->bias ? b->D : 0);
	build_leaf(b, depth, local, "Linear", sh, params, macs, COST_LINEAR);
}

/* The output head; when tied its weights are counted at the embedding. */
static void
build_head(struct build *b, int depth, const char *local)
{
	uint64_t	weights = mul_checked(b, b->V, b->D);
	uint64_t	macs = mul_checked(b, b->T, weights);
	int		tied = b->m->tie_embeddings;

	build_leaf(b, depth, local, "Linear", shape_tokens(b->T, b->V),
	    tied ? 0 : weights, macs, COST_LINEAR);
	if (!b->failed && tied) {
		b->s->rows[b->s->n_rows - 1].tied = 1;
		b->s->totals.tied_params = weights;
	}
}

static void
build_embedding(struct build *b, int depth, const char *local, uint64_t n)
{
	build_leaf(b, depth, local, "Embedding", shape_tokens(b->T, b->D),
	    mul_checked(b, n, b->D), 0, COST_NONE);
}

/* LayerNorm has a weight and a bias, RMSNorm a weight only. */
static void
build_norm_shape(struct build *b, int depth, const char *local,
    struct shape sh, uint64_t dim)
{
	switch (b->m->norm) {
	case NORM_NONE:
		break;
	case NORM_LAYERNORM:
		build_leaf(b, depth, local, "LayerNorm", sh, 2 * dim, 0,
		    COST_NONE);
		break;
	case NORM_RMSNORM:
		build_leaf(b, depth, local, "RMSNorm", sh, dim, 0, COST_NONE);
		break;
	}
}

static void
build_norm(struct build *b, int depth, const char *local)
{
	build_norm_shape(b, depth, local, shape_tokens(b->T, b->D), b->D);
}

/* qk_norm: one norm of d_head over every head of q or k. */
static void
build_head_norm(struct build *b, int depth, const char *local,
    uint64_t heads)
{
	struct shape	sh = { 4, { 1, (int64_t)b->T, (int64_t)heads,
			    (int64_t)b->dh } };

	build_norm_shape(b, depth, local, sh, b->dh);
}

/* QK^T and AV: each n_heads x T x T x d_head, dense. */
static void
build_sdpa(struct build *b, int depth, const char *local)
{
	struct shape	sh = { 4, { 1, (int64_t)b->H, (int64_t)b->T,
			    (int64_t)b->T } };
	uint64_t	macs;

	macs = mul_checked(b, 2 * b->H, mul_checked(b,
	    mul_checked(b, b->T, b->T), b->dh));
	build_leaf(b, depth, local, "SDPA", sh, 0, macs, COST_ATTENTION);
}

static void
build_position(struct build *b, int depth, const char *local)
{
	if (b->m->position == POS_LEARNED)
		build_embedding(b, depth, local, (uint64_t)b->m->max_seq);
}

/* The attention projections and core, in the order they run. */
static void
build_attention(struct build *b, int depth, const struct decoder_names *nm)
{
	build_linear(b, depth, nm->q, b->D, b->H * b->dh);
	build_linear(b, depth, nm->k, b->D, b->KV * b->dh);
	build_linear(b, depth, nm->v, b->D, b->KV * b->dh);
	build_sdpa(b, depth, "sdpa");
	build_linear(b, depth, nm->o, b->H * b->dh, b->D);
}

static void
build_mlp(struct build *b, int depth, const struct decoder_names *nm)
{
	if (b->m->activation == ACT_SWIGLU)
		build_linear(b, depth, nm->gate, b->D, b->F);
	build_linear(b, depth, nm->up, b->D, b->F);
	build_linear(b, depth, nm->down, b->F, b->D);
}

/*
 * The llama family's attention: q, k and v (or Phi-3's fused qkv_proj),
 * Qwen 3 and Gemma 3's q and k norms, the core, o_proj.
 */
static void
build_llama_attention(struct build *b, int depth,
    const struct decoder_names *nm)
{
	const struct config_model	*m = b->m;

	if (m->fused_qkv)
		build_linear_bias(b, depth, "qkv_proj", b->D,
		    (b->H + 2 * b->KV) * b->dh, m->qkv_bias);
	else {
		build_linear_bias(b, depth, nm->q, b->D, b->H * b->dh,
		    m->qkv_bias);
		build_linear_bias(b, depth, nm->k, b->D, b->KV * b->dh,
		    m->qkv_bias);
		build_linear_bias(b, depth, nm->v, b->D, b->KV * b->dh,
		    m->qkv_bias);
	}
	if (m->qk_norm) {
		build_head_norm(b, depth, "q_norm", b->H);
		build_head_norm(b, depth, "k_norm", b->KV);
	}
	build_sdpa(b, depth, "sdpa");
	build_linear_bias(b, depth, nm->o, b->H * b->dh, b->D, m->o_bias);
}

/* gate, up and down, or Phi-3's fused gate_up_proj and down. */
static void
build_llama_mlp(struct build *b, int depth, const struct decoder_names *nm)
{
	const struct config_model	*m = b->m;

	if (m->fused_gate_up)
		build_linear_bias(b, depth, "gate_up_proj", b->D, 2 * b->F,
		    m->mlp_bias);
	else {
		if (config_activation_gated(m->activation))
			build_linear_bias(b, depth, nm->gate, b->D, b->F,
			    m->mlp_bias);
		build_linear_bias(b, depth, nm->up, b->D, b->F, m->mlp_bias);
	}
	build_linear_bias(b, depth, nm->down, b->F, b->D, m->mlp_bias);
}

/* One block: its norms, attention and MLP (Gemma: four norms). */
static void
build_block(struct build *b, const struct decoder_names *nm)
{
	int	llama = b->m->family == FAMILY_LLAMA;
	int	post = llama && b->m->post_norms;

	build_norm(b, 2, nm->norm1);
	build_row(b, 2, nm->attn, nm->attn_type, shape_tokens(b->T, b->D));
	if (llama)
		build_llama_attention(b, 3, nm);
	else
		build_attention(b, 3, nm);
	build_norm(b, 2, nm->norm2);
	if (post)
		build_norm(b, 2, "pre_feedforward_layernorm");
	build_row(b, 2, nm->mlp, nm->mlp_type, shape_tokens(b->T, b->D));
	if (llama)
		build_llama_mlp(b, 3, nm);
	else
		build_mlp(b, 3, nm);
	if (post)
		build_norm(b, 2, "post_feedforward_layernorm");
}

/* GPT-2 and LLaMA: pre-norm blocks, final norm, output head. */
static void
build_decoder(struct build *b, const struct decoder_names *nm)
{
	char		local[SUMMARY_NAME_LEN];
	int64_t		l;

	build_row(b, 0, "", b->s->arch != NULL ? b->s->arch : nm->root_type,
	    shape_tokens(b->T, b->V));
	build_embedding(b, 1, nm->tok_emb, b->V);
	build_position(b, 1, nm->pos_emb);
	for (l = 0; l < b->m->n_layers && !b->failed; l++) {
		b->layer = (int)l;
		snprintf(local, sizeof local, "%s.%" PRId64, nm->block, l);
		build_row(b, 1, local, nm->block_type,
		    shape_tokens(b->T, b->D));
		build_block(b, nm);
	}
	b->layer = -1;
	build_norm(b, 1, nm->final_norm);
	build_head(b, 1, nm->head);
}

/*
 * BertForMaskedLM's head, cls.predictions: a dense layer and a norm, then
 * the decoder, whose weight is the word embeddings' (tied) and whose
 * bias is the head's own.
 */
static void
build_mlm_head(struct build *b)
{
	uint64_t	weights = mul_checked(b, b->V, b->D);

	build_row(b, 1, "cls.predictions", "BertLMPredictionHead",
	    shape_tokens(b->T, b->V));
	build_linear(b, 2, "transform.dense", b->D, b->D);
	build_norm(b, 2, "transform.LayerNorm");
	build_leaf(b, 2, "decoder", "Linear", shape_tokens(b->T, b->V),
	    b->m->tie_embeddings ? b->V : add_checked(b, weights, b->V),
	    mul_checked(b, b->T, weights), COST_LINEAR);
	if (!b->failed && b->m->tie_embeddings) {
		b->s->rows[b->s->n_rows - 1].tied = 1;
		b->s->totals.tied_params = weights;
	}
}

/* BERT: post-norm layers under Hugging Face's names, the MLM head when
   asked for. */
static void
build_bert(struct build *b)
{
	static const struct decoder_names nm = {
		.q = "self.query", .k = "self.key", .v = "self.value",
		.o = "output.dense", .up = "intermediate.dense",
		.gate = "intermediate.gate", .down = "output.dense"
	};
	struct shape	hidden = shape_tokens(b->T, b->D);
	char		local[SUMMARY_NAME_LEN];
	int64_t		l;

	build_row(b, 0, "", b->s->arch != NULL ? b->s->arch : "BertModel",
	    hidden);
	build_row(b, 1, "embeddings", "BertEmbeddings", hidden);
	build_embedding(b, 2, "word_embeddings", b->V);
	build_position(b, 2, "position_embeddings");
	if (b->m->type_vocab_size > 0)
		build_embedding(b, 2, "token_type_embeddings",
		    (uint64_t)b->m->type_vocab_size);
	build_norm(b, 2, "LayerNorm");
	for (l = 0; l < b->m->n_layers && !b->failed; l++) {
		b->layer = (int)l;
		snprintf(local, sizeof local, "encoder.layer.%" PRId64, l);
		build_row(b, 1, local, "BertLayer", hidden);
		build_row(b, 2, "attention", "BertAttention", hidden);
		build_attention(b, 3, &nm);
		build_norm(b, 3, "output.LayerNorm");
		build_mlp(b, 2, &nm);
		build_norm(b, 2, "output.LayerNorm");
	}
	b->layer = -1;
	if (b->m->pooler) {
		build_pooler(b, 1, "pooler.dense");
		b->s->totals.pooler = 1;
	}
	if (b->m->mlm_head) {
		build_mlm_head(b);
		b->s->totals.mlm_head = 1;
	}
}

/* One multi-head self-attention layer, the classic blog example. */
static void
build_single(struct build *b)
{
	static const struct decoder_names nm = {
		.q = "q", .k = "k", .v = "v", .o = "o"
	};

	build_row(b, 0, "", "MultiheadAttention", shape_tokens(b->T, b->D));
	b->layer = 0;
	build_position(b, 1, "pos");
	build_attention(b, 1, &nm);
	b->layer = -1;
}

/* Everything the builder multiplies must be positive and bounded. */
static int
summary_check(const struct config *cfg, int64_t seq_len, struct error *err)
{
	const struct config_model	*m = &cfg->model;
	const char			*bad = NULL;
	int64_t				 v = 0;

#define CHECK(field, value, cond) \
	if (bad == NULL && !(cond)) { bad = field; v = value; }
	CHECK("seq_len", seq_len, seq_len >= 1);
	CHECK("d_model", m->d_model, m->d_model >= 1);
	CHECK("n_layers", m->n_layers, m->n_layers >= 1 &&
	    m->n_layers <= SUMMARY_MAX_LAYERS);
	CHECK("n_heads", m->n_heads, m->n_heads >= 1);
	CHECK("n_kv_heads", m->n_kv_heads, m->n_kv_heads >= 1);
	CHECK("d_head", m->d_head, m->d_head >= 1);
	CHECK("vocab_size", m->vocab_size, m->vocab_size >= 1 ||
	    m->family == FAMILY_ATTENTION);
	CHECK("d_ff", m->d_ff, m->d_ff >= 1 ||
	    m->family == FAMILY_ATTENTION);
	CHECK("max_seq", m->max_seq, m->max_seq >= 1 ||
	    m->position != POS_LEARNED);
	CHECK("type_vocab_size", m->type_vocab_size,
	    m->type_vocab_size >= 0);
#undef CHECK
	if (bad == NULL)
		return 0;
	return error_set(err, EXIT_USAGE, cfg->path, 0, 0,
	    "summary: %s is %" PRId64 ", out of range", bad, v);
}

/* The tree's pre-order gives each row's last-sibling flag backwards. */
static void
summary_mark_last(struct summary *s)
{
	int	seen[BUILD_MAX_DEPTH] = { 0 };
	size_t	i;
	int	d, k;

	for (i = s->n_rows; i-- > 0;) {
		d = s->rows[i].depth;
		s->rows[i].last = !seen[d];
		seen[d] = 1;
		for (k = d + 1; k < BUILD_MAX_DEPTH; k++)
			seen[k] = 0;
	}
}

static void
summary_totals(struct summary *s, const struct build *b)
{
	struct summary_totals	*t = &s->totals;

	t->trainable = t->params;
	t->mult_adds = t->linear_mult_adds + t->attention_mult_adds;
	t->param_bytes_f32 = arith_mul_sat(t->params, 4);
	t->param_bytes_f16 = arith_mul_sat(t->params, 2);
	t->attention_bytes = arith_mul_sat(arith_mul_sat(
	    (uint64_t)b->m->n_layers, b->H), arith_mul_sat(
	    arith_mul_sat(b->T, b->T), sizeof(float)));
	t->need_bytes = arith_add_sat(arith_add_sat(t->param_bytes_f32,
	    t->activation_bytes), t->attention_bytes);
}

int
summary_build(const struct config *cfg, int64_t seq_len, struct summary *out,
    struct error *err)
{
	const struct config_model	*m = &cfg->model;
	struct decoder_names		 names;
	struct build			 b;

	memset(out, 0, sizeof *out);
	if (summary_check(cfg, seq_len, err) == -1)
		return -1;
	memset(&b, 0, sizeof b);
	b.s = out;
	b.cfg = cfg;
	b.m = m;
	if (m->architecture != NULL)
		out->arch = strdup(m->architecture);
	b.err = err;
	b.layer = -1;
	b.T = (uint64_t)seq_len;
	b.D = (uint64_t)m->d_model;
	b.V = (uint64_t)m->vocab_size;
	b.H = (uint64_t)m->n_heads;
	b.KV = (uint64_t)m->n_kv_heads;
	b.dh = (uint64_t)m->d_head;
	b.F = (uint64_t)m->d_ff;
	/* Products of two checked int64 values fit: each is below 2^63. */
	if (b.H > UINT64_MAX / b.dh || b.KV > UINT64_MAX / b.dh)
		b.overflow = 1;

	switch (m->family) {
	case FAMILY_GPT2:
		build_decoder(&b, &gpt2_names);
		break;
	case FAMILY_LLAMA:
		names = summary_llama_names(m->architecture);
		build_decoder(&b, &names);
		break;
	case FAMILY_BERT:
		build_bert(&b);
		break;
	case FAMILY_ATTENTION:
		build_single(&b);
		break;
	}
	add_checked(&b, out->totals.linear_mult_adds,
	    out->totals.attention_mult_adds);
	if (!b.failed && b.overflow)
		build_fail(&b, EXIT_USAGE, "a parameter or mult-add count "
		    "exceeds 2^64", "");
	if (b.failed) {
		summary_free(out);
		return -1;
	}
	if ((out->model_name = strdup(m->name != NULL ? m->name : "")) ==
	    NULL || (m->architecture != NULL && out->arch == NULL)) {
		summary_free(out);
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "summary: out of memory");
	}
	out->family = m->family;
	out->seq_len = seq_len;
	out->n_layers = m->n_layers;
	out->n_heads = m->n_heads;
	summary_mark_last(out);
	summary_totals(out, &b);
	return 0;
}

void
summary_free(struct summary *s)
{
	free(s->model_name);
	free(s->arch);
	free(s->rows);
	memset(s, 0, sizeof *s);
}

const char *
summary_label(const struct summary *s, size_t row)
{
	const struct summary_row	*r = &s->rows[row];

	if (r->parent == -1 || s->rows[r->parent].name[0] == '\0')
		return r->name;
	return r->name + strlen(s->rows[r->parent].name) + 1;
}

char *
summary_format_count(uint64_t n, char *buf, size_t len)
{
	char	tmp[SUMMARY_COUNT_LEN];
	size_t	i = 0, j;
	int	digits = 0;

	do {
		if (digits > 0 && digits % 3 == 0)
			tmp[i++] = ',';
		tmp[i++] = (char)('0' + n % 10);
		n /= 10;
		digits++;
	} while (n != 0);
	if (len == 0)
		return buf;
	for (j = 0; j < i && j + 1 < len; j++)
		buf[j] = tmp[i - 1 - j];
	buf[j] = '\0';
	return buf;
}

char *
summary_format_bytes(uint64_t n, char *buf, size_t len)
{
	static const char	*units[] = { "kB", "MB", "GB", "TB", "PB",
				    "EB" };
	double			 v = (double)n;
	size_t			 u = 0;

	if (n == SUMMARY_BYTES_MAX) {
		snprintf(buf, len, ">= 18.45 EB");
		return buf;
	}
	if (n < 1000) {
		snprintf(buf, len, "%" PRIu64 " B", n);
		return buf;
	}
	v /= 1000;
	while (v >= 999.995 && u + 1 < sizeof units / sizeof units[0]) {
		v /= 1000;
		u++;
	}
	snprintf(buf, len, "%.2f %s", v, units[u]);
	return buf;
}

/* Terminal columns of UTF-8 text: every byte but continuation bytes. */
static size_t
text_columns(const char *s)
{
	size_t	n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* A left-aligned cell; an over-long one still keeps one space after it. */
static void
put_cell(FILE *fp, const char *text, size_t width)
{
	size_t	n = text_columns(text);

	fputs(text, fp);
	do
		fputc(' ', fp);
	while (++n < width);
}

static void
put_rule(FILE *fp, int c)
{
	int	i;

	for (i = 0; i < TABLE_WIDTH; i++)
		fputc(c, fp);
	fputc('\n', fp);
}

char *
summary_format_shape(const struct summary_row *r, char *buf, size_t len)
{
	size_t	off = 0;
	int	i;

	off += (size_t)snprintf(buf, len, "[");
	for (i = 0; i < r->rank && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%" PRId64,
		    i > 0 ? ", " : "", r->shape[i]);
	if (off < len)
		snprintf(buf + off, len - off, "]");
	return buf;
}

/*
 * The tree cell: one "│  " or "   " per ancestor below the root, as the
 * ancestor has later siblings or not, then the row's own branch.
 */
static void
format_layer(const struct summary *s, size_t i, int idx, char *buf,
    size_t len)
{
	const struct summary_row	*r = &s->rows[i];
	const char			*bars[BUILD_MAX_DEPTH];
	char				 lead[BUILD_MAX_DEPTH * 8] = "";
	int				 d, k;

	if (r->depth == 0) {
		snprintf(buf, len, "%s", r->type);
		return;
	}
	d = r->depth - 1;
	for (k = r->parent; k != -1 && d > 0; k = s->rows[k].parent)
		bars[--d] = s->rows[k].last ? "   " : "│  ";
	for (d = 0; d < r->depth - 1; d++)
		strcat(lead, bars[d]);
	snprintf(buf, len, "%s%s%s (%s): %d-%d", lead,
	    r->last ? "└─" : "├─", summary_label(s, i), r->type, r->depth,
	    idx);
}

static void
print_row(const struct summary *s, size_t i, int idx, FILE *fp)
{
	const struct summary_row	*r = &s->rows[i];
	char				 cell[SUMMARY_NAME_LEN * 4];
	char				 num[SUMMARY_COUNT_LEN];

	format_layer(s, i, idx, cell, sizeof cell);
	put_cell(fp, cell, COL_LAYER);
	summary_format_shape(r, cell, sizeof cell);
	put_cell(fp, cell, COL_SHAPE);
	if (r->tied)
		put_cell(fp, "(tied)", COL_PARAMS);
	else
		put_cell(fp, r->params == 0 ? "--" :
		    summary_format_count(r->params, num, sizeof num),
		    COL_PARAMS);
	fputs(r->mult_adds == 0 ? "--" :
	    summary_format_count(r->mult_adds, num, sizeof num), fp);
	fputc('\n', fp);
}

static void
print_header(const struct summary *s, FILE *fp)
{
	put_rule(fp, '=');
	fprintf(fp, "%s (%s%sfamily %s), input length T = %" PRId64
	    ", batch 1\n", s->model_name, s->arch != NULL ? s->arch : "",
	    s->arch != NULL ? ", " : "", config_family_name(s->family),
	    s->seq_len);
	if (s->family == FAMILY_BERT)
		fprintf(fp, "BERT pooler: %s; %s\n",
		    s->totals.pooler ? "included (model.pooler: 1)" :
		    "not included (model.pooler: 0)", s->totals.mlm_head ?
		    "MLM head included (model.mlm_head: 1)" : "no MLM head");
	put_rule(fp, '=');
	put_cell(fp, "Layer (type:depth-idx)", COL_LAYER);
	put_cell(fp, "Output Shape", COL_SHAPE);
	put_cell(fp, "Param #", COL_PARAMS);
	fputs("Mult-Adds\n", fp);
	put_rule(fp, '=');
}

static void
print_count(FILE *fp, const char *label, uint64_t n)
{
	char	num[SUMMARY_COUNT_LEN];

	fprintf(fp, "%s: %s\n", label, summary_format_count(n, num,
	    sizeof num));
}

static void
print_bytes(FILE *fp, const char *label, uint64_t n)
{
	char	num[SUMMARY_COUNT_LEN];

	fprintf(fp, "%s: %s\n", label, summary_format_bytes(n, num,
	    sizeof num));
}

static void
print_totals(const struct summary *s, FILE *fp)
{
	const struct summary_totals	*t = &s->totals;
	char				 label[128];

	put_rule(fp, '=');
	print_count(fp, "Total params", t->params);
	print_count(fp, "Trainable params", t->trainable);
	print_count(fp, "Non-trainable params", t->params - t->trainable);
	if (t->tied_params != 0)
		print_count(fp, "Tied params (lm_head shares the token "
		    "embedding, counted once)", t->tied_params);
	print_count(fp, "Linear mult-adds (T x in x out, biases not counted)",
	    t->linear_mult_adds);
	print_count(fp, "Attention mult-adds (QK^T and AV, dense T x T; "
	    "not in torchinfo)", t->attention_mult_adds);
	print_count(fp, "Total mult-adds", t->mult_adds);
	put_rule(fp, '=');
	print_bytes(fp, "Params size (F32)", t->param_bytes_f32);
	print_bytes(fp, "Params size (F16/BF16)", t->param_bytes_f16);
	print_bytes(fp, "Activation size (F32) *", t->activation_bytes);
	snprintf(label, sizeof label, "Attention probabilities (F32, %" PRId64
	    " layers x %" PRId64 " heads x %" PRId64 " x %" PRId64 ")",
	    s->n_layers, s->n_heads, s->seq_len, s->seq_len);
	print_bytes(fp, label, t->attention_bytes);
	print_bytes(fp, "Memory to compute (F32 params + activations + "
	    "probabilities)", t->need_bytes);
	put_rule(fp, '=');
	fputs("* every leaf row's output elements x 4 bytes, batch 1, one "
	    "forward; SDPA rows excluded\n", fp);
}

int
summary_print(const struct summary *s, int depth, FILE *fp)
{
	int	idx[BUILD_MAX_DEPTH] = { 0 };
	size_t	i;
	int	d;

	print_header(s, fp);
	for (i = 0; i < s->n_rows; i++) {
		d = s->rows[i].depth;
		idx[d]++;
		if (depth < 0 || d <= depth)
			print_row(s, i, idx[d], fp);
	}
	print_totals(s, fp);
	return ferror(fp) ? -1 : 0;
}
