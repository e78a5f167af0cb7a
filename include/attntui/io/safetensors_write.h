/*
 * safetensors_write.h - write safetensors files, atomically.
 */
#ifndef ATTNTUI_SAFETENSORS_WRITE_H
#define ATTNTUI_SAFETENSORS_WRITE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "attntui/base/error.h"
#include "attntui/io/safetensors.h"

/*
 * Writing streams each tensor's bytes through a callback, so a caller can
 * produce a large tensor piecewise (rows recomputed on demand) without
 * holding it whole.  The file appears under path only once complete.
 */
struct st_out_tensor {
	const char	*name;
	enum dtype	 dtype;
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
