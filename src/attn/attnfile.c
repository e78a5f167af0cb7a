/*
 * attnfile.c - open attention dumped by PyTorch or attntui --export as a
 * store, with its token labels and model name; see attnfile.h.
 *
 * Aligned little-endian F32 is used where the file maps it: a GPT-2-small
 * dump at T = 4096 is 9.7 GB, and copying it would double that.  Every
 * value is still read once, to refuse NaN, infinities and negative
 * numbers with their place and to warn about rows that do not sum to 1
 * (a dump of pre-softmax scores is the usual mistake).
 */
#include "build-config.h"

#include <errno.h>
#include <float.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "attntui/attn/attnfile.h"
#include "attntui/base/file.h"
#include "attntui/base/text.h"
#include "attntui/io/jsonfile.h"
#include "attntui/io/npy.h"
#include "attntui/io/safetensors.h"

#define AF_PREFIX	"layers."
#define AF_SUFFIX	".attention"
#define AF_MAX_DIGITS	9		/* layer numbers below 10^9 */
#define AF_TOKENS_MAX	(256u << 20)	/* bytes of a --tokens file */

/*
 * How far a row's sum may stray from 1 before the warning: float32
 * softmax rows of a few thousand keys are within 1e-4 or so; F16 rounds
 * each value by up to 2^-11 of itself, BF16 by up to 2^-8.
 */
#define AF_TOL_F32	1e-3
#define AF_TOL_F16	2e-3
#define AF_TOL_BF16	1e-2

/* What the store releases at store_free: the mapping and conversions. */
struct af_src {
	struct safetensors	  st;
	struct npy		  npy;
	int			  is_st;
	int			  is_npy;
	int64_t			  L, H, T;
	const float		**layers;	/* L pointers */
	float			**owned;	/* L, NULL where in place */
	double			  tol;
};

static void
af_src_free(struct af_src *src)
{
	int64_t	l;

	if (src == NULL)
		return;
	if (src->owned != NULL)
		for (l = 0; l < src->L; l++)
			free(src->owned[l]);
	free(src->owned);
	free(src->layers);
	if (src->is_st)
		safetensors_close(&src->st);
	if (src->is_npy)
		npy_close(&src->npy);
	free(src);
}

static void
af_release(void *ctx)
{
	af_src_free(ctx);
}

int
attnfile_is_attention(const char *path)
{
	return text_ends_with(path, ".safetensors") ||
	    text_ends_with(path, ".npy");
}

/* A malformed file: status 2, the file as the error's file. */
#define af_bad(err, path, ...)	error_bad(err, path, NULL, __VA_ARGS__)

/* "[2, 3, 3]" or, numpy's way, "(2, 3, 3)" and "(4,)". */
static const char *
af_shape(char *buf, size_t len, int rank, const int64_t *shape, int tuple)
{
	size_t	n = 0;
	int	i;

	n += (size_t)snprintf(buf + n, len - n, "%s", tuple ? "(" : "[");
	for (i = 0; i < rank && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%lld",
		    i == 0 ? "" : ", ", (long long)shape[i]);
	if (n < len)
		snprintf(buf + n, len - n, "%s", tuple ? (rank == 1 ? ",)" :
		    ")") : "]");
	return buf;
}

#define AF_SHAPE_LEN	(SAFETENSORS_MAX_RANK * 24 + 8)

/* ---- safetensors ----------------------------------------------------- */

char *
attnfile_tensor_name(int64_t layer, char *buf, size_t len)
{
	snprintf(buf, len, AF_PREFIX "%lld" AF_SUFFIX, (long long)layer);
	return buf;
}

/*
 * 1 and *n for "layers.N.attention"; 0 for any other name (ignored);
 * -1 for the pattern with a number written oddly ("layers.01.attention")
 * and -2 for one too long to be a layer, which would otherwise be
 * silently skipped.
 */
static int
af_layer_number(const char *name, int64_t *n)
{
	size_t		 len = strlen(name), p = strlen(AF_PREFIX);
	size_t		 s = strlen(AF_SUFFIX), digits, i;
	const char	*d;

	if (len <= p + s || strncmp(name, AF_PREFIX, p) != 0 ||
	    strcmp(name + len - s, AF_SUFFIX) != 0)
		return 0;
	d = name + p;
	digits = len - p - s;
	for (i = 0; i < digits; i++)
		if (d[i] < '0' || d[i] > '9')
			return 0;
	if (digits > 1 && d[0] == '0')
		return -1;
	if (digits > AF_MAX_DIGITS)
		return -2;
	*n = 0;
	for (i = 0; i < digits; i++)
		*n = *n * 10 + (d[i] - '0');
	return 1;
}

/* Little-endian bytes to a host value, whatever the alignment. */
static uint64_t
af_le(const unsigned char *p, size_t size)
{
	uint64_t	v = 0;
	size_t		i;

	for (i = size; i > 0; i--)
		v = v << 8 | p[i - 1];
	return v;
}

/* Layer l as aligned host floats: the file's bytes, or a converted copy. */
static int
af_st_layer(struct af_src *src, const char *path, int64_t l,
    const struct st_tensor *t, struct error *err)
{
	const unsigned char	*p = t->data;
	size_t			 count, size, i;
	uint64_t		 u64;
	double			 d;
	float			*dst;

	size = dtype_size(t->dtype);
	count = t->nbytes / size;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (t->dtype == DTYPE_F32 && (uintptr_t)p % _Alignof(float) == 0) {
		src->layers[l] = (const float *)t->data;
		return 0;
	}
#endif
	if ((dst = malloc(count > 0 ? count * sizeof *dst : 1)) == NULL)
		return error_nomem(err, path);
	src->owned[l] = dst;
	src->layers[l] = dst;
	if (t->dtype != DTYPE_F64)
		return safetensors_to_f32(t, 0, count, dst) == 0 ? 0 :
		    error_nomem(err, path);
	/* F64, the only other dtype let through, narrowed here. */
	for (i = 0; i < count; i++, p += size) {
		u64 = af_le(p, 8);
		memcpy(&d, &u64, sizeof d);
		dst[i] = (float)d;
	}
	return 0;
}

/* Refuse a layer tensor of the wrong dtype or shape. */
static int
af_st_check(struct af_src *src, const char *path, const struct st_tensor *t,
    const struct st_tensor *first, struct error *err)
{
	char	s[AF_SHAPE_LEN], s0[AF_SHAPE_LEN];
	int	i;

	switch (t->dtype) {
	case DTYPE_F32:
	case DTYPE_F64:
		break;
	case DTYPE_F16:
		if (src->tol < AF_TOL_F16)
			src->tol = AF_TOL_F16;
		break;
	case DTYPE_BF16:
		if (src->tol < AF_TOL_BF16)
			src->tol = AF_TOL_BF16;
		break;
	default:
		return af_bad(err, path, "tensor \"%s\" is %s, expected F32 "
		    "(or F16, BF16, F64)", t->name,
		    dtype_name(t->dtype));
	}
	af_shape(s, sizeof s, t->rank, t->shape, 0);
	if (t->rank != 3)
		return af_bad(err, path, "tensor \"%s\" has shape %s, expected "
		    "[heads, T, T]", t->name, s);
	for (i = 0; i < 3; i++)
		if (t->shape[i] == 0)
			return af_bad(err, path, "tensor \"%s\" has shape %s, "
			    "expected [heads, T, T] with no dimension 0",
			    t->name, s);
	if (t->shape[1] != t->shape[2])
		return af_bad(err, path, "tensor \"%s\" has shape %s, expected "
		    "[heads, T, T]: queries and keys must be the same tokens",
		    t->name, s);
	if (t != first && (t->shape[0] != first->shape[0] ||
	    t->shape[1] != first->shape[1]))
		return af_bad(err, path, "tensor \"%s\" has shape %s, expected "
		    "%s like layers.0.attention", t->name, s,
		    af_shape(s0, sizeof s0, 3, first->shape, 0));
	return 0;
}

/* The first tensor that is not a layer's, to hint at in an error. */
static const char *
af_st_other(const struct safetensors *st)
{
	int64_t	n;
	size_t	i;

	for (i = 0; i < st->n_tensors; i++)
		if (af_layer_number(st->tensors[i].name, &n) == 0)
			return st->tensors[i].name;
	return NULL;
}

static int
af_st_bind(struct af_src *src, const char *path, struct error *err)
{
	const struct safetensors	 *st = &src->st;
	const struct st_tensor		**by = NULL;
	const char			 *other;
	int64_t				  n, max = -1, m = 0, l;
	size_t				  i;
	int				  rc = -1, r;

	for (i = 0; i < st->n_tensors; i++) {
		r = af_layer_number(st->tensors[i].name, &n);
		if (r == -2)
			return af_bad(err, path, "tensor \"%s\": expected "
			    "layers.N.attention, N a layer number of at most "
			    "%d digits", st->tensors[i].name, AF_MAX_DIGITS);
		if (r < 0)
			return af_bad(err, path, "tensor \"%s\": expected "
			    "layers.N.attention, N a layer number counted from "
			    "0, without leading zeros", st->tensors[i].name);
		if (r > 0) {
			m++;
			max = n > max ? n : max;
		}
	}
	if (m == 0) {
		other = af_st_other(st);
		if (other != NULL)
			return af_bad(err, path, "no tensor \"layers.0."
			    "attention\", expected one F32 tensor "
			    "layers.N.attention [heads, T, T] per layer "
			    "(found %zu other tensor%s, the first \"%.64s\")",
			    st->n_tensors, st->n_tensors == 1 ? "" : "s",
			    other);
		return af_bad(err, path, "no tensor \"layers.0.attention\", "
		    "expected one F32 tensor layers.N.attention [heads, T, T] "
		    "per layer");
	}
	/* m distinct numbers: all below m, or one below m is missing. */
	if ((by = calloc((size_t)m, sizeof *by)) == NULL)
		return error_nomem(err, path);
	for (i = 0; i < st->n_tensors; i++)
		if (af_layer_number(st->tensors[i].name, &n) > 0 && n < m)
			by[n] = &st->tensors[i];
	for (l = 0; l < m; l++) {
		if (by[l] == NULL) {
			af_bad(err, path, "no tensor \"layers.%lld."
			    "attention\", expected one per layer from "
			    "layers.0.attention to layers.%lld.attention, the "
			    "last in the file", (long long)l, (long long)max);
			goto out;
		}
	}
	src->L = m;
	src->layers = calloc((size_t)m, sizeof *src->layers);
	src->owned = calloc((size_t)m, sizeof *src->owned);
	if (src->layers == NULL || src->owned == NULL) {
		error_nomem(err, path);
		goto out;
	}
	src->tol = AF_TOL_F32;
	for (l = 0; l < m; l++)
		if (af_st_check(src, path, by[l], by[0], err) != 0)
			goto out;
	src->H = by[0]->shape[0];
	src->T = by[0]->shape[1];
	for (l = 0; l < m; l++)
		if (af_st_layer(src, path, l, by[l], err) != 0)
			goto out;
	rc = 0;
out:
	free(by);
	return rc;
}

/* ---- npy ------------------------------------------------------------- */

static int
af_npy_bind(struct af_src *src, const char *path, struct error *err)
{
	const struct npy	*npy = &src->npy;
	const int64_t		*sh = npy->shape;
	char			 s[AF_SHAPE_LEN];
	size_t			 per;
	int64_t			 l;
	int			 i;

	af_shape(s, sizeof s, npy->rank, sh, 1);
	if (npy->rank != 3 && npy->rank != 4)
		return af_bad(err, path, "array of shape %s, expected "
		    "(layers, heads, T, T) or (heads, T, T)", s);
	for (i = 0; i < npy->rank; i++)
		if (sh[i] == 0)
			return af_bad(err, path, "array of shape %s, expected "
			    "no dimension 0", s);
	if (sh[npy->rank - 1] != sh[npy->rank - 2])
		return af_bad(err, path, "array of shape %s, expected "
		    "(..., T, T): queries and keys must be the same tokens", s);
	src->L = npy->rank == 4 ? sh[0] : 1;
	src->H = sh[npy->rank - 3];
	src->T = sh[npy->rank - 1];
	src->tol = AF_TOL_F32;
	if ((src->layers = calloc((size_t)src->L,
	    sizeof *src->layers)) == NULL)
		return error_nomem(err, path);
	per = (size_t)src->H * (size_t)src->T * (size_t)src->T;
	for (l = 0; l < src->L; l++)
		src->layers[l] = npy->data + (size_t)l * per;
	return 0;
}

/* ---- values ---------------------------------------------------------- */

static int
af_bad_value(struct error *err, const char *path, int64_t l, int64_t h,
    int64_t i, int64_t j, float v)
{
	if (v != v || v > FLT_MAX || v < -FLT_MAX)
		return af_bad(err, path, "layer %lld head %lld row %lld column "
		    "%lld is %g, expected a finite probability", (long long)l,
		    (long long)h, (long long)i, (long long)j, (double)v);
	return af_bad(err, path, "layer %lld head %lld row %lld column %lld "
	    "is %g, expected a probability in [0, 1]: the file may hold "
	    "scores, not probabilities", (long long)l, (long long)h,
	    (long long)i, (long long)j, (double)v);
}

/*
 * Read every value once: refuse the first that is not a finite number
 * >= 0, and count the rows whose sum is off by more than src->tol.
 */
static int
af_check_values(const struct af_src *src, const char *path, char **warning,
    struct error *err)
{
	const float	*row;
	double		 sum, s0, s1, first_sum = 0;
	uint64_t	 off = 0, rows;
	int64_t		 T = src->T, l, h, i, j, fl = 0, fh = 0, fi = 0;
	float		 v, w;
	char		*msg;
	int		 n;

	for (l = 0; l < src->L; l++) {
		for (h = 0; h < src->H; h++) {
			for (i = 0; i < T; i++) {
				row = src->layers[l] + ((size_t)h *
				    (size_t)T + (size_t)i) * (size_t)T;
				s0 = s1 = 0;
				for (j = 0; j + 1 < T; j += 2) {
					v = row[j];
					w = row[j + 1];
					/* Also false for NaN. */
					if (!(v >= 0 && v <= FLT_MAX))
						return af_bad_value(err, path,
						    l, h, i, j, v);
					if (!(w >= 0 && w <= FLT_MAX))
						return af_bad_value(err, path,
						    l, h, i, j + 1, w);
					s0 += v;
					s1 += w;
				}
				if (j < T) {
					v = row[j];
					if (!(v >= 0 && v <= FLT_MAX))
						return af_bad_value(err, path,
						    l, h, i, j, v);
					s0 += v;
				}
				sum = s0 + s1;
				if (sum - 1 > src->tol || 1 - sum > src->tol) {
					if (off++ == 0) {
						fl = l;
						fh = h;
						fi = i;
						first_sum = sum;
					}
				}
			}
		}
	}
	*warning = NULL;
	if (off == 0)
		return 0;
	rows = (uint64_t)src->L * (uint64_t)src->H * (uint64_t)T;
	n = snprintf(NULL, 0, "%s: layer %lld head %lld row %lld sums to "
	    "%.3g, not 1 (%" PRIu64 " of %" PRIu64 " rows are off by more "
	    "than %g): the file may hold scores, not probabilities", path,
	    (long long)fl, (long long)fh, (long long)fi, first_sum, off, rows,
	    src->tol);
	if (n < 0 || (msg = malloc((size_t)n + 1)) == NULL)
		return error_nomem(err, path);
	snprintf(msg, (size_t)n + 1, "%s: layer %lld head %lld row %lld sums "
	    "to %.3g, not 1 (%" PRIu64 " of %" PRIu64 " rows are off by more "
	    "than %g): the file may hold scores, not probabilities", path,
	    (long long)fl, (long long)fh, (long long)fi, first_sum, off, rows,
	    src->tol);
	*warning = msg;
	return 0;
}

/* ---- tokens ---------------------------------------------------------- */

static int
af_tokens_alloc(struct tokens *tok, int64_t T, const char *path,
    struct error *err)
{
	int64_t	i;

	memset(tok, 0, sizeof *tok);
	tok->ids = malloc((size_t)T * sizeof *tok->ids);
	tok->labels = calloc((size_t)T, sizeof *tok->labels);
	if (tok->ids == NULL || tok->labels == NULL) {
		tokens_free(tok);
		return error_nomem(err, path);
	}
	for (i = 0; i < T; i++)
		tok->ids[i] = -1;
	tok->n = (size_t)T;	/* tokens_free frees the NULLs too */
	return 0;
}

static int
af_tokens_positions(struct tokens *tok, int64_t T, const char *path,
    struct error *err)
{
	char	buf[24];
	int64_t	i;

	if (af_tokens_alloc(tok, T, path, err) != 0)
		return -1;
	for (i = 0; i < T; i++) {
		snprintf(buf, sizeof buf, "%lld", (long long)i);
		if ((tok->labels[i] = strdup(buf)) == NULL) {
			tokens_free(tok);
			return error_nomem(err, path);
		}
	}
	return 0;
}

/*
 * The metadata's labels: jansson decodes the surrogate pairs that
 * Python's json.dumps writes for every character beyond the BMP.
 */
static int
af_tokens_json(struct tokens *tok, const char *text, int64_t T,
    const char *path, struct error *err)
{
	json_t		*root, *v;
	json_error_t	 jerr;
	size_t		 i;
	int		 rc = -1;

	root = json_loads(text, 0, &jerr);
	if (root == NULL)
		return af_bad(err, path, "__metadata__ \"tokens\" is not valid "
		    "JSON (%s, at byte %d), expected a JSON array of strings",
		    jerr.text, jerr.position);
	if (!json_is_array(root)) {
		af_bad(err, path, "__metadata__ \"tokens\" is %s, expected a "
		    "JSON array of strings", jsonfile_type(root));
		goto out;
	}
	json_array_foreach(root, i, v) {
		if (!json_is_string(v)) {
			af_bad(err, path, "__metadata__ \"tokens\"[%zu] is %s, "
			    "expected a string", i, jsonfile_type(v));
			goto out;
		}
	}
	if (json_array_size(root) != (size_t)T) {
		af_bad(err, path, "__metadata__ \"tokens\" holds %zu tokens, "
		    "expected %lld (the attention is %lld x %lld)",
		    json_array_size(root), (long long)T, (long long)T,
		    (long long)T);
		goto out;
	}
	if (af_tokens_alloc(tok, T, path, err) != 0)
		goto out;
	json_array_foreach(root, i, v) {
		tok->labels[i] = text_escape(json_string_value(v),
		    json_string_length(v), 0);
		if (tok->labels[i] == NULL) {
			tokens_free(tok);
			error_nomem(err, path);
			goto out;
		}
	}
	rc = 0;
out:
	json_decref(root);
	return rc;
}

/* One label per line; a last line without '\n' counts; "\r\n" is ok. */
static int
af_tokens_file(struct tokens *tok, const char *tokens_path, int64_t T,
    const char *path, struct error *err)
{
	char	*buf = NULL, *p, *nl;
	size_t	 len = 0, n = 0, i, ll;

	if (file_read(tokens_path, "one token label per line", AF_TOKENS_MAX,
	    &buf, &len, err) != 0)
		return -1;
	for (i = 0; i < len; i++)
		if (buf[i] == '\n')
			n++;
	if (len > 0 && buf[len - 1] != '\n')
		n++;
	if (n != (size_t)T) {
		free(buf);
		return error_set(err, EXIT_USAGE, tokens_path, 0, 0, "%zu "
		    "token labels (one per line), expected %lld: %s holds "
		    "attention over %lld tokens", n, (long long)T, path,
		    (long long)T);
	}
	if (af_tokens_alloc(tok, T, tokens_path, err) != 0) {
		free(buf);
		return -1;
	}
	for (p = buf, i = 0; i < n; i++) {
		nl = memchr(p, '\n', len - (size_t)(p - buf));
		ll = nl != NULL ? (size_t)(nl - p) : len - (size_t)(p - buf);
		if (ll > 0 && p[ll - 1] == '\r')
			ll--;
		if ((tok->labels[i] = text_escape(p, ll, 0)) == NULL) {
			tokens_free(tok);
			free(buf);
			return error_nomem(err, tokens_path);
		}
		p = nl != NULL ? nl + 1 : buf + len;
	}
	free(buf);
	return 0;
}

/* ---- opening --------------------------------------------------------- */

static char *
af_model_name(const struct af_src *src, const char *path)
{
	const char	*name = NULL, *slash;

	if (src->is_st)
		name = safetensors_meta(&src->st, ATTNFILE_META_MODEL);
	if (name == NULL || *name == '\0') {
		slash = strrchr(path, '/');
		name = slash != NULL && slash[1] != '\0' ? slash + 1 : path;
	}
	return text_escape(name, strlen(name), 0);
}

static int
af_open(const char *path, const void *buf, size_t len, int from_buf,
    const char *tokens_path, struct store **store, struct tokens *tok,
    char **model_name, char **warning, struct error *err)
{
	struct af_src	*src;
	const char	*json = NULL;
	int		 rc;

	*store = NULL;
	*model_name = NULL;
	*warning = NULL;
	memset(tok, 0, sizeof *tok);
	if (!attnfile_is_attention(path))
		return error_set(err, EXIT_USAGE, NULL, 0, 0, "%s: expected a "
		    "name ending in .safetensors or .npy", path);
	if ((src = calloc(1, sizeof *src)) == NULL)
		return error_nomem(err, path);
	if (text_ends_with(path, ".npy")) {
		rc = from_buf ? npy_open_buffer(path, buf, len, &src->npy,
		    err) : npy_open(path, &src->npy, err);
		src->is_npy = rc == 0;
		if (rc == 0)
			rc = af_npy_bind(src, path, err);
	} else {
		rc = from_buf ? safetensors_open_buffer(path, buf, len,
		    &src->st, err) : safetensors_open(path, &src->st, err);
		src->is_st = rc == 0;
		if (rc == 0)
			rc = af_st_bind(src, path, err);
	}
	if (rc == 0)
		rc = af_check_values(src, path, warning, err);
	if (rc == 0 && src->is_st)
		json = safetensors_meta(&src->st, ATTNFILE_META_TOKENS);
	if (rc == 0) {
		if (tokens_path != NULL)
			rc = af_tokens_file(tok, tokens_path, src->T, path,
			    err);
		else if (json != NULL)
			rc = af_tokens_json(tok, json, src->T, path, err);
		else
			rc = af_tokens_positions(tok, src->T, path, err);
	}
	if (rc == 0 && (*model_name = af_model_name(src, path)) == NULL)
		rc = error_nomem(err, path);
	if (rc == 0)
		rc = store_adopt(src->L, src->H, src->T, src->layers,
		    af_release, src, store, err);
	if (rc != 0) {
		tokens_free(tok);
		free(*model_name);
		*model_name = NULL;
		free(*warning);
		*warning = NULL;
		af_src_free(src);
		return -1;
	}
	return 0;
}

int
attnfile_open(const char *path, const char *tokens_path,
    struct store **store, struct tokens *tok, char **model_name,
    char **warning, struct error *err)
{
	return af_open(path, NULL, 0, 0, tokens_path, store, tok,
	    model_name, warning, err);
}

int
attnfile_open_buffer(const char *path, const void *buf, size_t len,
    const char *tokens_path, struct store **store, struct tokens *tok,
    char **model_name, char **warning, struct error *err)
{
	return af_open(path, buf, len, 1, tokens_path, store, tok,
	    model_name, warning, err);
}

void
attnfile_summary(FILE *fp, const char *path, struct store *store,
    const struct tokens *tok, const char *model_name)
{
	int64_t		L = store_layers(store), H = store_heads(store);
	int64_t		T = store_seq(store), l;
	uint64_t	bytes = (uint64_t)H * (uint64_t)T * (uint64_t)T * 4;
	size_t		i, shown = tok->n < 8 ? tok->n : 8;
	int		npy = text_ends_with(path, ".npy");

	fprintf(fp, "Attention file: %s\n", path);
	fprintf(fp, "Model:          %s\n", model_name);
	fprintf(fp, "Layers:         %lld\n", (long long)L);
	fprintf(fp, "Heads:          %lld per layer\n", (long long)H);
	fprintf(fp, "Tokens:         %lld:", (long long)T);
	for (i = 0; i < shown; i++)
		fprintf(fp, " %s", tok->labels[i]);
	fprintf(fp, "%s\n", shown < tok->n ? " ..." : "");
	fprintf(fp, "\n%-6s %-24s %-24s %14s\n", "Layer", "Tensor", "Shape",
	    "Bytes (F32)");
	for (l = 0; l < L; l++) {
		char	name[ATTNFILE_NAME_LEN], shape[64];

		if (npy)
			snprintf(name, sizeof name, "[%lld]", (long long)l);
		else
			attnfile_tensor_name(l, name, sizeof name);
		snprintf(shape, sizeof shape, "[%lld, %lld, %lld]",
		    (long long)H, (long long)T, (long long)T);
		fprintf(fp, "%-6lld %-24s %-24s %14" PRIu64 "\n",
		    (long long)l, name, shape, bytes);
	}
	fprintf(fp, "\nTotal: %lld heads, %" PRIu64 " probabilities, %"
	    PRIu64 " bytes\n", (long long)(L * H), bytes / 4 * (uint64_t)L,
	    bytes * (uint64_t)L);
}
