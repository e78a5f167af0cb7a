/*
 * export.c - --export: stream every head from the store into a .npy or
 * .safetensors file.  Heads are fetched one at a time, so exporting
 * never needs more than one T x T buffer beyond what the store keeps.
 */
#include "build-config.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attntui/attn/attnfile.h"
#include "attntui/attn/export.h"
#include "attntui/base/progress.h"
#include "attntui/base/text.h"
#include "attntui/io/npy.h"
#include "attntui/io/safetensors.h"
#include "attntui/io/safetensors_write.h"

struct export_ctx {
	struct store	*store;
	const char	*path;
	float		*head;		/* T x T scratch */
	size_t		 head_len;	/* elements */
	const float	*norms;		/* [L][H][T], or NULL */
};

/* Write n floats little-endian, whatever the host's byte order. */
static int
write_floats(struct export_ctx *x, float *v, size_t n, FILE *fp,
    struct error *err)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	size_t		i;
	uint32_t	u;

	for (i = 0; i < n; i++) {
		memcpy(&u, &v[i], 4);
		u = __builtin_bswap32(u);
		memcpy(&v[i], &u, 4);
	}
#endif
	if (fwrite(v, sizeof *v, n, fp) != n)
		return error_set(err, EXIT_RUNTIME, x->path, 0, 0,
		    "write error: %s", strerror(errno));
	return 0;
}

static int
write_head(struct export_ctx *x, FILE *fp, struct error *err)
{
	return write_floats(x, x->head, x->head_len, fp, err);
}

/* Layer l's value norms, [heads, T], through the head scratch. */
static int
write_norms(struct export_ctx *x, int64_t layer, FILE *fp, struct error *err)
{
	size_t	n = (size_t)store_heads(x->store) * (size_t)store_seq(x->store);

	memcpy(x->head, x->norms + (size_t)layer * n, n * sizeof *x->head);
	return write_floats(x, x->head, n, fp, err);
}

static int
write_layer(struct export_ctx *x, int64_t layer, FILE *fp, struct error *err)
{
	int64_t	head;

	/* A pass in the background may still be writing it. */
	if (store_wait_layer(x->store, layer, err) != 0)
		return -1;
	for (head = 0; head < store_heads(x->store); head++) {
		if (store_head(x->store, layer, head, x->head, err) != 0 ||
		    write_head(x, fp, err) != 0)
			return -1;
		progress_add(1);
	}
	return 0;
}

/* Tensors 0 .. L-1 are the layers' attention, L .. 2L-1 their norms. */
static int
write_safetensors_layer(void *ctx, size_t index, FILE *fp, struct error *err)
{
	struct export_ctx	*x = ctx;
	int64_t			 L = store_layers(x->store);

	if ((int64_t)index >= L)
		return write_norms(x, (int64_t)index - L, fp, err);
	return write_layer(ctx, (int64_t)index, fp, err);
}

static int
write_npy_all(void *ctx, FILE *fp, struct error *err)
{
	struct export_ctx	*x = ctx;
	int64_t			 layer;

	for (layer = 0; layer < store_layers(x->store); layer++) {
		if (write_layer(x, layer, fp, err) != 0)
			return -1;
	}
	return 0;
}

/* The token labels as one compact JSON array string; NULL on failure. */
static char *
tokens_json(const struct tokens *tok)
{
	json_t	*array;
	char	*text;
	size_t	 i;

	if ((array = json_array()) == NULL)
		return NULL;
	for (i = 0; i < tok->n; i++) {
		if (json_array_append_new(array,
		    json_string(tok->labels[i])) != 0) {
			json_decref(array);
			return NULL;
		}
	}
	text = json_dumps(array, JSON_COMPACT);
	json_decref(array);
	return text;
}

static int
export_safetensors(struct export_ctx *x, const struct tokens *tok,
    const char *model_name, struct error *err)
{
	struct st_out_tensor	*tensors;
	const char		*keys[] = { ATTNFILE_META_TOKENS,
				    ATTNFILE_META_MODEL };
	const char		*values[2];
	char			*json, (*names)[ATTNFILE_NAME_LEN];
	int64_t			 L = store_layers(x->store), i;
	int64_t			 n = x->norms != NULL ? 2 * L : L;
	int			 rc = -1;

	tensors = calloc((size_t)n, sizeof *tensors);
	names = calloc((size_t)n, sizeof *names);
	json = tokens_json(tok);
	if (tensors == NULL || names == NULL || json == NULL) {
		error_set(err, EXIT_RUNTIME, x->path, 0, 0,
		    "out of memory, or a token label that is not UTF-8");
		goto out;
	}
	for (i = 0; i < n; i++) {
		tensors[i].name = i < L ? attnfile_tensor_name(i, names[i],
		    sizeof names[i]) : attnfile_norms_name(i - L, names[i],
		    sizeof names[i]);
		tensors[i].dtype = DTYPE_F32;
		tensors[i].rank = i < L ? 3 : 2;
		tensors[i].shape[0] = store_heads(x->store);
		tensors[i].shape[1] = tensors[i].shape[2] = store_seq(x->store);
	}
	values[0] = json;
	values[1] = model_name;
	rc = safetensors_write(x->path, tensors, (size_t)n, keys, values, 2,
	    write_safetensors_layer, x, err);
out:
	free(json);
	free(names);
	free(tensors);
	return rc;
}

int
export_write(const char *path, struct store *store, const struct tokens *tok,
    const char *model_name, struct error *err)
{
	return export_write_norms(path, store, NULL, tok, model_name, err);
}

int
export_write_norms(const char *path, struct store *store, const float *norms,
    const struct tokens *tok, const char *model_name, struct error *err)
{
	struct export_ctx	 x = { store, path, NULL, 0, norms };
	int64_t			 t = store_seq(store);
	int64_t			 shape[4];
	int			 rc;

	if (!text_ends_with(path, ".npy") &&
	    !text_ends_with(path, ".safetensors"))
		return error_set(err, EXIT_USAGE, NULL, 0, 0,
		    "--export=%s: expected a name ending in .npy or "
		    ".safetensors", path);
	if (norms != NULL && !text_ends_with(path, ".safetensors"))
		return error_set(err, EXIT_USAGE, NULL, 0, 0,
		    "--export=%s: value norms go into a .safetensors file, "
		    "expected a name ending in .safetensors", path);
	x.head_len = (size_t)t * (size_t)t;
	/* Room for a layer's norms too: heads x T may exceed T x T. */
	if ((x.head = malloc((x.head_len > (size_t)store_heads(store) *
	    (size_t)t ? x.head_len : (size_t)store_heads(store) * (size_t)t) *
	    sizeof *x.head)) == NULL)
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory for a %lld x %lld head", (long long)t,
		    (long long)t);
	progress_begin("writing attention", store_layers(store) *
	    store_heads(store));
	if (text_ends_with(path, ".npy")) {
		shape[0] = store_layers(store);
		shape[1] = store_heads(store);
		shape[2] = shape[3] = t;
		rc = npy_write(path, 4, shape, write_npy_all, &x, err);
	} else
		rc = export_safetensors(&x, tok, model_name, err);
	progress_end();
	free(x.head);
	return rc;
}
