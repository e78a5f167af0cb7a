/*
 * test_stats.c - the head scores' library side: scores of a matrix
 * counted by hand, the ranking the explorer steps through, and the diff
 * store.  (tests/stats.sh checks every score of real models against
 * numpy.)
 */
#include "build-config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "attntui/attn/diff.h"
#include "attntui/attn/stats.h"
#include "attntui/compute/forward.h"
#include "attntui/compute/store.h"
#include "attntui/model/config.h"
#include "attntui/model/weights.h"
#include "attntui/model/weights_load.h"

#define TOL	1e-9

/*
 * Two heads of T = 3, tokens x y x.  Head 0 is causal:
 *   row 0: 1                entropy 0, max 1, sink 1, self 1, dist 0
 *   row 1: 1/2 1/2          entropy 1, max 1/2, sink 1/2, prev 1/2,
 *                           self 1/2, dist 1/2
 *   row 2: 1/4 1/4 1/2      entropy 1.5, max 1/2, sink 1/4, prev 1/4,
 *                           self 1/2, dist 2/4 + 1/4 = 3/4
 * Means: entropy 2.5/3, max 2/3, sink 7/12, prev (1/2 + 1/4)/2 = 3/8,
 * self 2/3, distance 1.25/3.  Query 2 (x) has D = {0}: duplicate 1/4;
 * S = {j + 1 : j < 1, t_j = x} = {1}: induction 1/4; no other query has
 * an earlier copy.  Head 1 puts everything on the first token.
 */
static const float head2[2][9] = {
	{ 1, 0, 0, 0.5f, 0.5f, 0, 0.25f, 0.25f, 0.5f },
	{ 1, 0, 0, 1, 0, 0, 1, 0, 0 },
};

static struct store *
adopt(const float *data, int64_t H, int64_t T)
{
	struct store	*s;
	struct error	 err = { 0 };
	const void	*layers[1] = { data };

	assert_int_equal(store_adopt(1, H, T, T, DTYPE_F32, layers, NULL, NULL,
	    &s, &err), 0);
	return s;
}

static void
tokens_xyx(struct tokens *t, int64_t *ids, char **labels)
{
	t->n = 3;
	t->ids = ids;
	t->labels = labels;
}

static void
test_hand_counts(void **state)
{
	struct store	*s = adopt(&head2[0][0], 2, 3);
	int64_t		 ids[3] = { 7, 8, 7 };
	char		*labels[3] = { "x", "y", "x" };
	struct tokens	 tok;
	struct stats	 st;
	struct error	 err = { 0 };
	const double	*v;

	(void)state;
	tokens_xyx(&tok, ids, labels);
	assert_int_equal(stats_compute(s, &tok, NULL, NULL, &st, &err), 0);
	assert_int_equal(st.L, 1);
	assert_int_equal(st.H, 2);
	v = st.heads[0].v;
	assert_true(fabs(v[STATS_ENTROPY] - 2.5 / 3) < TOL);
	assert_true(fabs(v[STATS_MAX] - 2.0 / 3) < TOL);
	assert_true(fabs(v[STATS_SINK] - 7.0 / 12) < TOL);
	assert_true(fabs(v[STATS_PREV] - 3.0 / 8) < TOL);
	assert_true(fabs(v[STATS_SELF] - 2.0 / 3) < TOL);
	assert_true(fabs(v[STATS_DISTANCE] - 1.25 / 3) < TOL);
	assert_true(fabs(v[STATS_INDUCTION] - 0.25) < TOL);
	assert_true(fabs(v[STATS_DUPLICATE] - 0.25) < TOL);
	assert_true(isnan(v[STATS_DIFF]));
	v = st.heads[1].v;
	assert_true(fabs(v[STATS_ENTROPY]) < TOL);
	assert_true(fabs(v[STATS_SINK] - 1) < TOL);
	assert_true(fabs(v[STATS_DISTANCE] - 1) < TOL);
	assert_true(fabs(v[STATS_DUPLICATE] - 1) < TOL);
	assert_true(fabs(v[STATS_INDUCTION]) < TOL);
	stats_free(&st);

	/* The same by labels (an attention file's tokens have no ids). */
	ids[0] = ids[1] = ids[2] = -1;
	assert_int_equal(stats_compute(s, &tok, NULL, NULL, &st, &err), 0);
	assert_true(fabs(st.heads[0].v[STATS_INDUCTION] - 0.25) < TOL);
	stats_free(&st);

	/* Without tokens nothing repeats: no value. */
	assert_int_equal(stats_compute(s, NULL, NULL, NULL, &st, &err), 0);
	assert_true(isnan(st.heads[0].v[STATS_INDUCTION]));
	assert_true(isnan(st.heads[0].v[STATS_DUPLICATE]));
	stats_free(&st);
	store_free(s);
}

static void
test_rank(void **state)
{
	struct stats		st;
	struct stats_head	heads[6];
	size_t			order[6];
	double			sink[6] = { 0.2, NAN, 0.9, 0.2, 0.5, 0.1 };
	int			i;

	(void)state;
	memset(heads, 0, sizeof heads);
	for (i = 0; i < 6; i++) {
		heads[i].layer = i / 3;
		heads[i].head = i % 3;
		heads[i].v[STATS_SINK] = sink[i];
	}
	st.L = 2;
	st.H = 3;
	st.T = 4;
	st.heads = heads;
	st.has_diff = 0;
	/* The model: largest first, ties in order, no value last. */
	assert_int_equal(stats_rank(&st, STATS_SINK, -1, order), 6);
	assert_int_equal(order[0], 2);
	assert_int_equal(order[1], 4);
	assert_int_equal(order[2], 0);
	assert_int_equal(order[3], 3);
	assert_int_equal(order[4], 5);
	assert_int_equal(order[5], 1);
	/* One layer: its heads only. */
	assert_int_equal(stats_rank(&st, STATS_SINK, 1, order), 3);
	assert_int_equal(order[0], 4);
	assert_int_equal(order[1], 3);
	assert_int_equal(order[2], 5);
	assert_int_equal(stats_rank(&st, STATS_SINK, 2, order), 0);
}

static void
test_diff(void **state)
{
	struct store	*a = adopt(&head2[0][0], 2, 3);
	struct store	*b = adopt(&head2[1][0], 1, 3);
	struct store	*a1 = adopt(&head2[0][0], 1, 3), *d;
	struct stats	 st;
	struct error	 err = { 0 };
	float		 got[9];
	int		 i;

	(void)state;
	assert_int_equal(diff_check(a, b, "b.npy", &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	assert_string_equal(err.message, "--against: this model has 1 layers "
	    "of 2 heads and b.npy has 1 of 1; both sides must have the same "
	    "shape");
	error_clear(&err);
	/* a1 (head 0) minus b (head 1), entry by entry. */
	assert_int_equal(diff_check(a1, b, "b.npy", &err), 0);
	assert_int_equal(diff_store(a1, b, &d, &err), 0);
	assert_int_equal(store_is_probability(d), 0);
	assert_int_equal(store_head(d, 0, 0, got, &err), 0);
	for (i = 0; i < 9; i++)
		assert_true(fabs(got[i] - (head2[0][i] - head2[1][i])) < 1e-7);
	store_free(d);
	/* diff: mean |a - b| over the 9 entries: (0.5 + 0.5 + 0.75 + 0.25 +
	   0.5) / 9; against itself 0. */
	assert_int_equal(stats_compute(a1, NULL, b, NULL, &st, &err), 0);
	assert_true(fabs(st.heads[0].v[STATS_DIFF] - 2.5 / 9) < TOL);
	stats_free(&st);
	assert_int_equal(stats_compute(a1, NULL, a1, NULL, &st, &err), 0);
	assert_true(st.heads[0].v[STATS_DIFF] == 0);
	stats_free(&st);
	store_free(a);
	store_free(a1);
	store_free(b);
}

/*
 * A store that recomputes its heads is scored through a copy of each
 * head, a kept one in place: the same numbers (to the last bits, which
 * the zeros past a causal row may move).
 */
static void
test_recompute_same(void **state)
{
	struct config		 cfg;
	struct tokens		 tok;
	struct weights		 w;
	struct forward_result	 kept, again;
	struct stats		 a, b;
	struct error		 err = { 0 };
	int64_t			 hd;
	int			 c;

	(void)state;
	assert_int_equal(config_load(SRCDIR "/tests/golden/gpt2-long.yaml",
	    &cfg, &err), 0);
	assert_int_equal(tokens_from_config(&cfg, NULL, &tok, &err), 0);
	assert_int_equal(weights_load(&cfg, NULL, &w, &err), 0);
	assert_int_equal(forward_run(&cfg, &w, &tok, NULL, &kept, &err), 0);
	store_set_budget(1);
	assert_int_equal(forward_run(&cfg, &w, &tok, NULL, &again, &err), 0);
	store_set_budget(0);
	assert_int_equal(store_mode(kept.store), STORE_TRIANGLE);
	assert_int_equal(store_mode(again.store), STORE_RECOMPUTE);
	assert_int_equal(stats_compute(kept.store, &tok, NULL, NULL, &a,
	    &err), 0);
	assert_int_equal(stats_compute(again.store, &tok, kept.store, NULL,
	    &b, &err), 0);
	for (hd = 0; hd < a.L * a.H; hd++) {
		for (c = 0; c < STATS_DIFF; c++)
			assert_true(fabs(a.heads[hd].v[c] - b.heads[hd].v[c]) <=
			    1e-12 * fabs(a.heads[hd].v[c]));
		assert_true(b.heads[hd].v[STATS_DIFF] == 0);
	}
	stats_free(&a);
	stats_free(&b);
	forward_result_free(&kept);
	forward_result_free(&again);
	weights_free(&w);
	tokens_free(&tok);
	config_free(&cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_counts),
		cmocka_unit_test(test_rank),
		cmocka_unit_test(test_diff),
		cmocka_unit_test(test_recompute_same),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
