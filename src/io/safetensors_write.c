/*
 * safetensors_write.c - write safetensors files atomically; see
 * safetensors_write.h.
 */
#include "build-config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "attntui/io/dtype.h"
#include "attntui/io/outfile.h"
#include "attntui/io/safetensors.h"
#include "attntui/io/safetensors_write.h"

/* Byte count of an output tensor, checked; -1 on a bad shape or dtype. */
static int
st_out_nbytes(const char *path, const struct st_out_tensor *t,
    uint64_t *nbytes, struct error *err)
{
	uint64_t	count = 1, size = dtype_size(t->dtype);
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
	    json_string(dtype_name(t->dtype))) != 0 ||
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
		    json_object_set_new(root, SAFETENSORS_META_KEY, meta) != 0)
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
		if (strcmp(tensors[i].name, SAFETENSORS_META_KEY) == 0 ||
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
