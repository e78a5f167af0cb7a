/*
 * npy.c - NumPy .npy float arrays: a strict reader of float16, bfloat16,
 * float32 and float64, and a float32 writer whose output is byte for
 * byte what numpy.save writes.
 *
 * The header is a Python literal, but only three keys with three simple
 * value types are legal, so a small hand parser reads exactly that
 * grammar and refuses everything else (numpy itself uses ast.literal_eval).
 */
#include "build-config.h"


#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attntui/io/npy.h"
#include "attntui/io/outfile.h"

#define NPY_MAGIC	"\x93NUMPY"
#define NPY_MAGIC_LEN	6
#define NPY_ALIGN	64	/* numpy's ARRAY_ALIGN */
#define NPY_GROWTH	21	/* numpy's GROWTH_AXIS_MAX_DIGITS */
#define NPY_DESCR	"<f4"	/* what the writer writes */

/*
 * The descrs read: little-endian IEEE floats, and "bfloat16", which is
 * what str() of ml_dtypes' bfloat16 gives (np.save itself writes '<V2'
 * for it, raw bytes of no known type, refused with a hint).
 */
static const struct {
	const char	*descr;
	enum dtype	 dtype;
	const char	*name;
} npy_descrs[] = {
	{ "<f4",	DTYPE_F32,	"float32" },
	{ "<f2",	DTYPE_F16,	"float16" },
	{ "<f8",	DTYPE_F64,	"float64" },
	{ "bfloat16",	DTYPE_BF16,	"bfloat16" },
};
#define NPY_N_DESCRS	(sizeof npy_descrs / sizeof npy_descrs[0])

/* A malformed file: status 2, "npy: " in front, the file as its file. */
#define npy_bad(err, path, ...)	error_bad(err, path, "npy", __VA_ARGS__)

/* ---- the header dict ---------------------------------------------------- */

struct npy_lex {
	const char	*start;
	const char	*p;
	const char	*end;
	const char	*path;
	struct error	*err;
};

static void
npy_lex_space(struct npy_lex *lx)
{
	while (lx->p < lx->end && (*lx->p == ' ' || *lx->p == '\t' ||
	    *lx->p == '\n' || *lx->p == '\r'))
		lx->p++;
}

/* Refuse what is at the cursor, saying what should have been there. */
static int
npy_lex_fail(struct npy_lex *lx, const char *expected)
{
	unsigned char	c;

	if (lx->p >= lx->end)
		return npy_bad(lx->err, lx->path, "header dict ends early, "
		    "expected %s", expected);
	c = (unsigned char)*lx->p;
	if (c >= 0x20 && c < 0x7f)
		return npy_bad(lx->err, lx->path, "header dict has '%c' at "
		    "byte %td, expected %s", c, lx->p - lx->start, expected);
	return npy_bad(lx->err, lx->path, "header dict has byte 0x%02x at "
	    "byte %td, expected %s", c, lx->p - lx->start, expected);
}

static int
npy_lex_char(struct npy_lex *lx, char c, const char *expected)
{
	npy_lex_space(lx);
	if (lx->p >= lx->end || *lx->p != c)
		return npy_lex_fail(lx, expected);
	lx->p++;
	return 0;
}

/* A quoted string without escapes (numpy's keys and descrs have none). */
static int
npy_lex_string(struct npy_lex *lx, char *out, size_t len,
    const char *expected)
{
	char	quote;
	size_t	n = 0;

	npy_lex_space(lx);
	if (lx->p >= lx->end || (*lx->p != '\'' && *lx->p != '"'))
		return npy_lex_fail(lx, expected);
	quote = *lx->p++;
	while (lx->p < lx->end && *lx->p != quote) {
		if (*lx->p == '\\' || *lx->p == '\n')
			return npy_lex_fail(lx, expected);
		if (n + 1 >= len)
			return npy_bad(lx->err, lx->path, "header dict has a "
			    "string longer than %zu bytes at byte %td, "
			    "expected %s", len - 1, lx->p - lx->start,
			    expected);
		out[n++] = *lx->p++;
	}
	if (lx->p >= lx->end)
		return npy_lex_fail(lx, "a closing quote");
	lx->p++;
	out[n] = '\0';
	return 0;
}

static int
npy_lex_word(struct npy_lex *lx, const char *word)
{
	size_t	len = strlen(word);

	if ((size_t)(lx->end - lx->p) < len || memcmp(lx->p, word, len) != 0)
		return -1;
	lx->p += len;
	return 0;
}

static int
npy_parse_fortran(struct npy_lex *lx)
{
	npy_lex_space(lx);
	if (npy_lex_word(lx, "False") == 0)
		return 0;
	if (npy_lex_word(lx, "True") == 0)
		return npy_bad(lx->err, lx->path, "fortran_order is True, "
		    "expected False (C order; save np.ascontiguousarray(a))");
	return npy_lex_fail(lx, "True or False for fortran_order");
}

static int
npy_parse_dim(struct npy_lex *lx, struct npy *npy)
{
	uint64_t	v = 0;
	const char	*digits;

	npy_lex_space(lx);
	if (lx->p < lx->end && *lx->p == '-')
		return npy_lex_fail(lx, "a non-negative dimension");
	if (npy->rank == NPY_MAX_RANK)
		return npy_bad(lx->err, lx->path, "shape has more than %d "
		    "dimensions, expected at most %d", NPY_MAX_RANK,
		    NPY_MAX_RANK);
	for (digits = lx->p; lx->p < lx->end && *lx->p >= '0' &&
	    *lx->p <= '9'; lx->p++) {
		if (v > (INT64_MAX - 9) / 10)
			return npy_bad(lx->err, lx->path, "shape dimension "
			    "too large, expected less than 2^63");
		v = v * 10 + (uint64_t)(*lx->p - '0');
	}
	if (lx->p == digits)
		return npy_lex_fail(lx, "an integer in shape");
	npy->shape[npy->rank++] = (int64_t)v;
	return 0;
}

/* "()", "(n,)", "(n, m)" or "(n, m,)": a one-tuple needs its comma. */
static int
npy_parse_shape(struct npy_lex *lx, struct npy *npy)
{
	if (npy_lex_char(lx, '(', "a tuple '(' for shape") != 0)
		return -1;
	npy_lex_space(lx);
	if (lx->p < lx->end && *lx->p == ')') {
		lx->p++;
		return 0;
	}
	for (;;) {
		if (npy_parse_dim(lx, npy) != 0)
			return -1;
		npy_lex_space(lx);
		if (lx->p < lx->end && *lx->p == ')' && npy->rank > 1)
			break;
		if (npy_lex_char(lx, ',', npy->rank == 1 ? "',' in shape "
		    "(a 1-tuple is written (n,))" : "',' in shape") != 0)
			return -1;
		npy_lex_space(lx);
		if (lx->p < lx->end && *lx->p == ')')
			break;
	}
	lx->p++;
	return 0;
}

static int
npy_parse_descr(struct npy_lex *lx, struct npy *npy, const char *descr)
{
	size_t	i;

	for (i = 0; i < NPY_N_DESCRS; i++) {
		if (strcmp(descr, npy_descrs[i].descr) == 0) {
			npy->dtype = npy_descrs[i].dtype;
			npy->type_name = npy_descrs[i].name;
			return 0;
		}
	}
	if (strcmp(descr, "<V2") == 0 || strcmp(descr, "|V2") == 0)
		return npy_bad(lx->err, lx->path, "unsupported descr '%s' "
		    "(raw 2-byte values, as np.save writes a bfloat16 array), "
		    "expected '<f2', '<f4', '<f8' or 'bfloat16' (save "
		    "a.astype(np.float32), or .safetensors)", descr);
	return npy_bad(lx->err, lx->path, "unsupported descr '%s', expected "
	    "'<f2', '<f4', '<f8' or 'bfloat16' (little-endian float16, "
	    "float32, float64, bfloat16)", descr);
}

/* One "'key': value"; *seen collects keys so that each comes once. */
static int
npy_parse_item(struct npy_lex *lx, struct npy *npy, unsigned *seen)
{
	char		key[32], descr[32];
	unsigned	bit;

	if (npy_lex_string(lx, key, sizeof key, "a quoted key: 'descr', "
	    "'fortran_order' or 'shape'") != 0)
		return -1;
	if (strcmp(key, "descr") == 0)
		bit = 1;
	else if (strcmp(key, "fortran_order") == 0)
		bit = 2;
	else if (strcmp(key, "shape") == 0)
		bit = 4;
	else
		return npy_bad(lx->err, lx->path, "header dict has key '%s', "
		    "expected only 'descr', 'fortran_order' and 'shape'", key);
	if (*seen & bit)
		return npy_bad(lx->err, lx->path, "header dict has '%s' "
		    "twice, expected it once", key);
	*seen |= bit;
	if (npy_lex_char(lx, ':', "':' after a key") != 0)
		return -1;
	switch (bit) {
	case 1:
		if (npy_lex_string(lx, descr, sizeof descr, "a quoted descr "
		    "such as '<f4'") != 0)
			return -1;
		return npy_parse_descr(lx, npy, descr);
	case 2:
		return npy_parse_fortran(lx);
	default:
		return npy_parse_shape(lx, npy);
	}
}

static int
npy_parse_dict(struct npy *npy, const char *text, size_t len,
    struct error *err)
{
	struct npy_lex	 lx = { text, text, text + len, npy->path, err };
	unsigned	 seen = 0;

	if (npy_lex_char(&lx, '{', "'{' opening the header dict") != 0)
		return -1;
	for (;;) {
		npy_lex_space(&lx);
		if (lx.p < lx.end && *lx.p == '}')
			break;
		if (npy_parse_item(&lx, npy, &seen) != 0)
			return -1;
		npy_lex_space(&lx);
		if (lx.p < lx.end && *lx.p == '}')
			break;
		if (npy_lex_char(&lx, ',', "',' or '}' after a value") != 0)
			return -1;
	}
	lx.p++;
	npy_lex_space(&lx);
	if (lx.p != lx.end)
		return npy_lex_fail(&lx,
		    "only spaces and '\\n' after the dict");
	if (seen != 7)
		return npy_bad(err, npy->path, "header dict lacks '%s', "
		    "expected 'descr', 'fortran_order' and 'shape'",
		    !(seen & 1) ? "descr" : !(seen & 2) ? "fortran_order" :
		    "shape");
	return 0;
}

/* ---- reading ------------------------------------------------------------ */

/* Magic, version and header length; *start is where the dict begins. */
static int
npy_parse_preamble(struct npy *npy, size_t *start, size_t *hlen,
    struct error *err)
{
	const unsigned char	*p = npy->file.data;

	if (npy->file.size < 10)
		return npy_bad(err, npy->path, "file is %zu bytes, expected "
		    "at least 10", npy->file.size);
	if (memcmp(p, NPY_MAGIC, NPY_MAGIC_LEN) != 0)
		return npy_bad(err, npy->path, "bad magic, expected "
		    "\"\\x93NUMPY\" (a .npy file)");
	if (p[6] < 1 || p[6] > 3 || p[7] != 0)
		return npy_bad(err, npy->path, "version %u.%u, expected 1.0, "
		    "2.0 or 3.0", p[6], p[7]);
	npy->version = p[6];
	if (npy->version == 1) {
		*hlen = (size_t)p[8] | (size_t)p[9] << 8;
		*start = 10;
	} else {
		if (npy->file.size < 12)
			return npy_bad(err, npy->path, "file is %zu bytes, "
			    "expected at least 12", npy->file.size);
		*hlen = (size_t)p[8] | (size_t)p[9] << 8 |
		    (size_t)p[10] << 16 | (size_t)p[11] << 24;
		*start = 12;
	}
	if (*hlen > npy->file.size - *start)
		return npy_bad(err, npy->path, "header length %zu is beyond "
		    "the end of the file, expected at most %zu", *hlen,
		    npy->file.size - *start);
	return 0;
}

/*
 * Element count, the data's size against the file, and the pointer: in
 * place, at any alignment (readers widen it, dtype_widen).
 */
static int
npy_bind_data(struct npy *npy, size_t offset, struct error *err)
{
	size_t	count = 1, have = npy->file.size - offset;
	size_t	size = dtype_size(npy->dtype);
	int	i;

	for (i = 0; i < npy->rank; i++) {
		if (npy->shape[i] != 0 &&
		    count > SIZE_MAX / 8 / (uint64_t)npy->shape[i])
			return npy_bad(err, npy->path, "shape is too large, "
			    "expected fewer than 2^61 elements");
		count *= (size_t)npy->shape[i];
	}
	if (have < count * size)
		return npy_bad(err, npy->path, "truncated data: %zu bytes, "
		    "expected %zu (%zu %s)", have, count * size, count,
		    npy->type_name);
	npy->count = count;
	npy->data = (const char *)npy->file.data + offset;
	return 0;
}

static int
npy_parse(struct npy *npy, struct error *err)
{
	size_t	start = 0, hlen = 0;

	if (npy_parse_preamble(npy, &start, &hlen, err) != 0 ||
	    npy_parse_dict(npy, (const char *)npy->file.data + start, hlen,
	    err) != 0)
		return -1;
	return npy_bind_data(npy, start + hlen, err);
}

static int
npy_init(struct npy *npy, const char *path, struct error *err)
{
	memset(npy, 0, sizeof *npy);
	if ((npy->path = strdup(path)) == NULL)
		return error_nomem(err, path);
	return 0;
}

int
npy_open(const char *path, struct npy *npy, struct error *err)
{
	if (npy_init(npy, path, err) != 0)
		return -1;
	if (mapfile_open(path, "a .npy file", &npy->file, err) != 0 ||
	    npy_parse(npy, err) != 0) {
		npy_close(npy);
		return -1;
	}
	return 0;
}

int
npy_open_buffer(const char *path, const void *buf, size_t len,
    struct npy *npy, struct error *err)
{
	if (npy_init(npy, path, err) != 0)
		return -1;
	if (mapfile_copy(path, buf, len, &npy->file, err) != 0 ||
	    npy_parse(npy, err) != 0) {
		npy_close(npy);
		return -1;
	}
	return 0;
}

void
npy_close(struct npy *npy)
{
	mapfile_close(&npy->file);
	free(npy->path);
	memset(npy, 0, sizeof *npy);
}

/* ---- writing ------------------------------------------------------------ */

/*
 * numpy's _write_array_header: keys sorted, repr() of each value, a
 * trailing ", " before "}", spaces so that the first axis may grow to 21
 * digits in place, then spaces and '\n' up to a multiple of 64 bytes
 * counting magic and length.  numpy pads a full 64 when already aligned.
 * Returns the header length after the 10-byte preamble, or 0.
 */
static size_t
npy_format_header(char *buf, size_t len, int rank, const int64_t *shape)
{
	size_t	n, pad;
	int	i, w, first = 0;

	n = (size_t)snprintf(buf, len, "{'descr': '" NPY_DESCR "', "
	    "'fortran_order': False, 'shape': (");
	for (i = 0; i < rank && n < len; i++) {
		w = snprintf(buf + n, len - n, "%s%" PRId64, i > 0 ? ", " : "",
		    shape[i]);
		if (i == 0)
			first = w;
		n += (size_t)w;
	}
	if (n < len)
		n += (size_t)snprintf(buf + n, len - n, "%s), }",
		    rank == 1 ? "," : "");
	if (rank > 0 && n < len)
		n += (size_t)snprintf(buf + n, len - n, "%*s",
		    NPY_GROWTH - first, "");
	pad = NPY_ALIGN - (10 + n + 1) % NPY_ALIGN;
	if (n + pad + 1 >= len)
		return 0;
	memset(buf + n, ' ', pad);
	buf[n + pad] = '\n';
	return n + pad + 1;
}

int
npy_write(const char *path, int rank, const int64_t *shape, npy_write_fn fn,
    void *ctx, struct error *err)
{
	struct outfile	of;
	char		hdr[512];
	size_t		hlen, count = 1;
	off_t		before, after;
	int		i;

	if (rank < 0 || rank > NPY_MAX_RANK)
		return error_set(err, EXIT_RUNTIME, path, 0, 0,
		    "npy: rank %d, expected 0 to %d", rank, NPY_MAX_RANK);
	for (i = 0; i < rank; i++) {
		if (shape[i] < 0 || (shape[i] != 0 &&
		    count > SIZE_MAX / 4 / (uint64_t)shape[i]))
			return error_set(err, EXIT_RUNTIME, path, 0, 0,
			    "npy: bad shape");
		count *= (size_t)shape[i];
	}
	if ((hlen = npy_format_header(hdr, sizeof hdr, rank, shape)) == 0)
		return error_set(err, EXIT_RUNTIME, path, 0, 0,
		    "npy: header too long");
	if (outfile_open(path, &of, err) == NULL)
		return -1;
	if (fwrite(NPY_MAGIC "\x01\x00", 1, 8, of.fp) != 8 ||
	    fputc((int)(hlen & 0xff), of.fp) == EOF ||
	    fputc((int)(hlen >> 8), of.fp) == EOF ||
	    fwrite(hdr, 1, hlen, of.fp) != hlen ||
	    (before = ftello(of.fp)) == -1) {
		error_set(err, EXIT_RUNTIME, path, 0, 0, "write error: %s",
		    strerror(errno));
		goto fail;
	}
	if (fn(ctx, of.fp, err) != 0) {
		if (err != NULL && err->message == NULL)
			error_set(err, EXIT_RUNTIME, path, 0, 0,
			    "npy: cannot produce the data");
		goto fail;
	}
	if (ferror(of.fp) || (after = ftello(of.fp)) == -1) {
		error_set(err, EXIT_RUNTIME, path, 0, 0, "write error: %s",
		    strerror(errno));
		goto fail;
	}
	if ((uintmax_t)(after - before) != (uintmax_t)count * 4) {
		error_set(err, EXIT_RUNTIME, path, 0, 0, "npy: %jd bytes of "
		    "data written, expected %zu", (intmax_t)(after - before),
		    count * 4);
		goto fail;
	}
	return outfile_commit(&of, err);
fail:
	outfile_abort(&of);
	return -1;
}

struct npy_floats {
	const float	*data;
	size_t		 count;
};

static int
npy_write_floats_cb(void *ctx, FILE *fp, struct error *err)
{
	const struct npy_floats	*a = ctx;

	(void)err;	/* npy_write reports a short write */
	fwrite(a->data, sizeof *a->data, a->count, fp);
	return 0;
}

int
npy_write_floats(const char *path, int rank, const int64_t *shape,
    const float *data, struct error *err)
{
	struct npy_floats	a = { data, 1 };
	int			i;

	for (i = 0; i < rank && i < NPY_MAX_RANK; i++) {
		if (shape[i] < 0)
			break;	/* npy_write refuses it */
		a.count *= (size_t)shape[i];	/* overflow: npy_write too */
	}
	return npy_write(path, rank, shape, npy_write_floats_cb, &a, err);
}
