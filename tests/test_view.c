/*
 * test_view.c - the view layer without a terminal: colours, pooling,
 * scales, analysis, layout, keys, state, bars, labels, and the dump.
 *
 * Expected colours are worked out by hand from colormap.c's anchors and
 * the xterm-256 cube (levels 0, 95, 135, 175, 215, 255; index 16 + 36 r
 * + 6 g + b) and grey ramp (8 + 10 i at 232 + i), as each test says.
 */
#include "build-config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "attntui/attn/analysis.h"
#include "attntui/compute/store.h"
#include "attntui/view/canvas.h"
#include "attntui/view/colormap.h"
#include "attntui/model/config.h"
#include "attntui/model/summary.h"
#include "attntui/view/draw.h"
#include "attntui/view/find.h"
#include "attntui/view/helpbox.h"
#include "attntui/view/paint.h"
#include "attntui/view/sumtree.h"
#include "attntui/view/dump.h"
#include "attntui/view/frame.h"
#include "attntui/view/heatmap.h"
#include "attntui/view/keys.h"
#include "attntui/view/layout.h"
#include "attntui/view/view.h"
#include "viewtest.h"

#define EPS	1e-6

/* ---- colormap ------------------------------------------------------- */

static void
test_level(void **state)
{
	(void)state;
	assert_int_equal(colormap_level(0, 32), 0);
	assert_int_equal(colormap_level(1, 32), 31);
	assert_int_equal(colormap_level(0.5, 32), 16);	/* 15.5 rounds up */
	assert_int_equal(colormap_level(0.25, 32), 8);	/* 7.75 */
	assert_int_equal(colormap_level(-3, 32), 0);
	assert_int_equal(colormap_level(7, 32), 31);
	assert_int_equal(colormap_level(NAN, 32), 0);
	assert_int_equal(colormap_level(0.9, 1), 0);
}

static void
test_xterm(void **state)
{
	(void)state;
	assert_int_equal(colormap_xterm(0, 0, 0), 16);
	assert_int_equal(colormap_xterm(255, 255, 255), 231);
	/* viridis(0) = (68, 1, 84): 95, 0, 95 -> 16 + 36 + 0 + 1 */
	assert_int_equal(colormap_xterm(68, 1, 84), 53);
	/* viridis(1) = (253, 231, 37): 255, 215, 0 -> 16 + 180 + 24 */
	assert_int_equal(colormap_xterm(253, 231, 37), 220);
	/* a grey: 128 is ramp step 12 exactly */
	assert_int_equal(colormap_xterm(128, 128, 128), 244);
}

static void
test_color_256(void **state)
{
	(void)state;
	assert_int_equal(colormap_color(COLORMAP_VIRIDIS, COLORS_256, 32, 0),
	    53);
	assert_int_equal(colormap_color(COLORMAP_VIRIDIS, COLORS_256, 32, 1),
	    220);
	/* level 16/31: viridis (33, 149, 139) -> 0, 135, 135 -> 30 */
	assert_int_equal(colormap_color(COLORMAP_VIRIDIS, COLORS_256, 32,
	    0.5), 30);
	/* level 8/31: viridis (58, 84, 138) -> 95, 95, 135 -> 60 */
	assert_int_equal(colormap_color(COLORMAP_VIRIDIS, COLORS_256, 32,
	    0.25), 60);
	/* magma(0) = (0, 0, 4) -> 16; magma(1) = (252, 253, 191) -> 229 */
	assert_int_equal(colormap_color(COLORMAP_MAGMA, COLORS_256, 32, 0),
	    16);
	assert_int_equal(colormap_color(COLORMAP_MAGMA, COLORS_256, 32, 1),
	    229);
	/* gray level 16/31 = 132: the cube's 135 (102) beats the ramp's 128 */
	assert_int_equal(colormap_color(COLORMAP_GRAY, COLORS_256, 32, 0.5),
	    102);
	assert_int_equal(colormap_color(COLORMAP_GRAY, COLORS_256, 32, 1),
	    231);
	/* quantisation: two values in the same level, the same colour */
	assert_int_equal(colormap_color(COLORMAP_VIRIDIS, COLORS_256, 4,
	    0.30), colormap_color(COLORMAP_VIRIDIS, COLORS_256, 4, 0.36));
}

static void
test_color_fallbacks(void **state)
{
	(void)state;
	assert_int_equal(colormap_levels(COLORMAP_VIRIDIS, COLORS_16, 32), 6);
	assert_int_equal(colormap_color(COLORMAP_VIRIDIS, COLORS_16, 32, 0),
	    5);
	assert_int_equal(colormap_color(COLORMAP_VIRIDIS, COLORS_16, 32, 1),
	    11);
	assert_int_equal(colormap_color(COLORMAP_VIRIDIS, COLORS_8, 32, 1),
	    3);
	assert_int_equal(colormap_color(COLORMAP_GRAY, COLORS_8, 32, 0.4), 0);
	assert_int_equal(colormap_color(COLORMAP_GRAY, COLORS_8, 32, 0.6), 7);
	assert_int_equal(colormap_color(COLORMAP_MAGMA, COLORS_NONE, 32, 1),
	    -1);
	assert_string_equal(colormap_shade(0, 0), " ");
	assert_string_equal(colormap_shade(0.5, 0), "\xe2\x96\x92");
	assert_string_equal(colormap_shade(1, 0), "\xe2\x96\x88");
	assert_string_equal(colormap_shade(1, 1), "@");
	assert_string_equal(colormap_shade(0.12, 1), ".");
	assert_int_equal(colormap_contrast(COLORS_256, 16), 231);
	assert_int_equal(colormap_contrast(COLORS_256, 220), 0);
	assert_int_equal(colormap_contrast(COLORS_8, 4), 7);
}

static void
test_colormap_names(void **state)
{
	enum colormap	c;

	(void)state;
	assert_int_equal(colormap_parse("magma", &c), 0);
	assert_int_equal(c, COLORMAP_MAGMA);
	assert_int_equal(colormap_parse("grey", &c), 0);
	assert_int_equal(c, COLORMAP_GRAY);
	assert_int_equal(colormap_parse("jet", &c), -1);
	assert_string_equal(colormap_name(COLORMAP_VIRIDIS), "viridis");
}

/* Each enum's names: parsed and printed from one table, aliases too. */
static void
test_enum_names(void **state)
{
	/* What each name function prints, against the documented names. */
	const char *const printed[][2] = {
		{ colormap_name(COLORMAP_GRAY), "gray" },
		{ colormap_name(COLORMAP_MAGMA), "magma" },
		{ colormap_colors_name(COLORS_NONE), "none" },
		{ colormap_colors_name(COLORS_16), "16" },
		{ heatmap_scale_name(HEATMAP_LINEAR), "linear" },
		{ heatmap_scale_name(HEATMAP_LOG), "log" },
		{ heatmap_scale_name(HEATMAP_ROW), "row" },
		{ heatmap_pool_name(HEATMAP_MAX), "max" },
		{ heatmap_pool_name(HEATMAP_MEAN), "mean" },
		{ analysis_kind_name(ANALYSIS_HEAD), "head" },
		{ analysis_kind_name(ANALYSIS_ROLLOUT), "rollout" },
		{ analysis_kind_name((enum analysis_kind)9), "?" },
	};
	enum colors		 depth = COLORS_NONE;
	enum analysis_kind	 kind = ANALYSIS_HEAD;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof printed / sizeof printed[0]; i++)
		assert_string_equal(printed[i][0], printed[i][1]);
	assert_int_equal(colormap_colors_parse("8", &depth), 0);
	assert_int_equal(depth, COLORS_8);
	assert_int_equal(colormap_colors_parse("auto", &depth), -1);
	assert_int_equal(depth, COLORS_8);		/* untouched */
	assert_int_equal(analysis_kind_parse("max", &kind), 0);
	assert_int_equal(kind, ANALYSIS_MAX);
	assert_int_equal(analysis_kind_parse("avg", &kind), -1);
}

/* ---- pooling and scales --------------------------------------------- */

static const float tri4[16] = {
	1.00f, 0.00f, 0.00f, 0.00f,
	0.50f, 0.50f, 0.00f, 0.00f,
	0.20f, 0.30f, 0.50f, 0.00f,
	0.10f, 0.20f, 0.30f, 0.40f,
};

static void
test_pool_max_mean(void **state)
{
	struct heatmap_window	w = { 0, 4, 0, 4 };
	float			out[4];

	(void)state;
	heatmap_pool(tri4, 4, &w, 2, 2, HEATMAP_MAX, out);
	assert_float_equal(out[0], 1.0, EPS);
	assert_float_equal(out[1], 0.0, EPS);
	assert_float_equal(out[2], 0.3, EPS);
	assert_float_equal(out[3], 0.5, EPS);
	heatmap_pool(tri4, 4, &w, 2, 2, HEATMAP_MEAN, out);
	assert_float_equal(out[0], 0.5, EPS);	/* (1 + 0 + .5 + .5) / 4 */
	assert_float_equal(out[1], 0.0, EPS);
	assert_float_equal(out[2], 0.2, EPS);	/* (.2 + .3 + .1 + .2) / 4 */
	assert_float_equal(out[3], 0.3, EPS);	/* (.5 + 0 + .3 + .4) / 4 */
}

static void
test_pool_uneven_and_window(void **state)
{
	static const float	a[9] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	struct heatmap_window	w = { 0, 3, 0, 3 };
	struct heatmap_window	sub = { 2, 4, 0, 2 };
	float			out[4];

	(void)state;
	/* 3 into 2: pixel 0 covers [0, 1), pixel 1 covers [1, 3). */
	assert_int_equal(heatmap_source(0, 3, 2, 1), 1);
	heatmap_pool(a, 3, &w, 2, 2, HEATMAP_MAX, out);
	assert_float_equal(out[0], 1, EPS);
	assert_float_equal(out[1], 3, EPS);
	assert_float_equal(out[2], 7, EPS);
	assert_float_equal(out[3], 9, EPS);
	heatmap_pool(a, 3, &w, 2, 2, HEATMAP_MEAN, out);
	assert_float_equal(out[1], 2.5, EPS);		/* (2 + 3) / 2 */
	assert_float_equal(out[3], 7.0, EPS);		/* (5 6 8 9) / 4 */
	/* A window, one to one: the entries themselves. */
	heatmap_pool(tri4, 4, &sub, 2, 2, HEATMAP_MAX, out);
	assert_float_equal(out[0], 0.2, EPS);
	assert_float_equal(out[1], 0.3, EPS);
	assert_float_equal(out[2], 0.1, EPS);
	assert_float_equal(out[3], 0.2, EPS);
}

static void
test_scales(void **state)
{
	float	lin[4] = { 0.5f, 0.25f, 0.125f, 0.0f };
	float	row[4] = { 0.5f, 0.25f, 0.1f, 0.05f };
	float	lg[4] = { 0.5f, 0.005f, 5e-6f, 0.0f };

	(void)state;
	heatmap_scale(lin, 2, 2, HEATMAP_LINEAR, NULL);
	assert_float_equal(lin[0], 1.0, EPS);
	assert_float_equal(lin[1], 0.5, EPS);
	assert_float_equal(lin[2], 0.25, EPS);
	heatmap_scale(row, 2, 2, HEATMAP_ROW, NULL);
	assert_float_equal(row[1], 0.5, EPS);
	assert_float_equal(row[2], 1.0, EPS);
	assert_float_equal(row[3], 0.5, EPS);
	/* four decades: max/100 is halfway, below max/1e4 is 0 */
	heatmap_scale(lg, 2, 2, HEATMAP_LOG, NULL);
	assert_float_equal(lg[0], 1.0, 1e-5);
	assert_float_equal(lg[1], 0.5, 1e-5);
	assert_float_equal(lg[2], 0.0, EPS);
	assert_float_equal(lg[3], 0.0, EPS);
}


/* ---- finding tokens ------------------------------------------------- */

#define MARK	"\342\220\243"	/* ␣ */

static const char *const find_labels[] = {
	"When", "\342\220\243Mary", "\342\220\243and", "\342\220\243John",
	".", "\342\220\243John", "Mary", "\342\220\243Mary"
};

/* A search is for the text as typed: a space matches the marker. */
static void
test_find(void **state)
{
	int64_t	q, k;

	(void)state;
	assert_true(find_match(MARK "John", " Jo"));
	assert_true(find_match(MARK "John", "JOHN"));
	assert_true(find_match(MARK "John", "oh"));
	assert_false(find_match("John", " Jo"));
	assert_false(find_match(MARK "and", " Jo"));
	assert_true(find_match("anything", ""));
	/* Forward from 0, back from 0 (wrapping), exact labels. */
	assert_int_equal(find_next(find_labels, 8, 0, 1, " jo", 0), 3);
	assert_int_equal(find_next(find_labels, 8, 3, 1, " jo", 0), 5);
	assert_int_equal(find_next(find_labels, 8, 5, 1, " jo", 0), 3);
	assert_int_equal(find_next(find_labels, 8, 0, -1, "mary", 0), 7);
	assert_int_equal(find_next(find_labels, 8, 1, 1, MARK "Mary", 1), 7);
	assert_int_equal(find_next(find_labels, 8, 7, 1, MARK "Mary", 1), 1);
	assert_int_equal(find_next(find_labels, 8, 0, 1, "zz", 0), -1);
	/* A label matches itself last: the only match is where one is. */
	assert_int_equal(find_next(find_labels, 8, 4, 1, ".", 1), 4);
	assert_int_equal(find_count(find_labels, 8, "mary", 0), 3);
	assert_int_equal(find_count(find_labels, 8, MARK "Mary", 1), 2);
	/* Go-to input. */
	assert_int_equal(find_goto("12", &q, &k), 0);
	assert_true(q == 12 && k == -1);
	assert_int_equal(find_goto("3,4", &q, &k), 0);
	assert_true(q == 3 && k == 4);
	assert_int_equal(find_goto(" 3 4 ", &q, &k), 0);
	assert_true(q == 3 && k == 4);
	assert_int_equal(find_goto(",7", &q, &k), 0);
	assert_true(q == -1 && k == 7);
	assert_int_equal(find_goto("", &q, &k), -1);
	assert_int_equal(find_goto("x", &q, &k), -1);
	assert_int_equal(find_goto("3x", &q, &k), -1);
	assert_int_equal(find_goto("-3", &q, &k), -1);
}

/* ---- the p99 scale and the help's wrapping --------------------------- */

/*
 * The percentile is the smallest value with pct percent of the non-zero
 * ones at or below it (numpy's sorted values at ceil(pct n / 100) - 1):
 * of 1/100 .. 100/100 and zeros, p99 is 0.99, p50 0.5.
 */
static void
test_percentile(void **state)
{
	float			v[300], img[4] = { 1.0f, 0.25f, 0.5f, 0.0f };
	struct heatmap_range	r;
	int			i;

	(void)state;
	for (i = 0; i < 300; i++)
		v[i] = i % 3 == 0 ? (float)(i / 3 + 1) / 100 : 0;
	assert_float_equal(heatmap_percentile(v, 300, 99), 0.99, EPS);
	assert_float_equal(heatmap_percentile(v, 300, 50), 0.50, EPS);
	assert_float_equal(heatmap_percentile(v, 3, 99), 0.01, EPS);
	assert_float_equal(heatmap_percentile(v + 1, 2, 99), 0, EPS);
	/* Three non-zero pixels: p99 is the largest, as linear. */
	heatmap_scale(img, 2, 2, HEATMAP_P99, &r);
	assert_float_equal(r.top, 1.0, EPS);
	assert_float_equal(r.max, 1.0, EPS);
	assert_float_equal(img[1], 0.25, EPS);
	/* 99 values at 0.1 and one at 1: the one saturates, 0.1 is top. */
	for (i = 0; i < 100; i++)
		v[i] = i == 0 ? 1.0f : 0.1f;
	heatmap_scale(v, 10, 10, HEATMAP_P99, &r);
	assert_float_equal(r.top, 0.1, EPS);
	assert_float_equal(v[0], 1.0, EPS);
	assert_float_equal(v[1], 1.0, EPS);
}

static int
float_cmp(const void *a, const void *b)
{
	float	x = *(const float *)a, y = *(const float *)b;

	return x < y ? -1 : x > y;
}

/* The selection against qsort, on arrays full of ties and zeros. */
static void
test_percentile_select(void **state)
{
	float		v[300], w[300], want;
	size_t		n, k, i;
	unsigned	seed = 7;
	int		t, pct;

	(void)state;
	for (t = 0; t < 2000; t++) {
		seed = seed * 1103515245u + 12345u;
		n = 1 + (seed >> 16) % 300;
		for (i = 0, k = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			v[i] = (seed >> 16) % 4 == 0 ? 0 :
			    (float)((seed >> 18) % 50) / 50;
			if (v[i] > 0)
				w[k++] = v[i];
		}
		seed = seed * 1103515245u + 12345u;
		pct = 1 + (int)((seed >> 16) % 100);
		want = 0;
		if (k > 0) {
			qsort(w, k, sizeof *w, float_cmp);
			i = (k * (size_t)pct + 99) / 100;
			want = w[i > 0 ? i - 1 : 0];
		}
		assert_true(heatmap_percentile(v, n, pct) == want);
	}
}

static void
test_help_wrap(void **state)
{
	char	buf[64];

	(void)state;
	assert_int_equal(helpbox_wrap("next, previous token like the query",
	    14, 0, buf, sizeof buf), 3);
	assert_string_equal(buf, "next, previous");
	helpbox_wrap("next, previous token like the query", 14, 1, buf,
	    sizeof buf);
	assert_string_equal(buf, "token like the");
	helpbox_wrap("next, previous token like the query", 14, 2, buf,
	    sizeof buf);
	assert_string_equal(buf, "query");
	assert_int_equal(helpbox_wrap("quit", 14, 0, buf, sizeof buf), 1);
	assert_string_equal(buf, "quit");
	/* A word wider than the line is cut. */
	assert_int_equal(helpbox_wrap("abcdefgh", 3, 2, buf, sizeof buf), 3);
	assert_string_equal(buf, "gh");
}

/* ---- analysis ------------------------------------------------------- */

static void
test_analysis(void **state)
{
	/* 2 layers x 2 heads x 2 x 2 */
	static const float	d[16] = {
		1, 0, 0, 1,		/* l0 h0 */
		1, 0, 1, 0,		/* l0 h1: mean [[1 0] [.5 .5]] */
		1, 0, 1, 0,		/* l1 h0 */
		1, 0, 1, 0,		/* l1 h1: mean [[1 0] [1 0]] */
	};
	struct store	*s = viewtest_store(2, 2, 2, d);
	struct analysis	 a;
	struct error	 err = { 0 };
	float		 m[4];

	(void)state;
	assert_int_equal(analysis_init(&a, s, &err), 0);
	assert_int_equal(analysis_get(&a, 0, ANALYSIS_MEAN, 0, m, &err), 0);
	assert_float_equal(m[2], 0.5, EPS);
	assert_float_equal(m[3], 0.5, EPS);
	assert_int_equal(analysis_get(&a, 0, ANALYSIS_MAX, 0, m, &err), 0);
	assert_float_equal(m[2], 1.0, EPS);
	assert_float_equal(m[3], 1.0, EPS);
	/* B0 = [[1 0] [.25 .75]]: rollout of layer 0 alone */
	assert_int_equal(analysis_get(&a, 0, ANALYSIS_ROLLOUT, 0, m, &err),
	    0);
	assert_float_equal(m[2], 0.25, EPS);
	assert_float_equal(m[3], 0.75, EPS);
	/* B1 = [[1 0] [.5 .5]]; R1 = B1 B0 = [[1 0] [.625 .375]] */
	assert_int_equal(analysis_get(&a, 1, ANALYSIS_ROLLOUT, 0, m, &err),
	    0);
	assert_float_equal(m[0], 1.0, EPS);
	assert_float_equal(m[1], 0.0, EPS);
	assert_float_equal(m[2], 0.625, EPS);
	assert_float_equal(m[3], 0.375, EPS);
	/* back to layer 0 recomputes from the start */
	assert_int_equal(analysis_get(&a, 0, ANALYSIS_ROLLOUT, 0, m, &err),
	    0);
	assert_float_equal(m[2], 0.25, EPS);
	assert_int_equal(analysis_get(&a, 2, ANALYSIS_MEAN, 0, m, &err), -1);
	assert_int_equal(err.status, EXIT_USAGE);
	error_clear(&err);
	analysis_free(&a);
	store_free(s);
}

/* ---- layout --------------------------------------------------------- */

static int
rect_within(const struct rect *r, int w, int h)
{
	return r->w == 0 || (r->x >= 0 && r->y >= 0 && r->x + r->w <= w &&
	    r->y + r->h <= h);
}

static int
rects_overlap(const struct rect *a, const struct rect *b)
{
	if (a->w == 0 || b->w == 0 || a->h == 0 || b->h == 0)
		return 0;
	return a->x < b->x + b->w && b->x < a->x + a->w &&
	    a->y < b->y + b->h && b->y < a->y + a->h;
}

static void
test_layout_sizes(void **state)
{
	struct layout	l;
	int		w, h, bars, sum;

	(void)state;
	for (w = 1; w <= 240; w += 7)
		for (h = 1; h <= 90; h += 3)
			for (bars = 0; bars < 2; bars++)
				for (sum = 0; sum < 2; sum++) {
	layout_compute(w, h, bars, sum, 12, &l);
	if (w < LAYOUT_MIN_W || h < LAYOUT_MIN_H) {
		assert_true(l.too_small);
		continue;
	}
	assert_false(l.too_small);
	assert_true(rect_within(&l.heat, w, h));
	assert_true(rect_within(&l.ylabels, w, h));
	assert_true(rect_within(&l.xlabels, w, h));
	assert_true(rect_within(&l.legend, w, h));
	assert_true(rect_within(&l.bars, w, h));
	assert_true(rect_within(&l.summary, w, h));
	assert_true(l.heat.w >= 1 && l.heat.h >= 1);
	assert_false(rects_overlap(&l.heat, &l.bars));
	assert_false(rects_overlap(&l.heat, &l.summary));
	assert_false(rects_overlap(&l.bars, &l.summary));
	assert_false(rects_overlap(&l.heat, &l.ylabels));
	assert_false(rects_overlap(&l.heat, &l.xlabels));
	assert_int_equal(l.status.y, h - 1);
	if (!bars)
		assert_int_equal(l.bars.w, 0);
	if (w < LAYOUT_SIDE_MIN_W)
		assert_int_equal(l.bars.w + l.summary.w, 0);
				}
}

static void
test_layout_120x40(void **state)
{
	struct layout	l;

	(void)state;
	layout_compute(120, 40, 1, 1, 8, &l);
	assert_int_equal(l.bars.x + l.bars.w, 120);
	assert_int_equal(l.bars.w, 36);
	assert_int_equal(l.summary.y, l.bars.y + l.bars.h);
	assert_int_equal(l.ylabels.w, 10);
	assert_int_equal(l.heat.x, 10);
	assert_int_equal(l.heat.w, 120 - 37 - 10);
	assert_int_equal(l.heat.h, 40 - 2 - LAYOUT_XLABELS - 1);
	layout_compute(23, 40, 1, 1, 8, &l);
	assert_true(l.too_small);
	layout_compute(24, 7, 1, 1, 8, &l);
	assert_true(l.too_small);
}

/* ---- keys ----------------------------------------------------------- */

static void
test_keys(void **state)
{
	const char	*what = NULL;
	char		 buf[64];
	int		 n = 0;

	(void)state;
	assert_int_equal(keys_action('q'), ACTION_QUIT);
	assert_int_equal(keys_action('h'), ACTION_KEY_PREV);
	assert_int_equal(keys_action('l'), ACTION_KEY_NEXT);
	assert_int_equal(keys_action('j'), ACTION_QUERY_NEXT);
	assert_int_equal(keys_action('k'), ACTION_QUERY_PREV);
	assert_int_equal(keys_action(KEYS_LEFT), ACTION_PAN_LEFT);
	assert_int_equal(keys_action(KEYS_DOWN), ACTION_PAN_DOWN);
	assert_int_equal(keys_action('J'), ACTION_LAYER_NEXT);
	assert_int_equal(keys_action(KEYS_PGDN), ACTION_QUERY_PAGE_DOWN);
	assert_int_equal(keys_action('K'), ACTION_LAYER_PREV);
	assert_int_equal(keys_action(KEYS_PGUP), ACTION_QUERY_PAGE_UP);
	assert_int_equal(keys_action('n'), ACTION_HEAD_NEXT);
	assert_int_equal(keys_action(']'), ACTION_HEAD_NEXT);
	assert_int_equal(keys_action('p'), ACTION_HEAD_PREV);
	assert_int_equal(keys_action('['), ACTION_HEAD_PREV);
	assert_int_equal(keys_action('m'), ACTION_MEAN);
	assert_int_equal(keys_action('M'), ACTION_MAX);
	assert_int_equal(keys_action('r'), ACTION_ROLLOUT);
	assert_int_equal(keys_action('g'), ACTION_GRID);
	assert_int_equal(keys_action(KEYS_ENTER), ACTION_OPEN);
	assert_int_equal(keys_action('c'), ACTION_COLORMAP);
	assert_int_equal(keys_action('s'), ACTION_SCALE);
	assert_int_equal(keys_action('P'), ACTION_POOL);
	assert_int_equal(keys_action('+'), ACTION_ZOOM_IN);
	assert_int_equal(keys_action('-'), ACTION_ZOOM_OUT);
	assert_int_equal(keys_action('b'), ACTION_BARS_SORT);
	assert_int_equal(keys_action(KEYS_TAB), ACTION_FOCUS);
	assert_int_equal(keys_action('t'), ACTION_TOGGLE_BARS);
	assert_int_equal(keys_action('S'), ACTION_TOGGLE_SUMMARY);
	assert_int_equal(keys_action('/'), ACTION_SEARCH);
	assert_int_equal(keys_action('?'), ACTION_HELP);
	assert_int_equal(keys_action('Z'), ACTION_NONE);
	assert_int_equal(keys_action(0x4e2d), ACTION_NONE);
	while (keys_help_line(n, 0, buf, sizeof buf, &what) == 0) {
		assert_non_null(what);
		n++;
	}
	assert_true(n >= 15);
}

/*
 * One table gives actions and help: the keys of an action share a help
 * line, and the lines read as the table says, in order.
 */
static void
test_keys_help(void **state)
{
	const struct keys_binding	*a, *b;
	const char			*what = NULL;
	char				 buf[64];
	int				 line[128], n = 0, i, j;

	(void)state;
	assert_non_null(keys_table[0].help);	/* the first starts a line */
	for (a = keys_table; a->key != 0; a++, n++) {
		assert_true(n < 128);
		line[n] = (n > 0 ? line[n - 1] : -1) + (a->help != NULL);
	}
	for (i = 0, a = keys_table; i < n; i++, a++)
		for (j = 0, b = keys_table; j < n; j++, b++)
			if (a->action == b->action)
				assert_int_equal(line[i], line[j]);
	assert_int_equal(keys_help_line(0, 0, buf, sizeof buf, &what), 0);
	assert_string_equal(buf, "h l \xe2\x86\x90 \xe2\x86\x92");
	assert_string_equal(what, "key token left, right");
	assert_int_equal(keys_help_line(3, 0, buf, sizeof buf, &what), 0);
	assert_string_equal(buf, "^F ^B PgDn PgUp");
	assert_string_equal(what, "query a page down, up");
	assert_int_equal(keys_help_line(0, 1, buf, sizeof buf, &what), 0);
	assert_string_equal(buf, "h l Left Right");
	assert_int_equal(keys_help_line(line[n - 1], 0, buf, sizeof buf, &what),
	    0);
	assert_string_equal(buf, "q");
	assert_string_equal(what, "quit");
	assert_int_equal(keys_help_line(line[n - 1] + 1, 0, buf, sizeof buf,
	    &what), -1);
	assert_string_equal(keys_name('?', 0, buf, sizeof buf), "?");
	assert_string_equal(keys_name(KEYS_ESC, 0, buf, sizeof buf), "Esc");
}

/* ---- view state ----------------------------------------------------- */

static const char *const labels6[6] = {
	"The", "quick", "brown", "fox", "\xe6\x9d\xb1\xe4\xba\xac", "dog"
};


/* 3 layers x 4 heads x 6 tokens; head h puts its mass on key h. */
static int
setup_view(void **state)
{
	struct viewtest		*f = calloc(1, sizeof *f);
	struct view_source	 src;
	struct error		 err = { 0 };
	int64_t			 l, h, i, T = 6;

	f->data = calloc(3 * 4 * 36, sizeof *f->data);
	for (l = 0; l < 3; l++)
		for (h = 0; h < 4; h++)
			for (i = 0; i < T; i++)
				f->data[((l * 4 + h) * T + i) * T + (h + l) %
				    T] = 1;
	f->s = viewtest_store(3, 4, T, f->data);
	memset(&src, 0, sizeof src);
	src.store = f->s;
	src.labels = labels6;
	src.model = "test";
	src.kv_heads = 2;
	if (view_init(&f->v, &src, &err) != 0)
		return -1;
	if (frame_init(&f->fr, f->s, &err) != 0)
		return -1;
	if (canvas_init(&f->c, 100, 30) != 0)
		return -1;
	*state = f;
	return 0;
}

static int
teardown_view(void **state)
{
	struct viewtest	*f = *state;

	canvas_free(&f->c);
	frame_free(&f->fr);
	view_free(&f->v);
	store_free(f->s);
	free(f->data);
	free(f);
	return 0;
}

static void
test_state_moves(void **state)
{
	struct viewtest	*f = *state;
	struct view	*v = &f->v;
	struct frame	*fr = &f->fr;
	int		 i;

	viewtest_render(f);
	view_key(v, fr, 'j');
	view_key(v, fr, 'j');
	assert_int_equal(v->query, 2);
	for (i = 0; i < 10; i++)
		view_key(v, fr, 'j');
	assert_int_equal(v->query, 5);		/* clamped */
	view_key(v, fr, 'k');
	assert_int_equal(v->query, 4);
	view_key(v, fr, 'l');
	assert_int_equal(v->key, 1);
	view_key(v, fr, KEYS_LEFT);		/* not zoomed: a cursor move */
	assert_int_equal(v->key, 0);
	view_key(v, fr, 'J');
	view_key(v, fr, 'J');
	view_key(v, fr, 'J');
	assert_int_equal(v->layer, 2);		/* clamped */
	view_key(v, fr, 'K');
	assert_int_equal(v->layer, 1);
	view_key(v, fr, 'p');
	assert_int_equal(v->head, 3);		/* wraps */
	assert_int_equal(view_kv_head(v, 3), 1);
	view_key(v, fr, ']');
	assert_int_equal(v->head, 0);
	view_key(v, fr, 'q');
	assert_true(v->quit);
}

static void
test_state_modes(void **state)
{
	struct viewtest	*f = *state;
	struct view	*v = &f->v;
	struct frame	*fr = &f->fr;

	view_key(v, fr, 'm');
	assert_int_equal(v->kind, ANALYSIS_MEAN);
	view_key(v, fr, 'm');
	assert_int_equal(v->kind, ANALYSIS_HEAD);
	view_key(v, fr, 'r');
	assert_int_equal(v->kind, ANALYSIS_ROLLOUT);
	viewtest_render(f);
	view_key(v, fr, 'M');
	assert_int_equal(v->kind, ANALYSIS_MAX);
	viewtest_render(f);
	view_key(v, fr, 'n');			/* leaves the aggregate */
	assert_int_equal(v->kind, ANALYSIS_HEAD);
	assert_int_equal(v->head, 0);
	view_key(v, fr, 'c');
	assert_int_equal(v->cmap, COLORMAP_MAGMA);
	assert_int_equal(v->scale, HEATMAP_P99);	/* the default */
	view_key(v, fr, 's');
	assert_int_equal(v->scale, HEATMAP_LINEAR);
	view_key(v, fr, 's');
	view_key(v, fr, 's');
	assert_int_equal(v->scale, HEATMAP_ROW);
	view_key(v, fr, 's');
	assert_int_equal(v->scale, HEATMAP_P99);
	view_key(v, fr, 'P');
	assert_int_equal(v->pool, HEATMAP_MEAN);
	view_key(v, fr, 'b');
	assert_true(v->bars_sorted);
	view_key(v, fr, '?');
	assert_true(v->help);
	viewtest_render(f);
	view_key(v, fr, 'x');			/* any key closes help */
	assert_false(v->help);
}

static void
test_state_grid(void **state)
{
	struct viewtest	*f = *state;
	struct view	*v = &f->v;
	struct frame	*fr = &f->fr;

	view_key(v, fr, 'g');
	assert_true(v->grid);
	viewtest_render(f);
	assert_true(fr->geo.grid_cols >= 1);
	view_key(v, fr, 'l');
	view_key(v, fr, 'l');
	assert_int_equal(v->grid_sel, 2);
	view_key(v, fr, KEYS_ENTER);
	assert_false(v->grid);
	assert_int_equal(v->head, 2);
	assert_int_equal(v->kind, ANALYSIS_HEAD);
	viewtest_render(f);
	/* head 2 of layer 0 puts everything on key 2 */
	assert_float_equal(fr->matrix[0 * 6 + 2], 1.0, EPS);
}

/* Cells of head h's thumbnail in the last grid frame, as text. */
static void
thumb_cells(const struct viewtest *f, int64_t h, char *out, size_t len)
{
	const struct frame_geometry	*g = &f->fr.geo;
	const struct cell		*cell;
	int				 x0, y0, x, y;
	size_t				 at = 0;

	x0 = (int)(h % g->grid_cols) * g->grid_w;
	y0 = g->lay.heat.y + (int)(h / g->grid_cols) * g->grid_h + 1;
	for (y = y0; y < y0 + g->grid_h - 2; y++)
		for (x = x0; x < x0 + g->grid_w - 1; x++) {
			cell = canvas_cell_const(&f->c, x, y);
			assert_non_null(cell);
			at += (size_t)snprintf(out + at, len - at, "%d/%d ",
			    cell->fg, cell->bg);
			assert_true(at < len);
		}
}

/*
 * The head grid draws from thumbnails made once: drawing it again reads
 * no head from the store, nor does another colormap; another scale does,
 * each head once.  A head changed in the store behind the cache's back
 * shows its old thumbnail until then: what is drawn is the cache.
 */
static void
test_grid_cache(void **state)
{
	struct viewtest	*f = *state;
	struct view	*v = &f->v;
	struct frame	*fr = &f->fr;
	float		 moved[36];
	char		 before[4096], now[4096];
	uint64_t	 n;
	int		 i;

	viewtest_render(f);				/* head 0 of layer 0 */
	n = fr->fetches;
	assert_int_equal(n, 1);
	view_key(v, fr, 'g');
	viewtest_render(f);
	assert_int_equal(fr->fetches, n + 4);	/* 4 heads, once each */
	thumb_cells(f, 1, before, sizeof before);
	viewtest_render(f);
	assert_int_equal(fr->fetches, n + 4);
	/* Head 1 of layer 0 now attends to token 4, not 1. */
	memset(moved, 0, sizeof moved);
	for (i = 0; i < 6; i++)
		moved[i * 6 + 4] = 1;
	store_put_block(f->s, 0, 1, 0, 6, moved);
	viewtest_render(f);
	thumb_cells(f, 1, now, sizeof now);
	assert_string_equal(now, before);
	view_key(v, fr, 'c');			/* colours: no new thumbnail */
	viewtest_render(f);
	view_key(v, fr, 'c');
	view_key(v, fr, 'c');			/* back to viridis */
	viewtest_render(f);
	assert_int_equal(fr->fetches, n + 4);
	view_key(v, fr, 's');			/* linear: another key */
	viewtest_render(f);
	assert_int_equal(fr->fetches, n + 8);
	thumb_cells(f, 1, now, sizeof now);
	assert_string_not_equal(now, before);
}

/* Does the canvas show text s at (x, y), one ASCII character a cell? */
static int
shows_at(const struct canvas *c, int x, int y, const char *s)
{
	const struct cell	*cell;

	for (; *s != '\0'; s++, x++)
		if ((cell = canvas_cell_const(c, x, y)) == NULL ||
		    cell->glyph[0] != *s || cell->glyph[1] != '\0')
			return 0;
	return 1;
}

/* Where the canvas shows text s first; -1 when nowhere. */
static int
find_text(const struct canvas *c, const char *s, int *x, int *y)
{
	for (*y = 0; *y < c->h; (*y)++)
		for (*x = 0; *x < c->w; (*x)++)
			if (shows_at(c, *x, *y, s))
				return 0;
	return -1;
}

/* A click on a thumbnail's label, where the frame drew it, picks it. */
static void
test_grid_click(void **state)
{
	struct viewtest	*f = *state;
	struct view	*v = &f->v;
	struct frame	*fr = &f->fr;
	int		 x = -1, y = -1;

	view_key(v, fr, 'g');
	viewtest_render(f);
	assert_int_equal(find_text(&f->c, "head 3 kv 1", &x, &y), 0);
	assert_true(view_click(v, fr, x, y));
	assert_int_equal(v->grid_sel, 3);
	assert_int_equal(v->head, 3);
	assert_true(v->grid);
}

static void
test_state_zoom_pan(void **state)
{
	struct viewtest	*f = *state;
	struct view	*v = &f->v;
	struct frame	*fr = &f->fr;

	assert_int_equal(view_window(v, v->Tq), 6);
	view_key(v, fr, '+');
	assert_int_equal(view_window(v, v->Tq), 3);
	view_key(v, fr, '+');
	assert_int_equal(view_window(v, v->Tq), 2);
	view_key(v, fr, KEYS_DOWN);			/* zoomed: pans */
	view_key(v, fr, KEYS_DOWN);
	view_key(v, fr, KEYS_DOWN);
	assert_true(v->q0 >= 1);
	assert_true(v->query >= v->q0 && v->query < v->q0 + 2);
	for (int i = 0; i < 10; i++)
		view_key(v, fr, KEYS_DOWN);
	assert_int_equal(v->q0, 4);		/* clamped to T - n */
	assert_int_equal(v->query, 4);		/* dragged along */
	view_key(v, fr, 'k');
	view_key(v, fr, 'k');
	view_key(v, fr, 'k');
	assert_int_equal(v->query, 1);
	assert_int_equal(v->q0, 1);		/* the window follows */
	viewtest_render(f);
	view_key(v, fr, '-');
	view_key(v, fr, '-');
	view_key(v, fr, '-');
	assert_int_equal(v->zoom, 0);
	assert_int_equal(v->q0, 0);
}

static void
test_state_search_focus(void **state)
{
	struct viewtest	*f = *state;
	struct view	*v = &f->v;
	struct frame	*fr = &f->fr;

	viewtest_render(f);
	view_key(v, fr, '/');
	assert_int_equal(v->prompt, VIEW_PROMPT_SEARCH);
	viewtest_type(f, "FOX");
	view_key(v, fr, KEYS_ENTER);
	assert_int_equal(v->prompt, VIEW_PROMPT_NONE);
	assert_int_equal(v->query, 3);
	/* UTF-8 bytes typed one by one find the wide label */
	view_key(v, fr, '/');
	viewtest_type(f, "\xe6\x9d\xb1");
	view_key(v, fr, KEYS_ENTER);
	assert_int_equal(v->query, 4);
	view_key(v, fr, '/');
	view_key(v, fr, 'z');
	view_key(v, fr, KEYS_BACKSPACE);
	view_key(v, fr, 'q');
	view_key(v, fr, KEYS_ENTER);
	assert_int_equal(v->query, 1);		/* "quick" */
	view_key(v, fr, '/');
	view_key(v, fr, 'z');
	view_key(v, fr, 'z');
	view_key(v, fr, KEYS_ENTER);
	assert_int_equal(v->query, 1);
	assert_non_null(strstr(v->message, "no token"));
	/* Tab: heatmap -> bars -> summary (absent) -> heatmap */
	assert_int_equal(v->focus, VIEW_FOCUS_HEAT);
	view_key(v, fr, KEYS_TAB);
	assert_int_equal(v->focus, VIEW_FOCUS_BARS);
	view_key(v, fr, 'j');			/* moves the key in the bars */
	assert_int_equal(v->key, 1);
	assert_int_equal(v->query, 1);
	view_key(v, fr, KEYS_TAB);
	assert_int_equal(v->focus, VIEW_FOCUS_HEAT);
	view_key(v, fr, 't');
	assert_false(v->show_bars);
	viewtest_render(f);
	assert_int_equal(fr->geo.lay.bars.w, 0);
}

static void
test_state_click(void **state)
{
	struct viewtest	*f = *state;
	struct view	*v = &f->v;
	struct frame	*fr = &f->fr;
	const struct layout *l;

	viewtest_render(f);
	l = &fr->geo.lay;
	/* the last pixel column and row of the map: key 5, query 5 */
	assert_true(view_click(v, fr, l->heat.x + fr->geo.map_w - 1,
	    l->heat.y + fr->geo.map_h - 1));
	assert_int_equal(v->key, 5);
	assert_int_equal(v->query, 5);
	/* a bar row picks that key */
	assert_true(view_click(v, fr, l->bars.x + 1, l->bars.y + 1 + 2));
	assert_int_equal(v->key, 2);
	assert_int_equal(v->focus, VIEW_FOCUS_BARS);
}


/* Counts, go-to and first/last: on 6 tokens, the map 25 rows tall. */
static void
test_state_counts(void **state)
{
	struct viewtest	*f = *state;
	struct view	*v = &f->v;
	struct frame	*fr = &f->fr;

	viewtest_render(f);
	view_key(v, fr, '3');
	assert_int_equal(v->count, 3);
	view_key(v, fr, 'j');
	assert_int_equal(v->query, 3);
	assert_int_equal(v->count, 0);
	view_key(v, fr, '2');
	view_key(v, fr, 'l');
	assert_int_equal(v->key, 2);
	view_key(v, fr, 'G');			/* no count: the last */
	assert_int_equal(v->query, 5);
	view_key(v, fr, '1');
	view_key(v, fr, 'G');
	assert_int_equal(v->query, 1);
	view_key(v, fr, '4');
	view_key(v, fr, '|');
	assert_int_equal(v->key, 4);
	view_key(v, fr, '0');			/* 0 alone: the first key */
	assert_int_equal(v->key, 0);
	view_key(v, fr, '$');
	assert_int_equal(v->key, 5);
	view_key(v, fr, '1');
	view_key(v, fr, '0');			/* 0 after a digit: ten */
	assert_int_equal(v->count, 10);
	view_key(v, fr, 'k');
	assert_int_equal(v->query, 0);		/* clamped */
	view_key(v, fr, '2');
	view_key(v, fr, 'n');
	assert_int_equal(v->head, 2);
	view_key(v, fr, '5');
	view_key(v, fr, KEYS_ESC);		/* Esc drops a count */
	assert_int_equal(v->count, 0);
	view_key(v, fr, ':');
	assert_int_equal(v->prompt, VIEW_PROMPT_GOTO);
	viewtest_type(f, "4,1");
	view_key(v, fr, KEYS_ENTER);
	assert_int_equal(v->query, 4);
	assert_int_equal(v->key, 1);
	view_key(v, fr, ':');
	view_key(v, fr, '9');
	view_key(v, fr, KEYS_ENTER);
	assert_int_equal(v->query, 4);		/* out of range: unmoved */
	assert_non_null(strstr(v->message, "queries 0 to 5"));
	/* Pages: the map shows all 6 tokens, so a page is 6, half 3. */
	viewtest_render(f);
	assert_int_equal(fr->geo.page_q, 6);
	view_key(v, fr, KEYS_HOME);
	view_key(v, fr, KEYS_CTRL('d'));
	assert_int_equal(v->query, 3);
	view_key(v, fr, KEYS_CTRL('u'));
	assert_int_equal(v->query, 0);
	view_key(v, fr, KEYS_PGDN);
	assert_int_equal(v->query, 5);
	view_key(v, fr, KEYS_CTRL('b'));
	assert_int_equal(v->query, 0);
	view_key(v, fr, '0');
	view_key(v, fr, '>');
	assert_int_equal(v->key, 3);
	view_key(v, fr, 'L');
	assert_int_equal(v->key, 5);
	view_key(v, fr, 'H');
	assert_int_equal(v->key, 0);
}

/* Searches back and again, and the query's label again (* #). */
static void
test_state_search_more(void **state)
{
	struct viewtest	*f = *state;
	struct view	*v = &f->v;
	struct frame	*fr = &f->fr;

	viewtest_render(f);
	view_key(v, fr, '\\');
	assert_int_equal(v->prompt, VIEW_PROMPT_SEARCH_BACK);
	view_key(v, fr, 'o');
	view_key(v, fr, KEYS_ENTER);
	assert_int_equal(v->query, 5);		/* back from 0: dog */
	assert_string_equal(v->message, "\\o: query 5 (3 matches)");
	view_key(v, fr, ';');			/* again, back */
	assert_int_equal(v->query, 3);		/* fox */
	view_key(v, fr, ',');			/* the other way */
	assert_int_equal(v->query, 5);
	view_key(v, fr, '/');
	view_key(v, fr, KEYS_ENTER);		/* empty: the last, forward */
	assert_int_equal(v->query, 2);		/* brown, wrapping */
	view_key(v, fr, '*');			/* no other "brown" */
	assert_int_equal(v->query, 2);
	assert_string_equal(v->last_search, "brown");
	assert_true(v->last_exact);
}

/* Does row y of f's canvas hold s? */
static int
row_has(struct viewtest *f, int y, const char *s)
{
	char	buf[512];

	return strstr(canvas_row_text(&f->c, y, buf, sizeof buf), s) != NULL;
}

/*
 * Layers that a forward pass in the background has not written yet:
 * the frame says so where the map goes, reads no head of them, and the
 * status line counts the layers; each layer appears once it is done.
 * The fixture's head (l, h) puts every query on key (h + l) % 6.
 */
static void
test_layers_coming(void **state)
{
	struct viewtest		*f = *state;
	struct view		*v = &f->v;
	struct frame		*fr = &f->fr;
	int			 status, mid;

	store_fill_begin(f->s);
	viewtest_render(f);
	status = fr->geo.lay.status.y;
	mid = fr->geo.lay.heat.y + fr->geo.lay.heat.h / 2;
	assert_true(row_has(f, 0, "layer 0 of 3 \xe2\x94\x82 head 0 of 4 "
	    "(kv 0) \xe2\x94\x82 q 0 The \xe2\x86\x92 k 0 The "
	    "\xe2\x94\x82 not computed yet"));
	assert_true(row_has(f, mid, "layer 0 is not computed yet "
	    "(computing layer 0 of 3)"));
	assert_true(row_has(f, status, "computing layer 0/3 "));
	assert_int_equal(fr->fetches, 0);
	assert_false(view_ready(v));

	store_layer_done(f->s, 0);
	viewtest_render(f);
	assert_true(view_ready(v));
	assert_true(row_has(f, 0, "k 0 The = 1.0000"));
	assert_true(row_has(f, status, "computing layer 1/3 "));
	assert_false(row_has(f, mid, "not computed"));
	assert_int_equal(fr->fetches, 1);

	/* The overview reads the finished layer's 4 heads and leaves the
	   others blank; the scores wait for the last layer. */
	view_key(v, fr, 'o');
	viewtest_render(f);
	assert_int_equal(fr->fetches, 1 + 4);
	view_key(v, fr, 'x');
	assert_string_equal(v->message, "head scores: once every layer is "
	    "computed (1 of 3 so far); they show then");
	assert_int_equal(heads_layers_came(v), 0);
	assert_int_equal(v->score, VIEW_SCORE_NONE);
	view_key(v, fr, 'o');

	/* Keys work meanwhile: layer 2, its grid, its mean. */
	view_key(v, fr, 'J');
	view_key(v, fr, 'J');
	viewtest_render(f);
	assert_true(row_has(f, 0, "layer 2 of 3"));
	assert_true(row_has(f, mid, "layer 2 is not computed yet "
	    "(computing layer 1 of 3)"));
	view_key(v, fr, 'g');
	viewtest_render(f);
	assert_true(row_has(f, mid, "layer 2 is not computed yet"));
	view_key(v, fr, 'g');
	view_key(v, fr, 'm');
	viewtest_render(f);
	assert_true(row_has(f, 0, "mean of 4 heads"));
	assert_true(row_has(f, mid, "layer 2 is not computed yet"));
	assert_int_equal(fr->fetches, 1 + 4);

	/* Layer 2's mean: every query on keys 2, 3, 4 and 5, a quarter
	   each. */
	store_layer_done(f->s, 2);
	viewtest_render(f);
	assert_true(row_has(f, 0, "q 0 The \xe2\x86\x92 k 0 The = 0.0000"));
	assert_true(row_has(f, 0, "top k 2 brown 0.2500"));
	assert_false(row_has(f, status, "computing"));

	/* Every layer is made: the x pressed meanwhile takes effect, the
	   first score (entropy) on the heads, the scores of all 12. */
	assert_int_equal(heads_layers_came(v), 1);
	assert_int_equal(v->score, STATS_ENTROPY);
	assert_non_null(v->stats);
	assert_int_equal(heads_layers_came(v), 0);
}

/* The text view: each token's background is its weight from the query. */
static void
test_text_view(void **state)
{
	struct viewtest		*f = *state;
	struct view		*v = &f->v;
	struct frame		*fr = &f->fr;
	const struct cell	*cell;
	char			 buf[512];
	int			 x, y;

	view_key(v, fr, 'n');			/* head 1: all on key 1 */
	view_key(v, fr, 'T');
	assert_int_equal(v->text, VIEW_TEXT_QUERY);
	viewtest_render(f);
	/* No label has a space: a cell between tokens. */
	canvas_row_text(&f->c, fr->text_y, buf, sizeof buf);
	assert_memory_equal(buf, "The quick brown fox \xe6\x9d\xb1\xe4\xba\xac "
	    "dog ", 29);
	/* quick at x 4 has all the weight, brown at x 10 none. */
	y = fr->text_y;
	assert_true(shows_at(&f->c, 4, y, "quick"));
	cell = canvas_cell_const(&f->c, 4, y);
	assert_int_equal(cell->bg, fr->palette[fr->n_palette - 1]);
	x = 10;
	assert_true(shows_at(&f->c, x, y, "brown"));
	cell = canvas_cell_const(&f->c, x, y);
	assert_int_equal(cell->bg, fr->palette[0]);
	/* A click picks the key under it. */
	assert_int_equal(frame_text_token(fr, x + 2, y), 2);
	assert_true(view_click(v, fr, x + 2, y));
	assert_int_equal(v->key, 2);
	view_key(v, fr, 'T');
	assert_int_equal(v->text, VIEW_TEXT_KEY);
	viewtest_render(f);
	assert_non_null(strstr(canvas_row_text(&f->c, fr->geo.lay.status.y,
	    buf, sizeof buf), "text: to key 2"));
	view_key(v, fr, 'T');
	assert_int_equal(v->text, VIEW_TEXT_OFF);
}

/* Is every glyph of c ASCII? */
static int
canvas_ascii(const struct canvas *c)
{
	const struct cell	*cell;
	int			 x, y;
	const char		*g;

	for (y = 0; y < c->h; y++)
		for (x = 0; x < c->w; x++) {
			cell = canvas_cell_const(c, x, y);
			for (g = cell->glyph; *g != '\0'; g++)
				if ((unsigned char)*g >= 0x80)
					return 0;
		}
	return 1;
}

/*
 * ASCII mode, in any locale: the marker as _, anything else outside
 * ASCII as one ?, in every pane, the help and the grid included.
 */
static void
test_ascii(void **state)
{
	struct viewtest	*f = *state;
	struct view	*v = &f->v;
	struct frame	*fr = &f->fr;
	struct canvas	 c;
	static const int keys[] = { 0, '?', 'x', 'g', 'g', 'T', 'T', 'T',
	    KEYS_TAB };
	size_t		 i;
	char		 buf[64];

	(void)state;
	assert_int_equal(canvas_init(&c, 12, 1), 0);
	c.ascii = 1;
	assert_int_equal(canvas_text(&c, 0, 0, 12, MARK "Mary\xe6\x9d\xb1"
	    "\xff", -1, -1, 0), 7);
	assert_string_equal(canvas_row_text(&c, 0, buf, sizeof buf),
	    "_Mary??     ");
	canvas_put(&c, 0, 0, "\xe2\x96\x80", -1, -1, 0);
	assert_string_equal(canvas_cell_const(&c, 0, 0)->glyph, "?");
	assert_int_equal(canvas_width(MARK "\xe6\x9d\xb1", 1), 2);
	assert_int_equal(canvas_width(MARK "\xe6\x9d\xb1", 0), 3);
	canvas_free(&c);
	v->ascii = 1;
	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (keys[i] != 0)
			view_key(v, fr, keys[i]);
		v->colors = (enum colors)(i % 4);
		viewtest_render(f);
		if (!canvas_ascii(&f->c))
			fail_msg("non-ASCII on the canvas after key %zu", i);
	}
}

/* Help: columns where they fit, one scrolling column where not. */
static void
test_help_layout(void **state)
{
	struct viewtest	*f = *state;
	struct view	*v = &f->v;
	struct frame	*fr = &f->fr;
	struct canvas	 c;
	char		 buf[512];
	int		 y, first;

	view_key(v, fr, '?');
	viewtest_render(f);				/* 100 x 30 */
	assert_true(fr->geo.help_rows >= fr->geo.help_lines);
	assert_int_equal(canvas_init(&c, 80, 24), 0);
	assert_int_equal(draw_frame(v, fr, &c, &(struct error){ 0 }), 0);
	assert_true(fr->geo.help_lines > fr->geo.help_rows);
	/* Nothing is cut: no ellipsis inside the box. */
	for (y = 1; y < 23; y++)
		assert_null(strstr(canvas_row_text(&c, y, buf, sizeof buf),
		    "\xe2\x80\xa6"));
	first = v->help_first;
	view_key(v, fr, 'j');
	assert_int_equal(v->help_first, first + 1);
	for (y = 0; y < 100; y++)
		view_key(v, fr, 'j');
	assert_int_equal(v->help_first, fr->geo.help_lines -
	    fr->geo.help_rows);
	assert_true(v->help);
	view_key(v, fr, 'x');
	assert_false(v->help);
	canvas_free(&c);
}

/*
 * Cross-attention: 2 queries over 3 keys, labelled apart; the bars run
 * over the keys, rollout is refused.
 */
static void
test_nonsquare(void **state)
{
	static const float	 a[2 * 2 * 3] = {
		0.2f, 0.3f, 0.5f,	0.6f, 0.3f, 0.1f,	/* head 0 */
		1.0f, 0.0f, 0.0f,	0.0f, 0.0f, 1.0f,	/* head 1 */
	};
	static const char *const q[2] = { "Le", "chat" };
	static const char *const k[3] = { "The", "\342\220\243cat", "." };
	const void		*layers[1] = { a };
	struct store		*s;
	struct view_source	 src;
	struct view		 v;
	struct frame		 fr;
	struct canvas		 c;
	struct error		 err = { 0 };
	char			 buf[512];

	(void)state;
	assert_int_equal(store_adopt(1, 2, 2, 3, DTYPE_F32, layers, NULL,
	    NULL, &s, &err), 0);
	assert_int_equal(store_seq(s), 2);
	assert_int_equal(store_keys(s), 3);
	memset(&src, 0, sizeof src);
	src.store = s;
	src.labels = q;
	src.key_labels = k;
	src.model = "x";
	assert_int_equal(view_init(&v, &src, &err), 0);
	assert_int_equal(frame_init(&fr, s, &err), 0);
	assert_int_equal(canvas_init(&c, 100, 20), 0);
	assert_int_equal(view_select(&v, 0, ANALYSIS_HEAD, 0, 1, &err), 0);
	assert_int_equal(v.key, 1);
	assert_int_equal(draw_frame(&v, &fr, &c, &err), 0);
	assert_non_null(strstr(canvas_row_text(&c, 0, buf, sizeof buf),
	    " x \xe2\x94\x82 layer 0 of 1 \xe2\x94\x82 head 0 of 2 \xe2\x94\x82 "
	    "q 1 chat \xe2\x86\x92 k 1 " MARK "cat = 0.3000 \xe2\x94\x82 top "
	    "k 0 The 0.6000 "));
	assert_int_equal(fr.geo.rows, 2);
	assert_int_equal(fr.geo.cols, 3);
	view_key(&v, &fr, 'r');
	assert_int_equal(v.kind, ANALYSIS_HEAD);
	assert_non_null(strstr(v.message, "no rollout of cross-attention"));
	assert_int_equal(view_select(&v, 0, ANALYSIS_ROLLOUT, 0, 0, &err), -1);
	error_clear(&err);
	view_key(&v, &fr, 'm');
	assert_int_equal(draw_frame(&v, &fr, &c, &err), 0);
	/* the mean of the heads' row 1: (0.6 + 0) / 2 at key 0 */
	assert_float_equal(fr.matrix[1 * 3 + 0], 0.3, EPS);
	view_key(&v, &fr, 'T');
	assert_int_equal(draw_frame(&v, &fr, &c, &err), 0);
	assert_int_equal(fr.n_text, 3);		/* the keys' text */
	canvas_free(&c);
	frame_free(&fr);
	view_free(&v);
	store_free(s);
}

/*
 * The summary pane of tests/tui/tiny.yaml (2 GPT-2 blocks): it starts on
 * layer 0's block, follows J, unfolds with l, and its rows choose the
 * layer.
 */
static void
test_summary_pane(void **state)
{
	struct config		 cfg;
	struct summary		 sum;
	struct store		*s;
	struct view_source	 src;
	struct view		 v;
	struct frame		 fr;
	struct canvas		 c;
	struct error		 err = { 0 };
	float			*data;
	size_t			 i, h0, h1, ln1;
	int			 x, y;

	(void)state;
	assert_int_equal(config_load(SRCDIR "/tests/tui/tiny.yaml", &cfg,
	    &err), 0);
	assert_int_equal(summary_build(&cfg, 12, &sum, &err), 0);
	assert_non_null(data = calloc(2 * 4 * 12 * 12, sizeof *data));
	for (i = 0; i < 2 * 4 * 12; i++)
		data[i * 12] = 1;
	s = viewtest_store(2, 4, 12, data);
	memset(&src, 0, sizeof src);
	src.store = s;
	src.summary = &sum;
	src.config = &cfg;
	assert_int_equal(view_init(&v, &src, &err), 0);
	assert_int_equal(frame_init(&fr, s, &err), 0);
	assert_int_equal(canvas_init(&c, 120, 40), 0);
	h0 = sumtree_layer_row(&sum, 0);
	h1 = sumtree_layer_row(&sum, 1);
	assert_true(h0 != SUMTREE_NONE && h1 != SUMTREE_NONE);
	assert_string_equal(sum.rows[h1].name, "h.1");
	assert_int_equal(v.sum_sel, h0);
	assert_false(sumtree_visible(&sum, v.unfolded, h0 + 1));
	view_key(&v, &fr, 'J');
	assert_int_equal(v.sum_sel, h1);
	assert_int_equal(draw_frame(&v, &fr, &c, &err), 0);
	assert_int_equal(find_text(&c, "attention: 4 heads, causal", &x, &y),
	    0);
	view_key(&v, &fr, KEYS_TAB);
	view_key(&v, &fr, KEYS_TAB);
	assert_int_equal(v.focus, VIEW_FOCUS_SUMMARY);
	view_key(&v, &fr, 'l');
	assert_true(v.unfolded[h1]);
	ln1 = sumtree_step(&sum, v.unfolded, h1, 1);
	assert_string_equal(sum.rows[ln1].name, "h.1.ln_1");
	assert_true(sumtree_visible(&sum, v.unfolded, ln1));
	view_key(&v, &fr, 'j');
	assert_int_equal(v.sum_sel, ln1);
	assert_int_equal(v.layer, 1);
	assert_int_equal(draw_frame(&v, &fr, &c, &err), 0);
	assert_int_equal(find_text(&c, "ln_1 LayerNorm", &x, &y), 0);
	view_key(&v, &fr, 'h');			/* a leaf: to its parent */
	assert_int_equal(v.sum_sel, h1);
	view_key(&v, &fr, 'h');			/* fold it */
	assert_false(v.unfolded[h1]);
	view_key(&v, &fr, 'k');
	assert_int_equal(v.sum_sel, h0);
	assert_int_equal(v.layer, 0);
	/* A click on h.1's row chooses it; again, it unfolds. */
	assert_int_equal(draw_frame(&v, &fr, &c, &err), 0);
	assert_int_equal(find_text(&c, "h.1 GPT2Block", &x, &y), 0);
	assert_true(view_click(&v, &fr, x, y));
	assert_int_equal(v.layer, 1);
	assert_true(view_click(&v, &fr, x, y));
	assert_true(v.unfolded[h1]);
	canvas_free(&c);
	frame_free(&fr);
	view_free(&v);
	store_free(s);
	free(data);
	summary_free(&sum);
	config_free(&cfg);
}

static void
test_select(void **state)
{
	struct viewtest	*f = *state;
	struct error	 err = { 0 };

	assert_int_equal(view_select(&f->v, 1, ANALYSIS_HEAD, 3, 4, &err), 0);
	assert_int_equal(f->v.head, 3);
	assert_int_equal(view_select(&f->v, 3, ANALYSIS_HEAD, 0, 0, &err),
	    -1);
	assert_non_null(strstr(err.message, "--layer"));
	assert_int_equal(view_select(&f->v, 0, ANALYSIS_HEAD, 4, 0, &err),
	    -1);
	assert_int_equal(view_select(&f->v, 0, ANALYSIS_MEAN, 99, 6, &err),
	    -1);
	assert_non_null(strstr(err.message, "--query"));
	error_clear(&err);
}

/* Every size from 1 x 1, every mode: no crash, nothing out of bounds. */
static void
test_render_sizes(void **state)
{
	struct viewtest	*f = *state;
	struct canvas	 c;
	struct error	 err = { 0 };
	int		 w, h, mode;
	static const int keys[] = { 0, 'g', 'r', '?', '+' };

	for (mode = 0; mode < 5; mode++) {
		if (keys[mode] != 0)
			view_key(&f->v, &f->fr, keys[mode]);
		f->v.colors = (enum colors)(mode % 4);
		f->v.ascii = mode == 2;
		for (w = 1; w < 130; w += 9)
			for (h = 1; h < 45; h += 4) {
				assert_int_equal(canvas_init(&c, w, h), 0);
				assert_int_equal(draw_frame(&f->v, &f->fr, &c,
				    &err), 0);
				canvas_free(&c);
			}
		if (f->v.help)
			view_key(&f->v, &f->fr, 'x');
	}
}

/* ---- bars and labels ------------------------------------------------ */

static void
test_bar_glyphs(void **state)
{
	char	buf[64];

	(void)state;
	assert_int_equal(draw_bar(0.5, 4, 0, buf, sizeof buf), 2);
	assert_string_equal(buf, "\xe2\x96\x88\xe2\x96\x88");
	assert_int_equal(draw_bar(1.0 / 32, 4, 0, buf, sizeof buf), 1);
	assert_string_equal(buf, "\xe2\x96\x8f");		/* ▏ */
	assert_int_equal(draw_bar(0.3, 4, 0, buf, sizeof buf), 2);
	assert_string_equal(buf, "\xe2\x96\x88\xe2\x96\x8e");	/* █▎ */
	draw_bar(7.0 / 32, 4, 0, buf, sizeof buf);
	assert_string_equal(buf, "\xe2\x96\x89");		/* ▉ */
	draw_bar(4.0 / 32, 4, 0, buf, sizeof buf);
	assert_string_equal(buf, "\xe2\x96\x8c");		/* ▌ */
	assert_int_equal(draw_bar(0, 4, 0, buf, sizeof buf), 0);
	assert_string_equal(buf, "");
	assert_int_equal(draw_bar(1.5, 3, 0, buf, sizeof buf), 3);
	assert_int_equal(draw_bar(0.3, 4, 1, buf, sizeof buf), 1);
	assert_string_equal(buf, "#");			/* 10/8: no half */
	draw_bar(0.45, 4, 1, buf, sizeof buf);
	assert_string_equal(buf, "#+");			/* 14/8 */
	assert_int_equal(draw_bar(1, 100, 0, buf, 8), 2);	/* buf full */
}

static void
test_labels(void **state)
{
	char		buf[64];
	struct canvas	c;

	(void)state;
	assert_int_equal(canvas_width("abc", 0), 3);
	assert_int_equal(canvas_width("\xe6\x9d\xb1\xe4\xba\xac", 0), 4);
	assert_int_equal(canvas_width("e\xcc\x81", 0), 1);	/* combining */
	assert_int_equal(canvas_truncate("abc", 3, 0, buf, sizeof buf), 3);
	assert_string_equal(buf, "abc");
	assert_int_equal(canvas_truncate("abcd", 3, 0, buf, sizeof buf), 3);
	assert_string_equal(buf, "ab\xe2\x80\xa6");
	canvas_truncate("abcd", 3, 1, buf, sizeof buf);
	assert_string_equal(buf, "ab~");
	/* 東京タワー is 10 cells: 東京 and the ellipsis fill 5 */
	assert_int_equal(canvas_truncate("\xe6\x9d\xb1\xe4\xba\xac\xe3\x82"
	    "\xbf\xe3\x83\xaf\xe3\x83\xbc", 5, 0, buf, sizeof buf), 5);
	assert_string_equal(buf, "\xe6\x9d\xb1\xe4\xba\xac\xe2\x80\xa6");
	/* in 4 cells the wide 京 does not fit beside the ellipsis */
	assert_int_equal(canvas_truncate("\xe6\x9d\xb1\xe4\xba\xac\xe3\x82"
	    "\xbf", 4, 0, buf, sizeof buf), 3);
	assert_string_equal(buf, "\xe6\x9d\xb1\xe2\x80\xa6");
	assert_int_equal(canvas_truncate("\xff" "ab", 5, 0, buf, sizeof buf),
	    3);
	assert_string_equal(buf, "?ab");
	/* on a canvas: a wide glyph takes its cell and a tail */
	assert_int_equal(canvas_init(&c, 6, 1), 0);
	assert_int_equal(canvas_text(&c, 1, 0, 5, "a\xe6\x9d\xb1" "b", 1, 2,
	    0), 4);
	assert_string_equal(canvas_cell(&c, 2, 0)->glyph, "\xe6\x9d\xb1");
	assert_int_equal(canvas_cell(&c, 2, 0)->width, 2);
	assert_int_equal(canvas_cell(&c, 3, 0)->width, 0);
	assert_string_equal(canvas_cell(&c, 4, 0)->glyph, "b");
	/* overwriting the tail blanks the head */
	canvas_put(&c, 3, 0, "x", -1, -1, 0);
	assert_string_equal(canvas_cell(&c, 2, 0)->glyph, " ");
	assert_string_equal(canvas_row_text(&c, 0, buf, sizeof buf), " a xb ");
	canvas_free(&c);
}

/* ---- dump ----------------------------------------------------------- */

/*
 * One head of 4 tokens, max 1 so the linear scale leaves values as they
 * are: 1 -> 220, .5 -> 30, .25 -> 60, 0 -> 53 (see test_color_256).
 */
static const float dump4[16] = {
	1.00f, 0.00f, 0.00f, 0.00f,
	0.50f, 0.50f, 0.00f, 0.00f,
	0.25f, 0.25f, 0.50f, 0.00f,
	0.25f, 0.25f, 0.25f, 0.25f,
};
static const char *const dump_labels[4] = { "a", "b", "c", "d" };

/* Nine upper half blocks. */
#define HALF3	"\xe2\x96\x80\xe2\x96\x80\xe2\x96\x80"
#define HALF9	HALF3 HALF3 HALF3

static void
test_dump_4x4(void **state)
{
	struct store		*s = viewtest_store(1, 1, 4, dump4);
	struct view_source	 src;
	struct view		 v;
	struct frame		 fr;
	struct canvas		 c;
	struct error		 err = { 0 };
	char			*text = NULL, *line;
	size_t			 len = 0;
	FILE			*fp;

	(void)state;
	memset(&src, 0, sizeof src);
	src.store = s;
	src.labels = dump_labels;
	src.model = "four";
	assert_int_equal(view_init(&v, &src, &err), 0);
	assert_int_equal(frame_init(&fr, s, &err), 0);
	v.dump = 1;
	assert_int_equal(view_select(&v, 0, ANALYSIS_HEAD, 0, 3, &err), 0);
	v.key = 1;
	/*
	 * 40 x 12: no side panes; labels 4 wide, so the map is 36 x 7 cells
	 * at (4, 1), 14 pixel rows, and the 4 x 4 tokens fill it: cell
	 * column x shows token x * 4 / 36 (9 cells each), pixel row p token
	 * p * 4 / 14, so the cell rows' upper / lower tokens are a/a, a/a,
	 * b/b, b/c, c/c, c/d, d/d.
	 */
	assert_int_equal(canvas_init(&c, 40, 12), 0);
	assert_int_equal(draw_frame(&v, &fr, &c, &err), 0);
	assert_int_equal(fr.geo.rows, 4);
	assert_int_equal(fr.geo.cols, 4);
	assert_int_equal(fr.geo.map_w, 36);
	assert_int_equal(fr.geo.map_h, 7);
	viewtest_cell(&c, 4, 1, "\xe2\x96\x80", 220, 220);	/* a,a / a,a */
	viewtest_cell(&c, 12, 1, "\xe2\x96\x80", 220, 220);
	viewtest_cell(&c, 13, 1, "\xe2\x96\x80", 53, 53);	/* a,b */
	viewtest_cell(&c, 4, 2, "\xe2\x96\x80", 220, 220);
	viewtest_cell(&c, 4, 3, "\xe2\x96\x80", 30, 30);	/* b,a / b,a */
	viewtest_cell(&c, 4, 4, "\xe2\x96\x80", 30, 60);	/* b,a / c,a */
	viewtest_cell(&c, 22, 5, "\xe2\x96\x80", 30, 30);	/* c,c / c,c */
	viewtest_cell(&c, 31, 6, "\xe2\x96\x80", 53, 60);	/* c,d / d,d */
	viewtest_cell(&c, 31, 7, "\xe2\x96\x80", 60, 60);	/* d,d / d,d */
	/*
	 * The cursor (query d, key b): the middle of b's cells 9 to 17,
	 * on the first cell row whose upper pixel is d's (pixel rows 11
	 * to 13 are d's: cell row 6).
	 */
	viewtest_cell(&c, 17, 7, "\xe2\x97\x86", 231, 60);
	/* query labels where their rows start, and the query's marker */
	viewtest_cell(&c, 1, 1, "a", CANVAS_DEFAULT, CANVAS_DEFAULT);
	viewtest_cell(&c, 1, 3, "b", CANVAS_DEFAULT, CANVAS_DEFAULT);
	viewtest_cell(&c, 1, 5, "c", CANVAS_DEFAULT, CANVAS_DEFAULT);
	viewtest_cell(&c, 0, 7, "\xe2\x96\xb6", CANVAS_DEFAULT, CANVAS_DEFAULT);
	viewtest_cell(&c, 1, 7, "d", CANVAS_DEFAULT, CANVAS_DEFAULT);
	/* key labels at the first cell of each token's columns */
	viewtest_cell(&c, 4, 9, "a", CANVAS_DEFAULT, CANVAS_DEFAULT);
	viewtest_cell(&c, 13, 9, "b", CANVAS_DEFAULT, CANVAS_DEFAULT);
	viewtest_cell(&c, 31, 9, "d", CANVAS_DEFAULT, CANVAS_DEFAULT);

	fp = open_memstream(&text, &len);
	assert_non_null(fp);
	assert_int_equal(dump_canvas(&c, COLORS_256, fp), 0);
	fclose(fp);
	line = strtok(text, "\n");		/* title */
	line = strtok(NULL, "\n");		/* map row 0 */
	assert_string_equal(line, " a  \033[0;38;5;220;48;5;220m"
	    HALF9 "\033[0;38;5;53;48;5;53m" HALF9 HALF9 HALF9 "\033[0m");
	free(text);

	/* --color=none: plain shading, one token row per cell row */
	v.colors = COLORS_NONE;
	assert_int_equal(draw_frame(&v, &fr, &c, &err), 0);
	text = NULL;
	fp = open_memstream(&text, &len);
	assert_int_equal(dump_canvas(&c, COLORS_NONE, fp), 0);
	fclose(fp);
	assert_null(strchr(text, '\033'));
	line = strtok(text, "\n");
	line = strtok(NULL, "\n");
	/* 7 rows for 4 tokens, a's the first two; 36 / 4 = 9 cells a token */
	assert_string_equal(line, " a  \xe2\x96\x88\xe2\x96\x88\xe2\x96\x88"
	    "\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88"
	    "\xe2\x96\x88");
	free(text);

	canvas_free(&c);
	frame_free(&fr);
	view_free(&v);
	store_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_level),
		cmocka_unit_test(test_xterm),
		cmocka_unit_test(test_color_256),
		cmocka_unit_test(test_color_fallbacks),
		cmocka_unit_test(test_colormap_names),
		cmocka_unit_test(test_enum_names),
		cmocka_unit_test(test_pool_max_mean),
		cmocka_unit_test(test_pool_uneven_and_window),
		cmocka_unit_test(test_scales),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_percentile),
		cmocka_unit_test(test_percentile_select),
		cmocka_unit_test(test_help_wrap),
		cmocka_unit_test(test_analysis),
		cmocka_unit_test(test_layout_sizes),
		cmocka_unit_test(test_layout_120x40),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_keys_help),
		cmocka_unit_test_setup_teardown(test_state_moves, setup_view,
		    teardown_view),
		cmocka_unit_test_setup_teardown(test_state_modes, setup_view,
		    teardown_view),
		cmocka_unit_test_setup_teardown(test_state_grid, setup_view,
		    teardown_view),
		cmocka_unit_test_setup_teardown(test_grid_cache, setup_view,
		    teardown_view),
		cmocka_unit_test_setup_teardown(test_grid_click, setup_view,
		    teardown_view),
		cmocka_unit_test_setup_teardown(test_state_zoom_pan,
		    setup_view, teardown_view),
		cmocka_unit_test_setup_teardown(test_state_search_focus,
		    setup_view, teardown_view),
		cmocka_unit_test_setup_teardown(test_state_click, setup_view,
		    teardown_view),
		cmocka_unit_test_setup_teardown(test_select, setup_view,
		    teardown_view),
		cmocka_unit_test_setup_teardown(test_state_counts, setup_view,
		    teardown_view),
		cmocka_unit_test_setup_teardown(test_state_search_more,
		    setup_view, teardown_view),
		cmocka_unit_test_setup_teardown(test_layers_coming, setup_view,
		    teardown_view),
		cmocka_unit_test_setup_teardown(test_text_view, setup_view,
		    teardown_view),
		cmocka_unit_test_setup_teardown(test_ascii, setup_view,
		    teardown_view),
		cmocka_unit_test_setup_teardown(test_help_layout, setup_view,
		    teardown_view),
		cmocka_unit_test(test_nonsquare),
		cmocka_unit_test(test_summary_pane),
		cmocka_unit_test_setup_teardown(test_render_sizes, setup_view,
		    teardown_view),
		cmocka_unit_test(test_bar_glyphs),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_dump_4x4),
	};

	if (viewtest_locale() != 0)
		return 77;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
