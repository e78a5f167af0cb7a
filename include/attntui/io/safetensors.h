/*
 * safetensors.h - read safetensors files, mapped.
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

#include "attntui/base/error.h"
#include "attntui/base/mapfile.h"
#include "attntui/base/text.h"
#include "attntui/io/dtype.h"

#define SAFETENSORS_MAX_RANK	8

#define SAFETENSORS_META_KEY	"__metadata__"
#define SAFETENSORS_NAME_SHOWN	64	/* bytes of a name in a message */
#define SAFETENSORS_QUOTE_LEN	TEXT_QUOTE_SIZE(SAFETENSORS_NAME_SHOWN)

struct st_tensor {
	char		*name;		/* owned by the file */
	enum dtype	 dtype;
	int		 rank;
	int64_t		 shape[SAFETENSORS_MAX_RANK];
	const void	*data;		/* into the mapping; may be unaligned */
	size_t		 nbytes;
};

struct safetensors {
	char			*path;		/* owned */
	struct mapfile		 file;
	struct st_tensor	*tensors;	/* in data order */
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
/* A name from a file, quoted and escaped for a message (text.h). */
char			*safetensors_quote(const char *name, char *buf,
			     size_t len);
/*
 * Elements [first, first + n) of t, an F32, F16, BF16 or F64 tensor, as
 * float into dst (dtype_widen); t->data may be unaligned.  -1 for any
 * other dtype or a range beyond the tensor.
 */
int			 safetensors_to_f32(const struct st_tensor *t,
			     size_t first, size_t n, float *dst);

#endif
