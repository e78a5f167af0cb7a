/*
 * hf_config.c - a hub snapshot's config.json as struct config; see
 * hf_config.h.
 *
 * One row of hf_archs[] a supported architecture: its family, the
 * variants its modeling code has (flags), and the defaults of its
 * transformers configuration class for keys a config.json may leave out.
 * The readers below take each key the arithmetic depends on from the
 * positioned JSON tree of io/jsontree.h, so that an error names the
 * line and column of the value it is about.
 */
#include "build-config.h"

#include <sys/stat.h>

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attntui/base/file.h"
#include "attntui/io/jsontree.h"
#include "attntui/model/hf_config.h"

/* config.json is a page of text; the largest on the hub are ~10 kB. */
#define HF_CONFIG_MAX_BYTES	(1024 * 1024)
#define HF_MAX_READ		64	/* keys a reader looks at */

/* What an architecture's modeling code does beyond Llama's. */
enum {
	HF_LLAMA_BIAS	= 1 << 0,	/* attention_bias: q, k, v, o; and
					   mlp_bias */
	HF_ATTN_BIAS	= 1 << 1,	/* attention_bias: q, k, v, o */
	HF_QKV_BIAS	= 1 << 2,	/* q, k, v always biased (Qwen2) */
	HF_QK_NORM	= 1 << 3,	/* q_norm, k_norm per head */
	HF_GEMMA	= 1 << 4,	/* (1 + w) norms, sqrt(D) embeddings,
					   four norms, query_pre_attn_scalar,
					   hidden_activation */
	HF_SOFTCAP	= 1 << 5,	/* attn_logit_softcapping (Gemma 2) */
	HF_SLIDE_ALL	= 1 << 6,	/* sliding_window on every layer */
	HF_SLIDE_QWEN	= 1 << 7,	/* use_sliding_window from
					   max_window_layers on */
	HF_SLIDE_EVERY	= 1 << 8,	/* sliding_window_pattern */
	HF_LOCAL_ROPE	= 1 << 9,	/* rope_local_base_freq (Gemma 3) */
	HF_FUSED	= 1 << 10,	/* qkv_proj, gate_up_proj (Phi-3) */
	HF_PARTIAL	= 1 << 11,	/* partial_rotary_factor (Phi-3) */
	HF_POOLER	= 1 << 12,	/* BertModel */
	HF_MLM		= 1 << 13	/* BertForMaskedLM */
};

struct hf_arch {
	const char		*name;		/* architectures[0] */
	const char		*model_type;
	enum config_family	 family;
	unsigned		 flags;
	/* transformers' defaults, for keys a config.json leaves out */
	double			 eps;
	double			 theta;
	int			 tie;
	int64_t			 max_pos;
	int64_t			 window;	/* sliding_window; 0: none */
	int64_t			 pattern;	/* sliding_window_pattern */
};

static const struct hf_arch hf_archs[] = {
	{ "GPT2LMHeadModel", "gpt2", FAMILY_GPT2, 0,
	    1e-5, 0, 1, 1024, 0, 0 },
	{ "GPT2Model", NULL, FAMILY_GPT2, 0, 1e-5, 0, 1, 1024, 0, 0 },
	{ "LlamaForCausalLM", "llama", FAMILY_LLAMA, HF_LLAMA_BIAS,
	    1e-6, 10000.0, 0, 2048, 0, 0 },
	{ "MistralForCausalLM", "mistral", FAMILY_LLAMA, HF_SLIDE_ALL,
	    1e-6, 10000.0, 0, 131072, 4096, 0 },
	{ "Qwen2ForCausalLM", "qwen2", FAMILY_LLAMA,
	    HF_QKV_BIAS | HF_SLIDE_QWEN, 1e-6, 10000.0, 0, 32768, 4096, 0 },
	{ "Qwen3ForCausalLM", "qwen3", FAMILY_LLAMA,
	    HF_ATTN_BIAS | HF_QK_NORM | HF_SLIDE_QWEN,
	    1e-6, 10000.0, 0, 32768, 4096, 0 },
	{ "Gemma2ForCausalLM", "gemma2", FAMILY_LLAMA,
	    HF_ATTN_BIAS | HF_GEMMA | HF_SOFTCAP | HF_SLIDE_EVERY,
	    1e-6, 10000.0, 1, 8192, 4096, 2 },
	{ "Gemma3ForCausalLM", "gemma3_text", FAMILY_LLAMA,
	    HF_ATTN_BIAS | HF_GEMMA | HF_QK_NORM | HF_SLIDE_EVERY |
	    HF_LOCAL_ROPE, 1e-6, 1000000.0, 1, 131072, 4096, 6 },
	{ "Phi3ForCausalLM", "phi3", FAMILY_LLAMA,
	    HF_FUSED | HF_SLIDE_ALL | HF_PARTIAL,
	    1e-5, 10000.0, 0, 4096, 0, 0 },
	{ "BertModel", "bert", FAMILY_BERT, HF_POOLER,
	    1e-12, 0, 1, 512, 0, 0 },
	{ "BertForMaskedLM", NULL, FAMILY_BERT, HF_MLM,
	    1e-12, 0, 1, 512, 0, 0 },
};
#define N_HF_ARCHS	(sizeof hf_archs / sizeof hf_archs[0])

/* Keys that only keep books: never listed as not read. */
static const char *const hf_books[] = {
	"_name_or_path", "architectures", "model_type",
	"transformers_version", "torch_dtype", "dtype", "use_cache",
	"initializer_range", "bos_token_id", "eos_token_id", "pad_token_id",
	NULL
};

/* An object of config.json, and the keys that lead to it (messages). */
struct hf_obj {
	const struct jsontree_node	*obj;
	const char			*path[2];
	size_t				 depth;
};

/* The reading of one config.json. */
struct hf {
	struct jsontree		 jt;
	struct error		*err;
	const struct hf_arch	*arch;
	struct config_model	*m;
	struct hf_obj		 root;
	const char		*read[HF_MAX_READ];	/* top-level keys */
	size_t			 n_read;
};

/* What a key holds; HF_ERROR: it is given twice (err is set). */
enum { HF_ERROR = -1, HF_ABSENT, HF_NULL, HF_VALUE };

/* ---- places and errors ---------------------------------------------- */

/* Member key of object o, or NULL; no error for a key given twice. */
static const struct jsontree_node *
hf_member(const struct jsontree_node *o, const char *key)
{
	size_t		len = strlen(key);
	uint32_t	i;

	for (i = 0; o != NULL && o->type == JSONTREE_OBJECT && i < o->n; i++)
		if (o->u.kids[2 * i].n == len &&
		    memcmp(o->u.kids[2 * i].u.s, key, len) == 0)
			return &o->u.kids[2 * i + 1];
	return NULL;
}

static int hf_fail(struct hf *, const struct hf_obj *, const char *,
	    const char *, ...) __attribute__((format(printf, 4, 5)));

/* A usage error at key's value in o (o itself when key is NULL or
   absent). */
static int
hf_fail(struct hf *h, const struct hf_obj *o, const char *key,
    const char *fmt, ...)
{
	const struct jsontree_node	*at = NULL;
	char				 msg[512];
	va_list				 ap;

	if (key != NULL)
		at = hf_member(o->obj, key);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return jsontree_error(&h->jt, at != NULL ? at : o->obj, h->err, "%s",
	    msg);
}

/* "rope_scaling.factor": a key's full name, for messages. */
static const char *
hf_name(const struct hf_obj *o, const char *key, char *buf, size_t len)
{
	if (o->depth == 0)
		snprintf(buf, len, "%s", key);
	else if (o->depth == 1)
		snprintf(buf, len, "%s.%s", o->path[0], key);
	else
		snprintf(buf, len, "%s.%s.%s", o->path[0], o->path[1], key);
	return buf;
}

/* A JSON value in words, for "found ..." ("a string", "12.5"). */
static const char *
hf_found(const struct jsontree_node *v, char *buf, size_t len)
{
	if (v->type == JSONTREE_INTEGER)
		snprintf(buf, len, "%lld", (long long)v->u.i);
	else if (v->type == JSONTREE_REAL)
		snprintf(buf, len, "%g", v->u.d);
	else if (v->type == JSONTREE_STRING)
		snprintf(buf, len, "\"%.40s\"", v->u.s);
	else
		snprintf(buf, len, "%s", jsontree_type_name(v));
	return buf;
}

static int
hf_expected(struct hf *h, const struct hf_obj *o, const char *key,
    const struct jsontree_node *v, const char *what)
{
	char	name[96], found[64];

	return hf_fail(h, o, key, "expected %s for %s, found %s", what,
	    hf_name(o, key, name, sizeof name), hf_found(v, found,
	    sizeof found));
}

static int
hf_missing(struct hf *h, const struct hf_obj *o, const char *key,
    const char *what)
{
	char	name[96];

	return hf_fail(h, o, NULL, "missing key '%s' (%s), needed by %s",
	    hf_name(o, key, name, sizeof name), what, h->arch->name);
}

/* ---- values ---------------------------------------------------------- */

/* Key's value in o: absent, null or there; a top-level key is read. */
static int
hf_value(struct hf *h, const struct hf_obj *o, const char *key,
    const struct jsontree_node **v)
{
	if (o->depth == 0 && h->n_read < HF_MAX_READ)
		h->read[h->n_read++] = key;
	if (jsontree_get(&h->jt, o->obj, key, v, h->err) != 0)
		return HF_ERROR;
	if (*v == NULL)
		return HF_ABSENT;
	return (*v)->type == JSONTREE_NULL ? HF_NULL : HF_VALUE;
}

/* A number, integral or not; -1 when v is neither. */
static int
hf_number(const struct jsontree_node *v, double *out)
{
	if (v->type == JSONTREE_INTEGER)
		*out = (double)v->u.i;
	else if (v->type == JSONTREE_REAL)
		*out = v->u.d;
	else
		return -1;
	return 0;
}

/*
 * An integer in [min, max]; def when absent or null, unless def is -1,
 * when the key is required (what says what it is).  A real number that
 * is integral (4096.0) is taken as well.
 */
static int
hf_int(struct hf *h, const struct hf_obj *o, const char *key, int64_t min,
    int64_t max, int64_t def, const char *what, int64_t *out)
{
	const struct jsontree_node	*v;
	char				 range[64];
	double				 d;
	int				 have;

	if ((have = hf_value(h, o, key, &v)) == HF_ERROR)
		return -1;
	if (have != HF_VALUE) {
		if (def == -1)
			return hf_missing(h, o, key, what);
		*out = def;
		return 0;
	}
	snprintf(range, sizeof range, "an integer from %lld to %lld",
	    (long long)min, (long long)max);
	if (hf_number(v, &d) == -1 || d != floor(d) || d < (double)min ||
	    d > (double)max)
		return hf_expected(h, o, key, v, range);
	*out = (int64_t)d;
	return 0;
}

/* A finite number above 0 (or 0 too, zero_ok); def when absent or null. */
static int
hf_real(struct hf *h, const struct hf_obj *o, const char *key, int zero_ok,
    double def, double *out)
{
	const struct jsontree_node	*v;
	double				 d;
	int				 have;

	if ((have = hf_value(h, o, key, &v)) == HF_ERROR)
		return -1;
	if (have != HF_VALUE) {
		*out = def;
		return 0;
	}
	if (hf_number(v, &d) == -1 || !isfinite(d) || d < 0 ||
	    (!zero_ok && d == 0))
		return hf_expected(h, o, key, v, zero_ok ?
		    "a non-negative number" : "a positive number");
	*out = d;
	return 0;
}

static int
hf_bool(struct hf *h, const struct hf_obj *o, const char *key, int def,
    int *out)
{
	const struct jsontree_node	*v;
	int				 have;

	if ((have = hf_value(h, o, key, &v)) == HF_ERROR)
		return -1;
	if (have != HF_VALUE) {
		*out = def;
		return 0;
	}
	if (v->type != JSONTREE_BOOL)
		return hf_expected(h, o, key, v, "true or false");
	*out = v->u.i != 0;
	return 0;
}

/* A string, or NULL when absent or null; -1 for another type. */
static int
hf_string(struct hf *h, const struct hf_obj *o, const char *key,
    const char **out)
{
	const struct jsontree_node	*v;
	int				 have;

	*out = NULL;
	if ((have = hf_value(h, o, key, &v)) == HF_ERROR)
		return -1;
	if (have != HF_VALUE)
		return 0;
	if (v->type != JSONTREE_STRING)
		return hf_expected(h, o, key, v, "a string");
	*out = v->u.s;
	return 0;
}

/* A key that changes nothing attntui computes: not listed as unread. */
static int
hf_ignore(struct hf *h, const char *key)
{
	const struct jsontree_node	*v;

	return hf_value(h, &h->root, key, &v) == HF_ERROR ? -1 : 0;
}

/* A key that, set, would change the model in a way not supported. */
static int
hf_refuse_true(struct hf *h, const char *key, const char *why)
{
	int	on = 0;

	if (hf_bool(h, &h->root, key, 0, &on) == -1)
		return -1;
	if (on)
		return hf_fail(h, &h->root, key, "%s: true is not supported "
		    "(%s); expected false", key, why);
	return 0;
}

/* ---- the architecture ------------------------------------------------ */

static int
hf_arch_names(char *buf, size_t len)
{
	size_t	i, o = 0;

	for (i = 0; i < N_HF_ARCHS && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s",
		    i == 0 ? "" : i + 1 == N_HF_ARCHS ? " or " : ", ",
		    hf_archs[i].name);
	return 0;
}

/* architectures[0], else model_type, in hf_archs[]. */
static int
hf_find_arch(struct hf *h)
{
	struct hf_obj			 first = { NULL, { "architectures",
					    NULL }, 1 };
	const struct jsontree_node	*v;
	const char			*name, *key = "architectures";
	char				 list[512];
	size_t				 i;
	int				 have;

	hf_arch_names(list, sizeof list);
	if ((have = hf_value(h, &h->root, key, &v)) == HF_ERROR)
		return -1;
	if (have == HF_VALUE) {
		if (v->type != JSONTREE_ARRAY || v->n == 0 ||
		    v->u.kids[0].type != JSONTREE_STRING)
			return hf_expected(h, &h->root, key, v,
			    "an array of architecture names");
		first.obj = &v->u.kids[0];
		name = first.obj->u.s;
		for (i = 0; i < N_HF_ARCHS; i++)
			if (strcmp(hf_archs[i].name, name) == 0)
				break;
		if (i == N_HF_ARCHS)
			return hf_fail(h, &first, NULL, "architecture "
			    "'%.64s' is not supported; expected %s", name,
			    list);
	} else {
		if (hf_string(h, &h->root, "model_type", &name) == -1)
			return -1;
		if (name == NULL)
			return hf_fail(h, &h->root, NULL, "missing key "
			    "'architectures' (and 'model_type'); expected "
			    "one of %s", list);
		for (i = 0; i < N_HF_ARCHS; i++)
			if (hf_archs[i].model_type != NULL &&
			    strcmp(hf_archs[i].model_type, name) == 0)
				break;
		if (i == N_HF_ARCHS)
			return hf_fail(h, &h->root, "model_type", "model_type "
			    "'%.64s' is not supported; expected the "
			    "model_type of %s", name, list);
	}
	h->arch = &hf_archs[i];
	if ((h->m->architecture = strdup(h->arch->name)) == NULL)
		return error_nomem(h->err, NULL);
	return 0;
}

/* ---- activations ----------------------------------------------------- */

struct hf_act {
	const char		*name;
	enum config_activation	 plain;		/* GPT-2, BERT */
	enum config_activation	 gated;		/* the llama family's gate */
};

/* ACT2FN's names: gelu_new, gelu_fast and gelu_pytorch_tanh are all
   0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3))). */
static const struct hf_act hf_acts[] = {
	{ "gelu", ACT_GELU, ACT_NONE },
	{ "gelu_new", ACT_GELU_TANH, ACT_GEGLU },
	{ "gelu_fast", ACT_GELU_TANH, ACT_GEGLU },
	{ "gelu_pytorch_tanh", ACT_GELU_TANH, ACT_GEGLU },
	{ "relu", ACT_RELU, ACT_NONE },
	{ "silu", ACT_SILU, ACT_SWIGLU },
	{ "swish", ACT_SILU, ACT_SWIGLU },
};

static int
hf_activation(struct hf *h, const char *key, const char *def, int gated)
{
	const char	*name;
	size_t		 i;

	if (hf_string(h, &h->root, key, &name) == -1)
		return -1;
	if (name == NULL)
		name = def;
	for (i = 0; i < sizeof hf_acts / sizeof hf_acts[0]; i++) {
		if (strcmp(hf_acts[i].name, name) != 0)
			continue;
		h->m->activation = gated ? hf_acts[i].gated :
		    hf_acts[i].plain;
		if (h->m->activation != ACT_NONE)
			return 0;
	}
	return hf_expected(h, &h->root, key, hf_member(h->root.obj, key),
	    gated ?
	    "silu, swish, gelu_pytorch_tanh, gelu_new or gelu_fast (a gated "
	    "MLP)" : "gelu, gelu_new, gelu_fast, gelu_pytorch_tanh, relu, "
	    "silu or swish");
}

/* ---- sizes ----------------------------------------------------------- */

/* The sizes every family has, under their config.json names. */
struct hf_size_keys {
	const char	*vocab, *d_model, *layers, *heads, *d_ff, *max_pos;
};

static int
hf_sizes(struct hf *h, const struct hf_size_keys *k)
{
	struct config_model	*m = h->m;
	const struct hf_obj	*r = &h->root;

	if (hf_int(h, r, k->vocab, 1, CONFIG_MAX_VOCAB, -1,
	    "the vocabulary size", &m->vocab_size) == -1 ||
	    hf_int(h, r, k->d_model, 1, CONFIG_MAX_D_MODEL, -1,
	    "the hidden size", &m->d_model) == -1 ||
	    hf_int(h, r, k->layers, 1, CONFIG_MAX_LAYERS, -1,
	    "the number of layers", &m->n_layers) == -1 ||
	    hf_int(h, r, k->heads, 1, CONFIG_MAX_HEADS, -1,
	    "the number of attention heads", &m->n_heads) == -1)
		return -1;
	if (k->d_ff != NULL && hf_int(h, r, k->d_ff, 1, CONFIG_MAX_D_FF,
	    -1, "the MLP's width", &m->d_ff) == -1)
		return -1;
	return hf_int(h, r, k->max_pos, 1, CONFIG_MAX_SEQ, h->arch->max_pos,
	    "the number of positions", &m->max_seq);
}

/* head_dim (or hidden_size / heads) and the key and value heads. */
static int
hf_heads(struct hf *h, const char *kv_key)
{
	struct config_model	*m = h->m;

	if (hf_int(h, &h->root, kv_key, 1, CONFIG_MAX_HEADS, m->n_heads,
	    NULL, &m->n_kv_heads) == -1 ||
	    hf_int(h, &h->root, "head_dim", 1, CONFIG_MAX_D_HEAD, 0, NULL,
	    &m->d_head) == -1)
		return -1;
	if (m->n_heads % m->n_kv_heads != 0)
		return hf_fail(h, &h->root, kv_key, "%s (%lld) does not divide "
		    "the %lld attention heads; expected a divisor", kv_key,
		    (long long)m->n_kv_heads, (long long)m->n_heads);
	if (m->d_head == 0) {
		if (m->d_model % m->n_heads != 0)
			return hf_fail(h, &h->root, "num_attention_heads",
			    "num_attention_heads (%lld) does not divide "
			    "hidden_size (%lld), and head_dim is not given",
			    (long long)m->n_heads, (long long)m->d_model);
		m->d_head = m->d_model / m->n_heads;
	}
	if (m->n_heads * m->d_head > CONFIG_MAX_ATTN_WIDTH)
		return hf_fail(h, &h->root, "head_dim", "%lld heads of %lld: "
		    "more than %d; expected a smaller model",
		    (long long)m->n_heads, (long long)m->d_head,
		    CONFIG_MAX_ATTN_WIDTH);
	return 0;
}

/* ---- RoPE ------------------------------------------------------------ */

/* rope_scaling's rope_type (or type), and its keys, into *rs. */
static int
hf_rope_type(struct hf *h, const struct hf_obj *o,
    struct config_rope_scaling *rs, int64_t *max_seq)
{
	const char	*type, *key = "rope_type";
	char		 name[96];
	int64_t		 orig;

	if (hf_member(o->obj, "rope_type") == NULL)
		key = "type";
	if (hf_string(h, o, key, &type) == -1)
		return -1;
	memset(rs, 0, sizeof *rs);
	if (type == NULL && hf_member(o->obj, "factor") != NULL)
		return hf_missing(h, o, "rope_type", "the kind of scaling");
	if (type == NULL || strcmp(type, "default") == 0)
		return 0;
	if (strcmp(type, "dynamic") == 0) {
		/* dynamic_rope_update leaves the plain frequencies up to
		   the original length: refuse inputs beyond it. */
		if (hf_int(h, o, "original_max_position_embeddings", 1,
		    CONFIG_MAX_SEQ, *max_seq, NULL, &orig) == -1)
			return -1;
		if (orig < *max_seq)
			*max_seq = orig;
		return 0;
	}
	if (strcmp(type, "linear") != 0 && strcmp(type, "llama3") != 0)
		return hf_fail(h, o, key, "%s '%.32s' is not supported; "
		    "expected default, linear, llama3 or dynamic (within "
		    "max_position_embeddings)", hf_name(o, key, name,
		    sizeof name), type);
	rs->type = strcmp(type, "linear") == 0 ? ROPE_LINEAR : ROPE_LLAMA3;
	if (hf_member(o->obj, "factor") == NULL)
		return hf_missing(h, o, "factor", "the scaling factor");
	if (hf_real(h, o, "factor", 0, 1.0, &rs->factor) == -1)
		return -1;
	if (rs->type == ROPE_LINEAR)
		return 0;
	if (hf_member(o->obj, "low_freq_factor") == NULL)
		return hf_missing(h, o, "low_freq_factor", "llama3 scaling");
	if (hf_member(o->obj, "high_freq_factor") == NULL)
		return hf_missing(h, o, "high_freq_factor", "llama3 scaling");
	if (hf_real(h, o, "low_freq_factor", 0, 1, &rs->low_freq_factor) ==
	    -1 || hf_real(h, o, "high_freq_factor", 0, 1,
	    &rs->high_freq_factor) == -1 ||
	    hf_int(h, o, "original_max_position_embeddings", 1,
	    CONFIG_MAX_SEQ, -1, "llama3 scaling", &rs->original_max) == -1)
		return -1;
	if (rs->high_freq_factor <= rs->low_freq_factor)
		return hf_fail(h, o, "high_freq_factor", "%s must be above "
		    "low_freq_factor", hf_name(o, "high_freq_factor", name,
		    sizeof name));
	return 0;
}

/* One RoPE object (rope_scaling, rope_parameters or a layer type's). */
static int
hf_rope_object(struct hf *h, const struct hf_obj *o, double *theta,
    struct config_rope_scaling *rs)
{
	if (o->obj->type != JSONTREE_OBJECT)
		return hf_fail(h, o, NULL, "expected an object for %s, found "
		    "%s", o->path[o->depth - 1], jsontree_type_name(o->obj));
	if (hf_rope_type(h, o, rs, &h->m->max_seq) == -1)
		return -1;
	if (theta != NULL && hf_real(h, o, "rope_theta", 0, *theta,
	    theta) == -1)
		return -1;
	/* transformers 5 keeps the share rotated here too. */
	if (hf_member(o->obj, "partial_rotary_factor") != NULL &&
	    !(h->arch->flags & HF_PARTIAL))
		return hf_fail(h, o, "partial_rotary_factor", "%s does not "
		    "rotate part of a head; expected no partial_rotary_factor",
		    h->arch->name);
	return hf_real(h, o, "partial_rotary_factor", 0, h->m->partial_rotary,
	    &h->m->partial_rotary);
}

/* Gemma 3's rope_parameters: one object per layer type. */
static int
hf_rope_layer_types(struct hf *h, const struct jsontree_node *params)
{
	struct config_model		*m = h->m;
	struct config_rope_scaling	 local;
	struct hf_obj			 o = { NULL, { "rope_parameters",
					    NULL }, 2 };

	o.path[1] = "full_attention";
	if ((o.obj = hf_member(params, o.path[1])) != NULL &&
	    hf_rope_object(h, &o, &m->rope_theta, &m->rope_scaling) == -1)
		return -1;
	o.path[1] = "sliding_attention";
	if ((o.obj = hf_member(params, o.path[1])) != NULL) {
		if (hf_rope_object(h, &o, &m->rope_local_theta, &local) == -1)
			return -1;
		if (local.type != ROPE_PLAIN)
			return hf_fail(h, &o, NULL, "scaled RoPE on sliding "
			    "layers is not supported; expected rope_type "
			    "default");
	}
	return 0;
}

/*
 * rope_theta and rope_scaling, or transformers 5's rope_parameters
 * (rope_theta inside); partial_rotary_factor; Gemma 3's local base.
 */
static int
hf_rope(struct hf *h)
{
	struct config_model	*m = h->m;
	struct hf_obj		 o = { NULL, { NULL, NULL }, 1 };
	const struct jsontree_node *scaling, *params;
	int			 hs, hp;

	m->position = POS_ROPE;
	m->partial_rotary = 1.0;
	if (hf_real(h, &h->root, "rope_theta", 0, h->arch->theta,
	    &m->rope_theta) == -1)
		return -1;
	if ((h->arch->flags & HF_LOCAL_ROPE) && hf_real(h, &h->root,
	    "rope_local_base_freq", 0, 10000.0, &m->rope_local_theta) == -1)
		return -1;
	if ((h->arch->flags & HF_PARTIAL) && hf_real(h, &h->root,
	    "partial_rotary_factor", 0, 1.0, &m->partial_rotary) == -1)
		return -1;
	if ((hs = hf_value(h, &h->root, "rope_scaling", &scaling)) ==
	    HF_ERROR || (hp = hf_value(h, &h->root, "rope_parameters",
	    &params)) == HF_ERROR)
		return -1;
	if (hs == HF_VALUE && hp == HF_VALUE)
		return hf_fail(h, &h->root, "rope_parameters", "both "
		    "rope_scaling and rope_parameters are given; expected "
		    "one");
	o.path[0] = hs == HF_VALUE ? "rope_scaling" : "rope_parameters";
	o.obj = hs == HF_VALUE ? scaling : params;
	if (hs == HF_VALUE)
		return hf_rope_object(h, &o, NULL, &m->rope_scaling);
	if (hp != HF_VALUE)
		return 0;
	if ((h->arch->flags & HF_LOCAL_ROPE) &&
	    (hf_member(params, "full_attention") != NULL ||
	    hf_member(params, "sliding_attention") != NULL))
		return hf_rope_layer_types(h, params);
	return hf_rope_object(h, &o, &m->rope_theta, &m->rope_scaling);
}

/* ---- sliding windows ------------------------------------------------- */

/* layer_types, when given: HF's names, one a layer. */
static int
hf_layer_types(struct hf *h, const struct jsontree_node *v)
{
	struct config_model		*m = h->m;
	struct hf_obj			 e = { NULL, { "layer_types", NULL },
					    1 };
	uint32_t			 i;

	if (v->type != JSONTREE_ARRAY)
		return hf_expected(h, &h->root, "layer_types", v, "an array "
		    "of layer types");
	if (v->n != (uint32_t)m->n_layers)
		return hf_fail(h, &h->root, "layer_types", "layer_types has "
		    "%u entries; expected one for each of the %lld layers",
		    (unsigned)v->n, (long long)m->n_layers);
	if ((m->sliding = calloc((size_t)m->n_layers, 1)) == NULL)
		return error_nomem(h->err, NULL);
	m->sliding_list = (int)m->n_layers;
	for (i = 0; i < v->n; i++) {
		e.obj = &v->u.kids[i];
		if (e.obj->type == JSONTREE_STRING &&
		    strcmp(e.obj->u.s, "sliding_attention") == 0)
			m->sliding[i] = 1;
		else if (e.obj->type != JSONTREE_STRING ||
		    strcmp(e.obj->u.s, "full_attention") != 0)
			return hf_fail(h, &e, NULL, "expected sliding_attention "
			    "or full_attention for layer_types[%u]",
			    (unsigned)i);
	}
	return 0;
}

/*
 * Which layers slide, and by how much: Mistral and Phi-3 all of them,
 * Qwen from max_window_layers on when use_sliding_window, Gemma all but
 * every sliding_window_pattern-th; layer_types, when given, says it.
 */
static int
hf_sliding(struct hf *h)
{
	struct config_model	*m = h->m;
	unsigned		 fl = h->arch->flags;
	const struct jsontree_node *types, *w;
	int64_t			 window;
	int			 on = 1, have;

	if (!(fl & (HF_SLIDE_ALL | HF_SLIDE_QWEN | HF_SLIDE_EVERY)))
		return 0;
	if (hf_int(h, &h->root, "sliding_window", 1, CONFIG_MAX_SEQ,
	    h->arch->window, NULL, &window) == -1)
		return -1;
	if ((w = hf_member(h->root.obj, "sliding_window")) != NULL &&
	    w->type == JSONTREE_NULL)
		window = 0;
	if ((fl & HF_SLIDE_QWEN) && (hf_bool(h, &h->root,
	    "use_sliding_window", 0, &on) == -1 || hf_int(h, &h->root,
	    "max_window_layers", 0, CONFIG_MAX_LAYERS, 28, NULL,
	    &m->max_window_layers) == -1))
		return -1;
	if ((fl & HF_SLIDE_EVERY) && hf_int(h, &h->root,
	    "sliding_window_pattern", 1, CONFIG_MAX_LAYERS, h->arch->pattern,
	    NULL, &m->sliding_pattern) == -1)
		return -1;
	if (!on || window == 0)
		return 0;
	m->mask = MASK_SLIDING;
	m->window = window;
	if ((have = hf_value(h, &h->root, "layer_types", &types)) ==
	    HF_ERROR || (have == HF_VALUE && hf_layer_types(h, types) == -1))
		return -1;
	if (config_fill_sliding(m) == -1)
		return error_nomem(h->err, NULL);
	return 0;
}

/* ---- the families ---------------------------------------------------- */

static int
hf_read_gpt2(struct hf *h)
{
	static const struct hf_size_keys keys = { "vocab_size", "n_embd",
	    "n_layer", "n_head", NULL, "n_positions" };
	struct config_model	*m = h->m;
	int			 scale;

	if (hf_sizes(h, &keys) == -1 || hf_heads(h, "n_head") == -1 ||
	    hf_int(h, &h->root, "n_inner", 1, CONFIG_MAX_D_FF,
	    4 * m->d_model, NULL, &m->d_ff) == -1 ||
	    hf_activation(h, "activation_function", "gelu_new", 0) == -1 ||
	    hf_real(h, &h->root, "layer_norm_epsilon", 0, h->arch->eps,
	    &m->norm_eps) == -1 ||
	    hf_bool(h, &h->root, "scale_attn_weights", 1, &scale) == -1 ||
	    hf_refuse_true(h, "scale_attn_by_inverse_layer_idx",
	    "scores divided by the layer number") == -1 ||
	    hf_refuse_true(h, "add_cross_attention", "an encoder-decoder "
	    "model") == -1)
		return -1;
	/* Unscaled scores are scores times 1^-1/2. */
	if (!scale)
		m->query_pre_attn_scalar = 1.0;
	/* Rounding only. */
	return hf_ignore(h, "reorder_and_upcast_attn");
}

static int
hf_read_bert(struct hf *h)
{
	static const struct hf_size_keys keys = { "vocab_size", "hidden_size",
	    "num_hidden_layers", "num_attention_heads", "intermediate_size",
	    "max_position_embeddings" };
	struct config_model	*m = h->m;
	const char		*pos;

	if (hf_sizes(h, &keys) == -1 ||
	    hf_heads(h, "num_attention_heads") == -1 ||
	    hf_activation(h, "hidden_act", "gelu", 0) == -1 ||
	    hf_int(h, &h->root, "type_vocab_size", 0, CONFIG_MAX_TYPE_VOCAB,
	    2, NULL, &m->type_vocab_size) == -1 ||
	    hf_real(h, &h->root, "layer_norm_eps", 0, h->arch->eps,
	    &m->norm_eps) == -1 ||
	    hf_string(h, &h->root, "position_embedding_type", &pos) == -1 ||
	    hf_refuse_true(h, "is_decoder", "a causal BERT") == -1)
		return -1;
	if (pos != NULL && strcmp(pos, "absolute") != 0)
		return hf_fail(h, &h->root, "position_embedding_type",
		    "position_embedding_type '%.32s' is not supported; "
		    "expected absolute", pos);
	m->pooler = (h->arch->flags & HF_POOLER) != 0;
	m->mlm_head = (h->arch->flags & HF_MLM) != 0;
	return 0;
}

/* The biases each decoder's modeling code gives its linears. */
static int
hf_biases(struct hf *h)
{
	struct config_model	*m = h->m;
	unsigned		 fl = h->arch->flags;
	int			 attn = 0;

	if ((fl & (HF_LLAMA_BIAS | HF_ATTN_BIAS)) && hf_bool(h, &h->root,
	    "attention_bias", 0, &attn) == -1)
		return -1;
	if ((fl & HF_LLAMA_BIAS) && hf_bool(h, &h->root, "mlp_bias", 0,
	    &m->mlp_bias) == -1)
		return -1;
	m->qkv_bias = attn || (fl & HF_QKV_BIAS) != 0;
	m->o_bias = attn;
	m->bias = m->qkv_bias;
	return 0;
}

/* Gemma's settings beyond Llama's. */
static int
hf_gemma(struct hf *h)
{
	struct config_model		*m = h->m;
	const struct jsontree_node	*v;

	m->norm_offset = 1.0;
	m->embed_scale = 1;
	m->post_norms = 1;
	if (hf_real(h, &h->root, "query_pre_attn_scalar", 0, 256.0,
	    &m->query_pre_attn_scalar) == -1 ||
	    hf_refuse_true(h, "use_bidirectional_attention",
	    "bidirectional attention") == -1)
		return -1;
	if (h->arch->flags & HF_SOFTCAP) {
		if (hf_real(h, &h->root, "attn_logit_softcapping", 0, 50.0,
		    &m->softcap) == -1)
			return -1;
		if ((v = hf_member(h->root.obj, "attn_logit_softcapping")) !=
		    NULL && v->type == JSONTREE_NULL)
			m->softcap = 0;
	}
	/* Logits, which attntui never computes. */
	return hf_ignore(h, "final_logit_softcapping");
}

static int
hf_read_decoder(struct hf *h)
{
	static const struct hf_size_keys keys = { "vocab_size", "hidden_size",
	    "num_hidden_layers", "num_attention_heads", "intermediate_size",
	    "max_position_embeddings" };
	struct config_model	*m = h->m;
	unsigned		 fl = h->arch->flags;
	const char		*act_key = "hidden_act";

	if (fl & HF_GEMMA)
		act_key = "hidden_activation";
	if (hf_sizes(h, &keys) == -1 ||
	    hf_heads(h, "num_key_value_heads") == -1 ||
	    hf_activation(h, act_key, (fl & HF_GEMMA) ? "gelu_pytorch_tanh" :
	    "silu", 1) == -1 ||
	    hf_real(h, &h->root, "rms_norm_eps", 0, h->arch->eps,
	    &m->norm_eps) == -1 ||
	    hf_biases(h) == -1 || hf_rope(h) == -1 || hf_sliding(h) == -1)
		return -1;
	if ((fl & HF_GEMMA) && hf_gemma(h) == -1)
		return -1;
	m->qk_norm = (fl & HF_QK_NORM) != 0;
	m->fused_qkv = m->fused_gate_up = (fl & HF_FUSED) != 0;
	/* Tensor parallelism and the cache: the same numbers either way.
	   Phi-3's original length matters to longrope alone. */
	if (hf_ignore(h, "pretraining_tp") == -1 ||
	    hf_ignore(h, "cache_implementation") == -1)
		return -1;
	return hf_ignore(h, "original_max_position_embeddings");
}

/* The rotated share of a head must be a whole, even number. */
static int
hf_check_rope(struct hf *h)
{
	const struct config_model	*m = h->m;
	int64_t				 rot;

	if (m->position != POS_ROPE)
		return 0;
	rot = (int64_t)((double)m->d_head * m->partial_rotary);
	if (rot >= 2 && rot % 2 == 0)
		return 0;
	return hf_fail(h, &h->root, m->partial_rotary < 1.0 ?
	    "partial_rotary_factor" : "head_dim", "RoPE would rotate %lld of "
	    "the %lld dimensions of a head; expected an even number of at "
	    "least 2", (long long)rot, (long long)m->d_head);
}

/* ---- the keys not read ----------------------------------------------- */

static int
hf_is_book(const char *key)
{
	size_t	i, n = strlen(key);

	for (i = 0; hf_books[i] != NULL; i++)
		if (strcmp(hf_books[i], key) == 0)
			return 1;
	/* dropouts, attention_probs_dropout_prob, resid_pdrop */
	return strstr(key, "dropout") != NULL || strstr(key, "pdrop") !=
	    NULL || (n > 5 && strcmp(key + n - 5, "_prob") == 0);
}

/* "key, key": top-level keys nobody read, for --check; NULL: none. */
static int
hf_unread(struct hf *h, char **out)
{
	const char	*key;
	size_t		 i, len = 0, n;
	uint32_t	 k;
	char		*s = NULL, *t;

	*out = NULL;
	for (k = 0; k < h->root.obj->n; k++) {
		key = h->root.obj->u.kids[2 * k].u.s;
		for (i = 0; i < h->n_read; i++)
			if (strcmp(h->read[i], key) == 0)
				break;
		if (i < h->n_read || hf_is_book(key))
			continue;
		n = strlen(key);
		if ((t = realloc(s, len + n + 3)) == NULL) {
			free(s);
			return error_nomem(h->err, NULL);
		}
		s = t;
		snprintf(s + len, n + 3, "%s%s", len == 0 ? "" : ", ", key);
		len += n + (len == 0 ? 0 : 2);
	}
	*out = s;
	return 0;
}

/* ---- entry points ---------------------------------------------------- */

/* The family's fixed settings, then its reader. */
static int
hf_read(struct hf *h)
{
	struct config_model		*m = h->m;
	const struct jsontree_node	*q;
	int				 have;

	if (hf_find_arch(h) == -1 || (have = hf_value(h, &h->root,
	    "quantization_config", &q)) == HF_ERROR)
		return -1;
	if (have == HF_VALUE)
		return hf_fail(h, &h->root, "quantization_config", "quantized "
		    "checkpoints are not supported; expected F32, F16 or "
		    "BF16 weights");
	m->family = h->arch->family;
	config_model_defaults(m);
	if (hf_bool(h, &h->root, "tie_word_embeddings", h->arch->tie,
	    &m->tie_embeddings) == -1)
		return -1;
	switch (m->family) {
	case FAMILY_GPT2:
		if (hf_read_gpt2(h) == -1)
			return -1;
		break;
	case FAMILY_BERT:
		if (hf_read_bert(h) == -1)
			return -1;
		break;
	default:
		if (hf_read_decoder(h) == -1)
			return -1;
		break;
	}
	return hf_check_rope(h);
}

/* Parse text (malloc'd, len bytes; taken, and freed) onto cfg's model. */
static int
hf_config_parse_owned(const char *path, char *text, size_t len,
    struct config *cfg, struct error *err)
{
	struct hf	 h;
	int		 rc;

	memset(&h, 0, sizeof h);
	if (jsontree_parse(&h.jt, path, text, len, err) != 0) {
		jsontree_free(&h.jt);
		return -1;
	}
	h.err = err;
	h.m = &cfg->model;
	h.root.obj = h.jt.root;
	if (h.jt.root->type != JSONTREE_OBJECT)
		rc = jsontree_error(&h.jt, h.jt.root, err, "expected an object "
		    "of model settings, found %s",
		    jsontree_type_name(h.jt.root));
	else
		rc = hf_read(&h);
	if (rc == 0)
		rc = hf_unread(&h, &cfg->unread);
	jsontree_free(&h.jt);
	return rc;
}

int
hf_config_parse(const char *path, const char *buf, size_t len,
    struct config *cfg, struct error *err)
{
	char	*copy;

	if ((copy = malloc(len == 0 ? 1 : len)) == NULL)
		return error_nomem(err, NULL);
	memcpy(copy, buf, len);
	return hf_config_parse_owned(path, copy, len, cfg, err);
}

/* dir/name, or NULL when out of memory. */
static char *
hf_join(const char *dir, const char *name)
{
	size_t	n = strlen(dir);
	char	*s;

	if ((s = malloc(n + strlen(name) + 2)) == NULL)
		return NULL;
	snprintf(s, n + strlen(name) + 2, "%s%s%s", dir,
	    n > 0 && dir[n - 1] == '/' ? "" : "/", name);
	return s;
}

static int
hf_exists(const char *dir, const char *name)
{
	struct stat	 sb;
	char		*p;
	int		 rc;

	if ((p = hf_join(dir, name)) == NULL)
		return 0;
	rc = stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
	free(p);
	return rc;
}

/* The directory's weights and tokenizer, and the model's name. */
static int
hf_beside(const char *dir, struct config *cfg, struct error *err)
{
	const char	*base;
	char		*real = NULL;
	size_t		 n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	if ((cfg->hf_dir = strndup(dir, n)) == NULL)
		return error_nomem(err, NULL);
	/* The directory's own name, also for "." or "..". */
	real = realpath(cfg->hf_dir, NULL);
	base = real != NULL ? real : cfg->hf_dir;
	base = strrchr(base, '/') != NULL && strrchr(base, '/')[1] != '\0' ?
	    strrchr(base, '/') + 1 : base;
	free(cfg->model.name);
	cfg->model.name = strdup(base);
	free(real);
	if (cfg->model.name == NULL)
		return error_nomem(err, NULL);
	cfg->weights.source = WEIGHTS_FILE;
	free(cfg->weights.file);
	cfg->weights.file = NULL;
	if (hf_exists(dir, HF_WEIGHTS_NAME))
		cfg->weights.file = hf_join(cfg->hf_dir, HF_WEIGHTS_NAME);
	else if (hf_exists(dir, HF_INDEX_NAME))
		cfg->weights.file = hf_join(cfg->hf_dir, HF_INDEX_NAME);
	/* Text is read with the directory's tokenizer.json, or not at
	   all (tokens.c says so when there is none). */
	cfg->input.tokenizer = TOKENIZER_FILE;
	free(cfg->input.tokenizer_file);
	cfg->input.tokenizer_file = NULL;
	if (hf_exists(dir, HF_TOKENIZER_NAME) &&
	    (cfg->input.tokenizer_file = hf_join(cfg->hf_dir,
	    HF_TOKENIZER_NAME)) == NULL)
		return error_nomem(err, NULL);
	return 0;
}

int
hf_config_read(const char *dir, struct config *cfg, struct error *err)
{
	char		*path, *buf = NULL;
	struct stat	 sb;
	size_t		 len = 0;
	int		 rc;

	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return error_set(err, EXIT_USAGE, dir, 0, 0, "not a directory; "
		    "expected a Hugging Face model directory");
	if ((path = hf_join(dir, HF_CONFIG_NAME)) == NULL)
		return error_nomem(err, NULL);
	if (!hf_exists(dir, HF_CONFIG_NAME)) {
		error_set(err, EXIT_USAGE, dir, 0, 0, "no config.json in this "
		    "directory; expected a Hugging Face model directory (or "
		    "a YAML config)");
		free(path);
		return -1;
	}
	rc = file_read(path, "config.json", HF_CONFIG_MAX_BYTES, &buf, &len,
	    err);
	if (rc == 0)
		rc = hf_config_parse_owned(path, buf, len, cfg, err);
	free(path);
	if (rc == 0)
		rc = hf_beside(dir, cfg, err);
	return rc;
}

int
hf_config_is_snapshot(const char *path)
{
	struct stat	 sb;
	const char	*base = strrchr(path, '/');

	base = base != NULL ? base + 1 : path;
	if (strcmp(base, HF_CONFIG_NAME) == 0)
		return 1;
	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

int
hf_config_load(const char *path, struct config *cfg, struct error *err)
{
	const char	*base = strrchr(path, '/');
	char		*dir;
	int		 rc;

	memset(cfg, 0, sizeof *cfg);
	base = base != NULL ? base + 1 : path;
	/* DIR/config.json: the directory; config.json alone: ".". */
	if (strcmp(base, HF_CONFIG_NAME) == 0)
		dir = base == path ? strdup(".") : strndup(path,
		    (size_t)(base - path));
	else
		dir = strdup(path);
	if (dir == NULL)
		return error_nomem(err, NULL);
	cfg->weights.seed = 42;
	if ((cfg->path = strdup(path)) == NULL)
		rc = error_nomem(err, NULL);
	else
		rc = hf_config_read(dir, cfg, err);
	if (rc == 0 && config_builtin_input(cfg) == -1)
		rc = error_nomem(err, NULL);
	free(dir);
	if (rc != 0)
		config_free(cfg);
	return rc;
}

int
hf_config_open(const char *path, struct config *cfg, struct error *err)
{
	if (hf_config_is_snapshot(path))
		return hf_config_load(path, cfg, err);
	return config_load_from(path, hf_config_read, cfg, err);
}

int
hf_config_has_pickles(const struct config *cfg)
{
	return cfg->hf_dir != NULL && (hf_exists(cfg->hf_dir,
	    "pytorch_model.bin") || hf_exists(cfg->hf_dir,
	    "pytorch_model.bin.index.json"));
}

int
hf_config_no_weights(const struct config *cfg, struct error *err)
{
	if (cfg->hf_dir != NULL && hf_exists(cfg->hf_dir, "pytorch_model.bin"))
		return error_set(err, EXIT_USAGE, cfg->hf_dir, 0, 0,
		    "only pytorch_model.bin, which attntui does not read (a "
		    "pickle); expected model.safetensors: convert it, e.g. "
		    "with safetensors.torch.save_file(torch.load(...), "
		    "\"model.safetensors\")");
	if (cfg->hf_dir != NULL && hf_exists(cfg->hf_dir,
	    "pytorch_model.bin.index.json"))
		return error_set(err, EXIT_USAGE, cfg->hf_dir, 0, 0,
		    "only pytorch_model.bin shards, which attntui does not "
		    "read (pickles); expected model.safetensors or "
		    "model.safetensors.index.json: convert them to "
		    "safetensors");
	return error_set(err, EXIT_USAGE, cfg->hf_dir != NULL ? cfg->hf_dir :
	    cfg->path, 0, 0, "no weights: expected %s or %s beside "
	    "config.json", HF_WEIGHTS_NAME, HF_INDEX_NAME);
}
