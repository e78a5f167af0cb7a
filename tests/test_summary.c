/*
 * test_summary.c - the layer summary against hand-computed figures.
 *
 * Configs are filled by hand with each family's defaults (doc/config.md)
 * so that these tests do not depend on the YAML loader.  Every expected
 * number is worked out in a comment next to it.
 */
#include "build-config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "attntui/model/summary.h"

/* A config as config_load would leave it for family f. */
static void
fill(struct config *cfg, enum config_family f)
{
	struct config_model	*m = &cfg->model;

	memset(cfg, 0, sizeof *cfg);
	m->name = (char *)"test";
	m->family = f;
	m->n_layers = 12;
	m->d_model = 768;
	m->n_heads = m->n_kv_heads = 12;
	m->d_head = 64;
	m->d_ff = 3072;
	switch (f) {
	case FAMILY_GPT2:
		m->vocab_size = 50257;
		m->max_seq = 1024;
		m->norm = NORM_LAYERNORM;
		m->activation = ACT_GELU_TANH;
		m->position = POS_LEARNED;
		m->mask = MASK_CAUSAL;
		m->bias = m->tie_embeddings = 1;
		break;
	case FAMILY_LLAMA:
		m->vocab_size = 32000;
		m->max_seq = 4096;
		m->d_model = 4096;
		m->n_layers = 32;
		m->n_heads = m->n_kv_heads = 32;
		m->d_head = 128;
		m->d_ff = 11008;
		m->norm = NORM_RMSNORM;
		m->activation = ACT_SWIGLU;
		m->position = POS_ROPE;
		m->mask = MASK_CAUSAL;
		break;
	case FAMILY_BERT:
		m->vocab_size = 30522;
		m->max_seq = 512;
		m->type_vocab_size = 2;
		m->pooler = 1;
		m->norm = NORM_LAYERNORM;
		m->activation = ACT_GELU;
		m->position = POS_LEARNED;
		m->bias = m->tie_embeddings = 1;
		break;
	case FAMILY_ATTENTION:
		m->max_seq = 32;
		m->d_model = 512;
		m->n_layers = 1;
		m->n_heads = m->n_kv_heads = 8;
		m->d_ff = 0;
		m->bias = 1;
		break;
	}
}

static void
fill_mistral(struct config *cfg)
{
	fill(cfg, FAMILY_LLAMA);
	cfg->model.n_kv_heads = 8;
	cfg->model.d_ff = 14336;
}

/* The printed table as one string, which the caller frees. */
static char *
print_to_string(const struct summary *s, int depth)
{
	FILE	*fp = tmpfile();
	char	*buf;
	long	 n;

	assert_non_null(fp);
	assert_int_equal(summary_print(s, depth, fp), 0);
	n = ftell(fp);
	assert_true(n > 0);
	rewind(fp);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static void
build(const struct config *cfg, int64_t T, struct summary *s)
{
	struct error	err = { 0 };

	if (summary_build(cfg, T, s, &err) != 0)
		fail_msg("summary_build: %s", err.message);
}

static const struct summary_row *
row(const struct summary *s, const char *name)
{
	size_t	i;

	for (i = 0; i < s->n_rows; i++)
		if (strcmp(s->rows[i].name, name) == 0)
			return &s->rows[i];
	fail_msg("no row %s", name);
	return NULL;
}

static void
assert_has(const char *text, const char *needle)
{
	if (strstr(text, needle) == NULL)
		fail_msg("missing \"%s\" in:\n%s", needle, text);
}

static void
assert_lacks(const char *text, const char *needle)
{
	if (strstr(text, needle) != NULL)
		fail_msg("unexpected \"%s\" in:\n%s", needle, text);
}

/* The printed line containing needle, copied into line. */
static void
line_with(const char *text, const char *needle, char *line, size_t len)
{
	const char	*p = strstr(text, needle), *start, *end;

	if (p == NULL)
		fail_msg("missing \"%s\"", needle);
	if (*p == '\n')	/* a needle anchored at a line's start */
		p++;
	for (start = p; start > text && start[-1] != '\n'; start--)
		;
	end = strchr(p, '\n');
	assert_true((size_t)(end - start) < len);
	memcpy(line, start, (size_t)(end - start));
	line[end - start] = '\0';
}

/*
 * GPT-2 small: wte 50257 x 768 = 38,597,376; wpe 1024 x 768 = 786,432;
 * a block 7,087,872 (below); ln_f 1,536; lm_head tied.
 * 38,597,376 + 786,432 + 12 x 7,087,872 + 1,536 = 124,439,808.
 */
static void
test_gpt2_totals(void **state)
{
	struct config	 cfg;
	struct summary	 s;
	char		*out;

	(void)state;
	fill(&cfg, FAMILY_GPT2);
	build(&cfg, 1024, &s);
	assert_int_equal(s.totals.params, 124439808);
	assert_int_equal(s.totals.trainable, 124439808);
	assert_int_equal(s.totals.tied_params, 38597376);
	/* Per layer T x 12 x D^2 = 7,247,757,312, x 12; lm_head T x D x V. */
	assert_int_equal(s.totals.linear_mult_adds,
	    12ULL * 7247757312ULL + 1024ULL * 768 * 50257);
	/* 12 layers x 2 x 12 heads x 1024 x 1024 x 64: 38.7 GFLOP. */
	assert_int_equal(s.totals.attention_mult_adds, 19327352832ULL);
	/* 144 heads x 1024 x 1024 x 4 bytes. */
	assert_int_equal(s.totals.attention_bytes, 603979776ULL);
	/*
	 * Leaf outputs per block: ln_1, q, k, v, c_proj, ln_2 and
	 * mlp.c_proj are D wide, c_fc 4D: 11D.  Plus wte, wpe, ln_f (D
	 * each) and lm_head (V): T x (135 D + V) x 4 bytes.
	 */
	assert_int_equal(s.totals.activation_bytes,
	    1024ULL * (135 * 768 + 50257) * 4);
	assert_int_equal(s.totals.need_bytes, s.totals.param_bytes_f32 +
	    s.totals.activation_bytes + s.totals.attention_bytes);
	assert_int_equal(s.totals.pooler, 0);

	out = print_to_string(&s, 3);
	assert_has(out, "Total params: 124,439,808\n");
	assert_has(out, "Trainable params: 124,439,808\n");
	assert_has(out, "Non-trainable params: 0\n");
	assert_has(out, "counted once): 38,597,376\n");
	assert_has(out, "not in torchinfo): 19,327,352,832\n");
	assert_has(out, "biases not counted): 126,496,800,768\n");
	assert_has(out, "Total mult-adds: 145,824,153,600\n");
	assert_has(out, "Params size (F32): 497.76 MB\n");
	assert_has(out, "Params size (F16/BF16): 248.88 MB\n");
	assert_has(out, "Activation size (F32) *: 630.53 MB\n");
	assert_has(out, "12 layers x 12 heads x 1024 x 1024): 603.98 MB\n");
	assert_has(out, "test (family gpt2), input length T = 1024");
	assert_has(out, "Layer (type:depth-idx)");
	assert_has(out, "* every leaf row's output elements x 4 bytes");
	assert_lacks(out, "pooler");
	free(out);
	summary_free(&s);
}

/*
 * A GPT-2 block: ln_1 1,536; q, k, v 3 x (768 x 768 + 768) = 1,771,776;
 * c_proj 590,592; ln_2 1,536; c_fc 768 x 3072 + 3072 = 2,362,368;
 * mlp.c_proj 3072 x 768 + 768 = 2,360,064.  Sum: 7,087,872.
 */
static void
test_gpt2_rows(void **state)
{
	struct config			 cfg;
	struct summary			 s;
	const struct summary_row	*r;
	char				*out, line[256];

	(void)state;
	fill(&cfg, FAMILY_GPT2);
	build(&cfg, 1024, &s);
	assert_int_equal(s.rows[0].depth, 0);
	assert_int_equal(s.rows[0].params, 124439808);
	assert_string_equal(s.rows[0].type, "GPT2LMHeadModel");

	r = row(&s, "h.0");
	assert_int_equal(r->params, 7087872);
	assert_int_equal(r->layer, 0);
	assert_int_equal(r->depth, 1);
	assert_false(r->leaf);
	assert_int_equal(row(&s, "h.0.attn")->params, 1771776 + 590592);

	/* Linear mult-adds T x in x out, bias not counted. */
	r = row(&s, "h.0.attn.q");
	assert_string_equal(r->type, "Linear");
	assert_int_equal(r->params, 590592);
	assert_int_equal(r->mult_adds, 1024ULL * 768 * 768);
	assert_int_equal(r->rank, 3);
	assert_int_equal(r->shape[0], 1);
	assert_int_equal(r->shape[1], 1024);
	assert_int_equal(r->shape[2], 768);
	assert_string_equal(summary_label(&s, (size_t)(r - s.rows)), "q");

	/* The core: 2 x 12 heads x T x T x 64, probabilities [1,H,T,T]. */
	r = row(&s, "h.11.attn.sdpa");
	assert_int_equal(r->mult_adds, 2ULL * 12 * 1024 * 1024 * 64);
	assert_int_equal(r->params, 0);
	assert_int_equal(r->layer, 11);
	assert_int_equal(r->rank, 4);
	assert_int_equal(r->shape[1], 12);
	assert_int_equal(r->shape[3], 1024);

	assert_int_equal(row(&s, "h.3.ln_1")->params, 1536);
	assert_int_equal(row(&s, "h.3.mlp.c_fc")->params, 2362368);
	assert_int_equal(row(&s, "h.3.mlp.c_proj")->params, 2360064);
	assert_int_equal(row(&s, "wpe")->params, 786432);
	assert_int_equal(row(&s, "wte")->layer, -1);
	assert_int_equal(row(&s, "ln_f")->layer, -1);
	r = row(&s, "lm_head");
	assert_true(r->tied);
	assert_int_equal(r->params, 0);
	assert_int_equal(r->shape[2], 50257);

	out = print_to_string(&s, 3);
	line_with(out, "lm_head", line, sizeof line);
	assert_has(line, "└─lm_head (Linear): 1-16");
	assert_has(line, "[1, 1024, 50257]");
	assert_has(line, "(tied)");
	assert_has(line, "39,523,713,024");
	line_with(out, "─h.0 ", line, sizeof line);
	assert_has(line, "├─h.0 (GPT2Block): 1-3");
	assert_has(line, "7,087,872");
	/* A non-last block's children hang from a bar. */
	assert_has(out, "│  ├─ln_1 (LayerNorm): 2-1 ");
	assert_has(out, "│  │  ├─q (Linear): 3-1 ");
	assert_has(out, "│  │  ├─sdpa (SDPA): 3-4 ");
	assert_has(out, "│  │  └─c_proj (Linear): 3-5 ");
	assert_has(out, "│  └─mlp (GPT2MLP): 2-4 ");
	assert_has(out, "│     ├─c_fc (Linear): 3-6 ");
	line_with(out, "sdpa (SDPA): 3-4 ", line, sizeof line);
	assert_has(line, "[1, 12, 1024, 1024]");
	assert_has(line, " -- ");
	assert_has(line, "1,610,612,736");
	free(out);
	summary_free(&s);
}

/*
 * LLaMA-2-7B: embed_tokens and lm_head 32000 x 4096 = 131,072,000 each;
 * a layer 4 x 4096^2 + 3 x 4096 x 11008 + 2 x 4096 = 202,383,360;
 * norm 4,096.  2 x 131,072,000 + 32 x 202,383,360 + 4,096 =
 * 6,738,415,616.
 */
static void
test_llama2_7b(void **state)
{
	struct config	 cfg;
	struct summary	 s;
	char		*out;

	(void)state;
	fill(&cfg, FAMILY_LLAMA);
	build(&cfg, 4096, &s);
	assert_int_equal(s.totals.params, 6738415616ULL);
	assert_int_equal(s.totals.tied_params, 0);
	assert_int_equal(row(&s, "layers.0")->params, 202383360);
	assert_int_equal(row(&s, "layers.0.input_layernorm")->params, 4096);
	assert_string_equal(row(&s, "norm")->type, "RMSNorm");
	assert_int_equal(row(&s, "layers.31.mlp.gate_proj")->params,
	    4096ULL * 11008);
	assert_int_equal(row(&s, "lm_head")->params, 131072000);
	assert_false(row(&s, "lm_head")->tied);
	/* 32 x 32 x 4096^2 x 4 bytes = 68.72 GB of probabilities. */
	assert_int_equal(s.totals.attention_bytes, 68719476736ULL);

	out = print_to_string(&s, -1);
	assert_has(out, "Total params: 6,738,415,616\n");
	assert_has(out, "Params size (F32): 26.95 GB\n");
	assert_has(out, "Params size (F16/BF16): 13.48 GB\n");
	assert_has(out, "├─q_proj (Linear): 3-1 ");
	assert_has(out, "├─gate_proj (Linear): 3-6 ");
	assert_lacks(out, "Tied params");
	assert_lacks(out, "embed_positions");
	free(out);
	summary_free(&s);
}

/*
 * Mistral-7B: k_proj and v_proj shrink to 4096 x (8 x 128) = 4,194,304;
 * a layer 2 x 4096^2 + 2 x 4096 x 1024 + 3 x 4096 x 14336 + 8,192 =
 * 218,112,000.  2 x 131,072,000 + 32 x 218,112,000 + 4,096 =
 * 7,241,732,096.
 */
static void
test_mistral_gqa(void **state)
{
	struct config			 cfg;
	struct summary			 s;
	const struct summary_row	*r;
	char				*out, line[256];

	(void)state;
	fill_mistral(&cfg);
	build(&cfg, 16, &s);
	assert_int_equal(s.totals.params, 7241732096ULL);
	r = row(&s, "layers.5.self_attn.k_proj");
	assert_int_equal(r->params, 4096 * 1024);
	assert_int_equal(r->mult_adds, 16ULL * 4096 * 1024);
	assert_int_equal(r->shape[2], 1024);
	assert_int_equal(r->layer, 5);
	assert_int_equal(row(&s, "layers.5.self_attn.v_proj")->params,
	    4096 * 1024);
	assert_int_equal(row(&s, "layers.5.self_attn.q_proj")->params,
	    4096 * 4096);
	assert_int_equal(row(&s, "layers.5")->params, 218112000);
	/* Probabilities are per query head: 32, not 8. */
	assert_int_equal(row(&s, "layers.5.self_attn.sdpa")->shape[1], 32);

	out = print_to_string(&s, 3);
	assert_has(out, "Total params: 7,241,732,096\n");
	line_with(out, "├─k_proj (Linear): 3-2 ", line, sizeof line);
	assert_has(line, "[1, 16, 1024]");
	assert_has(line, "4,194,304");
	assert_has(line, "67,108,864");
	free(out);
	summary_free(&s);
}

/*
 * BERT-base: embeddings 30522 x 768 + 512 x 768 + 2 x 768 + 1,536 =
 * 23,837,184; a layer 7,087,872 (as GPT-2's); 23,837,184 + 12 x
 * 7,087,872 = 108,891,648; the pooler 768 x 768 + 768 = 590,592 more.
 */
static void
test_bert_pooler(void **state)
{
	struct config	 cfg;
	struct summary	 s;
	char		*out, line[256];

	(void)state;
	fill(&cfg, FAMILY_BERT);
	build(&cfg, 128, &s);
	assert_int_equal(s.totals.params, 109482240);
	assert_int_equal(s.totals.pooler, 1);
	assert_int_equal(row(&s, "embeddings")->params, 23837184);
	assert_int_equal(row(&s, "encoder.layer.0")->params, 7087872);
	assert_int_equal(row(&s, "encoder.layer.0.attention.self.query")->
	    params, 590592);
	assert_int_equal(row(&s, "pooler.dense")->params, 590592);
	assert_int_equal(row(&s, "pooler.dense")->rank, 2);
	assert_int_equal(row(&s, "pooler.dense")->mult_adds, 768 * 768);
	out = print_to_string(&s, 3);
	assert_has(out, "Total params: 109,482,240\n");
	assert_has(out, "BERT pooler: included");
	line_with(out, "pooler.dense", line, sizeof line);
	assert_has(line, "└─pooler.dense (Linear): 1-14");
	assert_has(line, "[1, 768]");
	assert_has(out, "├─self.query (Linear): 3-1 ");
	assert_has(out, "└─output.LayerNorm (LayerNorm): 3-6 ");
	assert_has(out, "├─intermediate.dense (Linear): 2-6 ");
	assert_lacks(out, "Tied params");
	free(out);
	summary_free(&s);

	cfg.model.pooler = 0;
	build(&cfg, 128, &s);
	assert_int_equal(s.totals.params, 108891648);
	assert_int_equal(s.totals.pooler, 0);
	out = print_to_string(&s, 3);
	assert_has(out, "Total params: 108,891,648\n");
	assert_has(out, "BERT pooler: not included");
	assert_lacks(out, "pooler.dense");
	/* The last layer is now the root's last child. */
	assert_has(out, "└─encoder.layer.11 (BertLayer): 1-13");
	free(out);
	summary_free(&s);
}

/*
 * The classic blog example: d_model 512, 8 heads, 32 random tokens.
 * Each of q, k, v, o: 512 x 512 + 512 = 262,656; 4 x = 1,050,624.
 */
static void
test_attention_family(void **state)
{
	static const char	*names[] = { "q", "k", "v", "o" };
	struct config		 cfg;
	struct summary		 s;
	char			*out, line[256], find[32];
	size_t			 i, linear = 0;

	(void)state;
	fill(&cfg, FAMILY_ATTENTION);
	build(&cfg, 32, &s);
	assert_int_equal(s.totals.params, 1050624);
	for (i = 0; i < s.n_rows; i++)
		if (strcmp(s.rows[i].type, "Linear") == 0) {
			linear++;
			assert_int_equal(s.rows[i].params, 262656);
			assert_int_equal(s.rows[i].layer, 0);
		}
	assert_int_equal(linear, 4);
	/* 4 x 32 x 512 x 512; core 2 x 8 x 32 x 32 x 64. */
	assert_int_equal(s.totals.linear_mult_adds, 33554432);
	assert_int_equal(s.totals.attention_mult_adds, 1048576);
	/* 1 x 8 x 32 x 32 x 4 bytes. */
	assert_int_equal(s.totals.attention_bytes, 32768);

	out = print_to_string(&s, 3);
	assert_has(out, "Total params: 1,050,624\n");
	assert_has(out, "\nMultiheadAttention ");
	for (i = 0; i < 4; i++) {
		snprintf(find, sizeof find, "─%s (Linear): 1-", names[i]);
		line_with(out, find, line, sizeof line);
		assert_has(line, "[1, 32, 512]");
		assert_has(line, "262,656");
		assert_has(line, "8,388,608");
	}
	assert_has(out, "└─o (Linear): 1-5");
	assert_has(out, "Attention probabilities (F32, 1 layers x 8 heads x "
	    "32 x 32): 32.77 kB\n");
	free(out);
	summary_free(&s);

	cfg.model.bias = 0;
	build(&cfg, 32, &s);
	assert_int_equal(s.totals.params, 4 * 512 * 512);
	summary_free(&s);
}

/* Folding hides deeper rows; the parents keep their subtree's totals. */
static void
test_depth_folding(void **state)
{
	struct config	 cfg;
	struct summary	 s;
	char		*out, line[256];

	(void)state;
	fill(&cfg, FAMILY_GPT2);
	build(&cfg, 1024, &s);

	out = print_to_string(&s, 0);
	line_with(out, "\nGPT2LMHeadModel", line, sizeof line);
	assert_has(line, "[1, 1024, 50257]");
	assert_has(line, "124,439,808");
	assert_has(line, "145,824,153,600");
	assert_lacks(out, "wte");
	assert_lacks(out, "─");
	assert_has(out, "Total params: 124,439,808\n");
	free(out);

	out = print_to_string(&s, 1);
	assert_has(out, "├─wte (Embedding): 1-1 ");
	line_with(out, "├─h.5 (GPT2Block): 1-8", line, sizeof line);
	assert_has(line, "7,087,872");
	assert_lacks(out, "ln_1");
	assert_lacks(out, "attn");
	free(out);

	out = print_to_string(&s, 2);
	line_with(out, "├─attn (GPT2Attention): 2-2", line, sizeof line);
	assert_has(line, "2,362,368");
	assert_lacks(out, "(Linear): 3-");
	free(out);

	/* Depth 3 and "all" print the same tree for GPT-2. */
	out = print_to_string(&s, 3);
	{
		char *all = print_to_string(&s, -1);

		assert_string_equal(out, all);
		free(all);
	}
	free(out);
	summary_free(&s);
}

/* Every line of every family's table fits 100 columns. */
static void
test_width(void **state)
{
	enum config_family	 fams[] = { FAMILY_GPT2, FAMILY_LLAMA,
				    FAMILY_BERT, FAMILY_ATTENTION };
	struct config		 cfg;
	struct summary		 s;
	char			*out, *p;
	size_t			 i, cols;

	(void)state;
	for (i = 0; i < 5; i++) {
		if (i < 4)
			fill(&cfg, fams[i]);
		else
			fill_mistral(&cfg);
		build(&cfg, cfg.model.max_seq, &s);
		out = print_to_string(&s, -1);
		for (cols = 0, p = out; *p != '\0'; p++) {
			if (*p == '\n') {
				if (cols > 100)
					fail_msg("%zu columns:\n%.*s", cols,
					    (int)(p - out), out);
				cols = 0;
			} else if (((unsigned char)*p & 0xc0) != 0x80)
				cols++;
		}
		free(out);
		summary_free(&s);
	}
}

static void
test_format_count(void **state)
{
	char	buf[SUMMARY_COUNT_LEN], small[6];

	(void)state;
	assert_string_equal(summary_format_count(0, buf, sizeof buf), "0");
	assert_string_equal(summary_format_count(999, buf, sizeof buf),
	    "999");
	assert_string_equal(summary_format_count(1000, buf, sizeof buf),
	    "1,000");
	assert_string_equal(summary_format_count(100000, buf, sizeof buf),
	    "100,000");
	assert_string_equal(summary_format_count(1234567, buf, sizeof buf),
	    "1,234,567");
	assert_string_equal(summary_format_count(6738415616ULL, buf,
	    sizeof buf), "6,738,415,616");
	assert_string_equal(summary_format_count(UINT64_MAX, buf, sizeof buf),
	    "18,446,744,073,709,551,615");
	/* Truncated, still terminated. */
	assert_string_equal(summary_format_count(1234567, small,
	    sizeof small), "1,234");
}

static void
test_format_bytes(void **state)
{
	char	buf[SUMMARY_COUNT_LEN];

	(void)state;
	assert_string_equal(summary_format_bytes(0, buf, sizeof buf), "0 B");
	assert_string_equal(summary_format_bytes(999, buf, sizeof buf),
	    "999 B");
	assert_string_equal(summary_format_bytes(1000, buf, sizeof buf),
	    "1.00 kB");
	assert_string_equal(summary_format_bytes(497759232, buf, sizeof buf),
	    "497.76 MB");
	/* 999.999 kB rounds up: shown as 1.00 MB, not 1000.00 kB. */
	assert_string_equal(summary_format_bytes(999999, buf, sizeof buf),
	    "1.00 MB");
	assert_string_equal(summary_format_bytes(UINT64_MAX - 1, buf,
	    sizeof buf), "18.45 EB");
	assert_string_equal(summary_format_bytes(UINT64_MAX, buf, sizeof buf),
	    ">= 18.45 EB");
}

/*
 * Huge but countable: one layer whose four D x 2^30 projections hold
 * 2^62 parameters.  The count stays exact; the F32 bytes (2^64 and more)
 * saturate, and so does need_bytes.
 */
static void
test_huge_saturates(void **state)
{
	struct config	 cfg;
	struct summary	 s;
	char		*out, num[SUMMARY_COUNT_LEN];
	uint64_t	 expect;

	(void)state;
	fill(&cfg, FAMILY_LLAMA);
	cfg.model.n_layers = 1;
	cfg.model.d_model = 1LL << 30;
	cfg.model.n_heads = cfg.model.n_kv_heads = 1;
	cfg.model.d_head = 1LL << 30;
	cfg.model.d_ff = 1;
	cfg.model.vocab_size = 1;
	build(&cfg, 1, &s);
	/* 4 x 2^60 + 3 x 2^30 (MLP) + 2 x 2^30 (norms) + 2^30 (norm) + 2 x
	 * 2^30 (embedding, head). */
	expect = (1ULL << 62) + 8ULL * (1ULL << 30);
	assert_int_equal(s.totals.params, expect);
	assert_int_equal(s.totals.param_bytes_f32, SUMMARY_BYTES_MAX);
	assert_int_equal(s.totals.param_bytes_f16, 2 * expect);
	assert_int_equal(s.totals.need_bytes, SUMMARY_BYTES_MAX);
	out = print_to_string(&s, 1);
	assert_has(out, summary_format_count(expect, num, sizeof num));
	assert_has(out, "Params size (F32): >= 18.45 EB\n");
	free(out);
	summary_free(&s);
}

/* Counts beyond 2^64 are an error, never a wrapped number. */
static void
test_huge_overflows(void **state)
{
	struct config	cfg;
	struct summary	s;
	struct error	err = { 0 };

	(void)state;
	fill(&cfg, FAMILY_GPT2);
	cfg.model.d_model = 1LL << 31;
	cfg.model.d_ff = 1LL << 33;
	cfg.model.n_heads = cfg.model.n_kv_heads = 1LL << 10;
	cfg.model.d_head = 1LL << 21;
	cfg.model.max_seq = 1LL << 40;
	cfg.model.n_layers = 4;
	assert_int_equal(summary_build(&cfg, 1LL << 40, &s, &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	assert_non_null(strstr(err.message, "exceeds 2^64"));
	assert_null(s.rows);
	assert_int_equal(s.n_rows, 0);
	error_clear(&err);

	/* d_head x n_heads alone overflowing. */
	fill(&cfg, FAMILY_ATTENTION);
	cfg.model.n_heads = cfg.model.n_kv_heads = INT64_MAX;
	cfg.model.d_head = INT64_MAX;
	assert_int_equal(summary_build(&cfg, 1, &s, &err), -1);
	assert_non_null(strstr(err.message, "exceeds 2^64"));
	error_clear(&err);

	/* Mult-adds alone overflowing: the 2 x H x T^2 x d_head core. */
	fill(&cfg, FAMILY_ATTENTION);
	assert_int_equal(summary_build(&cfg, 1LL << 32, &s, &err), -1);
	assert_non_null(strstr(err.message, "exceeds 2^64"));
	error_clear(&err);
}

static void
test_bad_dimensions(void **state)
{
	struct config	cfg;
	struct summary	s;
	struct error	err = { 0 };

	(void)state;
	fill(&cfg, FAMILY_GPT2);
	cfg.path = (char *)"m.yaml";
	assert_int_equal(summary_build(&cfg, 0, &s, &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	assert_string_equal(err.file, "m.yaml");
	assert_string_equal(err.message,
	    "summary: seq_len is 0, out of range");
	error_clear(&err);

	cfg.model.d_model = -3;
	assert_int_equal(summary_build(&cfg, 8, &s, &err), -1);
	assert_non_null(strstr(err.message, "d_model is -3"));
	error_clear(&err);

	fill(&cfg, FAMILY_GPT2);
	cfg.model.vocab_size = 0;
	assert_int_equal(summary_build(&cfg, 8, &s, &err), -1);
	assert_non_null(strstr(err.message, "vocab_size"));
	error_clear(&err);

	fill(&cfg, FAMILY_GPT2);
	cfg.model.n_layers = 1LL << 40;
	assert_int_equal(summary_build(&cfg, 8, &s, &err), -1);
	assert_non_null(strstr(err.message, "n_layers"));
	error_clear(&err);

	/* No position table without learned positions: max_seq unused. */
	fill(&cfg, FAMILY_LLAMA);
	cfg.model.max_seq = 0;
	assert_int_equal(summary_build(&cfg, 8, &s, &err), 0);
	summary_free(&s);
	summary_free(&s);	/* twice is safe */
}

/* Options given explicitly change the tree as they do the model. */
static void
test_variants(void **state)
{
	struct config	cfg;
	struct summary	s;

	(void)state;
	/* GPT-2 untied: lm_head gets its own 50257 x 768. */
	fill(&cfg, FAMILY_GPT2);
	cfg.model.tie_embeddings = 0;
	build(&cfg, 8, &s);
	assert_int_equal(s.totals.params, 124439808ULL + 38597376);
	assert_int_equal(s.totals.tied_params, 0);
	summary_free(&s);

	/* GPT-2 with RoPE: no wpe. */
	fill(&cfg, FAMILY_GPT2);
	cfg.model.position = POS_ROPE;
	build(&cfg, 8, &s);
	assert_int_equal(s.totals.params, 124439808ULL - 786432);
	summary_free(&s);

	/* LLaMA tied and not gated: lm_head shared, MLP of two. */
	fill(&cfg, FAMILY_LLAMA);
	cfg.model.tie_embeddings = 1;
	cfg.model.activation = ACT_SILU;
	build(&cfg, 8, &s);
	assert_int_equal(s.totals.params,
	    6738415616ULL - 131072000 - 32ULL * 4096 * 11008);
	assert_int_equal(s.totals.tied_params, 131072000);
	summary_free(&s);
}

/* The shipped test configs, through the real loader, give the same totals. */
static void
test_loaded_configs(void **state)
{
	static const struct {
		const char	*file;
		uint64_t	 params;
		const char	*line;
	} cases[] = {
		{ "gpt2-small.yaml", 124439808, "Total params: 124,439,808\n" },
		{ "llama2-7b.yaml", 6738415616ULL,
		    "Total params: 6,738,415,616\n" },
		{ "mistral-7b.yaml", 7241732096ULL,
		    "Total params: 7,241,732,096\n" },
		{ "bert-base.yaml", 109482240, "Total params: 109,482,240\n" },
		{ "attention.yaml", 1050624, "Total params: 1,050,624\n" },
	};
	struct config	 cfg;
	struct summary	 s;
	struct error	 err = { 0 };
	char		 path[1024], *out;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(path, sizeof path, "%s/tests/configs/%s", SRCDIR,
		    cases[i].file);
		if (config_load(path, &cfg, &err) != 0)
			fail_msg("%s: %s", path, err.message);
		build(&cfg, 32, &s);
		assert_int_equal(s.totals.params, cases[i].params);
		out = print_to_string(&s, -1);
		assert_has(out, cases[i].line);
		if (cfg.model.family == FAMILY_ATTENTION)
			assert_has(out, "├─q (Linear): 1-1 ");
		free(out);
		summary_free(&s);
		config_free(&cfg);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gpt2_totals),
		cmocka_unit_test(test_gpt2_rows),
		cmocka_unit_test(test_llama2_7b),
		cmocka_unit_test(test_mistral_gqa),
		cmocka_unit_test(test_bert_pooler),
		cmocka_unit_test(test_attention_family),
		cmocka_unit_test(test_depth_folding),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_format_count),
		cmocka_unit_test(test_format_bytes),
		cmocka_unit_test(test_huge_saturates),
		cmocka_unit_test(test_huge_overflows),
		cmocka_unit_test(test_bad_dimensions),
		cmocka_unit_test(test_variants),
		cmocka_unit_test(test_loaded_configs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
