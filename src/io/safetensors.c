/*
 * safetensors.c - read safetensors files (mapped); see safetensors.h.
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

#include "attntui/base/text.h"
#include "attntui/io/dtype.h"
#include "attntui/io/jsonfile.h"
#include "attntui/io/safetensors.h"

/* The reference implementation's limit; a real header is kilobytes. */
#define ST_MAX_HEADER	(100u * 1024 * 1024)

/*
 * A malformed file: status 2, "safetensors: " in front, the file's name
 * as the error's file.  Names in messages are quoted short (st_quote).
 */
#define st_bad(err, path, ...) \
	error_bad(err, path, "safetensors", __VA_ARGS__)

char *
safetensors_quote(const char *name, char *buf, size_t len)
{
	return text_quote(name, strlen(name), '"', SAFETENSORS_NAME_SHOWN, buf,
	    len);
}

static int
st_parse_meta(struct safetensors *st, const json_t *meta, struct error *err)
{
	const char	*key;
	json_t		*value;
	char		 q[SAFETENSORS_QUOTE_LEN];
	size_t		 n = json_object_size(meta);

	if ((st->meta_keys = calloc(n + 1, sizeof *st->meta_keys)) == NULL ||
	    (st->meta_values = calloc(n + 1, sizeof *st->meta_values)) == NULL)
		return error_nomem(err, st->path);
	json_object_foreach((json_t *)meta, key, value) {
		if (!json_is_string(value))
			return st_bad(err, st->path, "__metadata__ value for "
			    "%s is %s, expected a string",
			    safetensors_quote(key, q, sizeof q),
			    jsonfile_type(value));
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
	char	 qd[SAFETENSORS_QUOTE_LEN];

	if (v == NULL)
		return st_bad(err, st->path, "tensor %s has no dtype, "
		    "expected a dtype such as \"F32\"", q);
	if (!json_is_string(v))
		return st_bad(err, st->path, "tensor %s: dtype is %s, "
		    "expected a string such as \"F32\"", q, jsonfile_type(v));
	if (dtype_from_name(json_string_value(v), &t->dtype) != 0)
		return st_bad(err, st->path, "tensor %s: unknown dtype %s, "
		    "expected one of " DTYPE_LIST, q,
		    safetensors_quote(json_string_value(v), qd, sizeof qd));
	return 0;
}

/* Shape into t, and the byte count it implies into *nbytes. */
static int
st_parse_shape(struct safetensors *st, struct st_tensor *t, const char *q,
    const json_t *entry, uint64_t *nbytes, struct error *err)
{
	json_t		*v = json_object_get(entry, "shape"), *dim;
	size_t		 i;
	uint64_t	 n, count = 1, size = dtype_size(t->dtype);

	if (v == NULL || !json_is_array(v))
		return st_bad(err, st->path, "tensor %s: shape is %s, "
		    "expected an array of non-negative integers", q,
		    v == NULL ? "missing" : jsonfile_type(v));
	if (json_array_size(v) > SAFETENSORS_MAX_RANK)
		return st_bad(err, st->path, "tensor %s: rank %zu, expected "
		    "at most %d", q, json_array_size(v), SAFETENSORS_MAX_RANK);
	t->rank = (int)json_array_size(v);
	json_array_foreach(v, i, dim) {
		if (jsonfile_uint(dim, &n) != 0) {
			if (json_is_integer(dim))
				return st_bad(err, st->path, "tensor %s: "
				    "shape[%zu] is %" JSON_INTEGER_FORMAT
				    ", expected a non-negative integer", q, i,
				    json_integer_value(dim));
			return st_bad(err, st->path, "tensor %s: shape[%zu] "
			    "is %s, expected a non-negative integer", q, i,
			    jsonfile_type(dim));
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
	    jsonfile_uint(json_array_get(v, 0), &begin) != 0 ||
	    jsonfile_uint(json_array_get(v, 1), &end) != 0)
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
		    dtype_name(t->dtype));
	t->data = data + begin;
	t->nbytes = (size_t)nbytes;
	return 0;
}

static int
st_parse_tensor(struct safetensors *st, struct st_tensor *t,
    const char *name, const json_t *entry, const unsigned char *data,
    uint64_t data_size, struct error *err)
{
	char		q[SAFETENSORS_QUOTE_LEN];
	uint64_t	nbytes = 0;

	safetensors_quote(name, q, sizeof q);
	if (!json_is_object(entry))
		return st_bad(err, st->path, "tensor %s is %s, expected an "
		    "object with dtype, shape and data_offsets", q,
		    jsonfile_type(entry));
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
	char			 q1[SAFETENSORS_QUOTE_LEN];
	char			 q2[SAFETENSORS_QUOTE_LEN];
	size_t			 i;

	qsort(st->tensors, st->n_tensors, sizeof *st->tensors, st_compare);
	for (i = 0; i < st->n_tensors; i++) {
		t = &st->tensors[i];
		if (last != NULL && (const char *)t->data < end)
			return st_bad(err, st->path, "tensors %s [%td, %td] "
			    "and %s [%td, %td] overlap, expected disjoint "
			    "data_offsets",
			    safetensors_quote(last->name, q1, sizeof q1),
			    (const unsigned char *)last->data - data,
			    (const unsigned char *)last->data + last->nbytes -
			    data, safetensors_quote(t->name, q2, sizeof q2),
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

	if ((meta = json_object_get(root, SAFETENSORS_META_KEY)) != NULL) {
		n--;
		if (!json_is_object(meta) && !json_is_null(meta))
			return st_bad(err, st->path, "__metadata__ is %s, "
			    "expected an object of strings",
			    jsonfile_type(meta));
		if (json_is_object(meta) &&
		    st_parse_meta(st, meta, err) != 0)
			return -1;
	}
	if ((st->tensors = calloc(n + 1, sizeof *st->tensors)) == NULL)
		return error_nomem(err, st->path);
	json_object_foreach((json_t *)root, key, value) {
		if (strcmp(key, SAFETENSORS_META_KEY) == 0)
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

int
safetensors_to_f32(const struct st_tensor *t, size_t first, size_t n,
    float *dst)
{
	size_t	size = dtype_size(t->dtype);

	if (size == 0 || first > t->nbytes / size ||
	    n > t->nbytes / size - first)
		return -1;
	return dtype_widen(t->dtype, (const char *)t->data + first * size, n,
	    dst);
}
