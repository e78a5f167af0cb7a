/*
 * safetensors_index.c - a sharded checkpoint's index; see
 * safetensors_index.h.
 */
#include "build-config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "attntui/base/file.h"
#include "attntui/base/text.h"
#include "attntui/io/jsonfile.h"
#include "attntui/io/safetensors.h"
#include "attntui/io/safetensors_index.h"

#define st_index_bad(err, path, ...) \
	error_bad(err, path, "safetensors index", __VA_ARGS__)

/* An index lists tensor names and shard file names: megabytes at most. */
#define ST_MAX_INDEX	(64u * 1024 * 1024)

int
safetensors_is_index(const char *path)
{
	unsigned char	head[8];
	struct error	ignored = { 0 };
	uint64_t	size;
	int		fd, yes = 0;

	if (text_ends_with(path, ".json"))
		return 1;
	/* Opened as every named file is: a FIFO must not block here. */
	if (file_open(path, "a safetensors file", &fd, &size, &ignored) != 0) {
		error_clear(&ignored);
		return 0;	/* safetensors_open says why */
	}
	if (size >= sizeof head && read(fd, head, sizeof head) ==
	    (ssize_t)sizeof head)
		yes = head[0] == '{' && head[7] != 0;
	close(fd);
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

/* A shard's name and the (sorted) pair that uses it. */
struct st_shard_ref {
	const char	*name;
	size_t		 pair;
};

static int
st_index_compare(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Shard names by their string, ties by first use. */
static int
st_index_shard_compare(const void *a, const void *b)
{
	const struct st_shard_ref	*x = a, *y = b;
	int				 c = strcmp(x->name, y->name);

	if (c != 0)
		return c;
	return (x->pair > y->pair) - (x->pair < y->pair);
}

/*
 * Number the distinct shards of pairs (name, shard; sorted by name) in
 * order of first use, into ix->shards and ix->shard_of.  Sorting by the
 * shard's name makes this n log n: an index with 300,000 distinct
 * shards must not take minutes.
 */
static int
st_index_number_shards(struct safetensors_index *ix, char **pairs)
{
	struct st_shard_ref	*refs;
	size_t			*leader, *number, n = ix->n_names, i, k;
	int			 rc = -1;

	refs = calloc(n, sizeof *refs);
	leader = calloc(n, sizeof *leader);
	number = calloc(n, sizeof *number);
	ix->shards = calloc(n, sizeof *ix->shards);
	if (refs == NULL || leader == NULL || number == NULL ||
	    ix->shards == NULL)
		goto out;
	for (i = 0; i < n; i++) {
		refs[i].name = pairs[2 * i + 1];
		refs[i].pair = i;
	}
	qsort(refs, n, sizeof *refs, st_index_shard_compare);
	for (k = 0; k < n; k++)
		leader[refs[k].pair] = k > 0 && strcmp(refs[k].name,
		    refs[k - 1].name) == 0 ? leader[refs[k - 1].pair] :
		    refs[k].pair;
	for (i = 0; i < n; i++) {
		if (leader[i] == i) {
			if ((ix->shards[ix->n_shards] = strdup(pairs[2 * i +
			    1])) == NULL)
				goto out;
			number[i] = ix->n_shards++;
		}
		ix->shard_of[i] = number[leader[i]];
	}
	rc = 0;
out:
	free(refs);
	free(leader);
	free(number);
	return rc;
}

static int
st_index_parse(struct safetensors_index *ix, const json_t *root,
    struct error *err)
{
	const char	 *key;
	json_t		 *map, *value;
	char		  q[SAFETENSORS_QUOTE_LEN], qs[SAFETENSORS_QUOTE_LEN];
	char		**pairs;
	size_t		  n, i;

	if (!json_is_object(root))
		return st_index_bad(err, ix->path, "top level is %s, expected "
		    "an object with a \"weight_map\"", jsonfile_type(root));
	map = json_object_get(root, "weight_map");
	if (map == NULL || !json_is_object(map))
		return st_index_bad(err, ix->path, "weight_map is %s, "
		    "expected an object mapping tensor names to shard files",
		    map == NULL ? "missing" : jsonfile_type(map));
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
			safetensors_quote(key, q, sizeof q);
			return st_index_bad(err, ix->path, "weight_map[%s] "
			    "is %s, expected a shard's file name in the "
			    "index's directory", q, json_is_string(value) ?
			    safetensors_quote(json_string_value(value), qs,
			    sizeof qs) : jsonfile_type(value));
		}
		pairs[2 * i] = (char *)key;
		pairs[2 * i + 1] = (char *)json_string_value(value);
		i++;
	}
	qsort(pairs, n, 2 * sizeof *pairs, st_index_compare);
	for (i = 0; i < n; i++) {
		if ((ix->names[i] = strdup(pairs[2 * i])) == NULL) {
			ix->n_names = i;
			free(pairs);
			return error_nomem(err, ix->path);
		}
	}
	ix->n_names = n;
	if (st_index_number_shards(ix, pairs) != 0) {
		free(pairs);
		return error_nomem(err, ix->path);
	}
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
	json_t	*root;
	int	 rc;

	memset(ix, 0, sizeof *ix);
	if ((ix->path = strdup(path)) == NULL)
		return error_nomem(err, path);
	if (jsonfile_parse(path, "safetensors index", "an object with a "
	    "\"weight_map\"", data, len, &root, err) != 0) {
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
