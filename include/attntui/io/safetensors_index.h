/*
 * safetensors_index.h - a sharded checkpoint's index,
 * model.safetensors.index.json.
 */
#ifndef ATTNTUI_SAFETENSORS_INDEX_H
#define ATTNTUI_SAFETENSORS_INDEX_H

#include <stddef.h>

#include "attntui/base/error.h"

/*
 * A sharded checkpoint's index (model.safetensors.index.json): its
 * "weight_map" object maps each tensor name to a shard, a file name in
 * the index's directory.  "metadata" and other keys are ignored.
 */
struct safetensors_index {
	char		 *path;		/* owned */
	char		**names;	/* sorted, owned */
	size_t		 *shard_of;	/* per name, into shards */
	size_t		  n_names;
	char		**shards;	/* distinct, in order of first use
					   by the sorted names; owned */
	size_t		  n_shards;
};

/*
 * 1 when path names an index rather than a safetensors file: it ends in
 * ".json", or it starts with '{' and its eighth byte is not 0 (a
 * safetensors header length of 2^56 or more is never valid).
 */
int			 safetensors_is_index(const char *path);
/* Read and validate path; on error fill err (status 2 when malformed). */
int			 safetensors_index_open(const char *path,
			     struct safetensors_index *ix, struct error *err);
/* The same from len bytes at data, named path in errors. */
int			 safetensors_index_open_buffer(const char *path,
			     const void *data, size_t len,
			     struct safetensors_index *ix, struct error *err);
void			 safetensors_index_close(
			     struct safetensors_index *ix);
/* The shard (into ix->shards) holding name: 0, or -1 when unmapped. */
int			 safetensors_index_find(
			     const struct safetensors_index *ix,
			     const char *name, size_t *shard);

#endif
