/*
 * safetensors.c - read (mmap) and write (atomically) safetensors files.
 *
 * The reader trusts nothing in the file: every length, offset and shape is
 * checked against the mapping before a pointer into it is handed out, and
 * every refusal says what was found and what was expected.
 */
#include "build-config.h"

#include <sys/stat.h>

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "attntui/io/outfile.h"
#include "attntui/base/file.h"
#include "attntui/base/text.h"
#include "attntui/io/safetensors.h"

/* The reference implementation's limit; a real header is kilobytes. */
#define ST_MAX_HEADER	(100u * 1024 * 1024)
#define ST_META_KEY	"__metadata__"
#define ST_NAME_SHOWN	64	/* bytes of a name quoted in a message */

static const struct {
	const char	*name;
	size_t		 size;
} st_dtypes[] = {
	[ST_F32] = { "F32", 4 },
	[ST_F16] = { "F16", 2 },
	[ST_BF16] = { "BF16", 2 },
	[ST_F64] = { "F64", 8 },
	[ST_I8] = { "I8", 1 },
	[ST_I16] = { "I16", 2 },
	[ST_I32] = { "I32", 4 },
	[ST_I64] = { "I64", 8 },
	[ST_U8] = { "U8", 1 },
	[ST_U16] = { "U16", 2 },
	[ST_U32] = { "U32", 4 },
	[ST_U64] = { "U64", 8 },
	[ST_BOOL] = { "BOOL", 1 },
	[ST_F8_E4M3] = { "F8_E4M3", 1 },
	[ST_F8_E5M2] = { "F8_E5M2", 1 },
};
#define ST_N_DTYPES	(sizeof st_dtypes / sizeof st_dtypes[0])
#define ST_DTYPE_LIST	"F32, F16, BF16, F64, I8, I16, I32, I64, U8, U16, " \
			"U32, U64, BOOL, F8_E4M3 or F8_E5M2"

const char *
safetensors_dtype_name(enum st_dtype dtype)
{
	if ((size_t)dtype >= ST_N_DTYPES)
		return NULL;
	return st_dtypes[dtype].name;
}

size_t
safetensors_dtype_size(enum st_dtype dtype)
{
	if ((size_t)dtype >= ST_N_DTYPES)
		return 0;
	return st_dtypes[dtype].size;
}

int
safetensors_dtype_from_name(const char *name, enum st_dtype *dtype)
{
	size_t	i;

	for (i = 0; i < ST_N_DTYPES; i++) {
		if (strcmp(st_dtypes[i].name, name) == 0) {
			*dtype = (enum st_dtype)i;
			return 0;
		}
	}
	return -1;
}

/*
 * A malformed file: status 2, "safetensors: " in front, the file's name
 * as the error's file.  Names in messages are quoted short (st_quote).
 */
#define st_bad(err, path, ...) \
	error_bad(err, path, "safetensors", __VA_ARGS__)
#define st_index_bad(err, path, ...) \
	error_bad(err, path, "safetensors index", __VA_ARGS__)

/* A name from the file, quoted for a message (text.h). */
static const char *
st_quote(const char *s, char *buf, size_t len)
{
	return text_quote(s, strlen(s), '"', ST_NAME_SHOWN, buf, len);
}

#define ST_QUOTE_LEN	TEXT_QUOTE_SIZE(ST_NAME_SHOWN)

const char *
safetensors_json_type(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:	return "an object";
	case JSON_ARRAY:	return "an array";
	case JSON_STRING:	return "a string";
	case JSON_INTEGER:	return "an integer";
	case JSON_REAL:		return "a real number";
	case JSON_TRUE:
	case JSON_FALSE:	return "a boolean";
	case JSON_NULL:		return "null";
	}
	return "unknown";
}

/* A JSON integer >= 0, into *out; -1 for anything else. */
static int
st_json_uint(const json_t *v, uint64_t *out)
{
	json_int_t	i;

	if (!json_is_integer(v) || (i = json_integer_value(v)) < 0)
		return -1;
	*out = (uint64_t)i;
	return 0;
}

static int
st_parse_meta(struct safetensors *st, const json_t *meta, struct error *err)
{
	const char	*key;
	json_t		*value;
	char		 q[ST_QUOTE_LEN];
	size_t		 n = json_object_size(meta);

	if ((st->meta_keys = calloc(n + 1, sizeof *st->meta_keys)) == NULL ||
	    (st->meta_values = calloc(n + 1, sizeof *st->meta_values)) == NULL)
		return error_nomem(err, st->path);
	json_object_foreach((json_t *)meta, key, value) {
		if (!json_is_string(value))
			return st_bad(err, st->path, "__metadata__ value for "
			    "%s is %s, expected a string", st_quote(key, q,
			    sizeof q), safetensors_json_type(value));
		if ((st->meta_keys[st->n_meta] = strdup(key)) == NULL ||
		    (st->meta_values[st->n_meta] =
		    strdup(json_string_value(value))) == NULL) {
			st->n_meta++;	/* free what was copied */
			return error_nomem(err, st->path);
		}
		st->n_meta++;
	}
	return 0;
}

static int
st_parse_dtype(struct safetensors *st, struct st_tensor *t, const char *q,
    const json_t *entry, struct error *err)
{
	json_t	*v = json_object_get(entry, "dtype");
	char	 qd[ST_QUOTE_LEN];

	if (v == NULL)
		return st_bad(err, st->path, "tensor %s has no dtype, "
		    "expected a dtype such as \"F32\"", q);
	if (!json_is_string(v))
		return st_bad(err, st->path, "tensor %s: dtype is %s, "
		    "expected a string such as \"F32\"", q, safetensors_json_type(v));
	if (safetensors_dtype_from_name(json_string_value(v), &t->dtype) != 0)
		return st_bad(err, st->path, "tensor %s: unknown dtype %s, "
		    "expected one of " ST_DTYPE_LIST, q,
		    st_quote(json_string_value(v), qd, sizeof qd));
	return 0;
}

/* Shape into t, and the byte count it implies into *nbytes. */
static int
st_parse_shape(struct safetensors *st, struct st_tensor *t, const char *q,
    const json_t *entry, uint64_t *nbytes, struct error *err)
{
	json_t		*v = json_object_get(entry, "shape"), *dim;
	size_t		 i;
	uint64_t	 n, count = 1, size = safetensors_dtype_size(t->dtype);

	if (v == NULL || !json_is_array(v))
		return st_bad(err, st->path, "tensor %s: shape is %s, "
		    "expected an array of non-negative integers", q,
		    v == NULL ? "missing" : safetensors_json_type(v));
	if (json_array_size(v) > SAFETENSORS_MAX_RANK)
		return st_bad(err, st->path, "tensor %s: rank %zu, expected "
		    "at most %d", q, json_array_size(v), SAFETENSORS_MAX_RANK);
	t->rank = (int)json_array_size(v);
	json_array_foreach(v, i, dim) {
		if (st_json_uint(dim, &n) != 0) {
			if (json_is_integer(dim))
				return st_bad(err, st->path, "tensor %s: "
				    "shape[%zu] is %" JSON_INTEGER_FORMAT
				    ", expected a non-negative integer", q, i,
				    json_integer_value(dim));
			return st_bad(err, st->path, "tensor %s: shape[%zu] "
			    "is %s, expected a non-negative integer", q, i,
			    safetensors_json_type(dim));
		}
		if (n != 0 && count > INT64_MAX / n)
			return st_bad(err, st->path, "tensor %s: shape has "
			    "more than 2^63 elements, expected fewer", q);
		count *= n;
		t->shape[i] = (int64_t)n;
	}
	if (count > INT64_MAX / size)
		return st_bad(err, st->path, "tensor %s: shape needs more than "
		    "2^63 bytes, expected fewer", q);
	*nbytes = count * size;
	return 0;
}

/* data_offsets against the data section and the shape's byte count. */
static int
st_parse_offsets(struct safetensors *st, struct st_tensor *t, const char *q,
    const json_t *entry, const unsigned char *data, uint64_t data_size,
    uint64_t nbytes, struct error *err)
{
	json_t		*v = json_object_get(entry, "data_offsets");
	uint64_t	 begin, end;

	if (v == NULL || !json_is_array(v) || json_array_size(v) != 2 ||
	    st_json_uint(json_array_get(v, 0), &begin) != 0 ||
	    st_json_uint(json_array_get(v, 1), &end) != 0)
		return st_bad(err, st->path, "tensor %s: data_offsets is not "
		    "[begin, end], expected two non-negative integers", q);
	if (begin > end)
		return st_bad(err, st->path, "tensor %s: data_offsets [%"
		    PRIu64 ", %" PRIu64 "] end before they begin, expected "
		    "begin <= end", q, begin, end);
	if (end > data_size)
		return st_bad(err, st->path, "tensor %s: data_offsets end %"
		    PRIu64 " is beyond the data (%" PRIu64 " bytes), expected "
		    "at most %" PRIu64, q, end, data_size, data_size);
	if (end - begin != nbytes)
		return st_bad(err, st->path, "tensor %s: data_offsets span %"
		    PRIu64 " bytes, expected %" PRIu64 " for its shape and "
		    "dtype %s", q, end - begin, nbytes,
		    safetensors_dtype_name(t->dtype));
	t->data = data + begin;
	t->nbytes = (size_t)nbytes;
	return 0;
}

static int
st_parse_tensor(struct safetensors *st, struct st_tensor *t,
    const char *name, const json_t *entry, const unsigned char *data,
    uint64_t data_size, struct error *err)
{
	char		q[ST_QUOTE_LEN];
	uint64_t	nbytes = 0;

	st_quote(name, q, sizeof q);
	if (!json_is_object(entry))
		return st_bad(err, st->path, "tensor %s is %s, expected an "
		    "object with dtype, shape and data_offsets", q,
		    safetensors_json_type(entry));
	if ((t->name = strdup(name)) == NULL)
		return error_nomem(err, st->path);
	if (st_parse_dtype(st, t, q, entry, err) != 0 ||
	    st_parse_shape(st, t, q, entry, &nbytes, err) != 0 ||
	    st_parse_offsets(st, t, q, entry, data, data_size, nbytes,
	    err) != 0)
		return -1;
	return 0;
}

/* Data order; zero-sized tensors first at a tie, then by name. */
static int
st_compare(const void *a, const void *b)
{
	const struct st_tensor	*x = a, *y = b;
	const char		*px = x->data, *py = y->data;

	if (px != py)
		return px < py ? -1 : 1;
	if (x->nbytes != y->nbytes)
		return x->nbytes < y->nbytes ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Sort into data order and refuse two tensors sharing a byte. */
static int
st_check_overlap(struct safetensors *st, const unsigned char *data,
    struct error *err)
{
	const struct st_tensor	*t, *last = NULL;
	const char		*end = NULL;
	char			 q1[ST_QUOTE_LEN], q2[ST_QUOTE_LEN];
	size_t			 i;

	qsort(st->tensors, st->n_tensors, sizeof *st->tensors, st_compare);
	for (i = 0; i < st->n_tensors; i++) {
		t = &st->tensors[i];
		if (last != NULL && (const char *)t->data < end)
			return st_bad(err, st->path, "tensors %s [%td, %td] "
			    "and %s [%td, %td] overlap, expected disjoint "
			    "data_offsets", st_quote(last->name, q1, sizeof q1),
			    (const unsigned char *)last->data - data,
			    (const unsigned char *)last->data + last->nbytes -
			    data, st_quote(t->name, q2, sizeof q2),
			    (const unsigned char *)t->data - data,
			    (const unsigned char *)t->data + t->nbytes - data);
		if (last == NULL || (const char *)t->data + t->nbytes > end) {
			last = t;
			end = (const char *)t->data + t->nbytes;
		}
	}
	return 0;
}

static int
st_parse_root(struct safetensors *st, const json_t *root,
    const unsigned char *data, uint64_t data_size, struct error *err)
{
	const char	*key;
	json_t		*value, *meta;
	size_t		 n = json_object_size(root);

	if ((meta = json_object_get(root, ST_META_KEY)) != NULL) {
		n--;
		if (!json_is_object(meta) && !json_is_null(meta))
			return st_bad(err, st->path, "__metadata__ is %s, "
			    "expected an object of strings",
			    safetensors_json_type(meta));
		if (json_is_object(meta) &&
		    st_parse_meta(st, meta, err) != 0)
			return -1;
	}
	if ((st->tensors = calloc(n + 1, sizeof *st->tensors)) == NULL)
		return error_nomem(err, st->path);
	json_object_foreach((json_t *)root, key, value) {
		if (strcmp(key, ST_META_KEY) == 0)
			continue;
		/* Count first, so that close frees a half-parsed tensor. */
		st->n_tensors++;
		if (st_parse_tensor(st, &st->tensors[st->n_tensors - 1], key,
		    value, data, data_size, err) != 0)
			return -1;
	}
	return st_check_overlap(st, data, err);
}

/* Validate the mapping st->file.data of st->file.size bytes and fill st. */
static int
st_parse(struct safetensors *st, struct error *err)
{
	const unsigned char	*p = st->file.data;
	uint64_t		 n = 0;
	json_t			*root;
	json_error_t		 jerr;
	int			 i, rc;

	if (st->file.size < 8)
		return st_bad(err, st->path, "file is %zu bytes, expected at "
		    "least 8 (the header length)", st->file.size);
	for (i = 7; i >= 0; i--)
		n = n << 8 | p[i];
	if (n < 2)
		return st_bad(err, st->path, "header length %" PRIu64
		    ", expected at least 2", n);
	if (n > ST_MAX_HEADER)
		return st_bad(err, st->path, "header length %" PRIu64
		    ", expected at most %u", n, ST_MAX_HEADER);
	if (n > st->file.size - 8)
		return st_bad(err, st->path, "header length %" PRIu64
		    " is beyond the end of the file, expected at most %zu",
		    n, st->file.size - 8);
	if (p[8] != '{')
		return st_bad(err, st->path, "header does not start with "
		    "'{', expected a JSON object");
	root = json_loadb((const char *)p + 8, (size_t)n,
	    JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
		return st_bad(err, st->path, "header is not valid JSON "
		    "(%s, at byte %d of the header), expected a JSON object",
		    jerr.text, jerr.position);
	rc = st_parse_root(st, root, p + 8 + n, st->file.size - 8 - n, err);
	json_decref(root);
	return rc;
}

static int
st_init(struct safetensors *st, const char *path, struct error *err)
{
	memset(st, 0, sizeof *st);
	if ((st->path = strdup(path)) == NULL)
		return error_nomem(err, path);
	return 0;
}

int
safetensors_open(const char *path, struct safetensors *st,
    struct error *err)
{
	if (st_init(st, path, err) != 0)
		return -1;
	if (mapfile_open(path, "a .safetensors file",
	    &st->file, err) != 0 || st_parse(st, err) != 0) {
		safetensors_close(st);
		return -1;
	}
	return 0;
}

int
safetensors_open_buffer(const char *path, const void *buf, size_t len,
    struct safetensors *st, struct error *err)
{
	if (st_init(st, path, err) != 0)
		return -1;
	if (mapfile_copy(path, buf, len, &st->file, err) != 0 ||
	    st_parse(st, err) != 0) {
		safetensors_close(st);
		return -1;
	}
	return 0;
}

void
safetensors_close(struct safetensors *st)
{
	size_t	i;

	for (i = 0; i < st->n_tensors; i++)
		free(st->tensors[i].name);
	free(st->tensors);
	for (i = 0; i < st->n_meta; i++) {
		free(st->meta_keys[i]);
		free(st->meta_values[i]);
	}
	free(st->meta_keys);
	free(st->meta_values);
	mapfile_close(&st->file);
	free(st->path);
	memset(st, 0, sizeof *st);
}

const struct st_tensor *
safetensors_find(const struct safetensors *st, const char *name)
{
	size_t	i;

	for (i = 0; i < st->n_tensors; i++) {
		if (strcmp(st->tensors[i].name, name) == 0)
			return &st->tensors[i];
	}
	return NULL;
}

const char *
safetensors_meta(const struct safetensors *st, const char *key)
{
	size_t	i;

	for (i = 0; i < st->n_meta; i++) {
		if (strcmp(st->meta_keys[i], key) == 0)
			return st->meta_values[i];
	}
	return NULL;
}

/* ---- conversion to float32 ----------------------------------------------- */

/*
 * binary16: sign, 5 exponent bits (bias 15), 10 mantissa bits.  Normals
 * and inf/NaN only move the exponent (the mantissa, NaN payloads
 * included, shifts up unchanged); subnormals m * 2^-24 are exact in
 * float32, where they are normal.  Written without a table so that the
 * loop below vectorises.
 */
static inline uint32_t
st_f16_bits(uint16_t h)
{
	uint32_t	sign = (uint32_t)(h & 0x8000) << 16;
	uint32_t	em = h & 0x7fffu;
	uint32_t	bits;
	float		f;

	if (em >= 0x7c00)			/* inf, NaN: exponent 255 */
		bits = (em << 13) + (UINT32_C(224) << 23);
	else if (em >= 0x0400)			/* normal: rebias by 112 */
		bits = (em << 13) + (UINT32_C(112) << 23);
	else {					/* zero, subnormal */
		f = (float)em * 0x1p-24f;
		memcpy(&bits, &f, sizeof bits);
	}
	return sign | bits;
}

uint32_t
safetensors_f16_bits(uint16_t h)
{
	return st_f16_bits(h);
}

uint32_t
safetensors_bf16_bits(uint16_t h)
{
	return (uint32_t)h << 16;
}

/*
 * Little-endian 16-bit values, read bytewise (data may be unaligned); one
 * loop per dtype, each simple enough for the compiler to vectorise.
 */
static void
st_convert_f16(const unsigned char *src, size_t n, float *dst)
{
	uint32_t	bits;
	size_t		i;

	for (i = 0; i < n; i++) {
		bits = st_f16_bits((uint16_t)(src[2 * i] |
		    src[2 * i + 1] << 8));
		memcpy(&dst[i], &bits, sizeof bits);
	}
}

static void
st_convert_bf16(const unsigned char *src, size_t n, float *dst)
{
	uint32_t	bits;
	size_t		i;

	for (i = 0; i < n; i++) {
		bits = (uint32_t)src[2 * i] << 16 |
		    (uint32_t)src[2 * i + 1] << 24;
		memcpy(&dst[i], &bits, sizeof bits);
	}
}

int
safetensors_to_f32(const struct st_tensor *t, size_t first, size_t n,
    float *dst)
{
	size_t	size = safetensors_dtype_size(t->dtype);

	if (size == 0 || first > t->nbytes / size ||
	    n > t->nbytes / size - first)
		return -1;
	switch (t->dtype) {
	case ST_F32:
		/* The file is little-endian, as is every host we build on. */
		memcpy(dst, (const char *)t->data + first * 4, n * 4);
		return 0;
	case ST_F16:
		st_convert_f16((const unsigned char *)t->data + first * 2, n,
		    dst);
		return 0;
	case ST_BF16:
		st_convert_bf16((const unsigned char *)t->data + first * 2, n,
		    dst);
		return 0;
	default:
		return -1;
	}
}

/* ---- sharded index ------------------------------------------------------- */

/* An index lists tensor names and shard file names: megabytes at most. */
#define ST_MAX_INDEX	(64u * 1024 * 1024)

int
safetensors_is_index(const char *path)
{
	unsigned char	head[8];
	size_t		len = strlen(path);
	FILE		*fp;
	int		 yes = 0;

	if (len >= 5 && strcmp(path + len - 5, ".json") == 0)
		return 1;
	if ((fp = fopen(path, "rb")) == NULL)
		return 0;	/* safetensors_open says why */
	if (fread(head, 1, sizeof head, fp) == sizeof head)
		yes = head[0] == '{' && head[7] != 0;
	fclose(fp);
	return yes;
}

/*
 * A shard is named by the file, so it may not leave the directory:
 * a plain file name, no '/', not "." or "..".
 */
static int
st_index_shard_ok(const char *s)
{
	return s[0] != '\0' && strchr(s, '/') == NULL &&
	    strcmp(s, ".") != 0 && strcmp(s, "..") != 0;
}

/* The shard's number in ix->shards, added when new. */
static int
st_index_shard(struct safetensors_index *ix, const char *shard,
    size_t *out)
{
	char	**s;
	size_t	  i;

	/* Real checkpoints have tens of shards: a linear scan will do. */
	for (i = 0; i < ix->n_shards; i++) {
		if (strcmp(ix->shards[i], shard) == 0) {
			*out = i;
			return 0;
		}
	}
	if ((s = reallocarray(ix->shards, ix->n_shards + 1, sizeof *s)) ==
	    NULL)
		return -1;
	ix->shards = s;
	if ((s[ix->n_shards] = strdup(shard)) == NULL)
		return -1;
	*out = ix->n_shards++;
	return 0;
}

static int
st_index_compare(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
st_index_parse(struct safetensors_index *ix, const json_t *root,
    struct error *err)
{
	const char	 *key;
	json_t		 *map, *value;
	char		  q[ST_QUOTE_LEN], qs[ST_QUOTE_LEN];
	char		**pairs;
	size_t		  n, i;

	if (!json_is_object(root))
		return st_index_bad(err, ix->path, "top level is %s, expected "
		    "an object with a \"weight_map\"", safetensors_json_type(root));
	map = json_object_get(root, "weight_map");
	if (map == NULL || !json_is_object(map))
		return st_index_bad(err, ix->path, "weight_map is %s, "
		    "expected an object mapping tensor names to shard files",
		    map == NULL ? "missing" : safetensors_json_type(map));
	if ((n = json_object_size(map)) == 0)
		return st_index_bad(err, ix->path, "weight_map is empty, "
		    "expected at least one tensor");
	/* Sort (name, shard) pairs by name, for safetensors_index_find's
	   bisection; the strings stay jansson's until copied below. */
	if ((ix->names = calloc(n, sizeof *ix->names)) == NULL ||
	    (ix->shard_of = calloc(n, sizeof *ix->shard_of)) == NULL ||
	    (pairs = calloc(n, 2 * sizeof *pairs)) == NULL)
		return error_nomem(err, ix->path);
	i = 0;
	json_object_foreach(map, key, value) {
		if (!json_is_string(value) ||
		    !st_index_shard_ok(json_string_value(value))) {
			free(pairs);
			return st_index_bad(err, ix->path, "weight_map[%s] "
			    "is %s, expected a shard's file name in the "
			    "index's directory", st_quote(key, q, sizeof q),
			    json_is_string(value) ? st_quote(
			    json_string_value(value), qs, sizeof qs) :
			    safetensors_json_type(value));
		}
		pairs[2 * i] = (char *)key;
		pairs[2 * i + 1] = (char *)json_string_value(value);
		i++;
	}
	qsort(pairs, n, 2 * sizeof *pairs, st_index_compare);
	for (i = 0; i < n; i++) {
		if ((ix->names[i] = strdup(pairs[2 * i])) == NULL ||
		    st_index_shard(ix, pairs[2 * i + 1],
		    &ix->shard_of[i]) != 0) {
			ix->n_names = i + 1;
			free(pairs);
			return error_nomem(err, ix->path);
		}
	}
	ix->n_names = n;
	free(pairs);
	return 0;
}

int
safetensors_index_open(const char *path, struct safetensors_index *ix,
    struct error *err)
{
	char	*buf;
	size_t	 len = 0;
	int	 rc;

	memset(ix, 0, sizeof *ix);
	if (file_read(path, "a model.safetensors.index.json", ST_MAX_INDEX,
	    &buf, &len, err) != 0)
		return -1;
	rc = safetensors_index_open_buffer(path, buf, len, ix, err);
	free(buf);
	return rc;
}

int
safetensors_index_open_buffer(const char *path, const void *data,
    size_t len, struct safetensors_index *ix, struct error *err)
{
	json_t		*root;
	json_error_t	 jerr;
	int		 rc;

	memset(ix, 0, sizeof *ix);
	if ((ix->path = strdup(path)) == NULL)
		return error_nomem(err, path);
	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		/* jansson says -1 where it knows no position. */
		error_set(err, EXIT_USAGE, path, jerr.line > 0 ? jerr.line : 0,
		    jerr.column > 0 ? jerr.column : 0,
		    "safetensors index: not valid JSON (%s), expected an "
		    "object with a \"weight_map\"", jerr.text);
		safetensors_index_close(ix);
		return -1;
	}
	rc = st_index_parse(ix, root, err);
	json_decref(root);
	if (rc != 0)
		safetensors_index_close(ix);
	return rc;
}

void
safetensors_index_close(struct safetensors_index *ix)
{
	size_t	i;

	for (i = 0; i < ix->n_names; i++)
		free(ix->names[i]);
	free(ix->names);
	free(ix->shard_of);
	for (i = 0; i < ix->n_shards; i++)
		free(ix->shards[i]);
	free(ix->shards);
	free(ix->path);
	memset(ix, 0, sizeof *ix);
}

int
safetensors_index_find(const struct safetensors_index *ix, const char *name,
    size_t *shard)
{
	size_t	lo = 0, hi = ix->n_names, mid;
	int	c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = strcmp(name, ix->names[mid])) == 0) {
			*shard = ix->shard_of[mid];
			return 0;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/* ---- writing ------------------------------------------------------------ */

/* Byte count of an output tensor, checked; -1 on a bad shape or dtype. */
static int
st_out_nbytes(const char *path, const struct st_out_tensor *t,
    uint64_t *nbytes, struct error *err)
{
	uint64_t	count = 1, size = safetensors_dtype_size(t->dtype);
	int		i;

	if (size == 0 || t->rank < 0 || t->rank > SAFETENSORS_MAX_RANK)
		return error_set(err, EXIT_RUNTIME, path, 0, 0, "safetensors: "
		    "tensor %s: bad dtype or rank %d", t->name, t->rank);
	for (i = 0; i < t->rank; i++) {
		if (t->shape[i] < 0 || (t->shape[i] != 0 &&
		    count > INT64_MAX / (uint64_t)t->shape[i]))
			return error_set(err, EXIT_RUNTIME, path, 0, 0,
			    "safetensors: tensor %s: bad shape", t->name);
		count *= (uint64_t)t->shape[i];
	}
	if (count > INT64_MAX / size)
		return error_set(err, EXIT_RUNTIME, path, 0, 0, "safetensors: "
		    "tensor %s: too large", t->name);
	*nbytes = count * size;
	return 0;
}

static json_t *
st_out_entry(const struct st_out_tensor *t, uint64_t begin, uint64_t end)
{
	json_t	*entry, *shape;
	int	 i;

	if ((entry = json_object()) == NULL)
		return NULL;
	if (json_object_set_new(entry, "dtype",
	    json_string(safetensors_dtype_name(t->dtype))) != 0 ||
	    (shape = json_array()) == NULL ||
	    json_object_set_new(entry, "shape", shape) != 0)
		goto fail;
	for (i = 0; i < t->rank; i++) {
		if (json_array_append_new(shape,
		    json_integer(t->shape[i])) != 0)
			goto fail;
	}
	if (json_object_set_new(entry, "data_offsets", json_pack("[II]",
	    (json_int_t)begin, (json_int_t)end)) != 0)
		goto fail;
	return entry;
fail:
	json_decref(entry);
	return NULL;
}

/*
 * The header as the reference writes it: compact JSON, __metadata__
 * first, then the tensors in order with contiguous offsets.  Fills
 * nbytes[i] for each tensor.
 */
static char *
st_out_header(const char *path, const struct st_out_tensor *tensors,
    size_t n, const char *const *meta_keys, const char *const *meta_values,
    size_t n_meta, uint64_t *nbytes, struct error *err)
{
	json_t		*root, *meta, *entry;
	char		*text = NULL;
	uint64_t	 offset = 0;
	size_t		 i;

	if ((root = json_object()) == NULL)
		goto nomem;
	if (n_meta > 0) {
		if ((meta = json_object()) == NULL ||
		    json_object_set_new(root, ST_META_KEY, meta) != 0)
			goto nomem;
		for (i = 0; i < n_meta; i++) {
			if (json_object_set_new(meta, meta_keys[i],
			    json_string(meta_values[i])) != 0) {
				error_set(err, EXIT_RUNTIME, path, 0, 0,
				    "safetensors: metadata %s: not valid "
				    "UTF-8", meta_keys[i]);
				goto fail;
			}
		}
	}
	for (i = 0; i < n; i++) {
		if (st_out_nbytes(path, &tensors[i], &nbytes[i], err) != 0)
			goto fail;
		if (strcmp(tensors[i].name, ST_META_KEY) == 0 ||
		    json_object_get(root, tensors[i].name) != NULL) {
			error_set(err, EXIT_RUNTIME, path, 0, 0, "safetensors: "
			    "duplicate or reserved tensor name %s",
			    tensors[i].name);
			goto fail;
		}
		if (offset > INT64_MAX - nbytes[i])
			goto toobig;
		entry = st_out_entry(&tensors[i], offset, offset + nbytes[i]);
		if (entry == NULL)
			goto nomem;
		offset += nbytes[i];
		if (json_object_set_new(root, tensors[i].name, entry) != 0) {
			error_set(err, EXIT_RUNTIME, path, 0, 0, "safetensors: "
			    "tensor name %s: not valid UTF-8", tensors[i].name);
			goto fail;
		}
	}
	if ((text = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER)) ==
	    NULL)
		goto nomem;
	json_decref(root);
	return text;
toobig:
	error_set(err, EXIT_RUNTIME, path, 0, 0, "safetensors: data too large");
	goto fail;
nomem:
	error_nomem(err, path);
fail:
	json_decref(root);
	return NULL;
}

/* Length, header and the spaces that pad it to a multiple of 8. */
static int
st_out_write_header(struct outfile *of, const char *text, struct error *err)
{
	size_t		len = strlen(text), pad = (8 - len % 8) % 8;
	unsigned char	le[8];
	uint64_t	n = (uint64_t)len + pad;
	int		i;

	for (i = 0; i < 8; i++)
		le[i] = (unsigned char)(n >> (8 * i));
	if (fwrite(le, 1, 8, of->fp) != 8 ||
	    fwrite(text, 1, len, of->fp) != len ||
	    fwrite("       ", 1, pad, of->fp) != pad)
		return error_set(err, EXIT_RUNTIME, of->path, 0, 0,
		    "write error: %s", strerror(errno));
	return 0;
}

/* Run the callback for tensor i and check it wrote exactly nbytes. */
static int
st_out_write_data(struct outfile *of, const struct st_out_tensor *t,
    size_t i, uint64_t nbytes, st_write_fn fn, void *ctx,
    struct error *err)
{
	off_t	before, after;

	if ((before = ftello(of->fp)) == -1)
		return error_set(err, EXIT_RUNTIME, of->path, 0, 0,
		    "ftello: %s", strerror(errno));
	if (fn(ctx, i, of->fp, err) != 0) {
		if (err != NULL && err->message == NULL)
			error_set(err, EXIT_RUNTIME, of->path, 0, 0,
			    "safetensors: cannot produce tensor %s", t->name);
		return -1;
	}
	if (ferror(of->fp) || (after = ftello(of->fp)) == -1)
		return error_set(err, EXIT_RUNTIME, of->path, 0, 0,
		    "write error: %s", strerror(errno));
	if ((uint64_t)(after - before) != nbytes)
		return error_set(err, EXIT_RUNTIME, of->path, 0, 0,
		    "safetensors: tensor %s: %jd bytes written, expected %"
		    PRIu64, t->name, (intmax_t)(after - before), nbytes);
	return 0;
}

int
safetensors_write(const char *path, const struct st_out_tensor *tensors,
    size_t n, const char *const *meta_keys, const char *const *meta_values,
    size_t n_meta, st_write_fn fn, void *ctx, struct error *err)
{
	struct outfile	 of;
	uint64_t	*nbytes;
	char		*text;
	size_t		 i;

	if ((nbytes = calloc(n + 1, sizeof *nbytes)) == NULL)
		return error_nomem(err, path);
	text = st_out_header(path, tensors, n, meta_keys, meta_values,
	    n_meta, nbytes, err);
	if (text == NULL || outfile_open(path, &of, err) == NULL) {
		free(text);
		free(nbytes);
		return -1;
	}
	if (st_out_write_header(&of, text, err) != 0)
		goto fail;
	for (i = 0; i < n; i++) {
		if (st_out_write_data(&of, &tensors[i], i, nbytes[i], fn,
		    ctx, err) != 0)
			goto fail;
	}
	free(text);
	free(nbytes);
	return outfile_commit(&of, err);
fail:
	outfile_abort(&of);
	free(text);
	free(nbytes);
	return -1;
}
