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
#include "attntui/model/hflabel.h"

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

static void
open_labels(const char *path, const char *tokens, const char *key_tokens,
    struct attnfile *o)
{
	struct attnfile_labels	labels = { tokens, key_tokens };
	struct error		err = { 0 };

	if (attnfile_open(path, &labels, o, &err) != 0)
		fail_msg("%s: %s", err.file ? err.file : "", err.message);
	assert_non_null(o->store);
	assert_non_null(o->model_name);
	error_clear(&err);
}

static void
open_ok(const char *path, const char *tokens, struct attnfile *o)
{
	open_labels(path, tokens, NULL, o);
}

/* Every head of the store against expected (L, H, T_q, T_k): same bits. */
static void
assert_heads_exact(struct store *s, const float *expected)
{
	struct error	err = { 0 };
	int64_t		L = store_layers(s), H = store_heads(s), l, h;
	size_t		per = (size_t)store_seq(s) * (size_t)store_keys(s);
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
	struct attnfile	 o;
	float		*raw = read_raw(FIXTURE("mha.raw"), 2 * 4 * 6 * 6);

	(void)state;
	open_ok(FIXTURE("mha.safetensors"), NULL, &o);
	assert_int_equal(store_layers(o.store), 2);
	assert_int_equal(store_heads(o.store), 4);
	assert_int_equal(store_seq(o.store), 6);
	assert_int_equal(store_mode(o.store), STORE_DENSE);
	assert_heads_exact(o.store, raw);
	assert_labels(&o.tok, mha_labels, 6);
	assert_string_equal(o.model_name, "tiny-mha");
	assert_null(o.warning);
	attnfile_close(&o);
	free(raw);
}

static void
test_mha_npy(void **state)
{
	static const char *const pos[] = { "0", "1", "2", "3", "4", "5" };
	struct attnfile	 o;
	float		*raw = read_raw(FIXTURE("mha.raw"), 2 * 4 * 6 * 6);
	struct error	 err = { 0 };
	float		 head[36];

	(void)state;
	open_ok(FIXTURE("mha.npy"), NULL, &o);
	assert_int_equal(store_layers(o.store), 2);
	assert_int_equal(store_heads(o.store), 4);
	assert_heads_exact(o.store, raw);
	assert_labels(&o.tok, pos, 6);
	assert_string_equal(o.model_name, "mha.npy");
	assert_null(o.warning);
	/* Out of range: the store's own error. */
	assert_int_equal(store_head(o.store, 2, 0, head, &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	error_clear(&err);
	attnfile_close(&o);
	free(raw);
}

/* Each converted value within half a unit in the last place. */
static void
check_converted(const char *path, const char *const *labels, double rel)
{
	struct attnfile	 o;
	struct error	 err = { 0 };
	float		*raw = read_raw(FIXTURE("mha.raw"), 2 * 4 * 6 * 6);
	float		 head[36];
	double		 d;
	int		 l, h, i, same = 0;

	open_ok(path, NULL, &o);
	assert_labels(&o.tok, labels, 6);
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
	attnfile_close(&o);
	free(raw);
}

static void
test_mha_f16(void **state)
{
	(void)state;
	check_converted(FIXTURE("mha-f16.safetensors"), mha_labels, 1.0 / 2048);
}

static void
test_mha_bf16(void **state)
{
	(void)state;
	check_converted(FIXTURE("mha-bf16.safetensors"), mha_labels,
	    1.0 / 256);
}

/* F32 at an odd offset is copied; the extra tensor is ignored. */
static void
test_mha_misaligned(void **state)
{
	struct attnfile	 o;
	float		*raw = read_raw(FIXTURE("mha.raw"), 2 * 4 * 6 * 6);

	(void)state;
	open_ok(FIXTURE("mha-misaligned.safetensors"), NULL, &o);
	assert_int_equal(store_layers(o.store), 2);
	assert_heads_exact(o.store, raw);
	assert_labels(&o.tok, mha_labels, 6);
	attnfile_close(&o);
	free(raw);
}

/* Rank 3 is one layer; labels from a file, CRLF and tab included. */
static void
test_rank3_tokens_file(void **state)
{
	static const char *const want[] = { "The", "\xc4\xa0na\xc3\xafve",
	    "tab\\there", "\xf0\x9f\x98\x80", "end" };
	struct attnfile	 o;
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
	assert_string_equal(o.model_name, "causal3.npy");
	assert_null(o.warning);
	attnfile_close(&o);
	free(raw);
}

/* An explicit --tokens file wins over the metadata. */
static void
test_tokens_file_overrides(void **state)
{
	static const char *const want[] = { "a", "b", "c", "d", "e", "" };
	struct attnfile	 o;
	const char	*path = scratch_path("six.txt");
	FILE		*fp;

	(void)state;
	assert_non_null(fp = fopen(path, "w"));
	fputs("a\nb\nc\nd\ne\n\n", fp);
	fclose(fp);
	open_ok(FIXTURE("mha.safetensors"), path, &o);
	assert_labels(&o.tok, want, 6);
	assert_string_equal(o.model_name, "tiny-mha");
	attnfile_close(&o);
	unlink(path);
}

static void
test_scores_warning(void **state)
{
	struct attnfile	o;

	(void)state;
	open_ok(FIXTURE("scores.npy"), NULL, &o);
	assert_non_null(o.warning);
	assert_string_equal(o.warning, SRCDIR "/tests/attnfile/scores.npy: "
	    "layer 0 head 0 row 0 sums to 0.585, not 1 (8 of 8 rows are off "
	    "by more than 0.001): the file may hold scores, not "
	    "probabilities");
	attnfile_close(&o);
}

static void
test_buffer(void **state)
{
	struct attnfile	 o;
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
	    &o, &err), 0);
	assert_heads_exact(o.store, raw);
	assert_labels(&o.tok, mha_labels, 6);
	attnfile_close(&o);
	/* The name decides the format. */
	assert_int_equal(attnfile_open_buffer("x.npy", buf, n, NULL, &o,
	    &err), -1);
	assert_null(o.store);
	assert_string_equal(err.message, "npy: bad magic, expected "
	    "\"\\x93NUMPY\" (a .npy file)");
	error_clear(&err);
	free(raw);
}

static void
test_extension(void **state)
{
	struct attnfile	o;
	struct error	err = { 0 };

	(void)state;
	assert_true(attnfile_is_attention("a/b.safetensors"));
	assert_true(attnfile_is_attention("b.npy"));
	assert_false(attnfile_is_attention("b.yaml"));
	assert_false(attnfile_is_attention("npy"));
	assert_int_equal(attnfile_open("dump.pt", NULL, &o, &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	assert_string_equal(err.message, "dump.pt: expected a name ending in "
	    ".safetensors or .npy");
	error_clear(&err);
	assert_int_equal(attnfile_open(scratch_path("none.npy"), NULL, &o,
	    &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	assert_string_equal(err.message, "No such file or directory");
	error_clear(&err);
}

static void
test_summary(void **state)
{
	struct attnfile	 o;
	char		*text = NULL;
	size_t		 len = 0;
	FILE		*fp;

	(void)state;
	open_ok(FIXTURE("mha.safetensors"), NULL, &o);
	assert_non_null(fp = open_memstream(&text, &len));
	attnfile_summary(fp, "mha.safetensors", &o);
	fclose(fp);
	assert_non_null(strstr(text, "Model:          tiny-mha\n"));
	assert_non_null(strstr(text, "Layers:         2\n"));
	assert_non_null(strstr(text, "Heads:          4 per layer\n"));
	assert_non_null(strstr(text, "1      layers.1.attention       "
	    "[4, 6, 6]                           576\n"));
	assert_non_null(strstr(text, "Total: 8 heads, 288 probabilities, "
	    "1152 bytes\n"));
	free(text);
	attnfile_close(&o);
}

/*
 * mha as numpy float16 (within half a unit in the last place, 2^-11)
 * and float64 (the float32 values exactly), and as [1, heads, T, T]
 * tensors: a batch of one is dropped.
 */
static void
test_mha_dtypes_batch(void **state)
{
	static const char *const pos[] = { "0", "1", "2", "3", "4", "5" };
	struct attnfile	 o;
	float		*raw = read_raw(FIXTURE("mha.raw"), 2 * 4 * 6 * 6);

	(void)state;
	open_ok(FIXTURE("mha-f64.npy"), NULL, &o);
	assert_string_equal(o.dtype_name, "F64");
	assert_heads_exact(o.store, raw);
	assert_labels(&o.tok, pos, 6);
	attnfile_close(&o);
	open_ok(FIXTURE("mha-batch.safetensors"), NULL, &o);
	assert_int_equal(store_layers(o.store), 2);
	assert_int_equal(store_heads(o.store), 4);
	assert_heads_exact(o.store, raw);
	assert_labels(&o.tok, mha_labels, 6);
	/* F32 in place: the head is the file's own bytes. */
	assert_non_null(store_head_data(o.store, 1, 3));
	attnfile_close(&o);
	free(raw);
	check_converted(FIXTURE("mha-f16.npy"), pos, 1.0 / 2048);
}

/*
 * F16 stays in the file: no head in place, each widened as it is read,
 * and the same values read twice.
 */
static void
test_f16_in_place(void **state)
{
	struct attnfile	 o;
	struct error	 err = { 0 };
	float		 a[36], b[36];

	(void)state;
	open_ok(FIXTURE("mha-f16.safetensors"), NULL, &o);
	assert_string_equal(o.dtype_name, "F16");
	assert_null(store_head_data(o.store, 0, 0));
	assert_int_equal(store_head(o.store, 1, 2, a, &err), 0);
	assert_int_equal(store_head(o.store, 1, 2, b, &err), 0);
	assert_memory_equal(a, b, sizeof a);
	attnfile_close(&o);
}

/*
 * Cross-attention from torch.nn.MultiheadAttention: 4 queries over 6
 * keys, with separate labels from the metadata, or from --tokens and
 * --key-tokens; the .npy holds it as torch.stack of the layers' [1, H,
 * T_q, T_k], a batch of one second.
 */
static void
test_cross(void **state)
{
	static const char *const queries[] = { "<s>", "Le", "chat", "</s>" };
	/* "\342\220\243" is U+2423, the leading-space marker. */
	static const char *const keys[] = { "The", "\342\220\243cat",
	    "\342\220\243sat", "\342\220\243on", "\342\220\243mats",
	    "." };
	static const char *const kpos[] = { "0", "1", "2", "3", "4", "5" };
	static const char *const qfile[] = { "a", "b", "c", "d" };
	struct attnfile	 o;
	float		*raw = read_raw(FIXTURE("cross.raw"), 2 * 2 * 4 * 6);
	const char	*qpath = scratch_path("q.txt");
	FILE		*fp;
	char		*text = NULL;
	size_t		 len = 0;

	(void)state;
	open_ok(FIXTURE("cross.safetensors"), NULL, &o);
	assert_int_equal(store_seq(o.store), 4);
	assert_int_equal(store_keys(o.store), 6);
	assert_heads_exact(o.store, raw);
	assert_labels(&o.tok, queries, 4);
	assert_labels(&o.key_tok, keys, 6);
	assert_non_null(fp = open_memstream(&text, &len));
	attnfile_summary(fp, "cross.safetensors", &o);
	fclose(fp);
	assert_non_null(strstr(text, "Queries:        4: <s> Le chat </s>\n"));
	assert_non_null(strstr(text, "Keys:           6: The"));
	assert_non_null(strstr(text, "[2, 4, 6]"));
	free(text);
	attnfile_close(&o);

	open_ok(FIXTURE("cross.npy"), NULL, &o);
	assert_int_equal(store_layers(o.store), 2);
	assert_int_equal(store_heads(o.store), 2);
	assert_heads_exact(o.store, raw);
	assert_labels(&o.key_tok, kpos, 6);
	attnfile_close(&o);

	assert_non_null(fp = fopen(qpath, "w"));
	fputs("a\nb\nc\nd\n", fp);
	fclose(fp);
	open_labels(FIXTURE("cross.safetensors"), qpath,
	    FIXTURE("hf-labels.txt"), &o);
	assert_labels(&o.tok, qfile, 4);
	/* hf-labels.txt's six lines label the six keys, as they are. */
	assert_int_equal(o.key_tok.n, 6);
	assert_string_equal(o.key_tok.labels[1], "\xe2\x90\xa3world");
	attnfile_close(&o);
	unlink(qpath);
	free(raw);
}

/*
 * Hugging Face token strings, byte-level (GPT-2's alphabet) and
 * SentencePiece's, as attntui shows its own: what make_fixtures.py
 * worked out with encoder.py's bytes_to_unicode, one a line.
 */
static void
test_hf_labels(void **state)
{
	static const char *const want[] = { "Hello", "\xe2\x90\xa3world",
	    "\\n", "\342\220\243caf\xc3\xa9", "\xc3\xa9", "!" };
	struct attnfile	 o;

	(void)state;
	open_ok(FIXTURE("hf-bytes.safetensors"), NULL, &o);
	assert_labels(&o.tok, want, 6);
	attnfile_close(&o);
	open_ok(FIXTURE("hf-spm.safetensors"), NULL, &o);
	assert_labels(&o.tok, want, 6);
	attnfile_close(&o);
	/* The file of expected labels, read as labels, reads the same. */
	open_ok(FIXTURE("hf-spm.safetensors"), FIXTURE("hf-labels.txt"), &o);
	assert_labels(&o.tok, want, 6);
	attnfile_close(&o);
}

/*
 * hflabel alone: which sets are byte-level, and labels worked out by
 * hand from encoder.py's bytes_to_unicode (Ġ U+0120 is byte 0x20, Ã
 * U+00C3 and © U+00A9 stand for themselves, so "Ã©" is C3 A9, "é").
 */
static void
test_hflabel(void **state)
{
	static const char *const plain[] = { "caf\xc3\xa9", "na\xc3\xafve" };
	static const char *const bytes[] = { "\xc4\xa0the", "\xc3\x83\xc2\xa9" };
	static const char *const mixed[] = { "\xc4\xa0the",
	    "\xe6\x97\xa5" };
	const size_t	 len2[] = { 5, 6 }, lenb[] = { 5, 4 }, lenm[] = { 5, 3 };
	char		*l;

	(void)state;
	assert_false(hflabel_byte_level(plain, len2, 2));
	assert_true(hflabel_byte_level(bytes, lenb, 2));
	assert_false(hflabel_byte_level(mixed, lenm, 2));
	assert_non_null(l = hflabel_label("\xc3\x83\xc2\xa9", 4, 1));
	assert_string_equal(l, "\xc3\xa9");
	free(l);
	assert_non_null(l = hflabel_label("\xc4\xa0\xc4\xa0x", 5, 1));
	assert_string_equal(l, "\xe2\x90\xa3\xe2\x90\xa3x");
	free(l);
	/* One byte of a character: escaped, as attntui's own labels are. */
	assert_non_null(l = hflabel_label("\xc3\xa6", 2, 1));
	assert_string_equal(l, "\\xE6");
	free(l);
	assert_non_null(l = hflabel_label("\xe2\x96\x81\xe2\x96\x81x", 7, 0));
	assert_string_equal(l, "\xe2\x90\xa3\xe2\x90\xa3x");
	free(l);
	assert_non_null(l = hflabel_label("<0x0A>", 6, 0));
	assert_string_equal(l, "\\n");
	free(l);
	assert_non_null(l = hflabel_label("<0xZZ>", 6, 0));
	assert_string_equal(l, "<0xZZ>");
	free(l);
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
	struct attnfile		 o;
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
		assert_string_equal(o.model_name, "round \xe2\x86\xba");
	} else
		assert_string_equal(o.model_name, path);
	attnfile_close(&o);
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
	    "(layers, heads, T_q, T_k) or (heads, T_q, T_k)", NULL },
	{ BAD("rank6.npy"), NULL, "array of shape (1, 1, 1, 1, 2, 2), "
	    "expected (layers, heads, T_q, T_k) or (heads, T_q, T_k)", NULL },
	{ BAD("batch2.npy"), NULL, "array of shape (3, 2, 2, 3, 3): a batch "
	    "of 2 inputs, expected (layers, 1, heads, T_q, T_k) (save one "
	    "input at a time)", NULL },
	{ BAD("batch2.safetensors"), NULL, "tensor \"layers.0.attention\" "
	    "has shape [2, 2, 3, 3]: a batch of 2 inputs, expected [1, heads, "
	    "T_q, T_k] (export one input at a time)", NULL },
	{ BAD("nan-f16.npy"), NULL, "layer 0 head 1 row 2 column 0 is nan, "
	    "expected a finite probability", NULL },
	{ BAD("nan-f16.safetensors"), NULL, "layer 0 head 0 row 1 column 2 "
	    "is nan, expected a finite probability", NULL },
	{ BAD("dtype-mixed.safetensors"), NULL, "tensor "
	    "\"layers.1.attention\" is F16, expected F32 like "
	    "layers.0.attention", NULL },
	{ BAD("key-tokens-count.safetensors"), NULL, "__metadata__ "
	    "\"key_tokens\" holds 3 tokens, expected 4 (the keys of the "
	    "attention)", NULL },
	{ BAD("empty.npy"), NULL, "array of shape (1, 0, 3, 3), expected no "
	    "dimension 0", NULL },
	{ BAD("nan.npy"), NULL, "layer 1 head 0 row 2 column 1 is nan, "
	    "expected a finite probability", NULL },
	{ BAD("negative.npy"), NULL, "layer 0 head 1 row 2 column 0 is -0.25, "
	    "expected a probability in [0, 1]: the file may hold scores, not "
	    "probabilities", NULL },
	{ BAD("rank2.safetensors"), NULL, "tensor \"layers.0.attention\" has "
	    "shape [3, 3], expected [heads, T_q, T_k]", NULL },
	{ BAD("missing-layer.safetensors"), NULL, "no tensor "
	    "\"layers.2.attention\", expected one per layer from "
	    "layers.0.attention to layers.3.attention, the last in the file",
	    NULL },
	{ BAD("heads-mismatch.safetensors"), NULL, "tensor "
	    "\"layers.1.attention\" has shape [4, 3, 3], expected [2, 3, 3] "
	    "like layers.0.attention", NULL },
	{ BAD("tokens-count.safetensors"), NULL, "__metadata__ \"tokens\" "
	    "holds 2 tokens, expected 3 (the queries of the attention)",
	    NULL },
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
	    "(one per line) for --tokens, expected 5: " SRCDIR
	    "/tests/attnfile/causal3.npy holds attention with 5 queries",
	    BAD("tokens-short.txt") },
};

static void
test_bad_corpus(void **state)
{
	struct attnfile	o;
	struct error	err = { 0 };
	size_t		i;

	(void)state;
	for (i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		const struct bad_case	*c = &bad_cases[i];

		struct attnfile_labels	 labels = { c->tokens, NULL };

		memset(&o, 0xa5, sizeof o);
		if (attnfile_open(c->file, &labels, &o, &err) != -1)
			fail_msg("%s: opened", c->file);
		if (err.message == NULL || strcmp(err.message,
		    c->message) != 0)
			fail_msg("%s:\n got: %s\nwant: %s", c->file,
			    err.message, c->message);
		assert_int_equal(err.status, EXIT_USAGE);
		assert_string_equal(err.file, c->err_file != NULL ?
		    c->err_file : c->file);
		assert_null(o.store);
		assert_null(o.model_name);
		assert_null(o.warning);
		assert_int_equal(o.tok.n, 0);
		assert_int_equal(o.key_tok.n, 0);
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
		cmocka_unit_test(test_mha_dtypes_batch),
		cmocka_unit_test(test_f16_in_place),
		cmocka_unit_test(test_cross),
		cmocka_unit_test(test_hf_labels),
		cmocka_unit_test(test_hflabel),
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
