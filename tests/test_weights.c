/*
 * test_weights.c - weights.file beyond F32: F16/BF16 conversion, name
 * prefixes, sharded checkpoints, and the errors for each.
 *
 * The F16 conversion is checked for all 65536 bit patterns against
 * numpy's float16 -> float32 (tests/golden/f16-table.txt, digests written
 * by tests/golden/make_golden.py); BF16 against patterns worked out by
 * hand.  The checkpoints here are written by the test itself, with values
 * that F16 and BF16 hold exactly, so every loaded element is known.
 */
#include "build-config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attntui/base/error.h"
#include "attntui/io/safetensors.h"
#include "attntui/io/safetensors_write.h"
#include "attntui/model/config.h"
#include "attntui/model/weights.h"
#include "attntui/model/weights_load.h"
#include "attntui/compute/forward.h"
#include "attntui/compute/store.h"
#include "attntui/model/tokens.h"

#define F16_TABLE	SRCDIR "/tests/golden/f16-table.txt"
#define MAX_TENSORS	64

static void
ok(int rc, struct error *err)
{
	if (rc == 0)
		return;
	error_print(err, stderr);
	fail_msg("unexpected error: %s", err->message);
}

static uint64_t
fnv1a64(const unsigned char *p, size_t n)
{
	uint64_t	h = UINT64_C(0xcbf29ce484222325);
	size_t		i;

	for (i = 0; i < n; i++) {
		h ^= p[i];
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

/* ---- conversions ---------------------------------------------------- */

static void
test_f16_table(void **state)
{
	unsigned char	 raw[1024];
	char		 line[128];
	unsigned long	 block;
	unsigned long long digest;
	uint32_t	 bits;
	FILE		*fp;
	int		 k, i, seen = 0;

	(void)state;
	/* Values IEEE 754 fixes, checked by name before the digests. */
	assert_int_equal(dtype_f16_bits(0x0000), 0x00000000);
	assert_int_equal(dtype_f16_bits(0x8000), 0x80000000);
	assert_int_equal(dtype_f16_bits(0x0001), 0x33800000); /* 2^-24 */
	assert_int_equal(dtype_f16_bits(0x03ff), 0x387fc000);
	assert_int_equal(dtype_f16_bits(0x0400), 0x38800000); /* 2^-14 */
	assert_int_equal(dtype_f16_bits(0x3c00), 0x3f800000); /* 1 */
	assert_int_equal(dtype_f16_bits(0xc000), 0xc0000000); /* -2 */
	assert_int_equal(dtype_f16_bits(0x7bff), 0x477fe000); /* 65504 */
	assert_int_equal(dtype_f16_bits(0x7c00), 0x7f800000); /* inf */
	assert_int_equal(dtype_f16_bits(0xfc00), 0xff800000);
	assert_int_equal(dtype_f16_bits(0x7e00), 0x7fc00000); /* qNaN */
	assert_int_equal(dtype_f16_bits(0x7c01), 0x7f802000); /* sNaN */

	assert_non_null(fp = fopen(F16_TABLE, "r"));
	while (fgets(line, sizeof line, fp) != NULL) {
		if (line[0] == '#')
			continue;
		assert_int_equal(sscanf(line, "%lx %llx", &block, &digest),
		    2);
		assert_int_equal(block, (unsigned long)seen);
		for (k = 0; k < 256; k++) {
			bits = dtype_f16_bits(
			    (uint16_t)(block * 256 + (unsigned long)k));
			for (i = 0; i < 4; i++)
				raw[4 * k + i] = (unsigned char)(bits >> 8 * i);
		}
		if (fnv1a64(raw, sizeof raw) != (uint64_t)digest)
			fail_msg("f16 patterns 0x%04lx..0x%04lx differ from "
			    "numpy's", block * 256, block * 256 + 255);
		seen++;
	}
	fclose(fp);
	assert_int_equal(seen, 256);

#ifdef __FLT16_MANT_DIG__
	/* The compiler's own conversion agrees on every number (NaNs may
	   come out quieted there, so only their sign and NaN-ness count). */
	for (k = 0; k < 65536; k++) {
		uint16_t	h = (uint16_t)k;
		_Float16	x;
		float		want, got;

		memcpy(&x, &h, sizeof h);
		want = (float)x;
		bits = dtype_f16_bits(h);
		memcpy(&got, &bits, sizeof got);
		if (isnan(want))
			assert_true(isnan(got) && !signbit(got) ==
			    !signbit(want));
		else if (memcmp(&got, &want, sizeof got) != 0)
			fail_msg("f16 0x%04x: %a, _Float16 says %a", k,
			    (double)got, (double)want);
	}
#endif
}

static void
test_bf16(void **state)
{
	static const uint16_t	in[] = {
		0x0000, 0x8000, 0x3f80, 0xc000, 0x0001, 0x7f7f,
		0x7f80, 0xff80, 0x7fc0, 0xff81, 0x3eaa
	};
	uint32_t		bits;
	float			f;
	size_t			i;

	(void)state;
	for (i = 0; i < sizeof in / sizeof *in; i++)
		assert_int_equal(dtype_bf16_bits(in[i]),
		    (uint32_t)in[i] << 16);
	bits = dtype_bf16_bits(0x3f80);
	memcpy(&f, &bits, sizeof f);
	assert_true(f == 1.0f);
	bits = dtype_bf16_bits(0xc0a0);
	memcpy(&f, &bits, sizeof f);
	assert_true(f == -5.0f);
	bits = dtype_bf16_bits(0x0001);		/* a subnormal */
	memcpy(&f, &bits, sizeof f);
	assert_true(f == 0x1p-133f);
	bits = dtype_bf16_bits(0xff81);	/* NaN, payload kept */
	memcpy(&f, &bits, sizeof f);
	assert_true(isnan(f) && signbit(f));
	assert_int_equal(bits, 0xff810000);
}

/* safetensors_to_f32 reads bytes at any alignment and checks its range. */
static void
test_to_f32(void **state)
{
	unsigned char		buf[1 + 6 * 4];
	struct st_tensor	t;
	float			out[6], one = 1.0f, three = -3.0f;

	(void)state;
	memset(&t, 0, sizeof t);
	/* F16 1, -2, 0.5 at an odd address. */
	memcpy(buf + 1, "\x00\x3c\x00\xc0\x00\x38", 6);
	t.dtype = DTYPE_F16;
	t.data = buf + 1;
	t.nbytes = 6;
	assert_int_equal(safetensors_to_f32(&t, 0, 3, out), 0);
	assert_true(out[0] == 1.0f && out[1] == -2.0f && out[2] == 0.5f);
	assert_int_equal(safetensors_to_f32(&t, 1, 2, out), 0);
	assert_true(out[0] == -2.0f && out[1] == 0.5f);
	assert_int_equal(safetensors_to_f32(&t, 2, 2, out), -1);
	assert_int_equal(safetensors_to_f32(&t, 4, 0, out), -1);
	t.dtype = DTYPE_BF16;
	assert_int_equal(safetensors_to_f32(&t, 0, 1, out), 0);
	assert_int_equal(safetensors_to_f32(&t, 3, 0, out), 0);
	memcpy(buf + 1, &one, 4);
	memcpy(buf + 5, &three, 4);
	t.dtype = DTYPE_F32;
	t.nbytes = 8;
	assert_int_equal(safetensors_to_f32(&t, 0, 2, out), 0);
	assert_true(out[0] == 1.0f && out[1] == -3.0f);
	/* F64 -0.25 (0xbfd0000000000000), rounded to float: exact here. */
	memcpy(buf + 1, "\x00\x00\x00\x00\x00\x00\xd0\xbf", 8);
	t.dtype = DTYPE_F64;
	assert_int_equal(safetensors_to_f32(&t, 0, 1, out), 0);
	assert_true(out[0] == -0.25f);
	assert_int_equal(safetensors_to_f32(&t, 1, 1, out), -1);
	t.dtype = DTYPE_I8;
	assert_int_equal(safetensors_to_f32(&t, 0, 1, out), -1);
}

/* ---- checkpoints written here --------------------------------------- */

/* A one-layer GPT-2: 16 tensors, D 8, 2 heads, F 16. */
static void
make_config(struct config *c, const char *file)
{
	memset(c, 0, sizeof *c);
	c->path = (char *)"test.yaml";
	c->model.name = (char *)"test";
	c->model.family = FAMILY_GPT2;
	c->model.vocab_size = 10;
	c->model.max_seq = 6;
	c->model.d_model = 8;
	c->model.n_layers = 1;
	c->model.n_heads = 2;
	c->model.n_kv_heads = 2;
	c->model.d_head = 4;
	c->model.d_ff = 16;
	c->model.norm = NORM_LAYERNORM;
	c->model.norm_eps = 1e-5;
	c->model.activation = ACT_GELU_TANH;
	c->model.position = POS_LEARNED;
	c->model.mask = MASK_CAUSAL;
	c->model.bias = 1;
	c->weights.source = WEIGHTS_FILE;
	c->weights.file = (char *)file;
}

/*
 * Element k of the tensor numbered t: a quarter-integer in [-2, 2],
 * exact in F16, BF16, F32 and F64, different between tensors.
 */
static float
value_of(size_t t, size_t k)
{
	return (float)((int)((k + 3 * t) % 17) - 8) * 0.25f;
}

struct out_tensor {
	char		name[128];
	enum dtype	dtype;
	int		rank;
	int64_t		shape[2];
	size_t		number;		/* for value_of */
};

struct writer {
	struct out_tensor	t[MAX_TENSORS];
	size_t			n;
};

/* Exact F16 bits of the small quarter-integers value_of makes. */
static uint16_t
f16_of(float v)
{
	uint16_t	sign = v < 0 ? 0x8000 : 0;
	int		e;
	float		m;

	if (v == 0)
		return sign;
	m = frexpf(fabsf(v), &e);	/* v = m 2^e, m in [0.5, 1) */
	return (uint16_t)(sign | (uint16_t)(e - 1 + 15) << 10 |
	    (uint16_t)((m * 2 - 1) * 1024));
}

static int
write_values(void *ctx, size_t index, FILE *fp, struct error *err)
{
	const struct out_tensor	*t = &((struct writer *)ctx)->t[index];
	size_t			 n = (size_t)t->shape[0], k;
	unsigned char		 b[8];
	uint32_t		 u;
	uint16_t		 h;
	double			 d;
	float			 v;
	int			 i, size;

	(void)err;
	if (t->rank == 2)
		n *= (size_t)t->shape[1];
	for (k = 0; k < n; k++) {
		v = value_of(t->number, k);
		memcpy(&u, &v, 4);
		switch (t->dtype) {
		case DTYPE_F16:
			h = f16_of(v);
			b[0] = (unsigned char)h;
			b[1] = (unsigned char)(h >> 8);
			size = 2;
			break;
		case DTYPE_BF16:
			b[0] = (unsigned char)(u >> 16);
			b[1] = (unsigned char)(u >> 24);
			size = 2;
			break;
		case DTYPE_F64:
			d = v;
			memcpy(b, &d, 8);
			size = 8;
			break;
		case DTYPE_I8:
			b[0] = (unsigned char)(int)(v * 4);
			size = 1;
			break;
		default:
			for (i = 0; i < 4; i++)
				b[i] = (unsigned char)(u >> 8 * i);
			size = 4;
			break;
		}
		if (fwrite(b, 1, (size_t)size, fp) != (size_t)size)
			return -1;
	}
	return 0;
}

/* The plan's tensors of c, all as dtype, named prefix + name. */
static void
writer_plan(struct writer *wr, const struct config *c, const char *prefix,
    enum dtype dtype)
{
	char	name[128];
	size_t	i, n = weights_count(c);

	memset(wr, 0, sizeof *wr);
	assert_true(n > 0 && n <= MAX_TENSORS);
	for (i = 0; i < n; i++) {
		struct out_tensor *t = &wr->t[wr->n++];

		assert_int_equal(weights_describe(c, i, name, sizeof name,
		    &t->rank, t->shape), 0);
		snprintf(t->name, sizeof t->name, "%s%s", prefix, name);
		t->dtype = dtype;
		t->number = i;
	}
}

static struct out_tensor *
writer_get(struct writer *wr, const char *name)
{
	size_t	i;

	for (i = 0; i < wr->n; i++)
		if (strcmp(wr->t[i].name, name) == 0)
			return &wr->t[i];
	fail_msg("no tensor %s", name);
	return NULL;
}

static void
writer_add(struct writer *wr, const char *name, enum dtype dtype,
    int64_t d0)
{
	struct out_tensor	*t = &wr->t[wr->n++];

	assert_true(wr->n <= MAX_TENSORS);
	memset(t, 0, sizeof *t);
	snprintf(t->name, sizeof t->name, "%s", name);
	t->dtype = dtype;
	t->rank = 1;
	t->shape[0] = d0;
	t->number = 99;
}

/* Write tensors [from, to) of wr to path. */
static void
writer_save(const struct writer *wr, size_t from, size_t to,
    const char *path)
{
	struct st_out_tensor	out[MAX_TENSORS];
	struct writer		sub;
	struct error		err = { 0 };
	size_t			i;

	memset(&sub, 0, sizeof sub);
	for (i = from; i < to; i++) {
		sub.t[sub.n] = wr->t[i];
		memset(&out[sub.n], 0, sizeof out[sub.n]);
		out[sub.n].name = sub.t[sub.n].name;
		out[sub.n].dtype = sub.t[sub.n].dtype;
		out[sub.n].rank = sub.t[sub.n].rank;
		out[sub.n].shape[0] = sub.t[sub.n].shape[0];
		out[sub.n].shape[1] = sub.t[sub.n].shape[1];
		sub.n++;
	}
	ok(safetensors_write(path, out, sub.n, NULL, NULL, 0, write_values,
	    &sub, &err), &err);
}

/*
 * Element k of a matrix as loaded: float, or F16 / BF16 left as the file
 * holds it (matrices are), widened here by dtype_widen.
 */
static float
matrix_at(const float *f, const void *h, enum dtype dtype, int64_t k)
{
	float	v;

	if (f != NULL)
		return f[k];
	assert_non_null(h);
	assert_int_equal(dtype_widen(dtype, (const char *)h + k * 2, 1, &v),
	    0);
	return v;
}

/* Every loaded tensor holds value_of(its number, k), whatever its dtype. */
static void
check_values(const struct config *c, const struct weights *w)
{
	const struct weights_layer	*ly = &w->layers[0];
	int64_t				 k;

	/* Plan order: wte 0, wpe 1, ln_1 2-3, c_attn 4-5, c_proj 6-7,
	   ln_2 8-9, c_fc 10-11, mlp.c_proj 12-13, ln_f 14-15. */
	for (k = 0; k < c->model.vocab_size * 8; k++)
		assert_true(matrix_at(w->tok_embed, w->tok_embed16,
		    w->tok_dtype, k) == value_of(0, (size_t)k));
	for (k = 0; k < 8 * 24; k++)
		assert_true(matrix_at(ly->q.w, ly->q.w16, ly->q.dtype, k) ==
		    value_of(4, (size_t)k));
	/* k and v: c_attn's column blocks after q's 8. */
	for (k = 0; k < 8; k++) {
		assert_true(matrix_at(ly->k.w, ly->k.w16, ly->k.dtype, k) ==
		    value_of(4, (size_t)k + 8));
		assert_true(matrix_at(ly->v.w, ly->v.w16, ly->v.dtype, k) ==
		    value_of(4, (size_t)k + 16));
	}
	for (k = 0; k < 24; k++)
		assert_true(ly->q.b[k] == value_of(5, (size_t)k));
	for (k = 0; k < 16 * 8; k++)
		assert_true(matrix_at(ly->proj.w, ly->proj.w16, ly->proj.dtype,
		    k) == value_of(12, (size_t)k));
	for (k = 0; k < 8; k++)
		assert_true(w->final_norm.b[k] == value_of(15, (size_t)k));
}

struct dir {
	char	path[64];
	char	file[128];
	char	shard[2][128];
	char	index[128];
};

static void
dir_make(struct dir *d)
{
	snprintf(d->path, sizeof d->path, "/tmp/attntui-weights-XXXXXX");
	assert_non_null(mkdtemp(d->path));
	snprintf(d->file, sizeof d->file, "%s/model.safetensors", d->path);
	snprintf(d->shard[0], sizeof d->shard[0],
	    "%s/model-00001-of-00002.safetensors", d->path);
	snprintf(d->shard[1], sizeof d->shard[1],
	    "%s/model-00002-of-00002.safetensors", d->path);
	snprintf(d->index, sizeof d->index,
	    "%s/model.safetensors.index.json", d->path);
}

static void
dir_remove(struct dir *d)
{
	unlink(d->file);
	unlink(d->shard[0]);
	unlink(d->shard[1]);
	unlink(d->index);
	assert_int_equal(rmdir(d->path), 0);
}

static void
load_fails(const struct config *c, const char *message)
{
	struct weights	w;
	struct error	err = { 0 };

	assert_int_equal(weights_load(c, NULL, &w, &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	if (strcmp(err.message, message) != 0)
		fail_msg("message \"%s\", expected \"%s\"", err.message,
		    message);
	error_clear(&err);
}

/* F16 and BF16, with and without prefixes, beside F32 left unaligned. */
static void
test_file_dtypes(void **state)
{
	struct dir	d;
	struct config	c;
	struct weights	w;
	struct writer	wr;
	struct error	err = { 0 };

	(void)state;
	dir_make(&d);
	make_config(&c, d.file);

	/* F16 as GPT2LMHeadModel saves it: "transformer.", lm_head. */
	writer_plan(&wr, &c, "transformer.", DTYPE_F16);
	writer_add(&wr, "lm_head.weight", DTYPE_F16, 80);
	writer_save(&wr, 0, wr.n, d.file);
	ok(weights_load(&c, NULL, &w, &err), &err);
	check_values(&c, &w);
	/* Matrices stay F16 in the mapping; converted vectors live in the
	   arena, each on a cache line. */
	assert_null(w.layers[0].q.w);
	assert_int_equal(w.layers[0].q.dtype, DTYPE_F16);
	assert_int_equal(w.tok_dtype, DTYPE_F16);
	assert_true((const char *)w.layers[0].q.w16 >=
	    (const char *)w.files[0].file.data);
	assert_true(w.layers[0].q.b >= w.arena);
	assert_int_equal((uintptr_t)w.layers[0].q.b % 64, 0);
	assert_int_equal((uintptr_t)w.final_norm.b % 64, 0);
	weights_free(&w);

	/* BF16 with "model.", and no prefix. */
	writer_plan(&wr, &c, "model.", DTYPE_BF16);
	writer_save(&wr, 0, wr.n, d.file);
	ok(weights_load(&c, NULL, &w, &err), &err);
	check_values(&c, &w);
	weights_free(&w);
	writer_plan(&wr, &c, "", DTYPE_BF16);
	writer_save(&wr, 0, wr.n, d.file);
	ok(weights_load(&c, NULL, &w, &err), &err);
	check_values(&c, &w);
	weights_free(&w);

	/* F32 after a 2-byte BF16 tensor: every F32 tensor is misaligned
	   in the file and must be copied; "bert." as prefix. */
	memset(&wr, 0, sizeof wr);
	writer_add(&wr, "bert.aaa", DTYPE_BF16, 1);
	{
		struct writer	rest;
		size_t		i;

		writer_plan(&rest, &c, "bert.", DTYPE_F32);
		for (i = 0; i < rest.n; i++)
			wr.t[wr.n++] = rest.t[i];
	}
	writer_get(&wr, "bert.h.0.ln_2.bias")->dtype = DTYPE_F16;
	writer_save(&wr, 0, wr.n, d.file);
	ok(weights_load(&c, NULL, &w, &err), &err);
	check_values(&c, &w);
	assert_int_equal((uintptr_t)w.tok_embed % 64, 0);
	assert_true(w.tok_embed >= w.arena);
	weights_free(&w);

	/* Aligned F32 stays where it is mapped: nothing in the arena. */
	writer_plan(&wr, &c, "", DTYPE_F32);
	writer_save(&wr, 0, wr.n, d.file);
	ok(weights_load(&c, NULL, &w, &err), &err);
	check_values(&c, &w);
	assert_null(w.arena);
	assert_int_equal(w.n_files, 1);
	weights_free(&w);
	dir_remove(&d);
}

/* Refused: other dtypes, shapes, mixed and doubled prefixes, missing. */
static void
test_file_errors(void **state)
{
	struct dir	d;
	struct config	c;
	struct writer	wr;
	struct weights	w;
	struct error	err = { 0 };

	(void)state;
	dir_make(&d);
	make_config(&c, d.file);

	writer_plan(&wr, &c, "transformer.", DTYPE_BF16);
	writer_get(&wr, "transformer.h.0.attn.c_attn.weight")->dtype = DTYPE_F64;
	writer_save(&wr, 0, wr.n, d.file);
	load_fails(&c, "tensor 'h.0.attn.c_attn.weight': dtype F64 is not "
	    "supported, expected F32, F16 or BF16");

	writer_plan(&wr, &c, "", DTYPE_F16);
	writer_get(&wr, "h.0.mlp.c_fc.bias")->dtype = DTYPE_I8;
	writer_save(&wr, 0, wr.n, d.file);
	load_fails(&c, "tensor 'h.0.mlp.c_fc.bias': dtype I8 is not "
	    "supported, expected F32, F16 or BF16");

	writer_plan(&wr, &c, "", DTYPE_F16);
	writer_get(&wr, "h.0.mlp.c_fc.weight")->shape[1] = 12;
	writer_save(&wr, 0, wr.n, d.file);
	load_fails(&c, "tensor 'h.0.mlp.c_fc.weight': expected shape [8, 16], "
	    "found [8, 12]");

	writer_plan(&wr, &c, "transformer.", DTYPE_F16);
	snprintf(writer_get(&wr, "transformer.ln_f.bias")->name, 128,
	    "ln_f.bias");
	writer_save(&wr, 0, wr.n, d.file);
	load_fails(&c, "tensor 'ln_f.bias' is named 'ln_f.bias', but the "
	    "other tensors have the prefix 'transformer.': expected one "
	    "prefix throughout");

	writer_plan(&wr, &c, "", DTYPE_F16);
	snprintf(writer_get(&wr, "wpe.weight")->name, 128, "model.wpe.weight");
	writer_save(&wr, 0, wr.n, d.file);
	load_fails(&c, "tensor 'wpe.weight' is named 'model.wpe.weight', but "
	    "the other tensors have no prefix: expected one prefix "
	    "throughout");

	writer_plan(&wr, &c, "", DTYPE_F16);
	writer_add(&wr, "transformer.wte.weight", DTYPE_F16, 80);
	writer_save(&wr, 0, wr.n, d.file);
	/* The duplicate's shape does not matter: it is refused by name. */
	load_fails(&c, "tensor 'wte.weight' is present both as 'wte.weight' "
	    "and as 'transformer.wte.weight', expected one naming");

	writer_plan(&wr, &c, "model.", DTYPE_BF16);
	wr.n--;				/* ln_f.bias */
	writer_save(&wr, 0, wr.n, d.file);
	load_fails(&c, "tensor 'ln_f.bias' [8] is missing (as "
	    "'model.ln_f.bias')");

	/* A file that is not there is a usage error naming it. */
	unlink(d.file);
	assert_int_equal(weights_load(&c, NULL, &w, &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	assert_string_equal(err.file, d.file);
	error_clear(&err);
	dir_remove(&d);
}

static void
write_text(const char *path, const char *text)
{
	FILE	*fp;

	assert_non_null(fp = fopen(path, "w"));
	assert_true(fputs(text, fp) >= 0);
	assert_int_equal(fclose(fp), 0);
}

/* An index for wr's tensors, [0, half) in shard 1, the rest in shard 2;
 * skip (if not NULL) left out of the map, moved (if not NULL) put in
 * shard 1 although it is in shard 2. */
static void
write_index(const struct dir *d, const struct writer *wr, size_t half,
    const char *skip, const char *moved, const char *shard2)
{
	char	text[8192];
	size_t	i, off;
	int	first = 1;

	off = (size_t)snprintf(text, sizeof text,
	    "{\n  \"metadata\": {\"total_size\": 1234},\n"
	    "  \"weight_map\": {\n");
	for (i = 0; i < wr->n; i++) {
		if (skip != NULL && strcmp(wr->t[i].name, skip) == 0)
			continue;
		off += (size_t)snprintf(text + off, sizeof text - off,
		    "%s    \"%s\": \"%s\"", first ? "" : ",\n",
		    wr->t[i].name, i < half || (moved != NULL &&
		    strcmp(wr->t[i].name, moved) == 0) ?
		    "model-00001-of-00002.safetensors" : shard2);
		assert_true(off < sizeof text);
		first = 0;
	}
	snprintf(text + off, sizeof text - off, "\n  }\n}\n");
	write_text(d->index, text);
}

static void
test_sharded(void **state)
{
	struct dir	 d;
	struct config	 c;
	struct writer	 wr;
	struct weights	 w;
	struct error	 err = { 0 };
	const char	*s2 = "model-00002-of-00002.safetensors";
	char		 other[160];
	size_t		 half;

	(void)state;
	dir_make(&d);
	make_config(&c, d.index);
	writer_plan(&wr, &c, "transformer.", DTYPE_BF16);
	writer_add(&wr, "lm_head.weight", DTYPE_F32, 80);
	half = wr.n / 2;
	writer_save(&wr, 0, half, d.shard[0]);
	writer_save(&wr, half, wr.n, d.shard[1]);

	write_index(&d, &wr, half, NULL, NULL, s2);
	ok(weights_load(&c, NULL, &w, &err), &err);
	check_values(&c, &w);
	assert_int_equal(w.n_files, 2);
	weights_free(&w);

	/* Found by its content when the name does not end in .json. */
	snprintf(other, sizeof other, "%s/checkpoint.index", d.path);
	assert_int_equal(rename(d.index, other), 0);
	c.weights.file = other;
	ok(weights_load(&c, NULL, &w, &err), &err);
	check_values(&c, &w);
	weights_free(&w);
	assert_int_equal(rename(other, d.index), 0);
	c.weights.file = d.index;

	/* A tensor the map leaves out. */
	write_index(&d, &wr, half, "transformer.h.0.mlp.c_proj.bias", NULL,
	    s2);
	load_fails(&c, "tensor 'h.0.mlp.c_proj.bias' [8] is missing from the "
	    "weight_map (as 'transformer.h.0.mlp.c_proj.bias')");

	/* A map entry whose shard lacks the tensor. */
	write_index(&d, &wr, half, NULL, "transformer.ln_f.weight", s2);
	load_fails(&c, "weight_map puts tensor 'transformer.ln_f.weight' in "
	    "'model-00001-of-00002.safetensors', which has no such tensor");

	/* A shard that is not there: a usage error naming the shard and
	   what the index wanted from it. */
	write_index(&d, &wr, half, NULL, NULL,
	    "model-00002-of-00003.safetensors");
	assert_int_equal(weights_load(&c, NULL, &w, &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	assert_non_null(strstr(err.file, "/model-00002-of-00003.safetensors"));
	assert_non_null(strstr(err.message, "No such file or directory"));
	assert_non_null(strstr(err.message, "a shard named by "
	    "model.safetensors.index.json for 'lm_head.weight' and 8 more"));
	error_clear(&err);

	/* A shard outside the index's directory. */
	write_index(&d, &wr, half, NULL, NULL, "../x.safetensors");
	assert_int_equal(weights_load(&c, NULL, &w, &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	assert_string_equal(err.file, d.index);
	assert_non_null(strstr(err.message, "expected a shard's file name"));
	error_clear(&err);

	/* A malformed shard is refused as a single file would be. */
	write_text(d.shard[1], "not a safetensors file");
	write_index(&d, &wr, half, NULL, NULL, s2);
	assert_int_equal(weights_load(&c, NULL, &w, &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	assert_string_equal(err.file, d.shard[1]);
	assert_non_null(strstr(err.message, "safetensors: header length"));
	error_clear(&err);

	/* Indexes that are not one. */
	write_text(d.index, "{\"weight_map\": []}");
	load_fails(&c, "safetensors index: weight_map is an array, expected "
	    "an object mapping tensor names to shard files");
	write_text(d.index, "{\"metadata\": {}}");
	load_fails(&c, "safetensors index: weight_map is missing, expected "
	    "an object mapping tensor names to shard files");
	write_text(d.index, "{\"weight_map\": {}}");
	load_fails(&c, "safetensors index: weight_map is empty, expected at "
	    "least one tensor");
	write_text(d.index, "{\"weight_map\": {\"a\": 3}}");
	load_fails(&c, "safetensors index: weight_map[\"a\"] is an integer, "
	    "expected a shard's file name in the index's directory");
	write_text(d.index, "{\"weight_map\": {\"a\": \"x\", \"a\": \"y\"}}");
	assert_int_equal(weights_load(&c, NULL, &w, &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	assert_non_null(strstr(err.message, "not valid JSON"));
	assert_non_null(strstr(err.message, "duplicate"));
	/* Where jansson stopped: the end of the second "a", 1:29. */
	assert_int_equal(err.line, 1);
	assert_int_equal(err.column, 29);
	error_clear(&err);
	write_text(d.index, "[1, 2]");
	load_fails(&c, "safetensors index: top level is an array, expected an "
	    "object with a \"weight_map\"");
	dir_remove(&d);
}

/* The forward pass of c on its file, every probability and the hidden
   state, into probs (layers x heads x T x T) and hidden (T x D). */
static void
forward_of(const struct config *c, float *probs, float *hidden)
{
	struct weights		 w;
	struct tokens		 tok;
	struct forward_result	 r;
	struct error		 err = { 0 };
	int64_t			 ids[5] = { 3, 1, 4, 1, 5 }, l, h;
	int64_t			 T = 5, H = c->model.n_heads;

	memset(&tok, 0, sizeof tok);
	tok.ids = ids;
	tok.n = (size_t)T;
	ok(weights_load(c, NULL, &w, &err), &err);
	ok(forward_run(c, &w, &tok, NULL, &r, &err), &err);
	for (l = 0; l < c->model.n_layers; l++)
		for (h = 0; h < H; h++)
			ok(store_head(r.store, l, h, probs + (l * H + h) * T * T,
			    &err), &err);
	memcpy(hidden, r.hidden, (size_t)(T * c->model.d_model) *
	    sizeof *hidden);
	forward_result_free(&r);
	weights_free(&w);
}

/*
 * Matrices of several dtypes in one checkpoint, some F16 and BF16 kept as
 * the file holds them and widened where the pass uses them, against the
 * same values all in F32: the same numbers (value_of's quarter-integers
 * are exact in every dtype).  The widened tiles take all rows instead of
 * 512, which changes no sum at T = 5: equal to the bit.
 */
static void
test_mixed_forward(void **state)
{
	struct dir	d;
	struct config	c;
	struct writer	wr;
	float		p32[2 * 2 * 25], p16[2 * 2 * 25], h32[40], h16[40];

	(void)state;
	dir_make(&d);
	make_config(&c, d.file);
	c.model.n_layers = 2;
	writer_plan(&wr, &c, "transformer.", DTYPE_F32);
	writer_save(&wr, 0, wr.n, d.file);
	forward_of(&c, p32, h32);
	writer_get(&wr, "transformer.wte.weight")->dtype = DTYPE_BF16;
	writer_get(&wr, "transformer.h.0.attn.c_attn.weight")->dtype =
	    DTYPE_BF16;
	writer_get(&wr, "transformer.h.1.mlp.c_fc.weight")->dtype = DTYPE_F16;
	writer_get(&wr, "transformer.h.1.attn.c_proj.weight")->dtype =
	    DTYPE_BF16;
	writer_save(&wr, 0, wr.n, d.file);
	forward_of(&c, p16, h16);
	assert_memory_equal(p32, p16, sizeof p32);
	assert_memory_equal(h32, h16, sizeof h32);
	dir_remove(&d);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(test_f16_table),
		cmocka_unit_test(test_bf16),
		cmocka_unit_test(test_to_f32),
		cmocka_unit_test(test_file_dtypes),
		cmocka_unit_test(test_file_errors),
		cmocka_unit_test(test_sharded),
		cmocka_unit_test(test_mixed_forward),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
