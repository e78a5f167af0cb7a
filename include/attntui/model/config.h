/*
 * config.h - the YAML model config of doc/config.md, parsed and validated.
 *
 * config_load() reads a file into a struct config with every family
 * default applied and every value checked; nothing downstream needs to
 * re-validate dimensions or re-apply defaults.
 */
#ifndef ATTNTUI_CONFIG_H
#define ATTNTUI_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "attntui/base/error.h"

enum config_family {
	FAMILY_GPT2,
	FAMILY_LLAMA,
	FAMILY_BERT,
	FAMILY_ATTENTION	/* one multi-head self-attention layer */
};

enum config_norm	{ NORM_NONE, NORM_LAYERNORM, NORM_RMSNORM };
enum config_activation	{ ACT_NONE, ACT_GELU, ACT_GELU_TANH, ACT_RELU,
			  ACT_SILU, ACT_SWIGLU,
			  ACT_GEGLU };	/* gelu_tanh(gate) * up (Gemma) */
enum config_position	{ POS_NONE, POS_LEARNED, POS_SINUSOIDAL, POS_ROPE,
			  POS_ALIBI };
enum config_mask	{ MASK_NONE, MASK_CAUSAL, MASK_SLIDING };
enum config_weights	{ WEIGHTS_INIT, WEIGHTS_FILE };
enum config_input	{ INPUT_TEXT, INPUT_TOKENS, INPUT_EMBEDDINGS };
enum config_tokenizer	{ TOKENIZER_WHITESPACE, TOKENIZER_CHARS,
			  TOKENIZER_BYTES, TOKENIZER_GPT2,
			  TOKENIZER_FILE };	/* a tokenizer.json */
enum config_rope_type	{ ROPE_PLAIN, ROPE_LINEAR, ROPE_LLAMA3 };

/*
 * Sane bounds on dimensions: far above any published model, far below
 * anything whose products could overflow an int64_t size computation.
 */
#define CONFIG_MAX_VOCAB	16777216
#define CONFIG_MAX_SEQ		1048576
#define CONFIG_MAX_D_MODEL	65536
#define CONFIG_MAX_LAYERS	1024
#define CONFIG_MAX_HEADS	1024
#define CONFIG_MAX_D_HEAD	65536
#define CONFIG_MAX_D_FF		1048576
#define CONFIG_MAX_TYPE_VOCAB	1024
#define CONFIG_MAX_ATTN_WIDTH	1048576		/* n_heads * d_head */

/* Where a node stood in the config file, for errors raised later. */
struct config_place {
	int	line;		/* 1-based; 0 when the key was absent */
	int	column;		/* 1-based */
};

/*
 * rope_scaling of modeling_rope_utils.py: linear divides every inverse
 * frequency by factor; llama3 divides the low ones (wavelength above
 * original_max / low_freq_factor) and blends towards the high ones.
 */
struct config_rope_scaling {
	enum config_rope_type	 type;
	double			 factor;
	double			 low_freq_factor;	/* llama3 */
	double			 high_freq_factor;	/* llama3 */
	int64_t			 original_max;		/* llama3 */
};

struct config_model {
	char			*name;		/* owned; never NULL */
	enum config_family	 family;
	int64_t			 vocab_size;	/* 0 for family attention */
	int64_t			 max_seq;
	int64_t			 d_model;
	int64_t			 n_layers;	/* 1 for family attention */
	int64_t			 n_heads;
	int64_t			 n_kv_heads;	/* divides n_heads */
	int64_t			 d_head;
	int64_t			 d_ff;		/* 0 for family attention */
	int64_t			 type_vocab_size; /* bert: token types (2) */
	int			 pooler;	/* bert: pooler counted (1) */
	enum config_norm	 norm;
	double			 norm_eps;
	enum config_activation	 activation;
	enum config_position	 position;
	double			 rope_theta;
	enum config_mask	 mask;
	int64_t			 window;	/* sliding:N; 0 otherwise */
	int			 bias;		/* every linear's bias in families
						   gpt2, bert and attention; in
						   llama the default of: */
	int			 qkv_bias;	/* bias on q, k and v */
	int			 o_bias;	/* bias on the attention output */
	int			 mlp_bias;	/* bias on the MLP's linears */
	int			 tie_embeddings;
	int			 mlm_head;	/* bert: BertForMaskedLM's head
						   counted (summary only) */

	/* The llama family's variants (doc/config.md, doc/hf.md). */
	int			 qk_norm;	/* RMSNorm of each q and k head
						   before RoPE, [d_head] */
	double			 norm_offset;	/* norms scale by offset + w
						   (Gemma: 1) */
	int			 embed_scale;	/* embeddings times sqrt(d_model)
						   in the embeddings' dtype */
	int			 post_norms;	/* Gemma's four norms a block:
						   attention and MLP outputs
						   normed before the residual */
	double			 query_pre_attn_scalar; /* scores times its
						   ^-1/2; 0: d_head's */
	double			 softcap;	/* cap tanh(s / cap) before the
						   mask; 0: none */
	uint8_t			*sliding;	/* owned, n_layers flags when
						   mask is sliding: 1 the layer
						   slides, 0 it is causal */
	int64_t			 sliding_pattern; /* every Nth layer full */
	int64_t			 max_window_layers; /* layers below full;
						   -1: not given */
	int			 sliding_list;	/* entries, when sliding came as
						   a list (layer_types); else 0 */
	double			 rope_local_theta; /* sliding layers' base;
						   0: rope_theta for all */
	double			 partial_rotary; /* share of d_head rotated */
	struct config_rope_scaling rope_scaling; /* global layers */
	int			 fused_qkv;	/* Phi-3's qkv_proj */
	int			 fused_gate_up;	/* Phi-3's gate_up_proj */
	char			*architecture;	/* owned: config.json's name
						   (the summary's root); or
						   NULL */
};

struct config_weights_spec {
	enum config_weights	 source;
	uint64_t		 seed;
	double			 std;
	char			*file;		/* owned, resolved against the
						   config's directory */
	struct config_place	 file_place;
};

struct config_input_spec {
	enum config_input	 kind;
	char			*text;		/* owned; INPUT_TEXT */
	enum config_tokenizer	 tokenizer;
	char			*vocab;		/* owned, resolved; or NULL */
	char			*merges;	/* owned, resolved; or NULL */
	char			*tokenizer_file; /* owned, resolved: the
						   tokenizer.json; or NULL */
	int			 builtin;	/* the text is the built-in
						   sentence: none was given */
	int64_t			*tokens;	/* owned; INPUT_TOKENS */
	size_t			 n_tokens;
	int64_t			 seq_len;	/* INPUT_EMBEDDINGS */
	int			 has_bos;	/* input.bos given: */
	int64_t			 bos;		/* the id the tokenizer puts
						   first */
	struct config_place	 place;		/* the input: mapping */
	struct config_place	 vocab_place, merges_place, tokenizer_place;
};

/* A model: key given beside from: DIR, and what it changed. */
struct config_override {
	char			 key[64];	/* "model.rope_theta" */
	char			 was[48];	/* config.json's value */
	char			 now[48];
	struct config_place	 place;
};

struct config {
	char				*path;	/* owned: as given */
	struct config_model		 model;
	struct config_weights_spec	 weights;
	struct config_input_spec	 input;
	char				*hf_dir; /* owned: the hub snapshot
						   the model comes from; or
						   NULL */
	struct config_override		*overrides; /* owned */
	size_t				 n_overrides;
	char				*unread;	/* owned: config.json's
						   keys not read, "a, b"; or
						   NULL */
};

/*
 * Read and validate the config at path.  On success fill *cfg (which the
 * caller frees with config_free) and return 0; on failure fill *err with
 * the file, line and column of the offending node and return -1, leaving
 * *cfg empty.
 */
int		 config_load(const char *path, struct config *cfg,
		     struct error *err);

/*
 * What reads model: {from: DIR}: a hub snapshot's model, weights and
 * tokenizer into cfg (hf_config_read).  config_load_from() is handed
 * it, so that the YAML schema knows nothing of config.json; without one
 * (config_load) model.from is an error.
 */
typedef int (*config_from_fn)(const char *dir, struct config *cfg,
    struct error *err);
int		 config_load_from(const char *path, config_from_fn from,
		     struct config *cfg, struct error *err);

/* The same, from a buffer; path names it in errors.  Used by the fuzzer. */
int		 config_load_buffer(const char *path, const char *buf,
		     size_t len, struct config *cfg, struct error *err);

/*
 * An error about a file the config names (weights.file, input.vocab,
 * input.merges, input.tokenizer) that has no place of its own, such as
 * "No such file or directory": move it to the key's line and column,
 * "KEY 'PATH': MESSAGE", so that the user sees which line to fix.
 * Other errors are left as they are.
 */
void		 config_blame(const struct config *cfg, struct error *err);

/* Free what cfg owns and zero it. */
void		 config_free(struct config *cfg);

/* Set m's defaults for its family (m->family), as doc/config.md's table. */
void		 config_model_defaults(struct config_model *m);

/*
 * Fill m->sliding from sliding_pattern or max_window_layers (every
 * layer slides when neither is set), unless it came as a list; nothing
 * when the mask does not slide.  -1 when out of memory.
 */
int		 config_fill_sliding(struct config_model *m);

/* The built-in sentence: the input when none is given. */
#define CONFIG_BUILTIN_TEXT \
	"The quick brown fox jumps over the lazy dog."

/* Does act gate the MLP (gate and up projections)? */
int		 config_activation_gated(enum config_activation act);

/* Make the built-in sentence cfg's input; -1 when out of memory. */
int		 config_builtin_input(struct config *cfg);

/* Names as written in YAML, for messages and the summary. */
const char	*config_family_name(enum config_family);
const char	*config_norm_name(enum config_norm);
const char	*config_activation_name(enum config_activation);
const char	*config_position_name(enum config_position);
const char	*config_mask_name(enum config_mask);	/* "sliding" w/o N */
const char	*config_tokenizer_name(enum config_tokenizer);
const char	*config_rope_type_name(enum config_rope_type);

#endif
