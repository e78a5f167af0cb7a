/*
 * test_config.c - unit tests for the config loader (src/model/config.c).
 *
 * Expected values come from doc/config.md's family table and from the
 * files in tests/configs, by hand; lines and columns of the error cases
 * were counted by hand in the buffers below.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "attntui/model/config.h"

#define CONFIGS SRCDIR "/tests/configs/"

static void
load_ok(const char *path, struct config *cfg)
{
	struct error	err = { 0 };

	if (config_load(path, cfg, &err) != 0) {
		error_print(&err, stderr);
		error_clear(&err);
		fail();
	}
}

static void
buffer_ok(const char *path, const char *yaml, struct config *cfg)
{
	struct error	err = { 0 };

	if (config_load_buffer(path, yaml, strlen(yaml), cfg, &err) != 0) {
		error_print(&err, stderr);
		error_clear(&err);
		fail();
	}
}

static void
test_gpt2_small(void **state)
{
	struct config	c;

	(void)state;
	load_ok(CONFIGS "gpt2-small.yaml", &c);
	assert_string_equal(c.path, CONFIGS "gpt2-small.yaml");
	assert_string_equal(c.model.name, "gpt2-small");
	assert_int_equal(c.model.family, FAMILY_GPT2);
	assert_int_equal(c.model.vocab_size, 50257);
	assert_int_equal(c.model.max_seq, 1024);
	assert_int_equal(c.model.d_model, 768);
	assert_int_equal(c.model.n_layers, 12);
	assert_int_equal(c.model.n_heads, 12);
	/* Derived: n_kv_heads = n_heads, d_head = 768/12, d_ff = 4*768. */
	assert_int_equal(c.model.n_kv_heads, 12);
	assert_int_equal(c.model.d_head, 64);
	assert_int_equal(c.model.d_ff, 3072);
	/* The gpt2 column of the family table. */
	assert_int_equal(c.model.norm, NORM_LAYERNORM);
	assert_true(c.model.norm_eps == 1e-5);
	assert_int_equal(c.model.activation, ACT_GELU_TANH);
	assert_int_equal(c.model.position, POS_LEARNED);
	assert_int_equal(c.model.mask, MASK_CAUSAL);
	assert_int_equal(c.model.window, 0);
	assert_int_equal(c.model.bias, 1);
	assert_int_equal(c.model.tie_embeddings, 1);
	assert_true(c.model.rope_theta == 10000.0);
	assert_int_equal(c.weights.source, WEIGHTS_INIT);
	assert_int_equal(c.weights.seed, 42);
	assert_true(c.weights.std == 0.02);
	assert_null(c.weights.file);
	assert_int_equal(c.input.kind, INPUT_TEXT);
	assert_string_equal(c.input.text,
	    "The quick brown fox jumps over the lazy dog");
	assert_int_equal(c.input.tokenizer, TOKENIZER_WHITESPACE);
	assert_null(c.input.vocab);
	assert_null(c.input.tokens);
	assert_int_equal(c.input.place.line, 15);
	assert_int_equal(c.input.place.column, 1);
	config_free(&c);
	assert_null(c.path);
	assert_null(c.model.name);
}

static void
test_llama2_aliases(void **state)
{
	static const int64_t	 tokens[] = { 1, 450, 4996, 17354, 1701,
				    29916 };
	struct config		 c;
	size_t			 i;

	(void)state;
	load_ok(CONFIGS "llama2-7b.yaml", &c);
	assert_string_equal(c.model.name, "llama-2-7b");
	assert_int_equal(c.model.family, FAMILY_LLAMA);
	assert_int_equal(c.model.vocab_size, 32000);
	assert_int_equal(c.model.max_seq, 4096);	/* max_position_... */
	assert_int_equal(c.model.d_model, 4096);	/* hidden_size */
	assert_int_equal(c.model.n_layers, 32);		/* num_hidden_layers */
	assert_int_equal(c.model.n_heads, 32);
	assert_int_equal(c.model.n_kv_heads, 32);
	assert_int_equal(c.model.d_head, 128);
	assert_int_equal(c.model.d_ff, 11008);		/* intermediate_size */
	assert_true(c.model.norm_eps == 1e-5);		/* rms_norm_eps */
	/* The llama column. */
	assert_int_equal(c.model.norm, NORM_RMSNORM);
	assert_int_equal(c.model.activation, ACT_SWIGLU);
	assert_int_equal(c.model.position, POS_ROPE);
	assert_int_equal(c.model.mask, MASK_CAUSAL);
	assert_int_equal(c.model.bias, 0);
	assert_int_equal(c.model.tie_embeddings, 0);
	/* No weights: section: seeded random, the documented defaults. */
	assert_int_equal(c.weights.source, WEIGHTS_INIT);
	assert_int_equal(c.weights.seed, 42);
	assert_true(c.weights.std == 0.02);
	assert_int_equal(c.input.kind, INPUT_TOKENS);
	assert_int_equal(c.input.n_tokens, 6);
	for (i = 0; i < 6; i++)
		assert_int_equal(c.input.tokens[i], tokens[i]);
	config_free(&c);
}

static void
test_mistral_paths(void **state)
{
	struct config	c;

	(void)state;
	load_ok(CONFIGS "mistral-7b.yaml", &c);
	/* No name: the file's base name without its extension. */
	assert_string_equal(c.model.name, "mistral-7b");
	assert_int_equal(c.model.n_heads, 32);
	assert_int_equal(c.model.n_kv_heads, 8);
	assert_int_equal(c.model.d_head, 128);
	assert_int_equal(c.model.d_ff, 14336);
	assert_int_equal(c.model.max_seq, 32768);
	assert_int_equal(c.model.mask, MASK_SLIDING);
	assert_int_equal(c.model.window, 4096);
	assert_true(c.model.norm_eps == 1e-5);
	assert_true(c.model.rope_theta == 1e6);
	assert_int_equal(c.weights.source, WEIGHTS_FILE);
	assert_string_equal(c.weights.file, CONFIGS "mistral-7b.safetensors");
	assert_int_equal(c.weights.file_place.line, 17);
	assert_int_equal(c.weights.file_place.column, 9);
	assert_int_equal(c.input.kind, INPUT_TOKENS);
	assert_int_equal(c.input.n_tokens, 3);
	assert_int_equal(c.input.tokens[2], 2936);
	assert_string_equal(c.input.vocab, CONFIGS "tokenizer/vocab.json");
	config_free(&c);
}

/* input.tokenizer as a path: resolved against the config's directory. */
static void
test_tokenizer_json(void **state)
{
	struct config	c;

	(void)state;
	load_ok(CONFIGS "tokjson.yaml", &c);
	assert_int_equal(c.input.tokenizer, TOKENIZER_FILE);
	assert_string_equal(c.input.tokenizer_file,
	    CONFIGS "tokjson/tokenizer.json");
	assert_string_equal(config_tokenizer_name(c.input.tokenizer),
	    "tokenizer.json");
	config_free(&c);
}

static void
test_bert_base(void **state)
{
	struct config	c;

	(void)state;
	load_ok(CONFIGS "bert-base.yaml", &c);
	assert_string_equal(c.model.name, "bert-base-uncased");
	assert_int_equal(c.model.family, FAMILY_BERT);
	assert_int_equal(c.model.vocab_size, 30522);
	assert_int_equal(c.model.max_seq, 512);
	assert_int_equal(c.model.d_ff, 3072);
	assert_int_equal(c.model.type_vocab_size, 2);
	assert_int_equal(c.model.pooler, 1);
	assert_int_equal(c.model.norm, NORM_LAYERNORM);
	assert_true(c.model.norm_eps == 1e-12);
	assert_int_equal(c.model.activation, ACT_GELU);
	assert_int_equal(c.model.position, POS_LEARNED);
	assert_int_equal(c.model.mask, MASK_NONE);
	assert_int_equal(c.model.bias, 1);
	assert_int_equal(c.model.tie_embeddings, 1);
	assert_int_equal(c.input.kind, INPUT_TEXT);
	assert_int_equal(c.input.tokenizer, TOKENIZER_WHITESPACE);
	config_free(&c);
}

static void
test_attention(void **state)
{
	struct config	c;

	(void)state;
	load_ok(CONFIGS "attention.yaml", &c);
	assert_string_equal(c.model.name, "self-attention");
	assert_int_equal(c.model.family, FAMILY_ATTENTION);
	assert_int_equal(c.model.d_model, 512);
	assert_int_equal(c.model.n_heads, 8);
	assert_int_equal(c.model.n_kv_heads, 8);
	assert_int_equal(c.model.d_head, 64);
	/* One layer, no vocabulary, no MLP, no norm. */
	assert_int_equal(c.model.n_layers, 1);
	assert_int_equal(c.model.vocab_size, 0);
	assert_int_equal(c.model.d_ff, 0);
	assert_int_equal(c.model.norm, NORM_NONE);
	assert_int_equal(c.model.activation, ACT_NONE);
	assert_int_equal(c.model.position, POS_NONE);
	assert_int_equal(c.model.mask, MASK_NONE);
	assert_int_equal(c.model.bias, 1);
	assert_int_equal(c.model.max_seq, 32);		/* = seq_len */
	assert_int_equal(c.input.kind, INPUT_EMBEDDINGS);
	assert_int_equal(c.input.seq_len, 32);
	config_free(&c);
}

/* Explicit keys win over the family; aliases, anchors and number forms. */
static void
test_overrides(void **state)
{
	static const char	yaml[] =
	    "model:\n"
	    "  family: gpt2\n"
	    "  n_embd: &w 96\n"
	    "  n_layer: 2\n"
	    "  n_head: 4\n"
	    "  d_head: 32\n"
	    "  n_positions: 0x100\n"
	    "  vocab_size: 1000\n"
	    "  layer_norm_epsilon: 1e-6\n"
	    "  norm: rmsnorm\n"
	    "  activation: relu\n"
	    "  position: alibi\n"
	    "  mask: none\n"
	    "  bias: false\n"
	    "  tie_embeddings: False\n"
	    "  d_ff: *w\n"
	    "weights: {init: random, seed: 18446744073709551615, std: 0}\n"
	    "input:\n"
	    "  text: caf\xc3\xa9\n"
	    "  tokenizer: gpt2\n"
	    "  vocab: encoder.json\n"
	    "  merges: /abs/vocab.bpe\n";
	struct config		c;

	(void)state;
	buffer_ok("some/dir/tiny.model.yaml", yaml, &c);
	assert_string_equal(c.model.name, "tiny.model");
	assert_int_equal(c.model.d_model, 96);
	assert_int_equal(c.model.n_layers, 2);
	assert_int_equal(c.model.n_heads, 4);
	assert_int_equal(c.model.d_head, 32);	/* given: 96/4 would be 24 */
	assert_int_equal(c.model.max_seq, 256);
	assert_true(c.model.norm_eps == 1e-6);
	assert_int_equal(c.model.norm, NORM_RMSNORM);
	assert_int_equal(c.model.activation, ACT_RELU);
	assert_int_equal(c.model.position, POS_ALIBI);
	assert_int_equal(c.model.mask, MASK_NONE);
	assert_int_equal(c.model.bias, 0);
	assert_int_equal(c.model.tie_embeddings, 0);
	assert_int_equal(c.model.d_ff, 96);
	assert_true(c.weights.seed == UINT64_MAX);
	assert_true(c.weights.std == 0.0);
	assert_string_equal(c.input.text, "caf\xc3\xa9");
	assert_int_equal(c.input.tokenizer, TOKENIZER_GPT2);
	assert_string_equal(c.input.vocab, "some/dir/encoder.json");
	assert_string_equal(c.input.merges, "/abs/vocab.bpe");
	config_free(&c);
}

/* A config path without a directory leaves relative paths as written. */
static void
test_path_no_dir(void **state)
{
	static const char	yaml[] =
	    "model: {family: attention, d_model: 8, n_heads: 2, "
	    "max_seq: 64}\n"
	    "weights: {file: w.safetensors, seed: 3}\n"
	    "input: {embeddings: random, seq_len: 5}\n";
	struct config		c;

	(void)state;
	buffer_ok("cfg.yml", yaml, &c);
	assert_string_equal(c.model.name, "cfg");
	assert_int_equal(c.weights.source, WEIGHTS_FILE);
	assert_string_equal(c.weights.file, "w.safetensors");
	assert_int_equal(c.weights.seed, 3);
	assert_int_equal(c.model.max_seq, 64);
	assert_int_equal(c.input.seq_len, 5);
	assert_int_equal(c.model.d_head, 4);
	config_free(&c);
}

/*
 * A byte order mark, as some Windows editors write, is not part of the
 * document; errors after it keep their lines and columns.
 */
static void
test_byte_order_mark(void **state)
{
	static const char	yaml[] =
	    "\xef\xbb\xbfmodel: {family: attention, d_model: 8, n_heads: 2}\n"
	    "input: {embeddings: random, seq_len: 5}\n";
	static const char	bad[] =
	    "\xef\xbb\xbfmodel: {family: attention, d_model: 8, n_heads: 3}\n"
	    "input: {embeddings: random, seq_len: 5}\n";
	struct config		c;
	struct error		err = { 0 };

	(void)state;
	buffer_ok("bom.yaml", yaml, &c);
	assert_int_equal(c.model.d_model, 8);
	config_free(&c);
	assert_int_equal(config_load_buffer("bom.yaml", bad, strlen(bad), &c,
	    &err), -1);
	assert_int_equal(err.line, 1);
	assert_int_equal(err.column, 49);	/* the "3" of n_heads */
	error_clear(&err);
}

/* Family attention with learned positions: the table is seq_len long. */
static void
test_attention_learned(void **state)
{
	static const char	yaml[] =
	    "model: {family: attention, d_model: 8, n_heads: 2, "
	    "position: learned, mask: causal}\n"
	    "input: {embeddings: random, seq_len: 7}\n";
	struct config		c;

	(void)state;
	buffer_ok("a.yaml", yaml, &c);
	assert_int_equal(c.model.position, POS_LEARNED);
	assert_int_equal(c.model.mask, MASK_CAUSAL);
	assert_int_equal(c.model.max_seq, 7);
	config_free(&c);
}

struct bad {
	const char	*yaml;
	int		 line;
	int		 column;
	const char	*message;
};

#define GPT2 \
	"model:\n" \
	"  family: gpt2\n" \
	"  vocab_size: 100\n" \
	"  max_seq: 16\n" \
	"  d_model: 64\n" \
	"  n_layers: 2\n" \
	"  n_heads: 4\n"
#define ATTN \
	"model:\n" \
	"  family: attention\n" \
	"  d_model: 64\n" \
	"  n_heads: 4\n"

static const struct bad bad[] = {
	{ "model: [\n", 2, 1, "YAML syntax error: did not find expected node "
	    "content (while parsing a flow node that began at line 2)" },
	{ "a: 1\n b: 2\n", 2, 3,
	    "YAML syntax error: mapping values are not allowed in this "
	    "context" },
	{ "", 1, 1, "empty config; expected a mapping with model, weights "
	    "and input" },
	{ "42\n", 1, 1, "expected a mapping with model, weights and input "
	    "for the config, found \"42\"" },
	{ "a: 1\n---\nb: 2\n", 2, 1, "a second YAML document; expected one" },
	{ "model:\n  x: \xc3\x28\n", 2, 7, "invalid input: invalid trailing "
	    "UTF-8 octet (#28); expected UTF-8 text" },
	{ "mod: 1\n", 1, 1, "unknown key 'mod' at top level; did you mean "
	    "'model'?" },
	{ GPT2 "  n_layrs: 2\ninput: {text: hi}\n", 8, 3,
	    "unknown key 'n_layrs' in model; did you mean 'n_layers'?" },
	{ GPT2 "  hidden_sise: 2\ninput: {text: hi}\n", 8, 3,
	    "unknown key 'hidden_sise' in model; did you mean 'hidden_size'?" },
	{ GPT2 "  wibble: 2\ninput: {text: hi}\n", 8, 3,
	    "unknown key 'wibble' in model" },
	{ GPT2 "  n_heads: 4\ninput: {text: hi}\n", 8, 3,
	    "duplicate key 'n_heads' in model; first given at line 7" },
	{ GPT2 "  n_embd: 64\ninput: {text: hi}\n", 8, 3,
	    "key 'n_embd' in model is another name for 'd_model', given at "
	    "line 5; expected one of them" },
	{ GPT2 "  max_position_embeddings: 16\ninput: {text: hi}\n", 8, 3,
	    "key 'max_position_embeddings' in model is another name for "
	    "'max_seq', given at line 4; expected one of them" },
	{ "model:\n  family: gpt2\n  d_model: abc\n", 3, 12,
	    "expected a positive integer for model.d_model, found \"abc\"" },
	{ "model:\n  family: gpt2\n  d_model: '768'\n", 3, 12,
	    "expected a positive integer for model.d_model, found the string "
	    "\"768\"" },
	{ "model:\n  family: gpt2\n  d_model:\n", 3, 11,
	    "expected a positive integer for model.d_model, found null" },
	{ "model:\n  family: gpt2\n  n_heads: [1]\n", 3, 12,
	    "expected a positive integer for model.n_heads, found a sequence" },
	{ "model:\n  family: llama\n  n_layers: 0\n", 3, 13,
	    "expected a positive integer for model.n_layers, found \"0\"" },
	{ "model:\n  family: llama\n  max_seq: 2000000\n", 3, 12,
	    "expected a positive integer at most 1048576 for model.max_seq, "
	    "found \"2000000\"" },
	{ "model:\n  family: llama\n  n_heads: 99999999999999999999\n", 3, 12,
	    "expected a positive integer at most 1024 for model.n_heads, "
	    "found \"99999999999999999999\"" },
	{ "model:\n  family: bert\n  pooler: 1\n", 3, 11,
	    "expected true or false for model.pooler, found \"1\"" },
	{ "model:\n  family: llama\n  rope_theta: 1e\n", 3, 15,
	    "expected a positive number for model.rope_theta, found \"1e\"" },
	{ "model:\n  family: llama\n  norm_eps: 0\n", 3, 13,
	    "expected a positive number for model.norm_eps, found \"0\"" },
	{ "model:\n  family: gpt-2\n", 2, 11, "expected gpt2, llama, bert or "
	    "attention for model.family, found \"gpt-2\"" },
	{ "model:\n  name: x\ninput: {text: hi}\n", 1, 1, "missing key "
	    "'family' in model (gpt2, llama, bert or attention; or from: a "
	    "model directory)" },
	{ "model:\n  family: gpt2\n  mask: \"sliding:\"\n", 3, 9,
	    "expected causal, none or sliding:N with N from 1 to 1048576 for "
	    "model.mask, found \"sliding:\"" },
	{ "model:\n  family: gpt2\n  mask: sliding:-3\n", 3, 9,
	    "expected causal, none or sliding:N with N from 1 to 1048576 for "
	    "model.mask, found \"sliding:-3\"" },
	{ "model:\n  family: gpt2\n  type_vocab_size: 2\n", 3, 3,
	    "model.type_vocab_size applies to family bert only" },
	{ ATTN "  d_ff: 256\n", 5, 3,
	    "model.d_ff does not apply to family attention" },
	{ ATTN "  n_layer: 3\n", 5, 12, "expected 1 (family attention is one "
	    "layer) for model.n_layer, found \"3\"" },
	{ ATTN "  n_kv_heads: 3\ninput: {embeddings: random, seq_len: 4}\n",
	    5, 15, "model.n_heads (4) is not divisible by model.n_kv_heads "
	    "(3); expected a divisor of it" },
	{ "model:\n  family: attention\n  d_model: 10\n  n_heads: 4\n"
	    "input: {embeddings: random, seq_len: 4}\n", 4, 12,
	    "model.d_model (10) is not divisible by model.n_heads (4); "
	    "expected a divisor, or model.d_head" },
	{ "model:\n  family: attention\n  d_model: 10\n  n_heads: 1024\n"
	    "  d_head: 2048\ninput: {embeddings: random, seq_len: 4}\n", 5, 11,
	    "model.n_heads * model.d_head is 2097152; expected at most "
	    "1048576" },
	{ "model:\n  family: attention\n  d_model: 10\n"
	    "input: {embeddings: random, seq_len: 4}\n", 1, 1,
	    "missing key 'n_heads' in model" },
	{ ATTN "input: {embeddings: random, seq_len: 4}\nweights:\n"
	    "  file: a\n  init: random\n", 8, 3, "expected exactly one of "
	    "weights.init and weights.file, found both weights.file and "
	    "weights.init" },
	{ ATTN "weights: {}\ninput: {embeddings: random, seq_len: 4}\n", 5, 1,
	    "expected exactly one of weights.init and weights.file, found "
	    "none" },
	{ ATTN "weights: {init: random, seed: -1}\n"
	    "input: {embeddings: random, seq_len: 4}\n", 5, 31,
	    "expected a non-negative integer for weights.seed, found \"-1\"" },
	{ ATTN "weights: {init: random, std: -0.5}\n"
	    "input: {embeddings: random, seq_len: 4}\n", 5, 30,
	    "expected a non-negative number for weights.std, found \"-0.5\"" },
	{ ATTN "input: {embeddings: random, tokens: [1], seq_len: 4}\n", 5,
	    29, "expected exactly one of input.text, input.tokens and "
	    "input.embeddings, found both input.embeddings and input.tokens" },
	{ ATTN "input: {seq_len: 4}\n", 5, 1, "expected exactly one of "
	    "input.text, input.tokens and input.embeddings, found none" },
	{ ATTN "input: {embeddings: zeros, seq_len: 4}\n", 5, 21,
	    "expected random for input.embeddings, found \"zeros\"" },
	{ ATTN "input: {tokens: [1]}\n", 5, 9, "input.tokens does not apply "
	    "to family attention (it has no vocabulary); expected "
	    "input.embeddings" },
	{ ATTN "input: {embeddings: random, seq_len: 4, vocab: v.json}\n", 5,
	    41, "input.vocab applies to input.text and input.tokens only" },
	{ ATTN "input: {embeddings: random, seq_len: 0}\n", 5, 38,
	    "expected a positive integer for input.seq_len, found \"0\"" },
	{ GPT2 "input: {text: hi, seq_len: 4}\n", 8, 19,
	    "input.seq_len applies to input.embeddings only" },
	{ GPT2 "input: {tokens: [1, 2], tokenizer: chars}\n", 8, 25,
	    "input.tokenizer applies to input.text only" },
	{ GPT2 "input: {text: hi, merges: m.txt}\n", 8, 19,
	    "input.merges applies to tokenizer gpt2 only" },
	{ GPT2 "input: {text: hi, tokenizer: gpt2, merges: m.txt}\n", 8, 1,
	    "missing key 'vocab' in input (tokenizer gpt2 needs encoder.json)" },
	{ GPT2 "input: {text: \"a\\0b\"}\n", 8, 15,
	    "expected a string without NUL characters for input.text, found "
	    "\"a\\x00b\"" },
	{ GPT2 "input: {tokens: [1, 100]}\n", 8, 21, "expected a token id "
	    "from 0 to 99 for input.tokens[1], found \"100\"" },
	{ GPT2 "input: {tokens: [1, x]}\n", 8, 21, "expected a token id from "
	    "0 to 99 for input.tokens[1], found \"x\"" },
	{ GPT2 "input: {tokens: 5}\n", 8, 17, "expected a non-empty sequence "
	    "of token ids for input.tokens, found \"5\"" },
	{ GPT2 "input: {tokens: [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]}\n", 8,
	    17, "the input is 17 tokens long; expected at most model.max_seq "
	    "(16)" },
	{ GPT2 "input: text\n", 8, 8,
	    "expected a mapping for input, found \"text\"" },
	{ GPT2 "input: {text: hi}\nweights: [init]\n", 9, 10,
	    "expected a mapping for weights, found a sequence" },
	{ "model:\n  family: gpt2\n  ? {a: 1}\n  : 2\n", 3, 5,
	    "expected a key name in model, found a mapping" },
	{ "model:\n  family: gpt2\n  d_model: !!str 768\n", 3, 12,
	    "expected a positive integer for model.d_model, found the string "
	    "\"768\"" },
	{ "model:\n  family: !foo gpt2\n", 2, 11,
	    "unsupported tag '!foo'; expected no tag" },
	{ "a: &x [1, *x]\n", 1, 11,
	    "alias '*x' names no anchor defined before it" },
	{ "model:\n  name: \"" "0123456789012345678901234567890123456789"
	    "0123456789\"\n  family: gpt2\n  d_model: \""
	    "0123456789012345678901234567890123456789" "0123456"
	    "\xc3\xa9xyz\"\n", 4, 12,
	    /* Cut at 48 bytes, backing off so as not to split the é. */
	    "expected a positive integer for model.d_model, found the string "
	    "\"0123456789012345678901234567890123456789" "0123456...\"" },
};

static void
test_bad(void **state)
{
	struct config	c;
	struct error	err = { 0 };
	size_t		i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&c, 0xa5, sizeof c);
		if (config_load_buffer("t.yaml", bad[i].yaml,
		    strlen(bad[i].yaml), &c, &err) != -1) {
			fprintf(stderr, "case %zu loaded:\n%s", i, bad[i].yaml);
			config_free(&c);
			fail();
		}
		if (strcmp(err.message, bad[i].message) != 0 ||
		    err.line != bad[i].line || err.column != bad[i].column)
			fprintf(stderr, "case %zu: got %d:%d: %s\n", i,
			    err.line, err.column, err.message);
		assert_string_equal(err.message, bad[i].message);
		assert_int_equal(err.line, bad[i].line);
		assert_int_equal(err.column, bad[i].column);
		assert_int_equal(err.status, EXIT_USAGE);
		assert_string_equal(err.file, "t.yaml");
		/* The config is left empty: nothing to free, nothing dangling. */
		assert_null(c.path);
		assert_null(c.model.name);
		assert_null(c.input.tokens);
		error_clear(&err);
	}
}

static void
test_files(void **state)
{
	struct config	c;
	struct error	err = { 0 };

	(void)state;
	assert_int_equal(config_load(SRCDIR "/tests/bad/no-such-file.yaml",
	    &c, &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	assert_int_equal(err.line, 0);
	assert_string_equal(err.message, "No such file or directory");
	assert_string_equal(err.file, SRCDIR "/tests/bad/no-such-file.yaml");
	error_clear(&err);
	assert_int_equal(config_load(SRCDIR "/tests", &c, &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	assert_string_equal(err.message,
	    "Is a directory; expected a YAML config");
	error_clear(&err);
}

/* The size limit holds for buffers too: the fuzzer goes through there. */
static void
test_too_large(void **state)
{
	struct config	 c;
	struct error	 err = { 0 };
	size_t		 len = 1024 * 1024 + 1;
	char		*buf;

	(void)state;
	buf = malloc(len);
	assert_non_null(buf);
	memset(buf, '#', len);
	assert_int_equal(config_load_buffer("big.yaml", buf, len, &c, &err),
	    -1);
	assert_int_equal(err.line, 0);
	assert_string_equal(err.message,
	    "larger than 1 MiB (1048576 bytes); expected a YAML config");
	error_clear(&err);
	free(buf);
}

/* A billion laughs must stop at the node budget, and quickly. */
static void
test_alias_bomb(void **state)
{
	static const char	yaml[] =
	    "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n";
	struct config		c;
	struct error		err = { 0 };

	(void)state;
	assert_int_equal(config_load_buffer("bomb.yaml", yaml, strlen(yaml),
	    &c, &err), -1);
	assert_int_equal(err.line, 4);
	assert_string_equal(err.message, "more than 10000 nodes with aliases "
	    "expanded; expected a small config");
	error_clear(&err);
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(config_family_name(FAMILY_GPT2), "gpt2");
	assert_string_equal(config_family_name(FAMILY_LLAMA), "llama");
	assert_string_equal(config_family_name(FAMILY_BERT), "bert");
	assert_string_equal(config_family_name(FAMILY_ATTENTION),
	    "attention");
	assert_string_equal(config_norm_name(NORM_NONE), "none");
	assert_string_equal(config_norm_name(NORM_LAYERNORM), "layernorm");
	assert_string_equal(config_norm_name(NORM_RMSNORM), "rmsnorm");
	assert_string_equal(config_activation_name(ACT_NONE), "none");
	assert_string_equal(config_activation_name(ACT_GELU), "gelu");
	assert_string_equal(config_activation_name(ACT_GELU_TANH),
	    "gelu_tanh");
	assert_string_equal(config_activation_name(ACT_RELU), "relu");
	assert_string_equal(config_activation_name(ACT_SILU), "silu");
	assert_string_equal(config_activation_name(ACT_SWIGLU), "swiglu");
	assert_string_equal(config_position_name(POS_NONE), "none");
	assert_string_equal(config_position_name(POS_LEARNED), "learned");
	assert_string_equal(config_position_name(POS_SINUSOIDAL),
	    "sinusoidal");
	assert_string_equal(config_position_name(POS_ROPE), "rope");
	assert_string_equal(config_position_name(POS_ALIBI), "alibi");
	assert_string_equal(config_mask_name(MASK_NONE), "none");
	assert_string_equal(config_mask_name(MASK_CAUSAL), "causal");
	assert_string_equal(config_mask_name(MASK_SLIDING), "sliding");
	assert_string_equal(config_tokenizer_name(TOKENIZER_WHITESPACE),
	    "whitespace");
	assert_string_equal(config_tokenizer_name(TOKENIZER_CHARS), "chars");
	assert_string_equal(config_tokenizer_name(TOKENIZER_BYTES), "bytes");
	assert_string_equal(config_tokenizer_name(TOKENIZER_GPT2), "gpt2");
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_gpt2_small),
		cmocka_unit_test(test_llama2_aliases),
		cmocka_unit_test(test_mistral_paths),
		cmocka_unit_test(test_tokenizer_json),
		cmocka_unit_test(test_bert_base),
		cmocka_unit_test(test_attention),
		cmocka_unit_test(test_overrides),
		cmocka_unit_test(test_path_no_dir),
		cmocka_unit_test(test_byte_order_mark),
		cmocka_unit_test(test_attention_learned),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_alias_bomb),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
