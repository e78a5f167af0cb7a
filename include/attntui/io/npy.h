/*
 * npy.h - read NumPy .npy arrays of floats, write them as float32.
 *
 * Format (numpy/lib/format.py): "\x93NUMPY", major and minor version
 * bytes, a little-endian header length (2 bytes in 1.0, 4 in 2.0 and
 * 3.0), a Python dict literal {'descr': ..., 'fortran_order': ...,
 * 'shape': (...)} padded with spaces and '\n', then the data.  attntui
 * reads little-endian float16 ('<f2'), float32 ('<f4'), float64 ('<f8')
 * and bfloat16 ('bfloat16', as ml_dtypes names it) in C order only, and
 * refuses the rest by name rather than guessing.
 */
#ifndef ATTNTUI_NPY_H
#define ATTNTUI_NPY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "attntui/base/error.h"
#include "attntui/base/mapfile.h"
#include "attntui/io/dtype.h"

#define NPY_MAX_RANK	8

struct npy {
	char		*path;		/* owned */
	struct mapfile	 file;
	int		 version;	/* major: 1, 2 or 3 */
	int		 rank;
	int64_t		 shape[NPY_MAX_RANK];
	size_t		 count;		/* elements: product of shape */
	enum dtype	 dtype;		/* F32, F16, BF16 or F64 */
	const char	*type_name;	/* "float32": numpy's name for it */
	const void	*data;		/* count elements in the mapping, of
					   any alignment: dtype_widen() */
};

/* Map and validate path; status 2 for a malformed or unsupported file. */
int	npy_open(const char *path, struct npy *npy, struct error *err);
/* The same on a copy of buf; path only names it in errors. */
int	npy_open_buffer(const char *path, const void *buf, size_t len,
	    struct npy *npy, struct error *err);
/* Unmap and free; npy is zeroed, and safe to close twice. */
void	npy_close(struct npy *npy);

/*
 * Write all count*4 bytes of the array (little-endian float32, C order)
 * to fp, in as many fwrite calls as suits; 0, or -1 with err set.
 */
typedef int (*npy_write_fn)(void *ctx, FILE *fp, struct error *err);

/*
 * Write a version 1.0 .npy byte for byte as numpy.save would, streaming
 * the data through fn, atomically (outfile.h); on failure no file is
 * left and path keeps what it held.
 */
int	npy_write(const char *path, int rank, const int64_t *shape,
	    npy_write_fn fn, void *ctx, struct error *err);
/* npy_write from an array in memory. */
int	npy_write_floats(const char *path, int rank, const int64_t *shape,
	    const float *data, struct error *err);

#endif
