/*
 * stats.h - head scores: one row of numbers per (layer, head) that finds
 * previous-token, induction, duplicate-token and sink heads without
 * looking at 144 heatmaps (spec/stats.md has the definitions).
 *
 * For a head, A is its T x T matrix (rows are queries) and t_0 .. t_T-1
 * the tokens; every score is a mean over query rows, logs are base 2 and
 * 0 log 0 = 0:
 *   entropy    mean_i -sum_j A_ij log2 A_ij, in bits
 *   max        mean_i max_j A_ij
 *   sink       mean_i A_i0
 *   prev       mean over i >= 1 of A_i,i-1
 *   self       mean_i A_ii
 *   distance   mean_i sum_j A_ij |i - j|, in tokens
 *   induction  mean, over the i whose S_i = { j + 1 : j < i - 1,
 *              t_j = t_i } is not empty, of sum_{k in S_i} A_ik
 *   duplicate  mean, over the i whose D_i = { j < i : t_j = t_i } is not
 *              empty, of sum_{k in D_i} A_ik
 *   diff       against a second store B of the same shape: the mean
 *              over all T x T entries of |A_ij - B_ij|
 * A score with nothing to average over (no repeated token, no second
 * store, T = 1 for prev) is NaN, printed "-" (TSV) or null (JSON).
 */
#ifndef ATTNTUI_STATS_H
#define ATTNTUI_STATS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "attntui/base/error.h"
#include "attntui/compute/store.h"
#include "attntui/model/tokens.h"

enum stats_column { STATS_ENTROPY, STATS_MAX, STATS_SINK, STATS_PREV,
		    STATS_SELF, STATS_DISTANCE, STATS_INDUCTION,
		    STATS_DUPLICATE, STATS_DIFF };
#define STATS_COLUMNS	9

enum stats_format { STATS_TSV, STATS_JSON };

struct stats_head {
	int64_t	layer, head;
	double	v[STATS_COLUMNS];	/* NaN: no value */
};

struct stats {
	int64_t			 L, H, T;
	struct stats_head	*heads;		/* owned: L x H, layer-major */
	int			 has_diff;	/* computed against a store */
};

/* "entropy", ... "diff"; -1 for a name that is none of them. */
const char	*stats_column_name(enum stats_column);
int		 stats_column_parse(const char *name, enum stats_column *out);
/* "entropy, max, ... or diff", for messages. */
const char	*stats_column_list(void);

int		 stats_format_parse(const char *name, enum stats_format *out);

/*
 * Score every head of s.  tok gives the tokens induction and duplicate
 * compare: their ids where all are known (>= 0), else their labels;
 * NULL or another length than the store's: those two are NaN.  against,
 * when not NULL, is a store of the same shape (attn/diff.h checks it)
 * and fills diff.  The work runs on pool's threads (NULL: the caller
 * alone), cut by the shapes alone, so the numbers do not depend on the
 * thread count.  On success *out is the caller's (stats_free).
 */
int		 stats_compute(struct store *s, const struct tokens *tok,
		     struct store *against, struct pool *pool,
		     struct stats *out, struct error *err);
void		 stats_free(struct stats *st);

/*
 * The heads ranked by column, largest first, NaN last, ties in (layer,
 * head) order: indices into st->heads, of one layer (layer >= 0) or of
 * the whole model (layer -1).  order holds st->H (one layer) or L x H
 * entries; returns how many it wrote.
 */
size_t		 stats_rank(const struct stats *st, enum stats_column col,
		     int64_t layer, size_t *order);

/*
 * Where head index (into st->heads, of layer when layer >= 0) comes in
 * stats_rank's order, from 0: how many heads rank before it, found
 * without sorting.
 */
size_t		 stats_rank_of(const struct stats *st, enum stats_column col,
		     int64_t layer, size_t index);

/*
 * Write the rows in the order given (NULL: layer by layer) as TSV with
 * a header line, or as a JSON array of objects.  Values have six
 * significant digits.  Returns -1 when writing failed.
 */
int		 stats_write(FILE *fp, const struct stats *st,
		     const size_t *order, enum stats_format format);

#endif
