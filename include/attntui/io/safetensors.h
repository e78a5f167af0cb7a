/*
 * safetensors.h - read (mmap) and write (atomically) safetensors files.
 *
 * Format: 8-byte little-endian header length N, N bytes of JSON mapping
 * tensor names to {"dtype", "shape", "data_offsets": [begin, end]} (offsets
 * relative to the byte after the header) and an optional "__metadata__"
 * object of string values, then the data.  The reader checks every offset,
 * shape and dtype against the file size before handing out a pointer.
 */
#ifndef ATTNTUI_SAFETENSORS_H
#define ATTNTUI_SAFETENSORS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "attntui/base/error.h"
#include "attntui/base/mapfile.h"

#define SAFETENSORS_MAX_RANK	8

enum st_dtype {
	ST_F32, ST_F16, ST_BF16, ST_F64,
	ST_I8, ST_I16, ST_I32, ST_I64, ST_U8, ST_U16, ST_U32, ST_U64,
	ST_BOOL, ST_F8_E4M3, ST_F8_E5M2
};

struct st_tensor {
	char		*name;		/* owned by the file */
	enum st_dtype	 dtype;
	int		 rank;
	int64_t		 shape[SAFETENSORS_MAX_RANK];
	const void	*data;		/* into the mapping; may be unaligned */
	size_t		 nbytes;
};

struct safetensors {
	char			*path;		/* owned */
	struct mapfile		 file;
	struct st_tensor	*tensors;	/* in file order (data offset) */
	size_t			 n_tensors;
	char		       **meta_keys;	/* __metadata__, owned */
	char		       **meta_values;
	size_t			 n_meta;
};

/* Map and validate path; on error fill err (status 2 for a malformed file). */
int			 safetensors_open(const char *path,
			     struct safetensors *st, struct error *err);
/*
 * The same on a copy of buf (len bytes); path only names it in errors.
 * For fuzzing and tests: ASan sees the exact bounds of the copy.
 */
int			 safetensors_open_buffer(const char *path,
			     const void *buf, size_t len,
			     struct safetensors *st, struct error *err);
/* Unmap and free; st is zeroed, and safe to close twice. */
void			 safetensors_close(struct safetensors *st);
const struct st_tensor	*safetensors_find(const struct safetensors *st,
			     const char *name);
const char		*safetensors_meta(const struct safetensors *st,
			     const char *key);
/* "F32" etc.; NULL and 0 for a value outside enum st_dtype. */
const char		*safetensors_dtype_name(enum st_dtype);
/* "an object", "a string", ...: a JSON value's type, for messages. */
const char		*safetensors_json_type(const json_t *v);
size_t			 safetensors_dtype_size(enum st_dtype);
/* Look a dtype up by its name in the file; 0, or -1 when unknown. */
int			 safetensors_dtype_from_name(const char *name,
			     enum st_dtype *dtype);

/*
 * Exact conversions to float32 bit patterns: IEEE binary16 (subnormals,
 * infinities and NaN payloads kept) and bfloat16 (the top half of a
 * float32).
 */
uint32_t		 safetensors_f16_bits(uint16_t h);
uint32_t		 safetensors_bf16_bits(uint16_t h);
/*
 * Elements [first, first + n) of t, an F32, F16 or BF16 tensor, as float
 * into dst; t->data may be unaligned.  -1 for any other dtype or a range
 * beyond the tensor.
 */
int			 safetensors_to_f32(const struct st_tensor *t,
			     size_t first, size_t n, float *dst);

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
	char		**shards;	/* distinct, in map order, owned */
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

/*
 * Writing streams each tensor's bytes through a callback, so a caller can
 * produce a large tensor piecewise (rows recomputed on demand) without
 * holding it whole.  The file appears under path only once complete.
 */
struct st_out_tensor {
	const char	*name;
	enum st_dtype	 dtype;
	int		 rank;
	int64_t		 shape[SAFETENSORS_MAX_RANK];
};

/*
 * Write exactly the tensor's nbytes to fp; return 0, or -1 with err set.
 * The writer checks the count (ftello) and fails the whole file if wrong.
 */
typedef int (*st_write_fn)(void *ctx, size_t index, FILE *fp,
    struct error *err);

/*
 * Write tensors (data contiguous, in the order given) and the metadata
 * (n_meta pairs, may be 0) to path via outfile.h: on failure no file is
 * left behind and path keeps what it held.  Names must be unique, valid
 * UTF-8 and not "__metadata__".
 */
int			 safetensors_write(const char *path,
			     const struct st_out_tensor *tensors, size_t n,
			     const char *const *meta_keys,
			     const char *const *meta_values, size_t n_meta,
			     st_write_fn write, void *ctx, struct error *err);

#endif
