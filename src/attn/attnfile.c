/*
 * attnfile.c - open attention dumped by PyTorch or attntui --export as a
 * store, with its token labels and model name; see attnfile.h.
 *
 * The values stay in the mapping: a GPT-2-small dump at T = 4096 is 9.7
 * GB, and copying it would double that; the store uses aligned F32 in
 * place and widens the other dtypes a head at a time.  Every value is
 * still read once here, a row at a time, to refuse NaN, infinities and
 * negative numbers with their place and to warn about rows that do not
 * sum to 1 (a dump of pre-softmax scores is the usual mistake).
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
#include "attntui/model/hflabel.h"

#define AF_PREFIX	"layers."
#define AF_SUFFIX	".attention"
#define AF_MAX_DIGITS	9		/* layer numbers below 10^9 */
#define AF_TOKENS_MAX	(256u << 20)	/* bytes of a --tokens file */

/* Tolerances of a row's sum, see af_tolerance. */
#define AF_TOL_F32	1e-3
#define AF_TOL_F16	2e-3
#define AF_TOL_BF16	1e-2

/* What the store releases at store_free: the mapping. */
struct af_src {
	struct safetensors	  st;
	struct npy		  npy;
	int			  is_st;
	int			  is_npy;
	int64_t			  L, H, Tq, Tk;
	enum dtype		  dtype;
	const void		**layers;	/* L pointers into the mapping */
	double			  tol;
};

static void
af_src_free(struct af_src *src)
{
	if (src == NULL)
		return;
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

/*
 * How far a row's sum may stray from 1 before the warning: float32
 * softmax rows of a few thousand keys are within 1e-4 or so; F16 rounds
 * each value by up to 2^-11 of itself, BF16 by up to 2^-8.
 */
static double
af_tolerance(enum dtype dtype)
{
	switch (dtype) {
	case DTYPE_F16:
		return AF_TOL_F16;
	case DTYPE_BF16:
		return AF_TOL_BF16;
	default:
		return AF_TOL_F32;
	}
}

/* ---- safetensors ----------------------------------------------------- */

char *
attnfile_tensor_name(int64_t layer, char *buf, size_t len)
{
	snprintf(buf, len, AF_PREFIX "%lld" AF_SUFFIX, (long long)layer);
	return buf;
}

char *
attnfile_norms_name(int64_t layer, char *buf, size_t len)
{
	snprintf(buf, len, AF_PREFIX "%lld.value_norms", (long long)layer);
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

/* The tensor's [heads, T_q, T_k], its batch of one dropped. */
static int
af_st_dims(const char *path, const struct st_tensor *t, int *rank,
    const int64_t **dims, struct error *err)
{
	char	s[AF_SHAPE_LEN];

	af_shape(s, sizeof s, t->rank, t->shape, 0);
	if (t->rank != 3 && t->rank != 4)
		return af_bad(err, path, "tensor \"%s\" has shape %s, expected "
		    "[heads, T_q, T_k]", t->name, s);
	if (t->rank == 4 && t->shape[0] != 1)
		return af_bad(err, path, "tensor \"%s\" has shape %s: a batch "
		    "of %lld inputs, expected [1, heads, T_q, T_k] (export one "
		    "input at a time)", t->name, s, (long long)t->shape[0]);
	*rank = 3;
	*dims = t->shape + (t->rank - 3);
	return 0;
}

/* Refuse a layer tensor of the wrong dtype or shape. */
static int
af_st_check(struct af_src *src, const char *path, const struct st_tensor *t,
    const struct st_tensor *first, struct error *err)
{
	const int64_t	*d, *d0;
	char		 s[AF_SHAPE_LEN], s0[AF_SHAPE_LEN];
	int		 r, r0, i;

	switch (t->dtype) {
	case DTYPE_F32:
	case DTYPE_F64:
	case DTYPE_F16:
	case DTYPE_BF16:
		break;
	default:
		return af_bad(err, path, "tensor \"%s\" is %s, expected F32 "
		    "(or F16, BF16, F64)", t->name,
		    dtype_name(t->dtype));
	}
	if (t->dtype != first->dtype)
		return af_bad(err, path, "tensor \"%s\" is %s, expected %s "
		    "like layers.0.attention", t->name, dtype_name(t->dtype),
		    dtype_name(first->dtype));
	if (af_st_dims(path, t, &r, &d, err) != 0 ||
	    af_st_dims(path, first, &r0, &d0, err) != 0)
		return -1;
	for (i = 0; i < 3; i++)
		if (d[i] != d0[i])
			return af_bad(err, path, "tensor \"%s\" has shape %s, "
			    "expected %s like layers.0.attention", t->name,
			    af_shape(s, sizeof s, 3, d, 0),
			    af_shape(s0, sizeof s0, 3, d0, 0));
	for (i = 0; i < t->rank; i++)
		if (t->shape[i] == 0)
			return af_bad(err, path, "tensor \"%s\" has shape %s, "
			    "expected [heads, T_q, T_k] with no dimension 0",
			    t->name, af_shape(s, sizeof s, t->rank, t->shape,
			    0));
	src->H = d[0];
	src->Tq = d[1];
	src->Tk = d[2];
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

/* The layer tensors: m of them, numbered 0 .. max; -1 on a bad name. */
static int
af_st_count(const struct safetensors *st, const char *path, int64_t *m,
    int64_t *max, struct error *err)
{
	const char	*other;
	int64_t		 n;
	size_t		 i;
	int		 r;

	*m = 0;
	*max = -1;
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
			(*m)++;
			*max = n > *max ? n : *max;
		}
	}
	if (*m > 0)
		return 0;
	if ((other = af_st_other(st)) != NULL)
		return af_bad(err, path, "no tensor \"layers.0.attention\", "
		    "expected one F32 tensor layers.N.attention [heads, T, T] "
		    "per layer (found %zu other tensor%s, the first \"%.64s\")",
		    st->n_tensors, st->n_tensors == 1 ? "" : "s", other);
	return af_bad(err, path, "no tensor \"layers.0.attention\", expected "
	    "one F32 tensor layers.N.attention [heads, T, T] per layer");
}

static int
af_st_bind(struct af_src *src, const char *path, struct error *err)
{
	const struct safetensors	 *st = &src->st;
	const struct st_tensor		**by = NULL;
	int64_t				  n, max, m, l;
	size_t				  i;
	int				  rc = -1;

	if (af_st_count(st, path, &m, &max, err) != 0)
		return -1;
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
	if ((src->layers = calloc((size_t)m, sizeof *src->layers)) == NULL) {
		error_nomem(err, path);
		goto out;
	}
	for (l = 0; l < m; l++) {
		if (af_st_check(src, path, by[l], by[0], err) != 0)
			goto out;
		src->layers[l] = by[l]->data;
	}
	src->dtype = by[0]->dtype;
	rc = 0;
out:
	free(by);
	return rc;
}

/* ---- npy ------------------------------------------------------------- */

/*
 * The array's layers and where its [heads, T_q, T_k] start: rank 3 is
 * one layer, rank 4 (layers, ...), rank 5 with a batch of 1 first or
 * second.
 */
static int
af_npy_layers(const struct npy *npy, const char *path, int64_t *L,
    struct error *err)
{
	const int64_t	*sh = npy->shape;
	char		 s[AF_SHAPE_LEN];

	af_shape(s, sizeof s, npy->rank, sh, 1);
	switch (npy->rank) {
	case 3:
		*L = 1;
		return 0;
	case 4:
		*L = sh[0];
		return 0;
	case 5:
		if (sh[0] != 1 && sh[1] != 1)
			return af_bad(err, path, "array of shape %s: a batch of "
			    "%lld inputs, expected (layers, 1, heads, T_q, "
			    "T_k) (save one input at a time)", s,
			    (long long)sh[1]);
		*L = sh[0] == 1 ? sh[1] : sh[0];
		return 0;
	}
	return af_bad(err, path, "array of shape %s, expected (layers, heads, "
	    "T_q, T_k) or (heads, T_q, T_k)", s);
}

static int
af_npy_bind(struct af_src *src, const char *path, struct error *err)
{
	const struct npy	*npy = &src->npy;
	size_t			 per;
	int64_t			 l;

	char			 s[AF_SHAPE_LEN];
	int			 i;

	if (af_npy_layers(npy, path, &src->L, err) != 0)
		return -1;
	for (i = 0; i < npy->rank; i++)
		if (npy->shape[i] == 0)
			return af_bad(err, path, "array of shape %s, expected "
			    "no dimension 0", af_shape(s, sizeof s, npy->rank,
			    npy->shape, 1));
	src->H = npy->shape[npy->rank - 3];
	src->Tq = npy->shape[npy->rank - 2];
	src->Tk = npy->shape[npy->rank - 1];
	src->dtype = npy->dtype;
	if ((src->layers = calloc((size_t)src->L,
	    sizeof *src->layers)) == NULL)
		return error_nomem(err, path);
	per = (size_t)src->H * (size_t)src->Tq * (size_t)src->Tk *
	    dtype_size(src->dtype);
	for (l = 0; l < src->L; l++)
		src->layers[l] = (const char *)npy->data + (size_t)l * per;
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

/* Row i of head (l, h) as floats: in place, or widened into buf[T_k]. */
static const float *
af_row(const struct af_src *src, int64_t l, int64_t h, int64_t i,
    float *buf)
{
	size_t		 size = dtype_size(src->dtype);
	const char	*p = (const char *)src->layers[l] + ((size_t)h *
			    (size_t)src->Tq + (size_t)i) * (size_t)src->Tk *
			    size;

	if (src->dtype == DTYPE_F32 && (uintptr_t)p % _Alignof(float) == 0)
		return (const float *)(const void *)p;
	dtype_widen(src->dtype, p, (size_t)src->Tk, buf);
	return buf;
}

/*
 * The sum of a row, or -1 with *bad the first column that is not a
 * finite number >= 0.  Two sums, so that the loop vectorises.
 */
static double
af_row_sum(const float *row, int64_t n, int64_t *bad)
{
	double	s0 = 0, s1 = 0;
	int64_t	j;
	float	v, w;

	for (j = 0; j + 1 < n; j += 2) {
		v = row[j];
		w = row[j + 1];
		/* Also false for NaN. */
		if (!(v >= 0 && v <= FLT_MAX) || !(w >= 0 && w <= FLT_MAX)) {
			*bad = !(v >= 0 && v <= FLT_MAX) ? j : j + 1;
			return -1;
		}
		s0 += v;
		s1 += w;
	}
	if (j < n) {
		v = row[j];
		if (!(v >= 0 && v <= FLT_MAX)) {
			*bad = j;
			return -1;
		}
		s0 += v;
	}
	return s0 + s1;
}

/* Rows that do not sum to 1: the first of them, and how many. */
struct af_off {
	uint64_t	n;
	int64_t		l, h, i;
	double		sum;
};

static int
af_warn(const struct af_src *src, const char *path, const struct af_off *o,
    char **warning, struct error *err)
{
	uint64_t	rows = (uint64_t)src->L * (uint64_t)src->H *
			    (uint64_t)src->Tq;
	char		*msg;
	int		 n;

	n = snprintf(NULL, 0, "%s: layer %lld head %lld row %lld sums to "
	    "%.3g, not 1 (%" PRIu64 " of %" PRIu64 " rows are off by more "
	    "than %g): the file may hold scores, not probabilities", path,
	    (long long)o->l, (long long)o->h, (long long)o->i, o->sum, o->n,
	    rows, src->tol);
	if (n < 0 || (msg = malloc((size_t)n + 1)) == NULL)
		return error_nomem(err, path);
	snprintf(msg, (size_t)n + 1, "%s: layer %lld head %lld row %lld sums "
	    "to %.3g, not 1 (%" PRIu64 " of %" PRIu64 " rows are off by more "
	    "than %g): the file may hold scores, not probabilities", path,
	    (long long)o->l, (long long)o->h, (long long)o->i, o->sum, o->n,
	    rows, src->tol);
	*warning = msg;
	return 0;
}

/*
 * Read every value once, a row at a time (widened when the file is not
 * F32): refuse the first that is not a finite number >= 0, and count the
 * rows whose sum is off by more than src->tol.
 */
static int
af_check_values(const struct af_src *src, const char *path, char **warning,
    struct error *err)
{
	struct af_off	 off = { 0 };
	const float	*row;
	float		*buf;
	double		 sum;
	int64_t		 l, h, i, bad = 0;
	int		 rc = 0;

	*warning = NULL;
	if ((buf = malloc((size_t)src->Tk * sizeof *buf)) == NULL)
		return error_nomem(err, path);
	for (l = 0; l < src->L && rc == 0; l++)
		for (h = 0; h < src->H && rc == 0; h++)
			for (i = 0; i < src->Tq && rc == 0; i++) {
				row = af_row(src, l, h, i, buf);
				if ((sum = af_row_sum(row, src->Tk, &bad)) < 0)
					rc = af_bad_value(err, path, l, h, i,
					    bad, row[bad]);
				else if ((sum - 1 > src->tol ||
				    1 - sum > src->tol) && off.n++ == 0) {
					off.l = l;
					off.h = h;
					off.i = i;
					off.sum = sum;
				}
			}
	free(buf);
	if (rc != 0 || off.n == 0)
		return rc;
	return af_warn(src, path, &off, warning, err);
}

/* ---- tokens ---------------------------------------------------------- */

/*
 * n raw label strings, made into labels together: whether they are
 * byte-level BPE tokens is a property of the whole set (hflabel.h).
 */
struct af_raw {
	const char	**s;
	size_t		 *len;
	size_t		  n;
};

static int
af_raw_alloc(struct af_raw *r, size_t n, const char *path,
    struct error *err)
{
	r->n = n;
	r->s = calloc(n > 0 ? n : 1, sizeof *r->s);
	r->len = calloc(n > 0 ? n : 1, sizeof *r->len);
	if (r->s == NULL || r->len == NULL) {
		free(r->s);
		free(r->len);
		return error_nomem(err, path);
	}
	return 0;
}

static void
af_raw_free(struct af_raw *r)
{
	free(r->s);
	free(r->len);
}

/* The labels of r into tok, ids -1 (unknown). */
static int
af_tokens_make(struct tokens *tok, const struct af_raw *r, const char *path,
    struct error *err)
{
	int	byte_level = hflabel_byte_level(r->s, r->len, r->n);
	size_t	i;

	memset(tok, 0, sizeof *tok);
	tok->ids = malloc((r->n > 0 ? r->n : 1) * sizeof *tok->ids);
	tok->labels = calloc(r->n > 0 ? r->n : 1, sizeof *tok->labels);
	tok->n = r->n;		/* tokens_free frees the NULLs too */
	if (tok->ids == NULL || tok->labels == NULL)
		goto nomem;
	for (i = 0; i < r->n; i++) {
		tok->ids[i] = -1;
		if ((tok->labels[i] = hflabel_label(r->s[i], r->len[i],
		    byte_level)) == NULL)
			goto nomem;
	}
	return 0;
nomem:
	tokens_free(tok);
	return error_nomem(err, path);
}

static int
af_tokens_positions(struct tokens *tok, int64_t T, const char *path,
    struct error *err)
{
	struct af_raw	 r;
	char		*digits, *p;
	int64_t		 i;
	int		 rc;

	/* At most 20 digits and a NUL each. */
	if ((digits = malloc((size_t)T * 21)) == NULL)
		return error_nomem(err, path);
	if (af_raw_alloc(&r, (size_t)T, path, err) != 0) {
		free(digits);
		return -1;
	}
	for (i = 0, p = digits; i < T; i++) {
		r.s[i] = p;
		r.len[i] = (size_t)snprintf(p, 21, "%lld", (long long)i);
		p += r.len[i] + 1;
	}
	rc = af_tokens_make(tok, &r, path, err);
	af_raw_free(&r);
	free(digits);
	return rc;
}

/*
 * The metadata's labels (key "tokens" or "key_tokens"): jansson decodes
 * the surrogate pairs that Python's json.dumps writes for every
 * character beyond the BMP.
 */
static int
af_tokens_json(struct tokens *tok, const char *key, const char *text,
    int64_t T, const char *axis, const char *path, struct error *err)
{
	struct af_raw	 r = { 0 };
	json_t		*root, *v;
	json_error_t	 jerr;
	size_t		 i;
	int		 rc = -1;

	root = json_loads(text, 0, &jerr);
	if (root == NULL)
		return af_bad(err, path, "__metadata__ \"%s\" is not valid "
		    "JSON (%s, at byte %d), expected a JSON array of strings",
		    key, jerr.text, jerr.position);
	if (!json_is_array(root)) {
		af_bad(err, path, "__metadata__ \"%s\" is %s, expected a "
		    "JSON array of strings", key, jsonfile_type(root));
		goto out;
	}
	json_array_foreach(root, i, v) {
		if (!json_is_string(v)) {
			af_bad(err, path, "__metadata__ \"%s\"[%zu] is %s, "
			    "expected a string", key, i, jsonfile_type(v));
			goto out;
		}
	}
	if (json_array_size(root) != (size_t)T) {
		af_bad(err, path, "__metadata__ \"%s\" holds %zu tokens, "
		    "expected %lld (the %s of the attention)", key,
		    json_array_size(root), (long long)T, axis);
		goto out;
	}
	if (af_raw_alloc(&r, (size_t)T, path, err) != 0)
		goto out;
	json_array_foreach(root, i, v) {
		r.s[i] = json_string_value(v);
		r.len[i] = json_string_length(v);
	}
	rc = af_tokens_make(tok, &r, path, err);
	af_raw_free(&r);
out:
	json_decref(root);
	return rc;
}

/* One label per line; a last line without '\n' counts; "\r\n" is ok. */
static int
af_tokens_file(struct tokens *tok, const char *option, const char *file,
    int64_t T, const char *axis, const char *path, struct error *err)
{
	struct af_raw	 r;
	char		*buf = NULL, *p, *nl;
	size_t		 len = 0, n = 0, i, ll;
	int		 rc;

	if (file_read(file, "one token label per line", AF_TOKENS_MAX,
	    &buf, &len, err) != 0)
		return -1;
	for (i = 0; i < len; i++)
		if (buf[i] == '\n')
			n++;
	if (len > 0 && buf[len - 1] != '\n')
		n++;
	if (n != (size_t)T) {
		free(buf);
		return error_set(err, EXIT_USAGE, file, 0, 0, "%zu token "
		    "labels (one per line) for %s, expected %lld: %s holds "
		    "attention with %lld %s", n, option, (long long)T, path,
		    (long long)T, axis);
	}
	if (af_raw_alloc(&r, n, file, err) != 0) {
		free(buf);
		return -1;
	}
	for (p = buf, i = 0; i < n; i++) {
		nl = memchr(p, '\n', len - (size_t)(p - buf));
		ll = nl != NULL ? (size_t)(nl - p) : len - (size_t)(p - buf);
		if (ll > 0 && p[ll - 1] == '\r')
			ll--;
		r.s[i] = p;
		r.len[i] = ll;
		p = nl != NULL ? nl + 1 : buf + len;
	}
	rc = af_tokens_make(tok, &r, file, err);
	af_raw_free(&r);
	free(buf);
	return rc;
}

/*
 * One axis's labels: the option's file, else the metadata's key, else
 * positions; for the keys of a square map without either, none (n 0):
 * the queries' labels serve.
 */
static int
af_axis_labels(const struct af_src *src, const char *path, int keys,
    const char *file, struct tokens *tok, struct error *err)
{
	const char	*key = keys ? ATTNFILE_META_KEY_TOKENS :
			    ATTNFILE_META_TOKENS;
	const char	*axis = keys ? "keys" : "queries";
	const char	*json = NULL;
	int64_t		 T = keys ? src->Tk : src->Tq;

	memset(tok, 0, sizeof *tok);
	if (file != NULL)
		return af_tokens_file(tok, keys ? "--key-tokens" : "--tokens",
		    file, T, axis, path, err);
	if (src->is_st)
		json = safetensors_meta(&src->st, key);
	if (json != NULL)
		return af_tokens_json(tok, key, json, T, axis, path, err);
	if (keys && src->Tq == src->Tk)
		return 0;
	return af_tokens_positions(tok, T, path, err);
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

/* The file's format read and bound: src's shape, dtype and layers. */
static int
af_read(struct af_src *src, const char *path, const void *buf, size_t len,
    int from_buf, struct error *err)
{
	int	rc;

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
	src->tol = af_tolerance(src->dtype);
	return rc;
}

static int
af_open(const char *path, const void *buf, size_t len, int from_buf,
    const struct attnfile_labels *labels, struct attnfile *out,
    struct error *err)
{
	static const struct attnfile_labels	 none = { NULL, NULL };
	struct af_src				*src;
	int					 rc;

	memset(out, 0, sizeof *out);
	if (labels == NULL)
		labels = &none;
	if (!attnfile_is_attention(path))
		return error_set(err, EXIT_USAGE, NULL, 0, 0, "%s: expected a "
		    "name ending in .safetensors or .npy", path);
	if ((src = calloc(1, sizeof *src)) == NULL)
		return error_nomem(err, path);
	rc = af_read(src, path, buf, len, from_buf, err);
	if (rc == 0)
		rc = af_check_values(src, path, &out->warning, err);
	if (rc == 0)
		rc = af_axis_labels(src, path, 0, labels->tokens, &out->tok,
		    err);
	if (rc == 0)
		rc = af_axis_labels(src, path, 1, labels->key_tokens,
		    &out->key_tok, err);
	if (rc == 0 && ((out->model_name = af_model_name(src, path)) ==
	    NULL || (out->dtype_name = strdup(dtype_name(src->dtype))) ==
	    NULL))
		rc = error_nomem(err, path);
	if (rc == 0)
		rc = store_adopt(src->L, src->H, src->Tq, src->Tk, src->dtype,
		    src->layers, af_release, src, &out->store, err);
	if (rc != 0) {
		attnfile_close(out);
		af_src_free(src);
		return -1;
	}
	return 0;
}

int
attnfile_open(const char *path, const struct attnfile_labels *labels,
    struct attnfile *out, struct error *err)
{
	return af_open(path, NULL, 0, 0, labels, out, err);
}

int
attnfile_open_buffer(const char *path, const void *buf, size_t len,
    const struct attnfile_labels *labels, struct attnfile *out,
    struct error *err)
{
	return af_open(path, buf, len, 1, labels, out, err);
}

void
attnfile_close(struct attnfile *af)
{
	store_free(af->store);
	tokens_free(&af->tok);
	tokens_free(&af->key_tok);
	free(af->model_name);
	free(af->warning);
	free(af->dtype_name);
	memset(af, 0, sizeof *af);
}

/* "Tokens: 6: a b c ..." for the first few labels of tok. */
static void
af_summary_tokens(FILE *fp, const char *what, int64_t T,
    const struct tokens *tok)
{
	size_t	i, shown = tok->n < 8 ? tok->n : 8;

	fprintf(fp, "%-16s%lld:", what, (long long)T);
	for (i = 0; i < shown; i++)
		fprintf(fp, " %s", tok->labels[i]);
	fprintf(fp, "%s\n", shown < tok->n ? " ..." : "");
}

void
attnfile_summary(FILE *fp, const char *path, const struct attnfile *af)
{
	struct store	*store = af->store;
	int64_t		L = store_layers(store), H = store_heads(store);
	int64_t		Tq = store_seq(store), Tk = store_keys(store), l;
	uint64_t	bytes = (uint64_t)H * (uint64_t)Tq * (uint64_t)Tk * 4;
	int		npy = text_ends_with(path, ".npy");
	char		name[ATTNFILE_NAME_LEN], shape[64];

	fprintf(fp, "Attention file: %s\n", path);
	fprintf(fp, "Model:          %s\n", af->model_name);
	fprintf(fp, "Dtype:          %s\n", af->dtype_name);
	fprintf(fp, "Layers:         %lld\n", (long long)L);
	fprintf(fp, "Heads:          %lld per layer\n", (long long)H);
	af_summary_tokens(fp, af->key_tok.n > 0 || Tq != Tk ? "Queries:" :
	    "Tokens:", Tq, &af->tok);
	if (af->key_tok.n > 0)
		af_summary_tokens(fp, "Keys:", Tk, &af->key_tok);
	fprintf(fp, "\n%-6s %-24s %-24s %14s\n", "Layer", "Tensor", "Shape",
	    "Bytes (F32)");
	for (l = 0; l < L; l++) {
		if (npy)
			snprintf(name, sizeof name, "[%lld]", (long long)l);
		else
			attnfile_tensor_name(l, name, sizeof name);
		snprintf(shape, sizeof shape, "[%lld, %lld, %lld]",
		    (long long)H, (long long)Tq, (long long)Tk);
		fprintf(fp, "%-6lld %-24s %-24s %14" PRIu64 "\n",
		    (long long)l, name, shape, bytes);
	}
	fprintf(fp, "\nTotal: %lld heads, %" PRIu64 " probabilities, %"
	    PRIu64 " bytes\n", (long long)(L * H), bytes / 4 * (uint64_t)L,
	    bytes * (uint64_t)L);
}
