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
			  ACT_SILU, ACT_SWIGLU };
enum config_position	{ POS_NONE, POS_LEARNED, POS_SINUSOIDAL, POS_ROPE,
			  POS_ALIBI };
enum config_mask	{ MASK_NONE, MASK_CAUSAL, MASK_SLIDING };
enum config_weights	{ WEIGHTS_INIT, WEIGHTS_FILE };
enum config_input	{ INPUT_TEXT, INPUT_TOKENS, INPUT_EMBEDDINGS };
enum config_tokenizer	{ TOKENIZER_WHITESPACE, TOKENIZER_CHARS,
			  TOKENIZER_BYTES, TOKENIZER_GPT2,
			  TOKENIZER_FILE };	/* a tokenizer.json */

/* Where a node stood in the config file, for errors raised later. */
struct config_place {
	int	line;		/* 1-based; 0 when the key was absent */
	int	column;		/* 1-based */
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
	int			 bias;
	int			 tie_embeddings;
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
	int64_t			*tokens;	/* owned; INPUT_TOKENS */
	size_t			 n_tokens;
	int64_t			 seq_len;	/* INPUT_EMBEDDINGS */
	int			 has_bos;	/* input.bos given: */
	int64_t			 bos;		/* the id the tokenizer puts
						   first */
	struct config_place	 place;		/* the input: mapping */
	struct config_place	 vocab_place, merges_place, tokenizer_place;
};

struct config {
	char				*path;	/* owned: as given */
	struct config_model		 model;
	struct config_weights_spec	 weights;
	struct config_input_spec	 input;
};

/*
 * Read and validate the config at path.  On success fill *cfg (which the
 * caller frees with config_free) and return 0; on failure fill *err with
 * the file, line and column of the offending node and return -1, leaving
 * *cfg empty.
 */
int		 config_load(const char *path, struct config *cfg,
		     struct error *err);

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

/* Names as written in YAML, for messages and the summary. */
const char	*config_family_name(enum config_family);
const char	*config_norm_name(enum config_norm);
const char	*config_activation_name(enum config_activation);
const char	*config_position_name(enum config_position);
const char	*config_mask_name(enum config_mask);	/* "sliding" w/o N */
const char	*config_tokenizer_name(enum config_tokenizer);

#endif
