/*
 * stats.c - head scores; see stats.h.
 *
 * A pass over every probability once: GPT-2 small at T = 1024 has 151M
 * of them (half masked).  Rows are read in place where the store keeps
 * them (store_row), so nothing is copied and masked keys are skipped;
 * a store that makes its heads on demand is fetched one head at a time.
 * Work items are (head, block of STATS_BLOCK rows); each item's sums
 * are added up per head in item order afterwards, so the thread count
 * never changes a bit.
 */
#include "build-config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attntui/attn/stats.h"
#include "attntui/base/pool.h"

#define STATS_BLOCK	64

/* An item's sums: the columns, then the rows induction and duplicate
   averaged over. */
enum { PART_N_IND = STATS_COLUMNS, PART_N_DUP, PARTS };

static const struct {
	const char		*name;
	enum stats_column	 col;
} stats_columns[STATS_COLUMNS] = {
	{ "entropy", STATS_ENTROPY }, { "max", STATS_MAX },
	{ "sink", STATS_SINK }, { "prev", STATS_PREV }, { "self", STATS_SELF },
	{ "distance", STATS_DISTANCE }, { "induction", STATS_INDUCTION },
	{ "duplicate", STATS_DUPLICATE }, { "diff", STATS_DIFF },
};

static const struct {
	const char		*name;
	enum stats_format	 format;
} stats_formats[] = { { "tsv", STATS_TSV }, { "json", STATS_JSON } };

const char *
stats_column_name(enum stats_column c)
{
	size_t	i;

	for (i = 0; i < STATS_COLUMNS; i++)
		if (stats_columns[i].col == c)
			return stats_columns[i].name;
	return "?";
}

int
stats_column_parse(const char *name, enum stats_column *out)
{
	size_t	i;

	for (i = 0; i < STATS_COLUMNS; i++) {
		if (strcmp(name, stats_columns[i].name) == 0) {
			*out = stats_columns[i].col;
			return 0;
		}
	}
	return -1;
}

const char *
stats_column_list(void)
{
	return "entropy, max, sink, prev, self, distance, induction, "
	    "duplicate or diff";
}

int
stats_format_parse(const char *name, enum stats_format *out)
{
	size_t	i;

	for (i = 0; i < sizeof stats_formats / sizeof stats_formats[0]; i++) {
		if (strcmp(name, stats_formats[i].name) == 0) {
			*out = stats_formats[i].format;
			return 0;
		}
	}
	return -1;
}

/* ---- keys ------------------------------------------------------------- */

/* A token and its position, sorted by (id or label, position). */
struct stats_tok {
	int64_t		 id;
	const char	*label;		/* NULL: compare ids */
	size_t		 pos;
};

static int
stats_tok_cmp(const void *pa, const void *pb)
{
	const struct stats_tok	*a = pa, *b = pb;
	int			 c;

	if (a->label != NULL)
		c = strcmp(a->label, b->label);
	else
		c = (a->id > b->id) - (a->id < b->id);
	return c != 0 ? c : (a->pos > b->pos) - (a->pos < b->pos);
}

/*
 * prev_same[i]: the latest j < i with the same token as i, or -1.  The
 * tokens are ids where every id is known, else labels (an attention
 * file's); the chain prev_same[i], prev_same[prev_same[i]], ... is D_i.
 */
static int
stats_chains(const struct tokens *tok, int64_t *prev_same)
{
	struct stats_tok	*by;
	size_t			 n = tok->n, i;
	int			 ids = 1;

	if ((by = malloc(n * sizeof *by)) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		ids = ids && tok->ids[i] >= 0;
	for (i = 0; i < n; i++) {
		by[i].id = tok->ids[i];
		by[i].label = ids ? NULL : tok->labels[i];
		by[i].pos = i;
	}
	/* Sorted by (token, position), each chain is a run, in order. */
	qsort(by, n, sizeof *by, stats_tok_cmp);
	prev_same[by[0].pos] = -1;
	for (i = 1; i < n; i++) {
		int	same = ids ? by[i - 1].id == by[i].id :
			    strcmp(by[i - 1].label, by[i].label) == 0;

		prev_same[by[i].pos] = same ? (int64_t)by[i - 1].pos : -1;
	}
	free(by);
	return 0;
}

/*
 * log2 by table: x = 2^e (1 + f), log2 x = e + log2(1 + f), the latter
 * interpolated linearly between STATS_LOG_STEPS + 1 points (error below
 * 1.1e-8: h^2 / 8 times log2's largest curvature 1 / ln 2, h = 2^-12).
 * Eight operations and two loads an entry, where libm's log2 is a call
 * and a series needs a division: --stats' time was mostly entropy.
 */
#define STATS_LOG_BITS	12
#define STATS_LOG_STEPS	(1 << STATS_LOG_BITS)

static float	stats_log_table[STATS_LOG_STEPS + 1];

static void
stats_log_init(void)
{
	int	k;

	if (stats_log_table[STATS_LOG_STEPS] == 1.0f)
		return;
	for (k = 0; k <= STATS_LOG_STEPS; k++)
		stats_log_table[k] = (float)log2(1.0 + (double)k /
		    STATS_LOG_STEPS);
}

/* -a log2 a; 0 for a = 0 (and under 1e-36 for a subnormal a). */
static inline float
stats_plogp(float a)
{
	uint32_t	bits, idx;
	float		lo, frac;

	memcpy(&bits, &a, sizeof bits);
	idx = (bits >> (23 - STATS_LOG_BITS)) & (STATS_LOG_STEPS - 1);
	frac = (float)(bits & ((1u << (23 - STATS_LOG_BITS)) - 1)) *
	    (1.0f / (1u << (23 - STATS_LOG_BITS)));
	lo = stats_log_table[idx];
	return -a * ((float)((int32_t)(bits >> 23) - 127) + lo + frac *
	    (stats_log_table[idx + 1] - lo));
}

/* -sum a log2 a over a[0..n), four sums abreast, in double. */
static double
stats_entropy(const float *a, int64_t n)
{
	double	h0 = 0, h1 = 0, h2 = 0, h3 = 0;
	int64_t	j;

	for (j = 0; j + 4 <= n; j += 4) {
		h0 += stats_plogp(a[j]);
		h1 += stats_plogp(a[j + 1]);
		h2 += stats_plogp(a[j + 2]);
		h3 += stats_plogp(a[j + 3]);
	}
	for (; j < n; j++)
		h0 += stats_plogp(a[j]);
	return (h0 + h1) + (h2 + h3);
}

/* sum a_j |i - j| and max_j a_j over a[0..n), four sums abreast. */
static double
stats_distance(const float *a, int64_t n, int64_t i, float *max)
{
	double	d0 = 0, d1 = 0, d2 = 0, d3 = 0;
	float	m0 = 0, m1 = 0;
	int64_t	j;

	/* Keys before i, then from i on: |i - j| without a branch. */
	for (j = 0; j + 4 <= n && j + 4 <= i; j += 4) {
		d0 += (double)a[j] * (double)(i - j);
		d1 += (double)a[j + 1] * (double)(i - j - 1);
		d2 += (double)a[j + 2] * (double)(i - j - 2);
		d3 += (double)a[j + 3] * (double)(i - j - 3);
		m0 = a[j] > m0 ? a[j] : m0;
		m1 = a[j + 1] > m1 ? a[j + 1] : m1;
		m0 = a[j + 2] > m0 ? a[j + 2] : m0;
		m1 = a[j + 3] > m1 ? a[j + 3] : m1;
	}
	for (; j < n && j < i; j++) {
		d0 += (double)a[j] * (double)(i - j);
		m0 = a[j] > m0 ? a[j] : m0;
	}
	for (; j + 4 <= n; j += 4) {
		d0 += (double)a[j] * (double)(j - i);
		d1 += (double)a[j + 1] * (double)(j + 1 - i);
		d2 += (double)a[j + 2] * (double)(j + 2 - i);
		d3 += (double)a[j + 3] * (double)(j + 3 - i);
		m0 = a[j] > m0 ? a[j] : m0;
		m1 = a[j + 1] > m1 ? a[j + 1] : m1;
		m0 = a[j + 2] > m0 ? a[j + 2] : m0;
		m1 = a[j + 3] > m1 ? a[j + 3] : m1;
	}
	for (; j < n; j++) {
		d0 += (double)a[j] * (double)(j - i);
		m0 = a[j] > m0 ? a[j] : m0;
	}
	*max = m0 > m1 ? m0 : m1;
	return (d0 + d1) + (d2 + d3);
}

/* Row i (keys 0 .. n-1; the rest 0) into the sums of its item. */
static void
stats_row(const float *a, int64_t n, int64_t i, const int64_t *prev_same,
    double *part)
{
	double	dist, ind = 0, dup = 0;
	float	max;
	int64_t	j;
	int	have_ind = 0;

	dist = stats_distance(a, n, i, &max);
	part[STATS_ENTROPY] += stats_entropy(a, n);
	part[STATS_MAX] += max;
	part[STATS_SINK] += a[0];
	part[STATS_PREV] += i >= 1 && i - 1 < n ? a[i - 1] : 0;
	part[STATS_SELF] += i < n ? a[i] : 0;
	part[STATS_DISTANCE] += dist;
	if (prev_same == NULL || prev_same[i] < 0)
		return;
	for (j = prev_same[i]; j >= 0; j = prev_same[j]) {
		dup += j < n ? a[j] : 0;
		if (j < i - 1) {
			ind += j + 1 < n ? a[j + 1] : 0;
			have_ind = 1;
		}
	}
	part[STATS_DUPLICATE] += dup;
	part[PART_N_DUP] += 1;
	part[STATS_INDUCTION] += ind;
	part[PART_N_IND] += have_ind;
}

/* sum_j |a_j - b_j| over the longer of the two rows. */
static double
stats_row_diff(const float *a, int64_t na, const float *b, int64_t nb)
{
	double	d = 0;
	int64_t	j;

	for (j = 0; j < na && j < nb; j++)
		d += fabs((double)a[j] - (double)b[j]);
	for (; j < na; j++)
		d += fabs((double)a[j]);
	for (; j < nb; j++)
		d += fabs((double)b[j]);
	return d;
}

/* ---- the heads -------------------------------------------------------- */

struct stats_job {
	struct store	*s, *against;
	const int64_t	*prev_same;
	int64_t		 T, H, nb;	/* blocks a head */
	int64_t		 first;		/* head of item 0 (fetched heads) */
	const float	*a, *b;		/* fetched heads, or NULL: in place */
	double		*part;		/* PARTS a (head, block) */
};

static const float *
stats_get_row(const struct store *s, const float *head, int64_t T,
    int64_t l, int64_t h, int64_t i, int64_t *n)
{
	if (head != NULL) {
		*n = T;
		return head + (size_t)i * (size_t)T;
	}
	return store_row(s, l, h, i, n);
}

static void
stats_item(void *arg, int64_t item, int worker)
{
	struct stats_job	*j = arg;
	int64_t			 hd = j->first + item / j->nb, i, r1, na, nb;
	int64_t			 l = hd / j->H, h = hd % j->H;
	double			*part = j->part + (size_t)(hd * j->nb +
				    item % j->nb) * PARTS;
	const float		*a, *b;

	(void)worker;
	i = item % j->nb * STATS_BLOCK;
	r1 = i + STATS_BLOCK < j->T ? i + STATS_BLOCK : j->T;
	for (; i < r1; i++) {
		a = stats_get_row(j->s, j->a, j->T, l, h, i, &na);
		stats_row(a, na, i, j->prev_same, part);
		if (j->against == NULL)
			continue;
		b = stats_get_row(j->against, j->b, j->T, l, h, i, &nb);
		part[STATS_DIFF] += stats_row_diff(a, na, b, nb);
	}
}

/* Does s keep its rows (store_row), so that heads need no copy? */
static int
stats_in_place(const struct store *s)
{
	int64_t	n;

	return s == NULL || store_row(s, 0, 0, 0, &n) != NULL;
}

/* Every head whose rows cannot be read in place: fetched, then scored. */
static int
stats_fetched(struct stats_job *j, struct pool *pool, struct error *err)
{
	size_t	 n = (size_t)j->T * (size_t)j->T;
	float	*a, *b = NULL;
	int64_t	 hd, L = store_layers(j->s);
	int	 rc = 0;

	a = malloc(n * sizeof *a);
	if (j->against != NULL)
		b = malloc(n * sizeof *b);
	if (a == NULL || (j->against != NULL && b == NULL)) {
		free(a);
		free(b);
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory for a %lld x %lld head", (long long)j->T,
		    (long long)j->T);
	}
	j->a = a;
	j->b = b;
	for (hd = 0; hd < L * j->H && rc == 0; hd++) {
		rc = store_head(j->s, hd / j->H, hd % j->H, a, err);
		if (rc == 0 && b != NULL)
			rc = store_head(j->against, hd / j->H, hd % j->H, b,
			    err);
		if (rc != 0)
			break;
		j->first = hd;
		pool_run(pool, j->nb, stats_item, j);
	}
	free(a);
	free(b);
	return rc;
}

/* Head sums, block by block in order, to the means of stats.h. */
static void
stats_means(const struct stats_job *j, struct stats *st)
{
	double	 sum[PARTS], T = (double)j->T;
	int64_t	 hd, k;
	int	 c;

	for (hd = 0; hd < st->L * st->H; hd++) {
		memset(sum, 0, sizeof sum);
		for (k = 0; k < j->nb; k++)
			for (c = 0; c < PARTS; c++)
				sum[c] += j->part[(size_t)(hd * j->nb + k) *
				    PARTS + c];
		for (c = 0; c < STATS_COLUMNS; c++)
			st->heads[hd].v[c] = sum[c] / T;
		st->heads[hd].v[STATS_PREV] = j->T > 1 ?
		    sum[STATS_PREV] / (T - 1) : NAN;
		st->heads[hd].v[STATS_INDUCTION] = sum[PART_N_IND] > 0 ?
		    sum[STATS_INDUCTION] / sum[PART_N_IND] : NAN;
		st->heads[hd].v[STATS_DUPLICATE] = sum[PART_N_DUP] > 0 ?
		    sum[STATS_DUPLICATE] / sum[PART_N_DUP] : NAN;
		st->heads[hd].v[STATS_DIFF] = j->against != NULL ?
		    sum[STATS_DIFF] / (T * T) : NAN;
	}
}

static int
stats_alloc(struct store *s, struct stats_job *j, struct stats *st,
    const struct tokens *tok, int64_t **prev_same)
{
	size_t	heads;
	int64_t	hd;

	st->L = store_layers(s);
	st->H = store_heads(s);
	st->T = store_seq(s);
	heads = (size_t)st->L * (size_t)st->H;
	j->T = st->T;
	j->H = st->H;
	j->nb = (st->T + STATS_BLOCK - 1) / STATS_BLOCK;
	if ((uint64_t)j->nb > SIZE_MAX / PARTS / sizeof(double) / heads)
		return -1;
	st->heads = calloc(heads, sizeof *st->heads);
	j->part = calloc(heads * (size_t)j->nb * PARTS, sizeof *j->part);
	*prev_same = NULL;
	if (tok != NULL && (int64_t)tok->n == st->T && tok->n > 0 &&
	    ((*prev_same = malloc(tok->n * sizeof **prev_same)) == NULL ||
	    stats_chains(tok, *prev_same) != 0))
		return -1;
	if (st->heads == NULL || j->part == NULL)
		return -1;
	for (hd = 0; hd < (int64_t)heads; hd++) {
		st->heads[hd].layer = hd / st->H;
		st->heads[hd].head = hd % st->H;
	}
	return 0;
}

int
stats_compute(struct store *s, const struct tokens *tok,
    struct store *against, struct pool *pool, struct stats *out,
    struct error *err)
{
	struct stats_job	 j;
	int64_t			*prev_same = NULL;
	int			 rc = 0;

	memset(out, 0, sizeof *out);
	memset(&j, 0, sizeof j);
	stats_log_init();
	j.s = s;
	j.against = against;
	out->has_diff = against != NULL;
	if (stats_alloc(s, &j, out, tok, &prev_same) != 0) {
		free(prev_same);
		free(j.part);
		stats_free(out);
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory for the head scores");
	}
	j.prev_same = prev_same;
	if (stats_in_place(s) && stats_in_place(against))
		pool_run(pool, out->L * out->H * j.nb, stats_item, &j);
	else
		rc = stats_fetched(&j, pool, err);
	if (rc == 0)
		stats_means(&j, out);
	free(prev_same);
	free(j.part);
	if (rc != 0)
		stats_free(out);
	return rc;
}

void
stats_free(struct stats *st)
{
	free(st->heads);
	memset(st, 0, sizeof *st);
}

/* ---- ranking and output ----------------------------------------------- */

/* A head in a ranking: its value and index, larger first, NaN last. */
struct stats_ranked {
	double	v;
	size_t	index;
};

static int
stats_rank_cmp(const void *pa, const void *pb)
{
	const struct stats_ranked	*a = pa, *b = pb;

	if (isnan(a->v) != isnan(b->v))
		return isnan(a->v) ? 1 : -1;
	if (!isnan(a->v) && a->v != b->v)
		return a->v > b->v ? -1 : 1;
	return (a->index > b->index) - (a->index < b->index);
}

size_t
stats_rank(const struct stats *st, enum stats_column col, int64_t layer,
    size_t *order)
{
	struct stats_ranked	*r;
	size_t			 first = 0, count, i;

	count = (size_t)(st->L * st->H);
	if (layer >= 0) {
		if (layer >= st->L)
			return 0;
		first = (size_t)(layer * st->H);
		count = (size_t)st->H;
	}
	/* Short of memory, the heads in their own order. */
	if ((r = calloc(count, sizeof *r)) == NULL) {
		for (i = 0; i < count; i++)
			order[i] = first + i;
		return count;
	}
	for (i = 0; i < count; i++) {
		r[i].index = first + i;
		r[i].v = st->heads[first + i].v[col];
	}
	qsort(r, count, sizeof *r, stats_rank_cmp);
	for (i = 0; i < count; i++)
		order[i] = r[i].index;
	free(r);
	return count;
}

size_t
stats_rank_of(const struct stats *st, enum stats_column col, int64_t layer,
    size_t index)
{
	struct stats_ranked	a, b;
	size_t			first = 0, count, i, ahead = 0;

	count = (size_t)(st->L * st->H);
	if (layer >= 0) {
		first = (size_t)(layer * st->H);
		count = (size_t)st->H;
	}
	a.index = index;
	a.v = st->heads[index].v[col];
	for (i = first; i < first + count; i++) {
		b.index = i;
		b.v = st->heads[i].v[col];
		ahead += stats_rank_cmp(&b, &a) < 0;
	}
	return ahead;
}

static void
stats_value(FILE *fp, double v, const char *none)
{
	if (isnan(v))
		fputs(none, fp);
	else
		fprintf(fp, "%.6g", v);
}

int
stats_write(FILE *fp, const struct stats *st, const size_t *order,
    enum stats_format format)
{
	const struct stats_head	*hd;
	size_t			 n = (size_t)(st->L * st->H), k;
	int			 c, cols = st->has_diff ? STATS_COLUMNS :
				    STATS_DIFF;

	if (format == STATS_TSV) {
		fputs("layer\thead", fp);
		for (c = 0; c < cols; c++)
			fprintf(fp, "\t%s", stats_column_name(c));
		fputc('\n', fp);
	} else
		fputc('[', fp);
	for (k = 0; k < n; k++) {
		hd = &st->heads[order != NULL ? order[k] : k];
		if (format == STATS_TSV)
			fprintf(fp, "%lld\t%lld", (long long)hd->layer,
			    (long long)hd->head);
		else
			fprintf(fp, "%s\n{\"layer\": %lld, \"head\": %lld",
			    k == 0 ? "" : ",", (long long)hd->layer,
			    (long long)hd->head);
		for (c = 0; c < cols; c++) {
			if (format == STATS_TSV)
				fputc('\t', fp);
			else
				fprintf(fp, ", \"%s\": ", stats_column_name(c));
			stats_value(fp, hd->v[c], format == STATS_TSV ? "-" :
			    "null");
		}
		fputs(format == STATS_TSV ? "\n" : "}", fp);
	}
	if (format == STATS_JSON)
		fputs("\n]\n", fp);
	return ferror(fp) ? -1 : 0;
}
