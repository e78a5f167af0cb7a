/*
 * test_attnfile.c - attention files from PyTorch (tests/attnfile/, made
 * by make_fixtures.py with torch.nn.MultiheadAttention and a manual
 * softmax) open to exactly the values PyTorch computed; token labels from
 * metadata (surrogate-pair escapes), a --tokens file or positions; the
 * scores warning; a round trip through export_write; and the malformed
 * corpus in tests/attnfile/bad/, each file with its exact message.
 */
#include "build-config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>


#include "attntui/attn/attnfile.h"
#include "attntui/attn/export.h"
#include "attntui/compute/attention.h"
#include "attntui/compute/store.h"

#include "scratch.h"

#define FIXTURE(name)	SRCDIR "/tests/attnfile/" name
#define BAD(name)	SRCDIR "/tests/attnfile/bad/" name

/* The labels of mha.*: what json.dumps escaped, as the explorer shows it
 * (the zero-width joiner of the emoji sequence escaped by label.h). */
static const char *const mha_labels[] = {
	"<s>", "caf\xc3\xa9", "\xe6\x97\xa5\xe6\x9c\xac", "\xf0\x9f\x98\x80",
	"\xf0\x9f\x91\xa9\\u200D\xf0\x9f\x92\xbb", "\xc4\xa0\x65nd"
};

static float *
read_raw(const char *path, size_t count)
{
	FILE	*fp;
	float	*a;

	assert_non_null(fp = fopen(path, "rb"));
	assert_non_null(a = malloc(count * sizeof *a));
	assert_int_equal(fread(a, sizeof *a, count, fp), count);
	assert_int_equal(fgetc(fp), EOF);
	fclose(fp);
	return a;
}

struct opened {
	struct store	*store;
	struct tokens	 tok;
	char		*model;
	char		*warning;
};

static void
open_ok(const char *path, const char *tokens, struct opened *o)
{
	struct error	err = { 0 };

	if (attnfile_open(path, tokens, &o->store, &o->tok, &o->model,
	    &o->warning, &err) != 0)
		fail_msg("%s: %s", err.file ? err.file : "", err.message);
	assert_non_null(o->store);
	assert_non_null(o->model);
	error_clear(&err);
}

static void
opened_free(struct opened *o)
{
	store_free(o->store);
	tokens_free(&o->tok);
	free(o->model);
	free(o->warning);
}

/* Every head of the store against expected (L, H, T, T): same bits. */
static void
assert_heads_exact(struct store *s, const float *expected)
{
	struct error	err = { 0 };
	int64_t		L = store_layers(s), H = store_heads(s);
	int64_t		T = store_seq(s), l, h;
	size_t		per = (size_t)T * (size_t)T;
	float		*head;

	assert_non_null(head = malloc(per * sizeof *head));
	for (l = 0; l < L; l++) {
		for (h = 0; h < H; h++) {
			assert_int_equal(store_head(s, l, h, head, &err), 0);
			assert_memory_equal(head, expected +
			    ((size_t)l * (size_t)H + (size_t)h) * per,
			    per * sizeof *head);
		}
	}
	free(head);
}

static void
assert_labels(const struct tokens *tok, const char *const *want, size_t n)
{
	size_t	i;

	assert_int_equal(tok->n, n);
	for (i = 0; i < n; i++) {
		assert_string_equal(tok->labels[i], want[i]);
		assert_int_equal(tok->ids[i], -1);
	}
}

/* ---- PyTorch's attention ------------------------------------------------ */

static void
test_mha_safetensors(void **state)
{
	struct opened	 o;
	float		*raw = read_raw(FIXTURE("mha.raw"), 2 * 4 * 6 * 6);

	(void)state;
	open_ok(FIXTURE("mha.safetensors"), NULL, &o);
	assert_int_equal(store_layers(o.store), 2);
	assert_int_equal(store_heads(o.store), 4);
	assert_int_equal(store_seq(o.store), 6);
	assert_int_equal(store_mode(o.store), STORE_DENSE);
	assert_heads_exact(o.store, raw);
	assert_labels(&o.tok, mha_labels, 6);
	assert_string_equal(o.model, "tiny-mha");
	assert_null(o.warning);
	opened_free(&o);
	free(raw);
}

static void
test_mha_npy(void **state)
{
	static const char *const pos[] = { "0", "1", "2", "3", "4", "5" };
	struct opened	 o;
	float		*raw = read_raw(FIXTURE("mha.raw"), 2 * 4 * 6 * 6);
	struct error	 err = { 0 };
	float		 head[36];

	(void)state;
	open_ok(FIXTURE("mha.npy"), NULL, &o);
	assert_int_equal(store_layers(o.store), 2);
	assert_int_equal(store_heads(o.store), 4);
	assert_heads_exact(o.store, raw);
	assert_labels(&o.tok, pos, 6);
	assert_string_equal(o.model, "mha.npy");
	assert_null(o.warning);
	/* Out of range: the store's own error. */
	assert_int_equal(store_head(o.store, 2, 0, head, &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	error_clear(&err);
	opened_free(&o);
	free(raw);
}

/* Each converted value within half a unit in the last place. */
static void
check_converted(const char *path, double rel)
{
	struct opened	 o;
	struct error	 err = { 0 };
	float		*raw = read_raw(FIXTURE("mha.raw"), 2 * 4 * 6 * 6);
	float		 head[36];
	double		 d;
	int		 l, h, i, same = 0;

	open_ok(path, NULL, &o);
	assert_labels(&o.tok, mha_labels, 6);
	assert_null(o.warning);
	for (l = 0; l < 2; l++) {
		for (h = 0; h < 4; h++) {
			assert_int_equal(store_head(o.store, l, h, head, &err),
			    0);
			for (i = 0; i < 36; i++) {
				d = head[i] - raw[(l * 4 + h) * 36 + i];
				if (d < 0)
					d = -d;
				assert_true(d <= rel * raw[(l * 4 + h) * 36 +
				    i] + 1e-7);
				same += head[i] == raw[(l * 4 + h) * 36 + i];
			}
		}
	}
	/* The causal zeros and few else survive rounding exactly. */
	assert_true(same < 2 * 4 * 36);
	opened_free(&o);
	free(raw);
}

static void
test_mha_f16(void **state)
{
	(void)state;
	check_converted(FIXTURE("mha-f16.safetensors"), 1.0 / 2048);
}

static void
test_mha_bf16(void **state)
{
	(void)state;
	check_converted(FIXTURE("mha-bf16.safetensors"), 1.0 / 256);
}

/* F32 at an odd offset is copied; the extra tensor is ignored. */
static void
test_mha_misaligned(void **state)
{
	struct opened	 o;
	float		*raw = read_raw(FIXTURE("mha.raw"), 2 * 4 * 6 * 6);

	(void)state;
	open_ok(FIXTURE("mha-misaligned.safetensors"), NULL, &o);
	assert_int_equal(store_layers(o.store), 2);
	assert_heads_exact(o.store, raw);
	assert_labels(&o.tok, mha_labels, 6);
	opened_free(&o);
	free(raw);
}

/* Rank 3 is one layer; labels from a file, CRLF and tab included. */
static void
test_rank3_tokens_file(void **state)
{
	static const char *const want[] = { "The", "\xc4\xa0na\xc3\xafve",
	    "tab\\there", "\xf0\x9f\x98\x80", "end" };
	struct opened	 o;
	float		*raw = read_raw(FIXTURE("causal3.raw"), 3 * 5 * 5);
	int		 h, i, j;

	(void)state;
	open_ok(FIXTURE("causal3.npy"), FIXTURE("tokens3.txt"), &o);
	assert_int_equal(store_layers(o.store), 1);
	assert_int_equal(store_heads(o.store), 3);
	assert_int_equal(store_seq(o.store), 5);
	assert_heads_exact(o.store, raw);
	for (h = 0; h < 3; h++)
		for (i = 0; i < 5; i++)
			for (j = i + 1; j < 5; j++)
				assert_true(raw[(h * 5 + i) * 5 + j] == 0.0f);
	assert_labels(&o.tok, want, 5);
	assert_string_equal(o.model, "causal3.npy");
	assert_null(o.warning);
	opened_free(&o);
	free(raw);
}

/* An explicit --tokens file wins over the metadata. */
static void
test_tokens_file_overrides(void **state)
{
	static const char *const want[] = { "a", "b", "c", "d", "e", "" };
	struct opened	 o;
	const char	*path = scratch_path("six.txt");
	FILE		*fp;

	(void)state;
	assert_non_null(fp = fopen(path, "w"));
	fputs("a\nb\nc\nd\ne\n\n", fp);
	fclose(fp);
	open_ok(FIXTURE("mha.safetensors"), path, &o);
	assert_labels(&o.tok, want, 6);
	assert_string_equal(o.model, "tiny-mha");
	opened_free(&o);
	unlink(path);
}

static void
test_scores_warning(void **state)
{
	struct opened	o;

	(void)state;
	open_ok(FIXTURE("scores.npy"), NULL, &o);
	assert_non_null(o.warning);
	assert_string_equal(o.warning, SRCDIR "/tests/attnfile/scores.npy: "
	    "layer 0 head 0 row 0 sums to 0.585, not 1 (8 of 8 rows are off "
	    "by more than 0.001): the file may hold scores, not "
	    "probabilities");
	opened_free(&o);
}

static void
test_buffer(void **state)
{
	struct opened	 o;
	struct error	 err = { 0 };
	float		*raw = read_raw(FIXTURE("mha.raw"), 2 * 4 * 6 * 6);
	char		 buf[4096];
	size_t		 n;
	FILE		*fp;

	(void)state;
	assert_non_null(fp = fopen(FIXTURE("mha.safetensors"), "rb"));
	n = fread(buf, 1, sizeof buf, fp);
	fclose(fp);
	assert_int_equal(attnfile_open_buffer("x.safetensors", buf, n, NULL,
	    &o.store, &o.tok, &o.model, &o.warning, &err), 0);
	assert_heads_exact(o.store, raw);
	assert_labels(&o.tok, mha_labels, 6);
	opened_free(&o);
	/* The name decides the format. */
	assert_int_equal(attnfile_open_buffer("x.npy", buf, n, NULL,
	    &o.store, &o.tok, &o.model, &o.warning, &err), -1);
	assert_null(o.store);
	assert_string_equal(err.message, "npy: bad magic, expected "
	    "\"\\x93NUMPY\" (a .npy file)");
	error_clear(&err);
	free(raw);
}

static void
test_extension(void **state)
{
	struct opened	o;
	struct error	err = { 0 };

	(void)state;
	assert_true(attnfile_is_attention("a/b.safetensors"));
	assert_true(attnfile_is_attention("b.npy"));
	assert_false(attnfile_is_attention("b.yaml"));
	assert_false(attnfile_is_attention("npy"));
	assert_int_equal(attnfile_open("dump.pt", NULL, &o.store, &o.tok,
	    &o.model, &o.warning, &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	assert_string_equal(err.message, "dump.pt: expected a name ending in "
	    ".safetensors or .npy");
	error_clear(&err);
	assert_int_equal(attnfile_open(scratch_path("none.npy"), NULL, &o.store,
	    &o.tok, &o.model, &o.warning, &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	assert_string_equal(err.message, "No such file or directory");
	error_clear(&err);
}

static void
test_summary(void **state)
{
	struct opened	 o;
	char		*text = NULL;
	size_t		 len = 0;
	FILE		*fp;

	(void)state;
	open_ok(FIXTURE("mha.safetensors"), NULL, &o);
	assert_non_null(fp = open_memstream(&text, &len));
	attnfile_summary(fp, "mha.safetensors", o.store, &o.tok, o.model);
	fclose(fp);
	assert_non_null(strstr(text, "Model:          tiny-mha\n"));
	assert_non_null(strstr(text, "Layers:         2\n"));
	assert_non_null(strstr(text, "Heads:          4 per layer\n"));
	assert_non_null(strstr(text, "1      layers.1.attention       "
	    "[4, 6, 6]                           576\n"));
	assert_non_null(strstr(text, "Total: 8 heads, 288 probabilities, "
	    "1152 bytes\n"));
	free(text);
	opened_free(&o);
}

/* ---- round trip through --export --------------------------------------- */

static void
round_trip(enum config_mask mask, const char *ext)
{
	static const char *const labels[] = { "x", "\xf0\x9f\x98\x80", "\"q\"",
	    "\\", "\xc3\xa9\x74\\n", "z", "7" };
	struct attention_params	 p = { 0 };
	struct store		*s;
	struct tokens		 tok = { 0 };
	struct opened		 o;
	struct error		 err = { 0 };
	const int64_t		 L = 3, H = 2, T = 7;
	float			*full, *block, sum;
	int64_t			 l, h, i, j, c0, c1;
	unsigned		 seed = 12345;
	char			 path[64];

	p.T = T;
	p.n_heads = p.n_kv_heads = H;
	p.d_head = 4;
	p.mask = mask;
	assert_int_equal(store_create(&p, L, &s, &err), 0);
	assert_non_null(full = calloc((size_t)(L * H * T * T), sizeof *full));
	assert_non_null(block = malloc((size_t)(T * T) * sizeof *block));
	for (l = 0; l < L; l++) {
		for (h = 0; h < H; h++) {
			float	*m = full + (l * H + h) * T * T;

			for (i = 0; i < T; i++) {
				sum = 0;
				for (j = 0; j < T; j++) {
					if (!attention_visible(&p, i, j))
						continue;
					seed = seed * 1103515245u + 12345u;
					m[i * T + j] = (float)(seed >> 16 &
					    0x7fff) + 1;
					sum += m[i * T + j];
				}
				for (j = 0; j < T; j++)
					m[i * T + j] /= sum;
			}
			attention_span(&p, 0, T, &c0, &c1);
			for (i = 0; i < T; i++)
				for (j = c0; j < c1; j++)
					block[i * (c1 - c0) + j - c0] =
					    m[i * T + j];
			store_put_block(s, l, h, 0, T, block);
		}
	}
	tok.n = (size_t)T;
	assert_non_null(tok.labels = calloc((size_t)T, sizeof *tok.labels));
	assert_non_null(tok.ids = calloc((size_t)T, sizeof *tok.ids));
	for (i = 0; i < T; i++)
		tok.labels[i] = strdup(labels[i]);
	snprintf(path, sizeof path, "rt%d%s", (int)mask, ext);
	assert_int_equal(export_write(scratch_path(path), s, &tok,
	    "round \xe2\x86\xba", &err), 0);
	open_ok(scratch_path(path), NULL, &o);
	assert_int_equal(store_layers(o.store), L);
	assert_int_equal(store_heads(o.store), H);
	assert_int_equal(store_seq(o.store), T);
	assert_heads_exact(o.store, full);
	assert_null(o.warning);
	if (strcmp(ext, ".safetensors") == 0) {
		assert_labels(&o.tok, labels, (size_t)T);
		assert_string_equal(o.model, "round \xe2\x86\xba");
	} else
		assert_string_equal(o.model, path);
	opened_free(&o);
	unlink(scratch_path(path));
	tokens_free(&tok);
	store_free(s);
	free(full);
	free(block);
}

static void
test_round_trip(void **state)
{
	(void)state;
	round_trip(MASK_NONE, ".safetensors");
	round_trip(MASK_CAUSAL, ".safetensors");
	round_trip(MASK_NONE, ".npy");
	round_trip(MASK_CAUSAL, ".npy");
}

/* ---- the malformed corpus ----------------------------------------------- */

struct bad_case {
	const char	*file;
	const char	*tokens;	/* --tokens, or NULL */
	const char	*message;
	const char	*err_file;	/* NULL: the file itself */
};

static const struct bad_case bad_cases[] = {
	{ BAD("rank2.npy"), NULL, "array of shape (4, 4), expected "
	    "(layers, heads, T, T) or (heads, T, T)", NULL },
	{ BAD("rank5.npy"), NULL, "array of shape (1, 1, 1, 2, 2), expected "
	    "(layers, heads, T, T) or (heads, T, T)", NULL },
	{ BAD("nonsquare.npy"), NULL, "array of shape (2, 3, 4), expected "
	    "(..., T, T): queries and keys must be the same tokens", NULL },
	{ BAD("empty.npy"), NULL, "array of shape (1, 0, 3, 3), expected no "
	    "dimension 0", NULL },
	{ BAD("nan.npy"), NULL, "layer 1 head 0 row 2 column 1 is nan, "
	    "expected a finite probability", NULL },
	{ BAD("negative.npy"), NULL, "layer 0 head 1 row 2 column 0 is -0.25, "
	    "expected a probability in [0, 1]: the file may hold scores, not "
	    "probabilities", NULL },
	{ BAD("nonsquare.safetensors"), NULL, "tensor \"layers.0.attention\" "
	    "has shape [2, 3, 4], expected [heads, T, T]: queries and keys "
	    "must be the same tokens", NULL },
	{ BAD("rank2.safetensors"), NULL, "tensor \"layers.0.attention\" has "
	    "shape [3, 3], expected [heads, T, T]", NULL },
	{ BAD("missing-layer.safetensors"), NULL, "no tensor "
	    "\"layers.2.attention\", expected one per layer from "
	    "layers.0.attention to layers.3.attention, the last in the file",
	    NULL },
	{ BAD("heads-mismatch.safetensors"), NULL, "tensor "
	    "\"layers.1.attention\" has shape [4, 3, 3], expected [2, 3, 3] "
	    "like layers.0.attention", NULL },
	{ BAD("tokens-count.safetensors"), NULL, "__metadata__ \"tokens\" "
	    "holds 2 tokens, expected 3 (the attention is 3 x 3)", NULL },
	{ BAD("tokens-not-json.safetensors"), NULL, "__metadata__ \"tokens\" "
	    "is not valid JSON (']' expected near end of file, at byte 5), "
	    "expected a JSON array of strings", NULL },
	{ BAD("tokens-not-strings.safetensors"), NULL, "__metadata__ "
	    "\"tokens\"[1] is an integer, expected a string", NULL },
	{ BAD("inf.safetensors"), NULL, "layer 1 head 0 row 1 column 2 is "
	    "inf, expected a finite probability", NULL },
	{ BAD("dtype-i32.safetensors"), NULL, "tensor \"layers.0.attention\" "
	    "is I32, expected F32 (or F16, BF16, F64)", NULL },
	{ BAD("no-layers.safetensors"), NULL, "no tensor "
	    "\"layers.0.attention\", expected one F32 tensor "
	    "layers.N.attention [heads, T, T] per layer (found 1 other "
	    "tensor, the first \"attn.weight\")", NULL },
	{ BAD("leading-zero.safetensors"), NULL, "tensor "
	    "\"layers.01.attention\": expected layers.N.attention, N a layer "
	    "number counted from 0, without leading zeros", NULL },
	{ FIXTURE("causal3.npy"), BAD("tokens-short.txt"), "2 token labels "
	    "(one per line), expected 5: " SRCDIR "/tests/attnfile/causal3.npy "
	    "holds attention over 5 tokens", BAD("tokens-short.txt") },
};

static void
test_bad_corpus(void **state)
{
	struct opened	o;
	struct error	err = { 0 };
	size_t		i;

	(void)state;
	for (i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		const struct bad_case	*c = &bad_cases[i];

		memset(&o, 0xa5, sizeof o);
		if (attnfile_open(c->file, c->tokens, &o.store, &o.tok,
		    &o.model, &o.warning, &err) != -1)
			fail_msg("%s: opened", c->file);
		if (err.message == NULL || strcmp(err.message,
		    c->message) != 0)
			fail_msg("%s:\n got: %s\nwant: %s", c->file,
			    err.message, c->message);
		assert_int_equal(err.status, EXIT_USAGE);
		assert_string_equal(err.file, c->err_file != NULL ?
		    c->err_file : c->file);
		assert_null(o.store);
		assert_null(o.model);
		assert_null(o.warning);
		assert_int_equal(o.tok.n, 0);
		error_clear(&err);
	}
}

/* ---- main ---------------------------------------------------------------- */

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mha_safetensors),
		cmocka_unit_test(test_mha_npy),
		cmocka_unit_test(test_mha_f16),
		cmocka_unit_test(test_mha_bf16),
		cmocka_unit_test(test_mha_misaligned),
		cmocka_unit_test(test_rank3_tokens_file),
		cmocka_unit_test(test_tokens_file_overrides),
		cmocka_unit_test(test_scores_warning),
		cmocka_unit_test(test_buffer),
		cmocka_unit_test(test_extension),
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_bad_corpus),
	};

	return cmocka_run_group_tests(tests, scratch_setup,
	    scratch_teardown);
}
