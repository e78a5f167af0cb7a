/*
 * test_io.c - safetensors, .npy and outfile: reading files written by an
 * independent implementation (numpy, and tests/io/make_fixtures.py's
 * hand-written safetensors), writing files byte-identical to them, round
 * trips, atomic failure, and the malformed corpus in tests/io/bad/ with
 * each file's exact message and status.
 */
#include "build-config.h"

#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>


#include "attntui/io/npy.h"
#include "attntui/io/outfile.h"
#include "attntui/io/safetensors.h"
#include "attntui/io/safetensors_write.h"

#include "scratch.h"

#define FIXTURE(name)	SRCDIR "/tests/io/" name
#define BAD_DIR		SRCDIR "/tests/io/bad"

/* ---- helpers ------------------------------------------------------------ */

static void
assert_same_file(const char *a, const char *b)
{
	unsigned char	*x, *y;
	size_t		 nx, ny;

	x = scratch_read(a, &nx);
	y = scratch_read(b, &ny);
	assert_int_equal(nx, ny);
	assert_memory_equal(x, y, nx);
	free(x);
	free(y);
}

static float
f32_at(const void *data, size_t i)
{
	float	f;

	memcpy(&f, (const char *)data + 4 * i, 4);	/* may be unaligned */
	return f;
}

/* ---- safetensors: reading ----------------------------------------------- */

/*
 * small.safetensors: written by make_fixtures.py with Python's json,
 * which escapes the emoji as the surrogate pair "\ud83d\ude00".
 */
static void
test_st_read_small(void **state)
{
	struct safetensors	 st;
	struct error		 err = { 0 };
	const struct st_tensor	*t;
	const char		*names[] = { "a", "b", "c", "empty", "scalar" };
	uint16_t		 h;
	int64_t			 i64;
	size_t			 i;

	(void)state;
	assert_int_equal(safetensors_open(FIXTURE("small.safetensors"), &st,
	    &err), 0);
	assert_int_equal(st.n_tensors, 5);
	for (i = 0; i < 5; i++)		/* data order */
		assert_string_equal(st.tensors[i].name, names[i]);

	assert_non_null(t = safetensors_find(&st, "a"));
	assert_int_equal(t->dtype, DTYPE_F32);
	assert_int_equal(t->rank, 2);
	assert_int_equal(t->shape[0], 2);
	assert_int_equal(t->shape[1], 3);
	assert_int_equal(t->nbytes, 24);
	for (i = 0; i < 6; i++)
		assert_true(f32_at(t->data, i) == (float)i * 0.5f - 1.0f);

	assert_non_null(t = safetensors_find(&st, "b"));
	assert_int_equal(t->dtype, DTYPE_F16);
	assert_int_equal(t->nbytes, 8);
	memcpy(&h, (const char *)t->data + 6, 2);
	assert_int_equal(h, 0x7bff);	/* 65504, the largest half */
	memcpy(&h, (const char *)t->data + 2, 2);
	assert_int_equal(h, 0xc000);	/* -2 */

	assert_non_null(t = safetensors_find(&st, "c"));
	assert_int_equal(t->dtype, DTYPE_I64);
	memcpy(&i64, (const char *)t->data + 8, 8);
	assert_true(i64 == (int64_t)1 << 40);

	assert_non_null(t = safetensors_find(&st, "empty"));
	assert_int_equal(t->rank, 2);
	assert_int_equal(t->shape[0], 0);
	assert_int_equal(t->nbytes, 0);

	assert_non_null(t = safetensors_find(&st, "scalar"));
	assert_int_equal(t->rank, 0);
	assert_int_equal(t->nbytes, 4);
	assert_true(f32_at(t->data, 0) == 7.25f);

	assert_null(safetensors_find(&st, "nope"));
	assert_int_equal(st.n_meta, 2);
	assert_string_equal(safetensors_meta(&st, "model"),
	    "tiny \xf0\x9f\x98\x80");
	/* A JSON array inside a string: its escapes stay as text. */
	assert_string_equal(safetensors_meta(&st, "tokens"),
	    "[\"Hi\", \" there\", \"\\ud83d\\ude00\"]");
	assert_null(safetensors_meta(&st, "nope"));
	safetensors_close(&st);
	safetensors_close(&st);		/* closing twice is safe */
}

/* Build a file in memory: length, header padded to 8, data. */
static size_t
st_buffer(unsigned char *buf, size_t len, const char *header,
    const void *data, size_t ndata)
{
	size_t	n = strlen(header), pad = (8 - n % 8) % 8, i;

	assert_true(8 + n + pad + ndata <= len);
	for (i = 0; i < 8; i++)
		buf[i] = (unsigned char)((uint64_t)(n + pad) >> (8 * i));
	memcpy(buf + 8, header, n);
	memset(buf + 8 + n, ' ', pad);
	if (ndata > 0)
		memcpy(buf + 8 + n + pad, data, ndata);
	return 8 + n + pad + ndata;
}

/* libyaml refuses surrogate-pair escapes; jansson must not. */
static void
test_st_surrogate_pair(void **state)
{
	struct safetensors	st;
	struct error		err = { 0 };
	unsigned char		buf[256];
	size_t			n;

	(void)state;
	n = st_buffer(buf, sizeof buf,
	    "{\"__metadata__\":{\"e\":\"x\\ud83d\\ude00y\"}}", NULL, 0);
	assert_int_equal(safetensors_open_buffer("mem", buf, n, &st, &err),
	    0);
	assert_int_equal(st.n_tensors, 0);
	assert_string_equal(safetensors_meta(&st, "e"),
	    "x\xf0\x9f\x98\x80y");
	safetensors_close(&st);

	/* A lone high surrogate is not a character. */
	n = st_buffer(buf, sizeof buf,
	    "{\"__metadata__\":{\"e\":\"\\ud83d\"}}", NULL, 0);
	assert_int_equal(safetensors_open_buffer("mem", buf, n, &st, &err),
	    -1);
	assert_int_equal(err.status, EXIT_USAGE);
	assert_string_equal(err.file, "mem");
	assert_non_null(strstr(err.message, "not valid JSON"));
	error_clear(&err);
}

/* Things the reference format allows that a reader could trip on. */
static void
test_st_buffer_edges(void **state)
{
	struct safetensors	 st;
	struct error		 err = { 0 };
	unsigned char		 buf[256];
	const float		 v[2] = { 1.5f, -2.0f };
	const struct st_tensor	*t;
	size_t			 n;

	(void)state;
	/* Null metadata, a hole before the data, trailing bytes. */
	n = st_buffer(buf, sizeof buf, "{\"__metadata__\":null,"
	    "\"x\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[4,8]},"
	    "\"z\":{\"dtype\":\"F8_E5M2\",\"shape\":[0,5],"
	    "\"data_offsets\":[8,8]}}", v, sizeof v);
	assert_int_equal(safetensors_open_buffer("mem", buf, n, &st, &err),
	    0);
	assert_int_equal(st.n_meta, 0);
	assert_non_null(t = safetensors_find(&st, "x"));
	assert_int_equal(t->dtype, DTYPE_BF16);
	assert_memory_equal(t->data, &v[1], 4);
	assert_non_null(t = safetensors_find(&st, "z"));
	assert_int_equal(t->nbytes, 0);
	safetensors_close(&st);

	/* Empty input and a header that is only "{}". */
	assert_int_equal(safetensors_open_buffer("mem", "", 0, &st, &err), -1);
	assert_string_equal(err.message, "safetensors: file is 0 bytes, "
	    "expected at least 8 (the header length)");
	n = st_buffer(buf, sizeof buf, "{}", NULL, 0);
	assert_int_equal(safetensors_open_buffer("mem", buf, n, &st, &err), 0);
	assert_int_equal(st.n_tensors, 0);
	safetensors_close(&st);
	error_clear(&err);
}

static void
test_st_open_missing(void **state)
{
	struct safetensors	st;
	struct error		err = { 0 };

	(void)state;
	assert_int_equal(safetensors_open(scratch_path("absent.safetensors"),
	    &st, &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	assert_string_equal(err.message, "No such file or directory");
	assert_int_equal(safetensors_open(scratch_dir(), &st, &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	error_clear(&err);
}

static void
test_st_dtypes(void **state)
{
	enum dtype	d;
	int		i;

	(void)state;
	for (i = DTYPE_F32; i <= DTYPE_F8_E5M2; i++) {
		assert_int_equal(dtype_from_name(
		    dtype_name((enum dtype)i), &d), 0);
		assert_int_equal(d, i);
	}
	assert_int_equal(dtype_size(DTYPE_BF16), 2);
	assert_int_equal(dtype_size(DTYPE_I64), 8);
	assert_int_equal(dtype_size(DTYPE_BOOL), 1);
	assert_int_equal(dtype_from_name("f32", &d), -1);
	assert_null(dtype_name((enum dtype)99));
	assert_int_equal(dtype_size((enum dtype)99), 0);
}

/*
 * The first element that is Inf or NaN, by IEEE 754's bit patterns
 * written here by hand, at every place of arrays of every length to 19
 * (a tail that is not a whole 8 bytes), among values that come close:
 * the largest finite, a negative one, the smallest subnormal, -0.
 */
static void
nonfinite_case(enum dtype d, const uint64_t *fine, size_t n_fine,
    const uint64_t *bad, size_t n_bad)
{
	unsigned char	buf[19 * 8];
	size_t		size = dtype_size(d), n, at, k, b, i;

	for (n = 0; n <= 19; n++) {
		for (i = 0; i < n; i++)
			memcpy(buf + i * size, &fine[i % n_fine], size);
		assert_int_equal(dtype_first_nonfinite(d, buf, n), n);
		for (at = 0; at < n; at++)
			for (b = 0; b < n_bad; b++) {
				memcpy(buf + at * size, &bad[b], size);
				k = dtype_first_nonfinite(d, buf, n);
				assert_int_equal(k, at);
				memcpy(buf + at * size, &fine[at % n_fine],
				    size);
			}
	}
}

static void
test_dtype_first_nonfinite(void **state)
{
	/* Little-endian hosts: the low bytes of each pattern are used. */
	static const uint64_t	f32_fine[] = { 0x7f7fffff, 0xff7fffff,
				    0x00000001, 0x80000000, 0x3f800000 };
	static const uint64_t	f32_bad[] = { 0x7f800000, 0xff800000,
				    0x7fc00000, 0x7f800001, 0xffffffff };
	static const uint64_t	f16_fine[] = { 0x7bff, 0xfbff, 0x0001,
				    0x8000, 0x3c00 };
	static const uint64_t	f16_bad[] = { 0x7c00, 0xfc00, 0x7e00,
				    0xffff };
	static const uint64_t	bf16_fine[] = { 0x7f7f, 0xff7f, 0x0001,
				    0x8000, 0x3f80 };
	static const uint64_t	bf16_bad[] = { 0x7f80, 0xff80, 0x7fc0,
				    0xffff };
	static const uint64_t	f64_fine[] = { 0x7fefffffffffffffULL,
				    0xffefffffffffffffULL, 1,
				    0x8000000000000000ULL };
	static const uint64_t	f64_bad[] = { 0x7ff0000000000000ULL,
				    0xfff8000000000000ULL };

	(void)state;
	nonfinite_case(DTYPE_F32, f32_fine, 5, f32_bad, 5);
	nonfinite_case(DTYPE_F16, f16_fine, 5, f16_bad, 4);
	nonfinite_case(DTYPE_BF16, bf16_fine, 5, bf16_bad, 4);
	nonfinite_case(DTYPE_F64, f64_fine, 4, f64_bad, 2);
}

/* ---- safetensors: writing ----------------------------------------------- */

struct att_ctx {
	float	a[2][3][3];
	size_t	short_by;	/* bytes to leave out of tensor 1 */
	int	fail;		/* return -1 for tensor 1 */
};

/* Layer 0 is the array, layer 1 the same with the heads reversed. */
static int
att_write(void *ctx, size_t index, FILE *fp, struct error *err)
{
	struct att_ctx	*c = ctx;
	size_t		 h;

	if (index == 1 && c->fail)
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0, "no rows");
	for (h = 0; h < 2; h++) {
		const float	*row = &c->a[index == 0 ? h : 1 - h][0][0];
		size_t		 n = sizeof c->a[0];

		/* Piecewise, as an export of recomputed rows would. */
		if (index == 1 && h == 1)
			n -= c->short_by;
		fwrite(row, 1, n / 2, fp);
		fwrite((const char *)row + n / 2, 1, n - n / 2, fp);
	}
	return 0;
}

static const struct st_out_tensor att_tensors[] = {
	{ "layers.0.attention", DTYPE_F32, 3, { 2, 3, 3 } },
	{ "layers.1.attention", DTYPE_F32, 3, { 2, 3, 3 } },
};
static const char *const att_keys[] = { "tokens", "model" };
static const char *const att_values[] = { "[\"a\",\"b\",\"c\"]", "gpt2" };

static void
att_init(struct att_ctx *c)
{
	size_t	i;

	memset(c, 0, sizeof *c);
	for (i = 0; i < 18; i++)
		(&c->a[0][0][0])[i] = (float)i / 16;
}

/* The writer's bytes equal the hand-written reference layout. */
static void
test_st_write_reference(void **state)
{
	struct att_ctx	 c;
	struct error	 err = { 0 };
	struct stat	 sb;
	const char	*out = scratch_path("att.safetensors");
	mode_t		 mask;

	(void)state;
	att_init(&c);
	assert_int_equal(safetensors_write(out, att_tensors, 2, att_keys,
	    att_values, 2, att_write, &c, &err), 0);
	assert_same_file(out, FIXTURE("expect-write.safetensors"));
	assert_int_equal(scratch_count(), 1);
	/* Not mkstemp's 0600: what a plain fopen would have made. */
	mask = umask(022);
	umask(mask);
	assert_int_equal(stat(out, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0666 & ~mask);
	scratch_empty();
}

static const unsigned char rt_u8[5] = { 1, 2, 3, 4, 255 };
static const uint16_t rt_f16[3] = { 0x3c00, 0x0001, 0xfc00 };
static const double rt_f64 = -1.0 / 3;

static int
rt_write(void *ctx, size_t index, FILE *fp, struct error *err)
{
	(void)ctx;
	(void)err;
	if (index == 0)
		fwrite(rt_u8, 1, sizeof rt_u8, fp);
	else if (index == 1)
		fwrite(rt_f16, 1, sizeof rt_f16, fp);
	else if (index == 3)
		fwrite(&rt_f64, 1, sizeof rt_f64, fp);
	return 0;		/* index 2 is empty */
}

/* Odd sizes, so that later tensors sit at unaligned offsets. */
static void
test_st_roundtrip(void **state)
{
	static const struct st_out_tensor	 t[] = {
		{ "u8 \xc3\xa9", DTYPE_U8, 1, { 5 } },
		{ "half", DTYPE_F16, 2, { 1, 3 } },
		{ "none", DTYPE_I32, 3, { 4, 0, 2 } },
		{ "one", DTYPE_F64, 0, { 0 } },
	};
	const char		*k[] = { "\xf0\x9f\x98\x80" };
	const char		*v[] = { "emoji \xf0\x9f\x98\x80" };
	const char		*out = scratch_path("rt.safetensors");
	struct safetensors	 st;
	struct error		 err = { 0 };
	const struct st_tensor	*r;
	double			 d;

	(void)state;
	assert_int_equal(safetensors_write(out, t, 4, k, v, 1, rt_write, NULL,
	    &err), 0);
	assert_int_equal(safetensors_open(out, &st, &err), 0);
	assert_int_equal(st.n_tensors, 4);
	assert_string_equal(safetensors_meta(&st, k[0]), v[0]);
	assert_non_null(r = safetensors_find(&st, "u8 \xc3\xa9"));
	assert_int_equal(r->dtype, DTYPE_U8);
	assert_memory_equal(r->data, rt_u8, 5);
	assert_non_null(r = safetensors_find(&st, "half"));
	assert_int_equal(r->rank, 2);
	assert_int_equal(r->shape[1], 3);
	assert_memory_equal(r->data, rt_f16, 6);
	assert_non_null(r = safetensors_find(&st, "none"));
	assert_int_equal(r->nbytes, 0);
	assert_int_equal(r->shape[2], 2);
	assert_non_null(r = safetensors_find(&st, "one"));
	assert_int_equal(r->rank, 0);
	memcpy(&d, r->data, 8);
	assert_true(d == rt_f64);
	/* Header padded to 8 bytes, data right after it. */
	assert_int_equal(((const char *)st.tensors[0].data -
	    (const char *)st.file.data) % 8, 0);
	safetensors_close(&st);
	scratch_empty();
}

/*
 * A wrong byte count or a failing callback: error, no file, and a file
 * already at the path left as it was.
 */
static void
test_st_write_fails_atomically(void **state)
{
	struct att_ctx	 c;
	struct error	 err = { 0 };
	const char	*out = scratch_path("att.safetensors");
	unsigned char	*old;
	size_t		 n;

	(void)state;
	att_init(&c);
	c.short_by = 4;
	assert_int_equal(safetensors_write(out, att_tensors, 2, NULL, NULL, 0,
	    att_write, &c, &err), -1);
	assert_int_equal(err.status, EXIT_RUNTIME);
	assert_string_equal(err.file, out);
	assert_string_equal(err.message, "safetensors: tensor "
	    "layers.1.attention: 68 bytes written, expected 72");
	assert_int_equal(scratch_count(), 0);

	scratch_write(out, "old");
	c.short_by = 0;
	c.fail = 1;
	assert_int_equal(safetensors_write(out, att_tensors, 2, NULL, NULL, 0,
	    att_write, &c, &err), -1);
	assert_string_equal(err.message, "no rows");
	assert_int_equal(scratch_count(), 1);
	old = scratch_read(out, &n);
	assert_int_equal(n, 3);
	assert_memory_equal(old, "old", 3);
	free(old);
	scratch_empty();
	error_clear(&err);
}

static void
test_st_write_refuses(void **state)
{
	struct st_out_tensor	 t[2] = {
		{ "x", DTYPE_F32, 1, { 1 } },
		{ "x", DTYPE_F32, 1, { 1 } },
	};
	struct att_ctx		 c;
	struct error		 err = { 0 };
	const char		*out = scratch_path("bad.safetensors");

	(void)state;
	att_init(&c);
	assert_int_equal(safetensors_write(out, t, 2, NULL, NULL, 0,
	    att_write, &c, &err), -1);
	assert_string_equal(err.message, "safetensors: duplicate or reserved "
	    "tensor name x");
	t[1].name = "__metadata__";
	assert_int_equal(safetensors_write(out, t, 2, NULL, NULL, 0,
	    att_write, &c, &err), -1);
	t[1].name = "y";
	t[1].shape[0] = -1;
	assert_int_equal(safetensors_write(out, t, 2, NULL, NULL, 0,
	    att_write, &c, &err), -1);
	assert_string_equal(err.message, "safetensors: tensor y: bad shape");
	t[1].shape[0] = 1;
	t[1].name = "\xff";
	assert_int_equal(safetensors_write(out, t, 2, NULL, NULL, 0,
	    att_write, &c, &err), -1);
	assert_non_null(strstr(err.message, "not valid UTF-8"));
	assert_int_equal(scratch_count(), 0);

	/* A directory that does not exist: an I/O error, status 1. */
	t[1].name = "y";
	assert_int_equal(safetensors_write(scratch_path("no/such.safetensors"),
	    t, 2, NULL, NULL, 0, att_write, &c, &err), -1);
	assert_int_equal(err.status, EXIT_RUNTIME);
	assert_string_equal(err.message, "cannot create: No such file or "
	    "directory");
	error_clear(&err);
}

/* ---- the malformed corpus ----------------------------------------------- */

struct bad_case {
	const char	*file;
	const char	*message;
};

static const struct bad_case st_bad[] = {
	{ "st-control-name.safetensors", "safetensors: tensor "
	    "\"\\x1B[31mred\": unknown dtype \"X\", expected one of F32, F16, "
	    "BF16, F64, I8, I16, I32, I64, U8, U16, U32, U64, BOOL, F8_E4M3 "
	    "or F8_E5M2" },
	{ "st-duplicate.safetensors", "safetensors: header is not valid JSON "
	    "(duplicate object key near '\"a\"', at byte 57 of the header), "
	    "expected a JSON object" },
	{ "st-entry-array.safetensors", "safetensors: tensor \"a\" is an "
	    "array, expected an object with dtype, shape and data_offsets" },
	{ "st-header-beyond.safetensors", "safetensors: header length 1000 "
	    "is beyond the end of the file, expected at most 88" },
	{ "st-header-huge.safetensors", "safetensors: header length "
	    "1099511627776, expected at most 104857600" },
	{ "st-header-tiny.safetensors", "safetensors: header length 1, "
	    "expected at least 2" },
	{ "st-huge-shape.safetensors", "safetensors: tensor \"a\": shape has "
	    "more than 2^63 elements, expected fewer" },
	{ "st-meta-array.safetensors", "safetensors: __metadata__ is an "
	    "array, expected an object of strings" },
	{ "st-meta-nonstring.safetensors", "safetensors: __metadata__ value "
	    "for \"n_layers\" is an integer, expected a string" },
	{ "st-negative-shape.safetensors", "safetensors: tensor \"a\": "
	    "shape[1] is -3, expected a non-negative integer" },
	{ "st-no-dtype.safetensors", "safetensors: tensor \"a\" has no "
	    "dtype, expected a dtype such as \"F32\"" },
	{ "st-not-json.safetensors", "safetensors: header is not valid JSON "
	    "(string or '}' expected near '}', at byte 40 of the header), "
	    "expected a JSON object" },
	{ "st-not-object.safetensors", "safetensors: header does not start "
	    "with '{', expected a JSON object" },
	{ "st-offset-one.safetensors", "safetensors: tensor \"a\": "
	    "data_offsets is not [begin, end], expected two non-negative "
	    "integers" },
	{ "st-offset-range.safetensors", "safetensors: tensor \"a\": "
	    "data_offsets end 32 is beyond the data (24 bytes), expected at "
	    "most 24" },
	{ "st-offset-reversed.safetensors", "safetensors: tensor \"a\": "
	    "data_offsets [24, 0] end before they begin, expected begin <= "
	    "end" },
	{ "st-overlap.safetensors", "safetensors: tensors \"a\" [0, 16] and "
	    "\"b\" [8, 16] overlap, expected disjoint data_offsets" },
	{ "st-rank9.safetensors", "safetensors: tensor \"a\": rank 9, "
	    "expected at most 8" },
	{ "st-real-shape.safetensors", "safetensors: tensor \"a\": shape[1] "
	    "is a real number, expected a non-negative integer" },
	{ "st-shape-mismatch.safetensors", "safetensors: tensor \"a\": "
	    "data_offsets span 24 bytes, expected 36 for its shape and dtype "
	    "F32" },
	{ "st-short.safetensors", "safetensors: file is 5 bytes, expected at "
	    "least 8 (the header length)" },
	{ "st-truncated.safetensors", "safetensors: tensor \"c\": "
	    "data_offsets end 48 is beyond the data (45 bytes), expected at "
	    "most 45" },
	{ "st-unknown-dtype.safetensors", "safetensors: tensor \"a\": "
	    "unknown dtype \"F128\", expected one of F32, F16, BF16, F64, I8, "
	    "I16, I32, I64, U8, U16, U32, U64, BOOL, F8_E4M3 or F8_E5M2" },
};

static const struct bad_case npy_bad[] = {
	{ "npy-bad-magic.npy", "npy: bad magic, expected \"\\x93NUMPY\" "
	    "(a .npy file)" },
	{ "npy-be.npy", "npy: unsupported descr '>f4', expected '<f2', "
	    "'<f4', '<f8' or 'bfloat16' (little-endian float16, float32, "
	    "float64, bfloat16)" },
	{ "npy-i4.npy", "npy: unsupported descr '<i4', expected '<f2', "
	    "'<f4', '<f8' or 'bfloat16' (little-endian float16, float32, "
	    "float64, bfloat16)" },
	{ "npy-void2.npy", "npy: unsupported descr '|V2' (raw 2-byte "
	    "values, as np.save writes a bfloat16 array), expected '<f2', "
	    "'<f4', '<f8' or 'bfloat16' (save a.astype(np.float32), or "
	    ".safetensors)" },
	{ "npy-extra-key.npy", "npy: header dict has key 'align', expected "
	    "only 'descr', 'fortran_order' and 'shape'" },
	{ "npy-fortran-word.npy", "npy: header dict has '0' at byte 34, "
	    "expected True or False for fortran_order" },
	{ "npy-fortran.npy", "npy: fortran_order is True, expected False "
	    "(C order; save np.ascontiguousarray(a))" },
	{ "npy-header-beyond.npy", "npy: header length 4000 is beyond the "
	    "end of the file, expected at most 214" },
	{ "npy-huge-shape.npy", "npy: shape is too large, expected fewer "
	    "than 2^61 elements" },
	{ "npy-no-shape.npy", "npy: header dict lacks 'shape', expected "
	    "'descr', 'fortran_order' and 'shape'" },
	{ "npy-not-dict.npy", "npy: header dict has '[' at byte 0, expected "
	    "'{' opening the header dict" },
	{ "npy-rank9.npy", "npy: shape has more than 8 dimensions, expected "
	    "at most 8" },
	{ "npy-shape-int.npy", "npy: header dict has ')' at byte 52, "
	    "expected ',' in shape (a 1-tuple is written (n,))" },
	{ "npy-shape-neg.npy", "npy: header dict has '-' at byte 51, "
	    "expected a non-negative dimension" },
	{ "npy-short.npy", "npy: file is 7 bytes, expected at least 10" },
	{ "npy-trailing.npy", "npy: header dict has 'x' at byte 56, expected "
	    "only spaces and '\\n' after the dict" },
	{ "npy-truncated.npy", "npy: truncated data: 86 bytes, expected 96 "
	    "(24 float32)" },
	{ "npy-twice.npy", "npy: header dict has 'descr' twice, expected it "
	    "once" },
	{ "npy-v2-truncated.npy", "npy: truncated data: 96 bytes, expected "
	    "120 (30 float32)" },
	{ "npy-version.npy", "npy: version 4.0, expected 1.0, 2.0 or 3.0" },
};

static int
bad_open(const char *path, struct error *err)
{
	struct safetensors	st;
	struct npy		npy;

	if (strncmp(strrchr(path, '/') + 1, "st-", 3) == 0) {
		if (safetensors_open(path, &st, err) == 0) {
			safetensors_close(&st);
			return 0;
		}
		return -1;
	}
	if (npy_open(path, &npy, err) == 0) {
		npy_close(&npy);
		return 0;
	}
	return -1;
}

/* Each file fails with its message, status 2 and its own name. */
static void
bad_check(const struct bad_case *cases, size_t n)
{
	struct error	err = { 0 };
	char		path[512];
	size_t		i;

	for (i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", BAD_DIR, cases[i].file);
		if (bad_open(path, &err) == 0)
			fail_msg("%s: loaded", cases[i].file);
		assert_int_equal(err.status, EXIT_USAGE);
		assert_string_equal(err.file, path);
		assert_string_equal(err.message, cases[i].message);
	}
	error_clear(&err);
}

/* Every file in tests/io/bad has a case, so none goes unchecked. */
static void
test_bad_corpus(void **state)
{
	DIR		*d;
	struct dirent	*de;
	size_t		 i, seen = 0;
	int		 found;

	(void)state;
	bad_check(st_bad, sizeof st_bad / sizeof st_bad[0]);
	bad_check(npy_bad, sizeof npy_bad / sizeof npy_bad[0]);
	assert_non_null(d = opendir(BAD_DIR));
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		found = 0;
		for (i = 0; i < sizeof st_bad / sizeof st_bad[0]; i++)
			found |= strcmp(st_bad[i].file, de->d_name) == 0;
		for (i = 0; i < sizeof npy_bad / sizeof npy_bad[0]; i++)
			found |= strcmp(npy_bad[i].file, de->d_name) == 0;
		if (!found)
			fail_msg("%s has no expected message", de->d_name);
		seen++;
	}
	closedir(d);
	assert_int_equal(seen, sizeof st_bad / sizeof st_bad[0] +
	    sizeof npy_bad / sizeof npy_bad[0]);
}

/* ---- npy ---------------------------------------------------------------- */

/* Element i of an array, widened to float as its readers widen it. */
static float
npy_at(const struct npy *npy, size_t i)
{
	float	f;

	assert_true(i < npy->count);
	assert_int_equal(dtype_widen(npy->dtype, (const char *)npy->data +
	    i * dtype_size(npy->dtype), 1, &f), 0);
	return f;
}

static void
npy_check_arange(const struct npy *npy)
{
	size_t	i;

	assert_int_equal(npy->rank, 3);
	assert_int_equal(npy->shape[0], 2);
	assert_int_equal(npy->shape[1], 3);
	assert_int_equal(npy->shape[2], 4);
	assert_int_equal(npy->count, 24);
	for (i = 0; i < 24; i++)
		assert_true(npy_at(npy, i) == (float)i * 0.25f - 3.0f);
}

/* numpy.save in all three versions. */
static void
test_npy_read_versions(void **state)
{
	const char	*files[] = { FIXTURE("f32-v1.npy"), FIXTURE("f32-v2.npy"),
			    FIXTURE("f32-v3.npy") };
	struct npy	 npy;
	struct error	 err = { 0 };
	int		 i;

	(void)state;
	for (i = 0; i < 3; i++) {
		assert_int_equal(npy_open(files[i], &npy, &err), 0);
		assert_int_equal(npy.version, i + 1);
		npy_check_arange(&npy);
		/* numpy aligns the data to 64 bytes. */
		assert_int_equal((uintptr_t)npy.data % 64, 0);
		npy_close(&npy);
	}
	npy_close(&npy);	/* closing twice is safe */
}

static void
test_npy_read_shapes(void **state)
{
	const float	 v1d[] = { 1.5f, -2.0f, 3.25f, 0.0f, 1e-3f };
	struct npy	 npy;
	struct error	 err = { 0 };
	size_t		 i;

	(void)state;
	assert_int_equal(npy_open(FIXTURE("f32-1d.npy"), &npy, &err), 0);
	assert_int_equal(npy.rank, 1);
	assert_int_equal(npy.count, 5);
	for (i = 0; i < 5; i++)
		assert_true(npy_at(&npy, i) == v1d[i]);
	npy_close(&npy);

	assert_int_equal(npy_open(FIXTURE("f32-scalar.npy"), &npy, &err), 0);
	assert_int_equal(npy.rank, 0);
	assert_int_equal(npy.count, 1);
	assert_true(npy_at(&npy, 0) == -0.5f);
	npy_close(&npy);

	assert_int_equal(npy_open(FIXTURE("f32-wide.npy"), &npy, &err), 0);
	assert_int_equal(npy.rank, 2);
	assert_true(npy.shape[1] == INT64_C(12345678901));
	assert_int_equal(npy.count, 0);
	npy_close(&npy);

	assert_int_equal(npy_open(FIXTURE("f32-rank8.npy"), &npy, &err), 0);
	assert_int_equal(npy.rank, 8);
	assert_int_equal(npy.count, 2);
	assert_true(npy_at(&npy, 1) == 2.0f);
	npy_close(&npy);

	/* Data at offset 66: read where it is, widened by its readers. */
	assert_int_equal(npy_open(FIXTURE("f32-misaligned.npy"), &npy, &err),
	    0);
	assert_int_equal((uintptr_t)npy.data % 4, 2);
	assert_int_equal(npy.count, 3);
	assert_true(npy_at(&npy, 2) == 3.0f);
	npy_close(&npy);
}

/*
 * The arange of npy_check_arange as float16 and float64 (numpy.save) and
 * bfloat16 (by hand): every value is exact in each, so widening gives
 * the very floats.  Data is read in place, at 2 or 8 bytes a value.
 */
static void
test_npy_read_dtypes(void **state)
{
	static const struct {
		const char	*file;
		enum dtype	 dtype;
		const char	*name;
		size_t		 offset;	/* numpy's 128-byte header */
	} cases[] = {
		{ FIXTURE("f16.npy"), DTYPE_F16, "float16", 128 },
		{ FIXTURE("f64.npy"), DTYPE_F64, "float64", 128 },
		{ FIXTURE("bf16.npy"), DTYPE_BF16, "bfloat16", 128 },
	};
	struct npy	 npy;
	struct error	 err = { 0 };
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(npy_open(cases[i].file, &npy, &err), 0);
		assert_int_equal(npy.dtype, cases[i].dtype);
		assert_string_equal(npy.type_name, cases[i].name);
		assert_ptr_equal(npy.data, (const char *)npy.file.data +
		    cases[i].offset);
		npy_check_arange(&npy);
		npy_close(&npy);
	}
}

/* Read numpy's file, write it back: the bytes must be numpy's. */
static void
test_npy_write_matches_numpy(void **state)
{
	const char	*names[] = { "f32-v1.npy", "f32-1d.npy",
			    "f32-scalar.npy", "f32-wide.npy", "f32-tall.npy",
			    "f32-rank8.npy" };
	char		 src[512];
	const char	*out = scratch_path("out.npy");
	struct npy	 npy;
	struct error	 err = { 0 };
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(src, sizeof src, "%s/tests/io/%s", SRCDIR, names[i]);
		assert_int_equal(npy_open(src, &npy, &err), 0);
		assert_int_equal(npy.dtype, DTYPE_F32);
		assert_int_equal(npy_write_floats(out, npy.rank, npy.shape,
		    (const float *)npy.data, &err), 0);
		npy_close(&npy);
		assert_same_file(out, src);
	}
	assert_int_equal(scratch_count(), 1);
	scratch_empty();
}

struct rows_ctx {
	int64_t	rows, cols;
	int64_t	extra;		/* floats to add (or remove) at the end */
};

/* One row per fwrite, each computed on the fly. */
static int
rows_write(void *ctx, FILE *fp, struct error *err)
{
	const struct rows_ctx	*c = ctx;
	float			 row[64];
	int64_t			 r, j, n;

	(void)err;
	for (r = 0; r < c->rows; r++) {
		n = c->cols + (r == c->rows - 1 ? c->extra : 0);
		for (j = 0; j < n; j++)
			row[j] = (float)(r * 100 + j);
		fwrite(row, sizeof row[0], (size_t)n, fp);
	}
	return 0;
}

static void
test_npy_roundtrip_stream(void **state)
{
	struct rows_ctx	 c = { 7, 33, 0 };
	int64_t		 shape[2] = { 7, 33 };
	const char	*out = scratch_path("rows.npy");
	struct npy	 npy;
	struct error	 err = { 0 };

	(void)state;
	assert_int_equal(npy_write(out, 2, shape, rows_write, &c, &err), 0);
	assert_int_equal(npy_open(out, &npy, &err), 0);
	assert_int_equal(npy.count, 7 * 33);
	assert_true(npy_at(&npy, 0) == 0.0f);
	assert_true(npy_at(&npy, 33 * 6 + 32) == 632.0f);
	npy_close(&npy);

	/* Too many or too few floats: refused, file left as it was. */
	c.extra = 1;
	assert_int_equal(npy_write(out, 2, shape, rows_write, &c, &err), -1);
	assert_int_equal(err.status, EXIT_RUNTIME);
	assert_string_equal(err.message, "npy: 928 bytes of data written, "
	    "expected 924");
	c.extra = -1;
	assert_int_equal(npy_write(out, 2, shape, rows_write, &c, &err), -1);
	assert_int_equal(npy_open(out, &npy, &err), 0);
	assert_int_equal(npy.count, 7 * 33);
	npy_close(&npy);
	assert_int_equal(scratch_count(), 1);

	shape[0] = -7;
	assert_int_equal(npy_write(out, 2, shape, rows_write, &c, &err), -1);
	assert_int_equal(npy_write(out, 9, shape, rows_write, &c, &err), -1);
	scratch_empty();
	error_clear(&err);
}

/* The reader must survive any prefix of a good file. */
static void
test_npy_every_prefix(void **state)
{
	unsigned char	*buf;
	struct npy	 npy;
	struct error	 err = { 0 };
	size_t		 len, n;

	(void)state;
	buf = scratch_read(FIXTURE("f32-v2.npy"), &len);
	for (n = 0; n < len; n++) {
		assert_int_equal(npy_open_buffer("mem", buf, n, &npy, &err),
		    -1);
		assert_int_equal(err.status, EXIT_USAGE);
	}
	assert_int_equal(npy_open_buffer("mem", buf, len, &npy, &err), 0);
	npy_check_arange(&npy);
	npy_close(&npy);
	free(buf);
	error_clear(&err);
}

static void
test_st_every_prefix(void **state)
{
	unsigned char		*buf;
	struct safetensors	 st;
	struct error		 err = { 0 };
	size_t			 len, n;

	(void)state;
	buf = scratch_read(FIXTURE("small.safetensors"), &len);
	for (n = 0; n < len; n++) {
		assert_int_equal(safetensors_open_buffer("mem", buf, n, &st,
		    &err), -1);
		assert_int_equal(err.status, EXIT_USAGE);
	}
	free(buf);
	error_clear(&err);
}

/* ---- outfile ------------------------------------------------------------ */

static void
test_outfile(void **state)
{
	struct outfile	 of;
	struct error	 err = { 0 };
	const char	*out = scratch_path("o.txt");
	unsigned char	*got;
	size_t		 n;
	FILE		*fp;

	(void)state;
	assert_non_null(fp = outfile_open(out, &of, &err));
	fputs("partial", fp);
	assert_int_equal(scratch_count(), 1);	/* the temporary */
	outfile_abort(&of);
	assert_int_equal(scratch_count(), 0);
	outfile_abort(&of);			/* safe when zeroed */

	scratch_write(out, "old");
	assert_non_null(fp = outfile_open(out, &of, &err));
	fputs("new", fp);
	got = scratch_read(out, &n);			/* not yet replaced */
	assert_memory_equal(got, "old", 3);
	free(got);
	assert_int_equal(outfile_commit(&of, &err), 0);
	got = scratch_read(out, &n);
	assert_int_equal(n, 3);
	assert_memory_equal(got, "new", 3);
	free(got);
	assert_int_equal(scratch_count(), 1);
	scratch_empty();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_st_read_small),
		cmocka_unit_test(test_st_surrogate_pair),
		cmocka_unit_test(test_st_buffer_edges),
		cmocka_unit_test(test_st_open_missing),
		cmocka_unit_test(test_st_dtypes),
		cmocka_unit_test(test_dtype_first_nonfinite),
		cmocka_unit_test(test_st_write_reference),
		cmocka_unit_test(test_st_roundtrip),
		cmocka_unit_test(test_st_write_fails_atomically),
		cmocka_unit_test(test_st_write_refuses),
		cmocka_unit_test(test_st_every_prefix),
		cmocka_unit_test(test_bad_corpus),
		cmocka_unit_test(test_npy_read_versions),
		cmocka_unit_test(test_npy_read_shapes),
		cmocka_unit_test(test_npy_read_dtypes),
		cmocka_unit_test(test_npy_write_matches_numpy),
		cmocka_unit_test(test_npy_roundtrip_stream),
		cmocka_unit_test(test_npy_every_prefix),
		cmocka_unit_test(test_outfile),
	};

	return cmocka_run_group_tests(tests, scratch_setup,
	    scratch_teardown);
}
