/*
 * test_hf.c - config.json read onto the config.
 *
 * Expected values are those of transformers' configuration classes
 * (their defaults) and of the hub files in tests/hf/configs, read by
 * hand; places are counted by hand in the small texts below.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attntui/base/error.h"
#include "attntui/model/config.h"
#include "attntui/model/hf_config.h"
#include "scratch.h"

static void
parse_ok(const char *text, struct config *c)
{
	struct error	err = { 0 };

	memset(c, 0, sizeof *c);
	if (hf_config_parse("config.json", text, strlen(text), c, &err) != 0) {
		error_print(&err, stderr);
		fail_msg("%s", err.message);
	}
}

/* Parsing fails at line:col with a message that starts with want. */
static void
parse_fails(const char *text, int line, int column, const char *want)
{
	struct config	c;
	struct error	err = { 0 };

	memset(&c, 0, sizeof c);
	assert_int_equal(hf_config_parse("config.json", text, strlen(text),
	    &c, &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	if (err.line != line || err.column != column ||
	    strncmp(err.message, want, strlen(want)) != 0)
		fail_msg("got %d:%d: %s; expected %d:%d: %s...", err.line,
		    err.column, err.message, line, column, want);
	error_clear(&err);
	config_free(&c);
}

static void
load_dir(const char *name, struct config *c)
{
	struct error	err = { 0 };
	char		path[4096];

	snprintf(path, sizeof path, "%s/tests/hf/configs/%s", SRCDIR, name);
	if (hf_config_load(path, c, &err) != 0) {
		error_print(&err, stderr);
		fail_msg("%s", err.message);
	}
}

/* Gemma 2 2B as published: every Gemma setting, from config.json. */
static void
test_gemma2(void **state)
{
	struct config	c;
	int64_t		i;

	(void)state;
	load_dir("gemma-2-2b", &c);
	assert_string_equal(c.model.architecture, "Gemma2ForCausalLM");
	assert_int_equal(c.model.family, FAMILY_LLAMA);
	assert_int_equal(c.model.d_model, 2304);
	assert_int_equal(c.model.d_head, 256);
	assert_int_equal(c.model.n_kv_heads, 4);
	assert_int_equal(c.model.activation, ACT_GEGLU);
	assert_true(c.model.norm_offset == 1.0);
	assert_true(c.model.embed_scale && c.model.post_norms);
	assert_true(c.model.query_pre_attn_scalar == 256.0);
	assert_true(c.model.softcap == 50.0);
	assert_int_equal(c.model.tie_embeddings, 1);
	assert_int_equal(c.model.mask, MASK_SLIDING);
	assert_int_equal(c.model.window, 4096);
	/* not bool(layer_idx % 2): the even layers slide. */
	for (i = 0; i < c.model.n_layers; i++)
		assert_int_equal(c.model.sliding[i], i % 2 == 0);
	assert_string_equal(c.model.name, "gemma-2-2b");
	assert_int_equal(c.weights.source, WEIGHTS_FILE);
	assert_null(c.weights.file);		/* config.json alone */
	assert_int_equal(c.input.tokenizer, TOKENIZER_FILE);
	assert_null(c.input.tokenizer_file);
	assert_true(c.input.builtin);
	assert_string_equal(c.input.text, CONFIG_BUILTIN_TEXT);
	assert_string_equal(c.unread, "hidden_act");
	config_free(&c);
}

/* Llama 3.2's llama3 scaling; Qwen 2.5's biases without a window. */
static void
test_llama_qwen(void **state)
{
	struct config	c;

	(void)state;
	load_dir("llama-3.2-1b", &c);
	assert_int_equal(c.model.rope_scaling.type, ROPE_LLAMA3);
	assert_true(c.model.rope_scaling.factor == 32.0);
	assert_true(c.model.rope_scaling.low_freq_factor == 1.0);
	assert_true(c.model.rope_scaling.high_freq_factor == 4.0);
	assert_int_equal(c.model.rope_scaling.original_max, 8192);
	assert_true(c.model.rope_theta == 500000.0);
	assert_int_equal(c.model.max_seq, 131072);
	assert_int_equal(c.model.qkv_bias + c.model.o_bias +
	    c.model.mlp_bias, 0);
	assert_int_equal(c.model.mask, MASK_CAUSAL);
	config_free(&c);

	load_dir("qwen2.5-0.5b", &c);
	assert_int_equal(c.model.qkv_bias, 1);
	assert_int_equal(c.model.o_bias, 0);
	assert_int_equal(c.model.mlp_bias, 0);
	/* use_sliding_window false: sliding_window 32768 is not used. */
	assert_int_equal(c.model.mask, MASK_CAUSAL);
	assert_null(c.model.sliding);
	config_free(&c);

	load_dir("phi-3-mini-4k", &c);
	assert_true(c.model.fused_qkv && c.model.fused_gate_up);
	assert_int_equal(c.model.mask, MASK_SLIDING);
	assert_int_equal(c.model.window, 2047);
	assert_int_equal(c.model.sliding[31], 1);
	assert_true(c.model.partial_rotary == 1.0);
	config_free(&c);
}

/* Class defaults for keys left out, and null against absent. */
static void
test_defaults(void **state)
{
	struct config	c;

	(void)state;
	/* MistralConfig: sliding_window 4096 when absent, none when null. */
	parse_ok("{\"architectures\": [\"MistralForCausalLM\"], "
	    "\"hidden_size\": 64, \"intermediate_size\": 128, "
	    "\"num_attention_heads\": 4, \"num_hidden_layers\": 2, "
	    "\"vocab_size\": 100}", &c);
	assert_int_equal(c.model.mask, MASK_SLIDING);
	assert_int_equal(c.model.window, 4096);
	assert_int_equal(c.model.n_kv_heads, 4);
	assert_int_equal(c.model.d_head, 16);
	assert_true(c.model.norm_eps == 1e-6);
	assert_true(c.model.rope_theta == 10000.0);
	assert_int_equal(c.model.tie_embeddings, 0);
	assert_int_equal(c.model.activation, ACT_SWIGLU);
	config_free(&c);
	parse_ok("{\"model_type\": \"mistral\", \"sliding_window\": null, "
	    "\"hidden_size\": 64, \"intermediate_size\": 128, "
	    "\"num_attention_heads\": 4, \"num_hidden_layers\": 2, "
	    "\"vocab_size\": 100}", &c);
	assert_string_equal(c.model.architecture, "MistralForCausalLM");
	assert_int_equal(c.model.mask, MASK_CAUSAL);
	config_free(&c);
	/* Gemma3TextConfig: rope_theta 1e6, local 1e4, pattern 6. */
	parse_ok("{\"architectures\": [\"Gemma3ForCausalLM\"], "
	    "\"hidden_size\": 64, \"intermediate_size\": 128, "
	    "\"num_attention_heads\": 4, \"num_hidden_layers\": 7, "
	    "\"head_dim\": 16, \"vocab_size\": 100}", &c);
	assert_true(c.model.rope_theta == 1e6);
	assert_true(c.model.rope_local_theta == 1e4);
	assert_true(c.model.qk_norm && c.model.softcap == 0.0);
	assert_int_equal(c.model.sliding[4], 1);
	assert_int_equal(c.model.sliding[5], 0);
	assert_int_equal(c.model.sliding[6], 1);
	config_free(&c);
	/* GPT2Config: n_inner 4 n_embd, scale_attn_weights false: 1. */
	parse_ok("{\"architectures\": [\"GPT2Model\"], \"n_embd\": 32, "
	    "\"n_head\": 4, \"n_layer\": 1, \"vocab_size\": 50, "
	    "\"n_positions\": 64, \"scale_attn_weights\": false}", &c);
	assert_int_equal(c.model.d_ff, 128);
	assert_int_equal(c.model.activation, ACT_GELU_TANH);
	assert_true(c.model.query_pre_attn_scalar == 1.0);
	config_free(&c);
}

/* transformers 5's rope_parameters, also per layer type for Gemma 3;
   dynamic RoPE is the plain one within its original length. */
static void
test_rope_spellings(void **state)
{
	struct config	c;

	(void)state;
	parse_ok("{\"architectures\": [\"LlamaForCausalLM\"], "
	    "\"hidden_size\": 64, \"intermediate_size\": 128, "
	    "\"num_attention_heads\": 4, \"num_hidden_layers\": 2, "
	    "\"vocab_size\": 100, \"dtype\": \"bfloat16\", "
	    "\"rope_parameters\": {\"rope_type\": \"linear\", \"factor\": 4, "
	    "\"rope_theta\": 50000.0}}", &c);
	assert_int_equal(c.model.rope_scaling.type, ROPE_LINEAR);
	assert_true(c.model.rope_scaling.factor == 4.0);
	assert_true(c.model.rope_theta == 50000.0);
	assert_null(c.unread);
	config_free(&c);
	parse_ok("{\"architectures\": [\"Gemma3ForCausalLM\"], "
	    "\"hidden_size\": 64, \"intermediate_size\": 128, "
	    "\"num_attention_heads\": 4, \"num_hidden_layers\": 2, "
	    "\"head_dim\": 16, \"vocab_size\": 100, \"rope_parameters\": {"
	    "\"sliding_attention\": {\"rope_type\": \"default\", "
	    "\"rope_theta\": 20000.0}, \"full_attention\": {\"rope_type\": "
	    "\"linear\", \"factor\": 8.0, \"rope_theta\": 2000000.0}}}", &c);
	assert_true(c.model.rope_local_theta == 20000.0);
	assert_true(c.model.rope_theta == 2e6);
	assert_int_equal(c.model.rope_scaling.type, ROPE_LINEAR);
	config_free(&c);
	parse_ok("{\"architectures\": [\"LlamaForCausalLM\"], "
	    "\"hidden_size\": 64, \"intermediate_size\": 128, "
	    "\"num_attention_heads\": 4, \"num_hidden_layers\": 2, "
	    "\"vocab_size\": 100, \"max_position_embeddings\": 4096, "
	    "\"rope_scaling\": {\"type\": \"dynamic\", \"factor\": 2.0, "
	    "\"original_max_position_embeddings\": 2048}}", &c);
	assert_int_equal(c.model.rope_scaling.type, ROPE_PLAIN);
	assert_int_equal(c.model.max_seq, 2048);
	config_free(&c);
}

/* Errors at the place of the value, naming what is supported. */
static void
test_errors(void **state)
{
	(void)state;
	parse_fails("{\"architectures\": [\"LlamaForCausalLM\"],\n"
	    "  \"hidden_size\": 64, \"intermediate_size\": 128,\n"
	    "  \"num_attention_heads\": 4, \"num_hidden_layers\": 2,\n"
	    "  \"vocab_size\": 100,\n"
	    "  \"rope_scaling\": {\"factor\": 2.0, \"type\": \"su\"}}",
	    5, 43, "rope_scaling.type 'su' is not supported; expected "
	    "default, linear, llama3");
	parse_fails("{\"architectures\": [\"LlamaForCausalLM\"],\n"
	    "  \"hidden_size\": 64, \"intermediate_size\": 128,\n"
	    "  \"num_attention_heads\": 4, \"num_hidden_layers\": 2,\n"
	    "  \"vocab_size\": 100, \"rope_scaling\": {\"factor\": 2.0}}",
	    4, 38, "missing key 'rope_scaling.rope_type'");
	parse_fails("{\"architectures\": [\"LlamaForCausalLM\"],\n"
	    "  \"hidden_size\": 64, \"intermediate_size\": 128,\n"
	    "  \"num_attention_heads\": 4, \"num_hidden_layers\": 2,\n"
	    "  \"vocab_size\": 100, \"num_key_value_heads\": 0}",
	    4, 45, "expected an integer from 1 to 1024 for "
	    "num_key_value_heads, found 0");
	parse_fails("{\"architectures\": [\"Phi3ForCausalLM\"],\n"
	    "  \"hidden_size\": 64, \"intermediate_size\": 128,\n"
	    "  \"num_attention_heads\": 4, \"num_hidden_layers\": 2,\n"
	    "  \"vocab_size\": 100, \"partial_rotary_factor\": 0.01}",
	    4, 47, "RoPE would rotate 0 of the 16 dimensions");
	parse_fails("{\"architectures\": \"LlamaForCausalLM\"}", 1, 19,
	    "expected an array of architecture names for architectures");
	parse_fails("{\"architectures\": [\"GPT2LMHeadModel\"], \"n_embd\": 8, "
	    "\"n_head\": 2, \"n_layer\": 1, \"vocab_size\": 4, "
	    "\"activation_function\": \"gelu_10\"}", 1, 120,
	    "expected gelu, gelu_new, gelu_fast, gelu_pytorch_tanh, relu, "
	    "silu or swish for activation_function");
}

/* model: {from: DIR, KEY: ...}: config.json, then the keys over it. */
static void
test_from(void **state)
{
	struct config	c;
	struct error	err = { 0 };
	const char	*path = scratch_path("from.yaml");
	char		text[4096];

	(void)state;
	snprintf(text, sizeof text, "model:\n  from: %s/tests/golden/hf/qwen2\n"
	    "  max_window_layers: 2\n  rope_theta: 5000\ninput:\n"
	    "  tokens: [1, 2]\n", SRCDIR);
	scratch_write(path, text);
	assert_int_equal(hf_config_open(path, &c, &err), 0);
	assert_string_equal(c.model.architecture, "Qwen2ForCausalLM");
	assert_int_equal(c.n_overrides, 2);
	assert_string_equal(c.overrides[0].key, "model.max_window_layers");
	assert_string_equal(c.overrides[0].now, "(a layer pattern)");
	assert_string_equal(c.overrides[1].was, "1e+06");
	assert_string_equal(c.overrides[1].now, "5000");
	assert_int_equal(c.overrides[1].place.line, 4);
	/* Layers from 2 on slide now. */
	assert_int_equal(c.model.sliding[1], 0);
	assert_int_equal(c.model.sliding[2], 1);
	assert_int_equal(c.input.kind, INPUT_TOKENS);
	assert_non_null(c.weights.file);
	config_free(&c);

	/* Gemma 2's pattern (even layers slide) gives way to the YAML's. */
	snprintf(text, sizeof text, "model:\n  from: %s/tests/golden/hf/gemma2\n"
	    "  max_window_layers: 1\n", SRCDIR);
	scratch_write(path, text);
	assert_int_equal(hf_config_open(path, &c, &err), 0);
	assert_int_equal(c.model.sliding_pattern, 0);
	assert_int_equal(c.model.sliding[0], 0);
	assert_int_equal(c.model.sliding[1], 1);
	assert_int_equal(c.model.sliding[2], 1);
	assert_true(c.input.builtin);
	config_free(&c);

	/* family beside from, and from where it is not read. */
	snprintf(text, sizeof text, "model:\n  from: %s/tests/golden/hf/qwen2\n"
	    "  family: gpt2\n", SRCDIR);
	scratch_write(path, text);
	assert_int_equal(hf_config_open(path, &c, &err), -1);
	assert_int_equal(err.line, 3);
	assert_string_equal(err.message, "model.family comes from the "
	    "directory's config.json; expected no family beside model.from");
	error_clear(&err);
	assert_int_equal(config_load(path, &c, &err), -1);
	assert_string_equal(err.message, "model.from is not read here; "
	    "expected a model without it");
	error_clear(&err);
	scratch_empty();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gemma2),
		cmocka_unit_test(test_llama_qwen),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_rope_spellings),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_from),
	};

	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
