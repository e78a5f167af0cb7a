/*
 * config.c - load and validate the YAML model config of doc/config.md.
 *
 * Two passes.  io/ytree.c turns the file into a small tree with places
 * and refuses a hostile one; this file walks the tree against the
 * schema in document order, so that the first error reported is the
 * first one in the file.
 */
#include "build-config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attntui/base/file.h"
#include "attntui/base/names.h"
#include "attntui/io/ytree.h"
#include "attntui/model/config.h"

/* A config is a page of text, never more. */
#define CONFIG_MAX_BYTES	(1024 * 1024)

/* weights defaults: the seed is arbitrary but fixed, so runs repeat. */
#define DEFAULT_SEED	42
#define DEFAULT_STD	0.02
/* max_seq when positions are not learned and nothing else bounds it. */
#define DEFAULT_MAX_SEQ	4096

/* The walk over the tree: where errors go, and the config it fills. */
struct walk {
	struct ytree_reader	 r;
	struct config		*cfg;
	config_from_fn		 from;		/* model.from's reader */
};

/* Remember where a value stood, for errors found after the walk. */
static void
walk_place(struct config_place *pl, const struct ytree_node *v)
{
	pl->line = v->line;
	pl->column = v->column;
}

/* ---- model ---------------------------------------------------------- */

enum {
	M_NAME, M_FAMILY, M_VOCAB, M_MAX_SEQ, M_D_MODEL, M_N_LAYERS,
	M_N_HEADS, M_N_KV_HEADS, M_D_HEAD, M_D_FF, M_TYPE_VOCAB, M_POOLER,
	M_NORM, M_NORM_EPS, M_ACTIVATION, M_POSITION, M_ROPE_THETA, M_MASK,
	M_BIAS, M_TIE,
	/* The variants of doc/hf.md's architectures. */
	M_FROM, M_ARCH, M_ATTN_BIAS, M_QKV_BIAS, M_MLP_BIAS, M_QK_NORM,
	M_NORM_OFFSET, M_EMBED_SCALE, M_POST_NORMS, M_QUERY_SCALAR, M_SOFTCAP,
	M_SLIDING_PATTERN, M_MAX_WINDOW, M_LAYER_TYPES, M_ROPE_LOCAL,
	M_PARTIAL, M_ROPE_SCALING, M_FUSED_QKV, M_FUSED_GATE_UP, M_MLM_HEAD,
	M_COUNT
};

/* Canonical names first: the hint and messages prefer them. */
static const struct ytree_key model_keys[] = {
	{ "name", M_NAME }, { "family", M_FAMILY },
	{ "vocab_size", M_VOCAB }, { "max_seq", M_MAX_SEQ },
	{ "d_model", M_D_MODEL }, { "n_layers", M_N_LAYERS },
	{ "n_heads", M_N_HEADS }, { "n_kv_heads", M_N_KV_HEADS },
	{ "d_head", M_D_HEAD }, { "d_ff", M_D_FF },
	{ "type_vocab_size", M_TYPE_VOCAB }, { "pooler", M_POOLER },
	{ "norm", M_NORM }, { "norm_eps", M_NORM_EPS },
	{ "activation", M_ACTIVATION }, { "position", M_POSITION },
	{ "rope_theta", M_ROPE_THETA }, { "mask", M_MASK },
	{ "bias", M_BIAS }, { "tie_embeddings", M_TIE },
	{ "from", M_FROM }, { "architecture", M_ARCH },
	{ "attention_bias", M_ATTN_BIAS }, { "qkv_bias", M_QKV_BIAS },
	{ "mlp_bias", M_MLP_BIAS }, { "qk_norm", M_QK_NORM },
	{ "norm_offset", M_NORM_OFFSET }, { "embed_scale", M_EMBED_SCALE },
	{ "post_norms", M_POST_NORMS },
	{ "query_pre_attn_scalar", M_QUERY_SCALAR },
	{ "attn_logit_softcapping", M_SOFTCAP },
	{ "sliding_window_pattern", M_SLIDING_PATTERN },
	{ "max_window_layers", M_MAX_WINDOW }, { "layer_types", M_LAYER_TYPES },
	{ "rope_local_theta", M_ROPE_LOCAL },
	{ "partial_rotary_factor", M_PARTIAL },
	{ "rope_scaling", M_ROPE_SCALING }, { "fused_qkv", M_FUSED_QKV },
	{ "fused_gate_up", M_FUSED_GATE_UP }, { "mlm_head", M_MLM_HEAD },
	/* Hugging Face config.json names. */
	{ "n_embd", M_D_MODEL }, { "hidden_size", M_D_MODEL },
	{ "n_layer", M_N_LAYERS }, { "num_hidden_layers", M_N_LAYERS },
	{ "n_head", M_N_HEADS }, { "num_attention_heads", M_N_HEADS },
	{ "num_key_value_heads", M_N_KV_HEADS }, { "head_dim", M_D_HEAD },
	{ "n_positions", M_MAX_SEQ },
	{ "max_position_embeddings", M_MAX_SEQ },
	{ "intermediate_size", M_D_FF }, { "rms_norm_eps", M_NORM_EPS },
	{ "layer_norm_epsilon", M_NORM_EPS }, { "layer_norm_eps", M_NORM_EPS },
	{ "rope_local_base_freq", M_ROPE_LOCAL },
	{ "tie_word_embeddings", M_TIE },
};
#define N_MODEL_KEYS (sizeof model_keys / sizeof model_keys[0])

/* Each enum's names, one table for parsing and printing (names.h). */
static const struct names family_names[] = {
	{ "gpt2", FAMILY_GPT2, 0 }, { "llama", FAMILY_LLAMA, 0 },
	{ "bert", FAMILY_BERT, 0 }, { "attention", FAMILY_ATTENTION, 0 },
	{ NULL, 0, 0 }
};
static const struct names norm_names[] = {
	{ "layernorm", NORM_LAYERNORM, 0 }, { "rmsnorm", NORM_RMSNORM, 0 },
	{ "none", NORM_NONE, NAMES_PRINT_ONLY }, { NULL, 0, 0 }
};
static const struct names act_names[] = {
	{ "gelu", ACT_GELU, 0 }, { "gelu_tanh", ACT_GELU_TANH, 0 },
	{ "relu", ACT_RELU, 0 }, { "silu", ACT_SILU, 0 },
	{ "swiglu", ACT_SWIGLU, 0 }, { "geglu", ACT_GEGLU, 0 },
	{ "none", ACT_NONE, NAMES_PRINT_ONLY },
	{ NULL, 0, 0 }
};
static const struct names pos_names[] = {
	{ "learned", POS_LEARNED, 0 }, { "sinusoidal", POS_SINUSOIDAL, 0 },
	{ "rope", POS_ROPE, 0 }, { "alibi", POS_ALIBI, 0 },
	{ "none", POS_NONE, 0 }, { NULL, 0, 0 }
};
static const struct names mask_names[] = {
	{ "causal", MASK_CAUSAL, 0 }, { "none", MASK_NONE, 0 },
	{ "sliding", MASK_SLIDING, 0 }, { NULL, 0, 0 }
};
static const struct names tokenizer_names[] = {
	{ "whitespace", TOKENIZER_WHITESPACE, 0 },
	{ "chars", TOKENIZER_CHARS, 0 }, { "bytes", TOKENIZER_BYTES, 0 },
	{ "gpt2", TOKENIZER_GPT2, 0 },
	{ "tokenizer.json", TOKENIZER_FILE, NAMES_PRINT_ONLY }, { NULL, 0, 0 }
};
static const struct names rope_type_names[] = {
	{ "linear", ROPE_LINEAR, 0 }, { "llama3", ROPE_LLAMA3, 0 },
	{ "default", ROPE_PLAIN, 0 }, { NULL, 0, 0 }
};
/* layer_types: Hugging Face's names, and short ones. */
static const struct names layer_type_names[] = {
	{ "sliding_attention", 1, 0 }, { "full_attention", 0, 0 },
	{ "sliding", 1, 0 }, { "full", 0, 0 }, { NULL, 0, 0 }
};
/* weights.init and input.embeddings have one value each. */
static const struct names random_names[] = {
	{ "random", 0, 0 }, { NULL, 0, 0 }
};

/* The family table of doc/config.md. */
void
config_model_defaults(struct config_model *m)
{
	m->rope_theta = 10000.0;
	m->partial_rotary = 1.0;
	m->max_window_layers = -1;
	m->bias = 1;
	switch (m->family) {
	case FAMILY_GPT2:
		m->norm = NORM_LAYERNORM;
		m->activation = ACT_GELU_TANH;
		m->position = POS_LEARNED;
		m->mask = MASK_CAUSAL;
		m->tie_embeddings = 1;
		m->norm_eps = 1e-5;
		break;
	case FAMILY_LLAMA:
		m->norm = NORM_RMSNORM;
		m->activation = ACT_SWIGLU;
		m->position = POS_ROPE;
		m->mask = MASK_CAUSAL;
		m->bias = 0;
		m->norm_eps = 1e-6;
		break;
	case FAMILY_BERT:
		m->norm = NORM_LAYERNORM;
		m->activation = ACT_GELU;
		m->position = POS_LEARNED;
		m->mask = MASK_NONE;
		m->tie_embeddings = 1;
		m->norm_eps = 1e-12;
		m->type_vocab_size = 2;
		m->pooler = 1;
		break;
	case FAMILY_ATTENTION:
		m->norm = NORM_NONE;
		m->activation = ACT_NONE;
		m->position = POS_NONE;
		m->mask = MASK_NONE;
		m->n_layers = 1;
		break;
	}
	m->qkv_bias = m->o_bias = m->mlp_bias = m->bias;
}

/* causal | none | sliding:N, N in [1, CONFIG_MAX_SEQ]. */
static int
get_mask(struct walk *w, const struct ytree_node *n, const char *name,
    struct config_model *m)
{
	const char	*what = "causal, none or sliding:N with N from 1 to "
			    "1048576";
	struct ytree_node	 number;
	uint64_t	 v;
	int		 neg, overflow;

	if (n->type == YTREE_SCALAR && ytree_is(n, "causal"))
		m->mask = MASK_CAUSAL;
	else if (n->type == YTREE_SCALAR && ytree_is(n, "none"))
		m->mask = MASK_NONE;
	else if (n->type == YTREE_SCALAR && n->len > 8 &&
	    strncmp(n->text, "sliding:", 8) == 0) {
		number = *n;
		number.text = n->text + 8;
		number.len = n->len - 8;
		number.plain = 1;
		if (number.text[0] < '0' || number.text[0] > '9' ||
		    ytree_int(&number, &neg, &v, &overflow) == -1 ||
		    overflow || v < 1 || v > CONFIG_MAX_SEQ)
			return ytree_expected(&w->r, n, what, name);
		m->mask = MASK_SLIDING;
		m->window = (int64_t)v;
	} else
		return ytree_expected(&w->r, n, what, name);
	return 0;
}

static int
not_for(struct walk *w, const struct ytree_node *k, const char *name,
    const char *family)
{
	return ytree_fail(&w->r, k, "%s does not apply to family %s", name,
	    family);
}

enum { R_TYPE, R_FACTOR, R_LOW, R_HIGH, R_ORIGINAL, R_COUNT };

static const struct ytree_key rope_scaling_keys[] = {
	{ "type", R_TYPE }, { "factor", R_FACTOR },
	{ "low_freq_factor", R_LOW }, { "high_freq_factor", R_HIGH },
	{ "original_max_position_embeddings", R_ORIGINAL },
	{ "rope_type", R_TYPE },
};
#define N_ROPE_SCALING_KEYS \
	(sizeof rope_scaling_keys / sizeof rope_scaling_keys[0])

/* rope_scaling: {type: linear | llama3, factor, ...}, as config.json. */
static int
get_rope_scaling(struct walk *w, const struct ytree_node *k,
    const struct ytree_node *map, struct config_rope_scaling *rs)
{
	static const int	 llama3[] = { R_FACTOR, R_LOW, R_HIGH,
				    R_ORIGINAL };
	struct ytree_slot	 s[R_COUNT];
	int			 type, i, n;

	memset(s, 0, sizeof s);
	memset(rs, 0, sizeof *rs);
	if (ytree_expect_mapping(&w->r, map, "model.rope_scaling") == -1 ||
	    ytree_collect(&w->r, map, "in model.rope_scaling",
	    rope_scaling_keys, N_ROPE_SCALING_KEYS, s) == -1)
		return -1;
	if (s[R_TYPE].key == NULL)
		return ytree_missing(&w->r, k, "type", "in model.rope_scaling",
		    " (linear or llama3)");
	if (ytree_get_enum(&w->r, s[R_TYPE].value, "model.rope_scaling.type",
	    rope_type_names, &type) == -1)
		return -1;
	rs->type = (enum config_rope_type)type;
	n = rs->type == ROPE_LLAMA3 ? 4 : rs->type == ROPE_LINEAR ? 1 : 0;
	for (i = 0; i < n; i++)
		if (s[llama3[i]].key == NULL)
			return ytree_missing(&w->r, k, ytree_key_canonical(
			    rope_scaling_keys, llama3[i]),
			    "in model.rope_scaling", "");
	for (i = n; i < 4; i++)
		if (s[llama3[i]].key != NULL)
			return ytree_fail(&w->r, s[llama3[i]].key,
			    "model.rope_scaling.%s does not apply to type %s",
			    ytree_key_canonical(rope_scaling_keys, llama3[i]),
			    config_rope_type_name(rs->type));
	if (n >= 1 && ytree_get_float(&w->r, s[R_FACTOR].value,
	    "model.rope_scaling.factor", 0, &rs->factor) == -1)
		return -1;
	if (n == 4 && (ytree_get_float(&w->r, s[R_LOW].value,
	    "model.rope_scaling.low_freq_factor", 0,
	    &rs->low_freq_factor) == -1 ||
	    ytree_get_float(&w->r, s[R_HIGH].value,
	    "model.rope_scaling.high_freq_factor", 0,
	    &rs->high_freq_factor) == -1 ||
	    ytree_get_int(&w->r, s[R_ORIGINAL].value,
	    "model.rope_scaling.original_max_position_embeddings",
	    CONFIG_MAX_SEQ, &rs->original_max) == -1))
		return -1;
	if (n == 4 && rs->high_freq_factor <= rs->low_freq_factor)
		return ytree_expected(&w->r, s[R_HIGH].value,
		    "a number above low_freq_factor",
		    "model.rope_scaling.high_freq_factor");
	return 0;
}

/* layer_types: one of sliding_attention, full_attention a layer. */
static int
get_layer_types(struct walk *w, const struct ytree_node *n,
    struct config_model *m)
{
	char	elem[48];
	size_t	i;
	int	value;

	if (n->type != YTREE_SEQUENCE || n->n_kids == 0 ||
	    n->n_kids > CONFIG_MAX_LAYERS)
		return ytree_expected(&w->r, n, "a sequence of "
		    "sliding_attention and full_attention, one a layer",
		    "model.layer_types");
	free(m->sliding);
	if ((m->sliding = calloc(n->n_kids, 1)) == NULL)
		return ytree_oom(&w->r);
	for (i = 0; i < n->n_kids; i++) {
		snprintf(elem, sizeof elem, "model.layer_types[%zu]", i);
		if (ytree_get_enum(&w->r, n->kids[i], elem, layer_type_names,
		    &value) == -1)
			return -1;
		m->sliding[i] = (uint8_t)value;
	}
	m->sliding_list = (int)n->n_kids;
	return 0;
}

/* Keys of one family only; 0 when slot is not one of them. */
static const char *
model_key_family(int slot, enum config_family *family)
{
	switch (slot) {
	case M_TYPE_VOCAB:
	case M_POOLER:
	case M_MLM_HEAD:
		*family = FAMILY_BERT;
		return "bert";
	case M_ATTN_BIAS:
	case M_QKV_BIAS:
	case M_MLP_BIAS:
	case M_QK_NORM:
	case M_NORM_OFFSET:
	case M_EMBED_SCALE:
	case M_POST_NORMS:
	case M_FUSED_QKV:
	case M_FUSED_GATE_UP:
		*family = FAMILY_LLAMA;
		return "llama";
	}
	return NULL;
}

/*
 * Forget which layers slide: one of the three ways of saying it is being
 * given (over what model.from's config.json said).
 */
static void
model_sliding_reset(struct config_model *m)
{
	free(m->sliding);
	m->sliding = NULL;
	m->sliding_list = 0;
	m->sliding_pattern = 0;
	m->max_window_layers = -1;
}

/* The keys of doc/hf.md's variants; 1 when slot is not one of them. */
static int
model_variant_key(struct walk *w, int slot, const struct ytree_node *k,
    const struct ytree_node *v, const char *name)
{
	struct config_model	*m = &w->cfg->model;
	uint64_t		 u;

	switch (slot) {
	case M_ARCH:
		return ytree_get_string(&w->r, v, name, &m->architecture);
	case M_ATTN_BIAS:
		return ytree_get_bool(&w->r, v, name, &m->o_bias);
	case M_QKV_BIAS:
		return ytree_get_bool(&w->r, v, name, &m->qkv_bias);
	case M_MLP_BIAS:
		return ytree_get_bool(&w->r, v, name, &m->mlp_bias);
	case M_QK_NORM:
		return ytree_get_bool(&w->r, v, name, &m->qk_norm);
	case M_NORM_OFFSET:
		return ytree_get_float(&w->r, v, name, 1, &m->norm_offset);
	case M_EMBED_SCALE:
		return ytree_get_bool(&w->r, v, name, &m->embed_scale);
	case M_POST_NORMS:
		return ytree_get_bool(&w->r, v, name, &m->post_norms);
	case M_QUERY_SCALAR:
		return ytree_get_float(&w->r, v, name, 0,
		    &m->query_pre_attn_scalar);
	case M_SOFTCAP:
		return ytree_get_float(&w->r, v, name, 1, &m->softcap);
	case M_SLIDING_PATTERN:
		model_sliding_reset(m);
		return ytree_get_int(&w->r, v, name, CONFIG_MAX_LAYERS,
		    &m->sliding_pattern);
	case M_MAX_WINDOW:
		model_sliding_reset(m);
		if (ytree_get_uint(&w->r, v, name, 0, CONFIG_MAX_LAYERS,
		    &u) == -1)
			return -1;
		m->max_window_layers = (int64_t)u;
		return 0;
	case M_LAYER_TYPES:
		model_sliding_reset(m);
		return get_layer_types(w, v, m);
	case M_ROPE_LOCAL:
		return ytree_get_float(&w->r, v, name, 0, &m->rope_local_theta);
	case M_PARTIAL:
		if (ytree_get_float(&w->r, v, name, 0, &m->partial_rotary) ==
		    -1)
			return -1;
		if (m->partial_rotary > 1.0)
			return ytree_expected(&w->r, v, "a number in (0, 1]",
			    name);
		return 0;
	case M_ROPE_SCALING:
		return get_rope_scaling(w, k, v, &m->rope_scaling);
	case M_FUSED_QKV:
		return ytree_get_bool(&w->r, v, name, &m->fused_qkv);
	case M_FUSED_GATE_UP:
		return ytree_get_bool(&w->r, v, name, &m->fused_gate_up);
	case M_MLM_HEAD:
		return ytree_get_bool(&w->r, v, name, &m->mlm_head);
	}
	return 1;
}

/* One key of model:, in document order; the family is already known. */
static int
model_key(struct walk *w, int slot, const struct ytree_node *k,
    const struct ytree_node *v, const char *name)
{
	struct config_model	*m = &w->cfg->model;
	int			 attention = m->family == FAMILY_ATTENTION;
	enum config_family	 only;
	const char		*only_name;
	int			 e;

	switch (slot) {
	case M_VOCAB:
	case M_D_FF:
	case M_NORM:
	case M_NORM_EPS:
	case M_ACTIVATION:
	case M_TIE:
		if (attention)
			return not_for(w, k, name, "attention");
		break;
	}
	if ((only_name = model_key_family(slot, &only)) != NULL &&
	    m->family != only)
		return ytree_fail(&w->r, k, "%s applies to family %s only",
		    name, only_name);
	if ((e = model_variant_key(w, slot, k, v, name)) != 1)
		return e;

	switch (slot) {
	case M_NAME:
		return ytree_get_string(&w->r, v, name, &m->name);
	case M_VOCAB:
		return ytree_get_int(&w->r, v, name, CONFIG_MAX_VOCAB,
		    &m->vocab_size);
	case M_MAX_SEQ:
		return ytree_get_int(&w->r, v, name, CONFIG_MAX_SEQ,
		    &m->max_seq);
	case M_D_MODEL:
		return ytree_get_int(&w->r, v, name, CONFIG_MAX_D_MODEL,
		    &m->d_model);
	case M_N_LAYERS:
		if (ytree_get_int(&w->r, v, name, CONFIG_MAX_LAYERS,
		    &m->n_layers) == -1)
			return -1;
		if (attention && m->n_layers != 1)
			return ytree_expected(&w->r, v,
			    "1 (family attention is one " "layer)", name);
		return 0;
	case M_N_HEADS:
		return ytree_get_int(&w->r, v, name, CONFIG_MAX_HEADS,
		    &m->n_heads);
	case M_N_KV_HEADS:
		return ytree_get_int(&w->r, v, name, CONFIG_MAX_HEADS,
		    &m->n_kv_heads);
	case M_D_HEAD:
		return ytree_get_int(&w->r, v, name, CONFIG_MAX_D_HEAD,
		    &m->d_head);
	case M_D_FF:
		return ytree_get_int(&w->r, v, name, CONFIG_MAX_D_FF, &m->d_ff);
	case M_TYPE_VOCAB:
		return ytree_get_int(&w->r, v, name, CONFIG_MAX_TYPE_VOCAB,
		    &m->type_vocab_size);
	case M_POOLER:
		return ytree_get_bool(&w->r, v, name, &m->pooler);
	case M_NORM:
		e = ytree_get_enum(&w->r, v, name, norm_names, &slot);
		m->norm = (enum config_norm)slot;
		return e;
	case M_NORM_EPS:
		return ytree_get_float(&w->r, v, name, 0, &m->norm_eps);
	case M_ACTIVATION:
		e = ytree_get_enum(&w->r, v, name, act_names, &slot);
		m->activation = (enum config_activation)slot;
		return e;
	case M_POSITION:
		e = ytree_get_enum(&w->r, v, name, pos_names, &slot);
		m->position = (enum config_position)slot;
		return e;
	case M_ROPE_THETA:
		return ytree_get_float(&w->r, v, name, 0, &m->rope_theta);
	case M_MASK:
		return get_mask(w, v, name, m);
	case M_BIAS:
		return ytree_get_bool(&w->r, v, name, &m->bias);
	case M_TIE:
		return ytree_get_bool(&w->r, v, name, &m->tie_embeddings);
	}
	return 0;
}

/* Where to blame a derived value: its own node, else the model: key. */
static const struct ytree_node *
slot_place(const struct ytree_slot *s, int slot, const struct ytree_node *owner)
{
	return s[slot].value != NULL ? s[slot].value : owner;
}

/* bias sets the three biases, attention_bias two of them. */
static void
model_derive_bias(struct config_model *m, const struct ytree_slot *s)
{
	int	attn = s[M_ATTN_BIAS].key != NULL;

	if (s[M_BIAS].key != NULL) {
		if (!attn && s[M_QKV_BIAS].key == NULL)
			m->qkv_bias = m->bias;
		if (!attn)
			m->o_bias = m->bias;
		if (s[M_MLP_BIAS].key == NULL)
			m->mlp_bias = m->bias;
	}
	if (attn && s[M_QKV_BIAS].key == NULL)
		m->qkv_bias = m->o_bias;
}

/* The RoPE keys need rope positions, and a whole even rotated part. */
static int
model_derive_rope(struct walk *w, const struct ytree_node *owner,
    const struct ytree_slot *s)
{
	struct config_model	*m = &w->cfg->model;
	static const int	 keys[] = { M_ROPE_LOCAL, M_PARTIAL,
				    M_ROPE_SCALING };
	int64_t			 rot;
	size_t			 i;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (s[keys[i]].key != NULL && m->position != POS_ROPE)
			return ytree_fail(&w->r, s[keys[i]].key,
			    "model.%s applies to position rope only",
			    ytree_key_canonical(model_keys, keys[i]));
	if (m->position != POS_ROPE)
		return 0;
	rot = (int64_t)((double)m->d_head * m->partial_rotary);
	if (rot < 2 || rot % 2 != 0)
		return ytree_fail(&w->r, slot_place(s, M_PARTIAL, owner),
		    "model.partial_rotary_factor leaves %lld of d_head %lld "
		    "rotated; expected an even number of at least 2",
		    (long long)rot, (long long)m->d_head);
	return 0;
}

/* Which layers slide: every one, a pattern, from a layer on, a list. */
static int
model_derive_sliding(struct walk *w, const struct ytree_node *owner,
    const struct ytree_slot *s)
{
	struct config_model	*m = &w->cfg->model;
	static const int	 keys[] = { M_SLIDING_PATTERN, M_MAX_WINDOW,
				    M_LAYER_TYPES };
	int			 which;
	size_t			 i, given = 0;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (s[keys[i]].key == NULL)
			continue;
		if (m->mask != MASK_SLIDING)
			return ytree_fail(&w->r, s[keys[i]].key,
			    "model.%s applies to mask sliding:N only",
			    ytree_key_canonical(model_keys, keys[i]));
		given++;
	}
	if (given > 1 && ytree_exactly_one(&w->r, owner, s, keys, 3,
	    model_keys, "model", &which) == -1)
		return -1;
	if (m->sliding_list != 0 && m->sliding_list != m->n_layers)
		return ytree_fail(&w->r, slot_place(s, M_LAYER_TYPES, owner),
		    "model.layer_types has %d entries; expected one for each "
		    "of the %lld layers", m->sliding_list,
		    (long long)m->n_layers);
	if (config_fill_sliding(m) == -1)
		return ytree_oom(&w->r);
	return 0;
}

/* Checks across keys, and the defaults that depend on other keys. */
static int
model_derive(struct walk *w, const struct ytree_node *owner,
    const struct ytree_slot *s)
{
	struct config_model	*m = &w->cfg->model;
	const struct ytree_node	*at;
	static const int	 required[] = { M_VOCAB, M_D_MODEL,
				    M_N_LAYERS, M_N_HEADS };
	size_t			 i;

	for (i = 0; i < sizeof required / sizeof required[0]; i++) {
		if (s[required[i]].key != NULL || s[M_FROM].key != NULL)
			continue;
		if (m->family == FAMILY_ATTENTION &&
		    required[i] != M_D_MODEL && required[i] != M_N_HEADS)
			continue;
		return ytree_missing(&w->r, owner, ytree_key_canonical(
		    model_keys, required[i]), "in model", "");
	}
	if (m->n_kv_heads == 0)
		m->n_kv_heads = m->n_heads;
	if (m->n_heads % m->n_kv_heads != 0) {
		at = slot_place(s, M_N_KV_HEADS, owner);
		return ytree_fail(&w->r, at,
		    "model.n_heads (%lld) is not divisible by model.n_kv_heads "
		    "(%lld); expected a divisor of it", (long long)m->n_heads,
		    (long long)m->n_kv_heads);
	}
	if (m->d_head == 0) {
		if (m->d_model % m->n_heads != 0) {
			at = slot_place(s, M_N_HEADS, owner);
			return ytree_fail(&w->r, at,
			    "model.d_model (%lld) is not divisible by "
			    "model.n_heads (%lld); expected a divisor, or "
			    "model.d_head", (long long)m->d_model,
			    (long long)m->n_heads);
		}
		m->d_head = m->d_model / m->n_heads;
	}
	/* Both bounded by CONFIG_MAX_HEADS and CONFIG_MAX_D_HEAD: no overflow. */
	if (m->n_heads * m->d_head > CONFIG_MAX_ATTN_WIDTH) {
		at = slot_place(s, s[M_D_HEAD].value != NULL ? M_D_HEAD :
		    M_N_HEADS, owner);
		return ytree_fail(&w->r, at,
		    "model.n_heads * model.d_head is %lld; expected at most %d",
		    (long long)(m->n_heads * m->d_head), CONFIG_MAX_ATTN_WIDTH);
	}
	if (m->position == POS_ROPE && m->d_head % 2 != 0) {
		at = slot_place(s, s[M_D_HEAD].value != NULL ? M_D_HEAD :
		    M_N_HEADS, owner);
		return ytree_fail(&w->r, at,
		    "model.d_head is %lld; expected an even number for "
		    "rope positions", (long long)m->d_head);
	}
	if (m->d_ff == 0 && m->family != FAMILY_ATTENTION)
		m->d_ff = 4 * m->d_model;
	model_derive_bias(m, s);
	if (model_derive_rope(w, owner, s) == -1 ||
	    model_derive_sliding(w, owner, s) == -1)
		return -1;
	/* Family attention takes seq_len instead, once input: is read. */
	if (m->max_seq == 0 && m->position == POS_LEARNED &&
	    m->family != FAMILY_ATTENTION)
		return ytree_missing(&w->r, owner, "max_seq", "in model",
		    " (learned positions need a table size)");
	if (m->max_seq == 0 && m->family != FAMILY_ATTENTION)
		m->max_seq = DEFAULT_MAX_SEQ;
	return 0;
}

/* The numeric and boolean slots, where they live in struct config_model. */
static const struct {
	int	 slot;
	char	 kind;			/* 'i' int64_t, 'd' double, 'b' int */
	size_t	 offset;
} model_fields[] = {
#define F(slot, kind, field) { slot, kind, offsetof(struct config_model, field) }
	F(M_VOCAB, 'i', vocab_size), F(M_MAX_SEQ, 'i', max_seq),
	F(M_D_MODEL, 'i', d_model), F(M_N_LAYERS, 'i', n_layers),
	F(M_N_HEADS, 'i', n_heads), F(M_N_KV_HEADS, 'i', n_kv_heads),
	F(M_D_HEAD, 'i', d_head), F(M_D_FF, 'i', d_ff),
	F(M_TYPE_VOCAB, 'i', type_vocab_size), F(M_NORM_EPS, 'd', norm_eps),
	F(M_ROPE_THETA, 'd', rope_theta), F(M_ROPE_LOCAL, 'd',
	    rope_local_theta), F(M_PARTIAL, 'd', partial_rotary),
	F(M_QUERY_SCALAR, 'd', query_pre_attn_scalar),
	F(M_SOFTCAP, 'd', softcap), F(M_NORM_OFFSET, 'd', norm_offset),
	F(M_BIAS, 'b', bias), F(M_ATTN_BIAS, 'b', o_bias),
	F(M_QKV_BIAS, 'b', qkv_bias), F(M_MLP_BIAS, 'b', mlp_bias),
	F(M_TIE, 'b', tie_embeddings), F(M_POOLER, 'b', pooler),
	F(M_MLM_HEAD, 'b', mlm_head), F(M_QK_NORM, 'b', qk_norm),
	F(M_EMBED_SCALE, 'b', embed_scale), F(M_POST_NORMS, 'b', post_norms),
	F(M_FUSED_QKV, 'b', fused_qkv), F(M_FUSED_GATE_UP, 'b', fused_gate_up),
#undef F
};

/* A slot's value as --check shows it, before and after an override. */
static void
model_slot_text(const struct config_model *m, int slot, char *buf,
    size_t len)
{
	const char	*base = (const char *)m;
	size_t		 i;

	for (i = 0; i < sizeof model_fields / sizeof model_fields[0]; i++) {
		const void	*p = base + model_fields[i].offset;

		if (model_fields[i].slot != slot)
			continue;
		if (model_fields[i].kind == 'i')
			snprintf(buf, len, "%lld", (long long)*(const int64_t *)p);
		else if (model_fields[i].kind == 'd')
			snprintf(buf, len, "%g", *(const double *)p);
		else
			snprintf(buf, len, "%s", *(const int *)p ? "true" :
			    "false");
		return;
	}
	switch (slot) {
	case M_NAME:
	case M_ARCH:
		snprintf(buf, len, "%s", slot == M_NAME ? m->name :
		    m->architecture != NULL ? m->architecture : "-");
		return;
	case M_NORM:
		snprintf(buf, len, "%s", config_norm_name(m->norm));
		return;
	case M_ACTIVATION:
		snprintf(buf, len, "%s", config_activation_name(m->activation));
		return;
	case M_POSITION:
		snprintf(buf, len, "%s", config_position_name(m->position));
		return;
	case M_MASK:
		if (m->mask == MASK_SLIDING)
			snprintf(buf, len, "sliding:%lld",
			    (long long)m->window);
		else
			snprintf(buf, len, "%s", config_mask_name(m->mask));
		return;
	case M_ROPE_SCALING:
		snprintf(buf, len, "%s %g",
		    config_rope_type_name(m->rope_scaling.type),
		    m->rope_scaling.factor);
		return;
	}
	snprintf(buf, len, "(a layer pattern)");
}

/* Note an override of key k for --check; its values around the change. */
static int
model_note_override(struct walk *w, const struct ytree_node *k,
    const char *name, const char *was, const char *now)
{
	struct config		*cfg = w->cfg;
	struct config_override	*o;

	o = reallocarray(cfg->overrides, cfg->n_overrides + 1, sizeof *o);
	if (o == NULL)
		return ytree_oom(&w->r);
	cfg->overrides = o;
	o += cfg->n_overrides++;
	memset(o, 0, sizeof *o);
	snprintf(o->key, sizeof o->key, "%s", name);
	snprintf(o->was, sizeof o->was, "%s", was);
	snprintf(o->now, sizeof o->now, "%s", now);
	o->place.line = k->line;
	o->place.column = k->column;
	return 0;
}

/*
 * model: {from: DIR, KEY: VALUE ...}: the hub snapshot's config.json
 * (DIR relative to this file), then each other key over it.
 */
static int
walk_model_from(struct walk *w, const struct ytree_node *owner,
    const struct ytree_node *map, const struct ytree_slot *s)
{
	struct config_model	*m = &w->cfg->model;
	const struct ytree_key	*key;
	char			*dir = NULL, name[64], was[48], now[48];
	size_t			 i;
	int			 rc;

	if (w->from == NULL)
		return ytree_fail(&w->r, s[M_FROM].key, "model.from is not "
		    "read here; expected a model without it");
	if (s[M_FAMILY].key != NULL)
		return ytree_fail(&w->r, s[M_FAMILY].key, "model.family "
		    "comes from the directory's config.json; expected no "
		    "family beside model.from");
	if (ytree_get_path(&w->r, s[M_FROM].value, "model.from", &dir) == -1)
		return -1;
	rc = w->from(dir, w->cfg, w->r.err);
	free(dir);
	if (rc == -1)
		return -1;
	for (i = 0; i + 1 < map->n_kids; i += 2) {
		key = ytree_key_find(map->kids[i], model_keys, N_MODEL_KEYS);
		if (key->slot == M_FROM)
			continue;
		snprintf(name, sizeof name, "model.%s", key->name);
		model_slot_text(m, key->slot, was, sizeof was);
		if (model_key(w, key->slot, map->kids[i], map->kids[i + 1],
		    name) == -1)
			return -1;
		model_slot_text(m, key->slot, now, sizeof now);
		if (model_note_override(w, map->kids[i], name, was, now) == -1)
			return -1;
	}
	return model_derive(w, owner, s);
}

static int
walk_model(struct walk *w, const struct ytree_node *owner,
    const struct ytree_node *map)
{
	struct ytree_slot		 s[M_COUNT];
	const struct ytree_key	*key;
	char			 name[64];
	int			 family;
	size_t			 i;

	memset(s, 0, sizeof s);
	if (ytree_expect_mapping(&w->r, map, "model") == -1 ||
	    ytree_collect(&w->r, map, "in model", model_keys, N_MODEL_KEYS,
	    s) == -1)
		return -1;
	if (s[M_FROM].key != NULL)
		return walk_model_from(w, owner, map, s);
	if (s[M_FAMILY].key == NULL)
		return ytree_missing(&w->r, owner, "family", "in model",
		    " (gpt2, llama, bert or attention; or from: a model "
		    "directory)");
	if (ytree_get_enum(&w->r, s[M_FAMILY].value, "model.family",
	    family_names, &family) == -1)
		return -1;
	w->cfg->model.family = (enum config_family)family;
	config_model_defaults(&w->cfg->model);
	for (i = 0; i + 1 < map->n_kids; i += 2) {
		key = ytree_key_find(map->kids[i], model_keys, N_MODEL_KEYS);
		if (key->slot == M_FAMILY)
			continue;
		snprintf(name, sizeof name, "model.%s", key->name);
		if (model_key(w, key->slot, map->kids[i], map->kids[i + 1],
		    name) == -1)
			return -1;
	}
	return model_derive(w, owner, s);
}

/* ---- weights -------------------------------------------------------- */

enum { W_INIT, W_FILE, W_SEED, W_STD, W_COUNT };

static const struct ytree_key weights_keys[] = {
	{ "init", W_INIT }, { "file", W_FILE }, { "seed", W_SEED },
	{ "std", W_STD },
};
#define N_WEIGHTS_KEYS (sizeof weights_keys / sizeof weights_keys[0])

/* One key of weights:, in document order; the source is already known. */
static int
weights_key(struct walk *w, int slot, const struct ytree_node *k,
    const struct ytree_node *v)
{
	struct config_weights_spec	*ws = &w->cfg->weights;
	int				 dummy;

	switch (slot) {
	case W_INIT:
		return ytree_get_enum(&w->r, v, "weights.init", random_names, &dummy);
	case W_FILE:
		walk_place(&ws->file_place, v);
		return ytree_get_path(&w->r, v, "weights.file", &ws->file);
	case W_SEED:
		return ytree_get_uint(&w->r, v, "weights.seed", 0, UINT64_MAX,
		    &ws->seed);
	case W_STD:
		if (ws->source == WEIGHTS_FILE)
			return ytree_fail(&w->r, k,
			    "weights.std applies to weights.init only");
		return ytree_get_float(&w->r, v, "weights.std", 1, &ws->std);
	}
	return 0;
}

static int
walk_weights(struct walk *w, const struct ytree_node *owner,
    const struct ytree_node *map)
{
	static const int	 sources[] = { W_INIT, W_FILE };
	const struct ytree_key	*key;
	struct ytree_slot		 s[W_COUNT];
	int			 which;
	size_t			 i;

	memset(s, 0, sizeof s);
	if (ytree_expect_mapping(&w->r, map, "weights") == -1 ||
	    ytree_collect(&w->r, map, "in weights", weights_keys,
	    N_WEIGHTS_KEYS, s) == -1 ||
	    ytree_exactly_one(&w->r, owner, s, sources, 2, weights_keys,
	    "weights", &which) == -1)
		return -1;
	w->cfg->weights.source = which == W_INIT ? WEIGHTS_INIT : WEIGHTS_FILE;
	for (i = 0; i + 1 < map->n_kids; i += 2) {
		key = ytree_key_find(map->kids[i], weights_keys,
		    N_WEIGHTS_KEYS);
		if (weights_key(w, key->slot, map->kids[i],
		    map->kids[i + 1]) == -1)
			return -1;
	}
	return 0;
}

/* ---- input ---------------------------------------------------------- */

enum { I_TEXT, I_TOKENS, I_EMBEDDINGS, I_TOKENIZER, I_VOCAB, I_MERGES,
    I_SEQ_LEN, I_BOS, I_COUNT };

static const struct ytree_key input_keys[] = {
	{ "text", I_TEXT }, { "tokens", I_TOKENS },
	{ "embeddings", I_EMBEDDINGS }, { "tokenizer", I_TOKENIZER },
	{ "vocab", I_VOCAB }, { "merges", I_MERGES }, { "seq_len", I_SEQ_LEN },
	{ "bos", I_BOS },
};
#define N_INPUT_KEYS (sizeof input_keys / sizeof input_keys[0])

static int
get_tokens(struct walk *w, const struct ytree_node *n, const char *name)
{
	struct config_input_spec	*in = &w->cfg->input;
	int64_t				 vocab = w->cfg->model.vocab_size;
	char				 what[96], elem[64];
	uint64_t			 id;
	size_t				 i;

	if (n->type != YTREE_SEQUENCE || n->n_kids == 0)
		return ytree_expected(&w->r, n,
		    "a non-empty sequence of token ids", name);
	if ((in->tokens = calloc(n->n_kids, sizeof *in->tokens)) == NULL)
		return ytree_oom(&w->r);
	snprintf(what, sizeof what, "a token id from 0 to %lld",
	    (long long)vocab - 1);
	for (i = 0; i < n->n_kids; i++) {
		snprintf(elem, sizeof elem, "%.32s[%zu]", name, i);
		if (ytree_get_uint(&w->r, n->kids[i], elem, 0, UINT64_MAX,
		    &id) == -1 ||
		    id >= (uint64_t)vocab)
			return ytree_expected(&w->r, n->kids[i], what, elem);
		in->tokens[in->n_tokens++] = (int64_t)id;
	}
	return 0;
}

/* input.bos: a token id the tokenizer puts first, inside the vocabulary. */
static int
get_bos(struct walk *w, const struct ytree_node *k,
    const struct ytree_node *v, const char *name)
{
	struct config_input_spec	*in = &w->cfg->input;
	int64_t				 vocab = w->cfg->model.vocab_size;
	uint64_t			 id;
	char				 what[64];

	if (in->kind != INPUT_TEXT)
		return ytree_fail(&w->r, k,
		    "input.bos applies to input.text only");
	snprintf(what, sizeof what, "a token id from 0 to %lld",
	    (long long)vocab - 1);
	if (ytree_get_uint(&w->r, v, name, 0, UINT64_MAX, &id) == -1 ||
	    id >= (uint64_t)vocab)
		return ytree_expected(&w->r, v, what, name);
	in->bos = (int64_t)id;
	in->has_bos = 1;
	return 0;
}

static int
input_not_with(struct walk *w, const struct ytree_node *k, const char *name,
    const char *only)
{
	return ytree_fail(&w->r, k, "input.%s applies to %s only", name, only);
}

/* One key of input:, in document order; the kind is already known. */
static int
input_key(struct walk *w, int slot, const struct ytree_node *k,
    const struct ytree_node *v, const char *name)
{
	struct config_input_spec	*in = &w->cfg->input;
	int				 attention, e, value;
	char				 full[64];

	attention = w->cfg->model.family == FAMILY_ATTENTION;
	snprintf(full, sizeof full, "input.%s", name);
	switch (slot) {
	case I_TEXT:
	case I_TOKENS:
		if (attention)
			return ytree_fail(&w->r, k,
			    "%s does not apply to family attention (it has no "
			    "vocabulary); expected input.embeddings", full);
		if (slot == I_TEXT)
			return ytree_get_string(&w->r, v, full, &in->text);
		return get_tokens(w, v, full);
	case I_EMBEDDINGS:
		if (!attention)
			return ytree_fail(&w->r, k,
			    "input.embeddings applies to family attention "
			    "only; expected input.text or input.tokens");
		return ytree_get_enum(&w->r, v, full, random_names, &value);
	case I_TOKENIZER:
		if (in->kind != INPUT_TEXT)
			return input_not_with(w, k, name, "input.text");
		/* A name, or else a path to a Hugging Face tokenizer.json. */
		if (v->type == YTREE_SCALAR && v->len > 5 &&
		    strcmp(v->text + v->len - 5, ".json") == 0) {
			in->tokenizer = TOKENIZER_FILE;
			walk_place(&in->tokenizer_place, v);
			return ytree_get_path(&w->r, v, full,
			    &in->tokenizer_file);
		}
		e = 0;
		if (v->type != YTREE_SCALAR || names_parse_len(tokenizer_names,
		    v->text, v->len, &value) != 0)
			return ytree_expected(&w->r, v, "whitespace, chars, "
			    "bytes, gpt2 or a tokenizer.json", full);
		in->tokenizer = (enum config_tokenizer)value;
		return e;
	case I_VOCAB:
		if (in->kind == INPUT_EMBEDDINGS)
			return input_not_with(w, k, name,
			    "input.text and input.tokens");
		walk_place(&in->vocab_place, v);
		return ytree_get_path(&w->r, v, full, &in->vocab);
	case I_MERGES:
		if (in->kind != INPUT_TEXT)
			return input_not_with(w, k, name, "input.text");
		walk_place(&in->merges_place, v);
		return ytree_get_path(&w->r, v, full, &in->merges);
	case I_SEQ_LEN:
		if (in->kind != INPUT_EMBEDDINGS)
			return input_not_with(w, k, name, "input.embeddings");
		return ytree_get_int(&w->r, v, full, CONFIG_MAX_SEQ,
		    &in->seq_len);
	case I_BOS:
		return get_bos(w, k, v, full);
	}
	return 0;
}

static int
walk_input(struct walk *w, const struct ytree_node *owner,
    const struct ytree_node *map)
{
	static const int		 kinds[] = { I_TEXT, I_TOKENS,
					    I_EMBEDDINGS };
	struct config_input_spec	*in = &w->cfg->input;
	const struct ytree_key		*key;
	struct ytree_slot			 s[I_COUNT];
	int				 which;
	size_t				 i;

	memset(s, 0, sizeof s);
	in->place.line = owner->line;
	in->place.column = owner->column;
	if (ytree_expect_mapping(&w->r, map, "input") == -1 ||
	    ytree_collect(&w->r, map, "in input", input_keys, N_INPUT_KEYS,
	    s) == -1 ||
	    ytree_exactly_one(&w->r, owner, s, kinds, 3, input_keys, "input",
	    &which) == -1)
		return -1;
	in->kind = which == I_TEXT ? INPUT_TEXT : which == I_TOKENS ?
	    INPUT_TOKENS : INPUT_EMBEDDINGS;
	for (i = 0; i + 1 < map->n_kids; i += 2) {
		key = ytree_key_find(map->kids[i], input_keys, N_INPUT_KEYS);
		if (input_key(w, key->slot, map->kids[i], map->kids[i + 1],
		    key->name) == -1)
			return -1;
	}
	if (in->kind == INPUT_EMBEDDINGS && s[I_SEQ_LEN].key == NULL)
		return ytree_missing(&w->r, owner, "seq_len", "in input",
		    " (input.embeddings needs a length)");
	if (in->tokenizer == TOKENIZER_GPT2 && s[I_VOCAB].key == NULL)
		return ytree_missing(&w->r, owner, "vocab", "in input",
		    " (tokenizer gpt2 needs encoder.json)");
	if (in->tokenizer == TOKENIZER_GPT2 && s[I_MERGES].key == NULL)
		return ytree_missing(&w->r, owner, "merges", "in input",
		    " (tokenizer gpt2 needs vocab.bpe)");
	if (in->tokenizer != TOKENIZER_GPT2 && s[I_MERGES].key != NULL)
		return error_at(w->r.err, w->r.path, s[I_MERGES].key->line,
		    s[I_MERGES].key->column,
		    "input.merges applies to tokenizer gpt2 only");
	return 0;
}

/* ---- the document ---------------------------------------------------- */

enum { T_MODEL, T_WEIGHTS, T_INPUT, T_COUNT };

static const struct ytree_key top_keys[] = {
	{ "model", T_MODEL }, { "weights", T_WEIGHTS }, { "input", T_INPUT },
};
#define N_TOP_KEYS (sizeof top_keys / sizeof top_keys[0])

/* The input's length against the model's, once both are known. */
static int
walk_lengths(struct walk *w, const struct ytree_node *input)
{
	struct config_model		*m = &w->cfg->model;
	struct config_input_spec	*in = &w->cfg->input;
	const struct ytree_node		*at;
	int64_t				 n;
	size_t				 i;

	if (m->max_seq == 0)
		m->max_seq = in->seq_len;
	n = in->kind == INPUT_TOKENS ? (int64_t)in->n_tokens : in->seq_len;
	if (n <= m->max_seq)
		return 0;
	at = input;
	for (i = 0; i + 1 < input->n_kids; i += 2)
		if (ytree_is(input->kids[i], "tokens") ||
		    ytree_is(input->kids[i], "seq_len"))
			at = input->kids[i + 1];
	return ytree_fail(&w->r, at,
	    "the input is %lld tokens long; expected at most model.max_seq "
	    "(%lld)", (long long)n, (long long)m->max_seq);
}

/* model.name's default: the config's base name without its extension. */
static char *
default_name(const char *path)
{
	const char	*base = strrchr(path, '/');
	const char	*dot;
	char		*name;
	size_t		 len;

	base = base != NULL ? base + 1 : path;
	dot = strrchr(base, '.');
	len = dot != NULL && dot != base ? (size_t)(dot - base) :
	    strlen(base);
	if ((name = malloc(len + 1)) == NULL)
		return NULL;
	memcpy(name, base, len);
	name[len] = '\0';
	return name;
}

static int
walk_root(struct walk *w, const struct ytree_node *root)
{
	struct config	*cfg = w->cfg;
	struct ytree_slot	 s[T_COUNT];

	memset(s, 0, sizeof s);
	if (root->type != YTREE_MAPPING)
		return ytree_expected(&w->r, root,
		    "a mapping with model, weights and " "input", "the config");
	if (ytree_collect(&w->r, root, "at top level", top_keys, N_TOP_KEYS,
	    s) == -1)
		return -1;
	if (s[T_MODEL].key == NULL)
		return ytree_missing(&w->r, root, "model", "at top level", "");
	cfg->weights.source = WEIGHTS_INIT;
	cfg->weights.seed = DEFAULT_SEED;
	cfg->weights.std = DEFAULT_STD;
	if (walk_model(w, s[T_MODEL].key, s[T_MODEL].value) == -1)
		return -1;
	if (s[T_WEIGHTS].key != NULL && walk_weights(w, s[T_WEIGHTS].key,
	    s[T_WEIGHTS].value) == -1)
		return -1;
	/* Checked late: a mistake inside model: is more use to hear first.
	   A hub snapshot has a sentence of its own. */
	if (s[T_INPUT].key == NULL && cfg->hf_dir != NULL) {
		if (config_builtin_input(cfg) == -1)
			return ytree_oom(&w->r);
	} else if (s[T_INPUT].key == NULL)
		return ytree_missing(&w->r, root, "input", "at top level",
		    " (text, tokens or embeddings)");
	else if (walk_input(w, s[T_INPUT].key, s[T_INPUT].value) == -1)
		return -1;
	if (cfg->model.name == NULL &&
	    (cfg->model.name = default_name(w->r.path)) == NULL)
		return ytree_oom(&w->r);
	return walk_lengths(w, s[T_INPUT].value);
}

/* ---- entry points ---------------------------------------------------- */

static int
config_load_buffer_from(const char *path, const char *buf, size_t len,
    config_from_fn from, struct config *cfg, struct error *err)
{
	struct ytree	t;
	struct walk	w;
	int		rc;

	memset(cfg, 0, sizeof *cfg);
	if (len > CONFIG_MAX_BYTES)
		return error_at(err, path, 0, 0, "larger than 1 MiB (%d "
		    "bytes); expected a YAML config", CONFIG_MAX_BYTES);
	if ((rc = ytree_parse(path, buf, len, &t, err)) == 0 && t.root == NULL)
		rc = error_at(err, path, 1, 1, "empty config; expected a "
		    "mapping with model, weights and input");
	if (rc == 0) {
		w.r.path = path;
		w.r.err = err;
		w.cfg = cfg;
		w.from = from;
		if ((cfg->path = strdup(path)) == NULL)
			rc = ytree_oom(&w.r);
		else
			rc = walk_root(&w, t.root);
	}
	ytree_free(&t);
	if (rc == -1)
		config_free(cfg);
	return rc;
}

int
config_load_buffer(const char *path, const char *buf, size_t len,
    struct config *cfg, struct error *err)
{
	return config_load_buffer_from(path, buf, len, NULL, cfg, err);
}

int
config_load_from(const char *path, config_from_fn from, struct config *cfg,
    struct error *err)
{
	char	*buf = NULL;
	size_t	 len = 0;
	int	 rc;

	memset(cfg, 0, sizeof *cfg);
	/* The whole file first: reader errors give a byte offset only. */
	if (file_read(path, "a YAML config", CONFIG_MAX_BYTES, &buf, &len,
	    err) == -1)
		return -1;
	rc = config_load_buffer_from(path, buf, len, from, cfg, err);
	free(buf);
	return rc;
}

int
config_load(const char *path, struct config *cfg, struct error *err)
{
	return config_load_from(path, NULL, cfg, err);
}

void
config_blame(const struct config *cfg, struct error *err)
{
	const struct {
		const char			*key;
		const char			*path;
		const struct config_place	*place;
	} files[] = {
		{ "weights.file", cfg->weights.file, &cfg->weights.file_place },
		{ "input.vocab", cfg->input.vocab, &cfg->input.vocab_place },
		{ "input.merges", cfg->input.merges, &cfg->input.merges_place },
		{ "input.tokenizer", cfg->input.tokenizer_file,
		    &cfg->input.tokenizer_place },
	};
	char	*msg;
	size_t	 i;

	if (err->file == NULL || err->line != 0 || err->message == NULL)
		return;
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		if (files[i].path == NULL || files[i].place->line == 0 ||
		    strcmp(files[i].path, err->file) != 0)
			continue;
		if ((msg = strdup(err->message)) == NULL)
			return;
		error_set(err, err->status, cfg->path, files[i].place->line,
		    files[i].place->column, "%s '%s': %s", files[i].key,
		    files[i].path, msg);
		free(msg);
		return;
	}
}

void
config_free(struct config *cfg)
{
	free(cfg->path);
	free(cfg->model.name);
	free(cfg->weights.file);
	free(cfg->input.text);
	free(cfg->input.vocab);
	free(cfg->input.merges);
	free(cfg->input.tokenizer_file);
	free(cfg->input.tokens);
	free(cfg->model.sliding);
	free(cfg->model.architecture);
	free(cfg->hf_dir);
	free(cfg->overrides);
	free(cfg->unread);
	memset(cfg, 0, sizeof *cfg);
}

int
config_activation_gated(enum config_activation act)
{
	return act == ACT_SWIGLU || act == ACT_GEGLU;
}

int
config_builtin_input(struct config *cfg)
{
	free(cfg->input.text);
	cfg->input.kind = INPUT_TEXT;
	cfg->input.builtin = 1;
	cfg->input.text = strdup(CONFIG_BUILTIN_TEXT);
	return cfg->input.text == NULL ? -1 : 0;
}

int
config_fill_sliding(struct config_model *m)
{
	int64_t	i;

	if (m->mask != MASK_SLIDING) {
		free(m->sliding);
		m->sliding = NULL;
		m->sliding_list = 0;
		return 0;
	}
	if (m->sliding_list != 0)
		return 0;
	free(m->sliding);
	if ((m->sliding = calloc((size_t)m->n_layers, 1)) == NULL)
		return -1;
	for (i = 0; i < m->n_layers; i++) {
		if (m->sliding_pattern > 0)
			m->sliding[i] = (i + 1) % m->sliding_pattern != 0;
		else if (m->max_window_layers >= 0)
			m->sliding[i] = i >= m->max_window_layers;
		else
			m->sliding[i] = 1;
	}
	return 0;
}

const char *
config_rope_type_name(enum config_rope_type type)
{
	return names_name(rope_type_names, (int)type);
}

const char *
config_family_name(enum config_family family)
{
	return names_name(family_names, (int)family);
}

const char *
config_norm_name(enum config_norm norm)
{
	return names_name(norm_names, (int)norm);
}

const char *
config_activation_name(enum config_activation act)
{
	return names_name(act_names, (int)act);
}

const char *
config_position_name(enum config_position pos)
{
	return names_name(pos_names, (int)pos);
}

const char *
config_mask_name(enum config_mask mask)
{
	return names_name(mask_names, (int)mask);
}

const char *
config_tokenizer_name(enum config_tokenizer tok)
{
	return names_name(tokenizer_names, (int)tok);
}
