/*
 * test_heads.c - head analysis in the explorer, without a terminal: the
 * scores on the heads and the ranking keys, the overview of every
 * layer's heads, and the views of a difference (the diverging colormap,
 * signed pooling and scaling, the legend, the title, the bars).
 *
 * Expected scores and rankings are worked out by hand from the
 * fixtures' one-hot heads, expected colours from matplotlib 3.6.3's
 * RdBu_r (printed at 0, 0.1, ..., 1 by matplotlib itself) and the
 * xterm-256 cube (levels 0, 95, 135, 175, 215, 255; index 16 + 36 r +
 * 6 g + b) and grey ramp (8 + 10 i at 232 + i).
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

#include "attntui/attn/diff.h"
#include "attntui/compute/store.h"
#include "attntui/view/canvas.h"
#include "attntui/view/colormap.h"
#include "attntui/view/draw.h"
#include "attntui/view/frame.h"
#include "attntui/view/heads.h"
#include "attntui/view/heatmap.h"
#include "attntui/view/keys.h"
#include "attntui/view/view.h"
#include "viewtest.h"

#define EPS	1e-6

/* layers x heads one-hot heads of T tokens: every query of head h of
   layer l on key (h + l) % T. */
static float *
one_hot(int64_t layers, int64_t heads, int64_t T)
{
	float	*d = calloc((size_t)(layers * heads * T * T), sizeof *d);
	int64_t	 l, h, i;

	assert_non_null(d);
	for (l = 0; l < layers; l++)
		for (h = 0; h < heads; h++)
			for (i = 0; i < T; i++)
				d[((l * heads + h) * T + i) * T + (h + l) %
				    T] = 1;
	return d;
}


static void
fixture_open(struct viewtest *f, int64_t layers, int64_t heads, int64_t T,
    int w, int h)
{
	struct view_source	src;
	struct error		err = { 0 };

	f->data = one_hot(layers, heads, T);
	f->s = viewtest_store(layers, heads, T, f->data);
	memset(&src, 0, sizeof src);
	src.store = f->s;
	src.model = "test";
	assert_int_equal(view_init(&f->v, &src, &err), 0);
	assert_int_equal(frame_init(&f->fr, f->s, &err), 0);
	assert_int_equal(canvas_init(&f->c, w, h), 0);
}

static void
fixture_close(struct viewtest *f)
{
	canvas_free(&f->c);
	frame_free(&f->fr);
	view_free(&f->v);
	store_free(f->s);
	free(f->data);
}

/* Does the canvas show the ASCII text s somewhere? */
static int
shows(const struct canvas *c, const char *s)
{
	char	buf[1024];
	int	y;

	for (y = 0; y < c->h; y++)
		if (strstr(canvas_row_text(c, y, buf, sizeof buf), s) != NULL)
			return 1;
	return 0;
}

/* ---- keys ----------------------------------------------------------- */

static void
test_keys(void **state)
{
	(void)state;
	assert_int_equal(keys_action('o'), ACTION_OVERVIEW);
	assert_int_equal(keys_action('x'), ACTION_SCORE_NEXT);
	assert_int_equal(keys_action('X'), ACTION_SCORE_PREV);
	assert_int_equal(keys_action(')'), ACTION_RANK_NEXT);
	assert_int_equal(keys_action('('), ACTION_RANK_PREV);
	assert_int_equal(keys_action('}'), ACTION_RANK_MODEL_NEXT);
	assert_int_equal(keys_action('{'), ACTION_RANK_MODEL_PREV);
}

/* ---- scores and ranking --------------------------------------------- */

/*
 * 3 layers x 4 heads of 6 tokens, no mask, head h of layer l on key
 * c = (h + l) % 6 from every query.  By hand:
 *   sink      1 for c = 0 (head 0.0), else 0
 *   distance  mean_i |i - c|: c 0 or 5: 15 / 6 = 2.5; c 1 or 4: 11 / 6;
 *             c 2 or 3: 9 / 6 = 1.5
 * so by distance the model's heads rank 0.0 and 2.3 (2.5), then 0.1,
 * 1.0, 1.3, 2.2 (11 / 6), then 0.2, 0.3, 1.1, 1.2, 2.0, 2.1, ties in
 * (layer, head) order; layer 1's: 1.0, 1.3, 1.1, 1.2.
 */
static void
test_scores_and_ranking(void **state)
{
	struct viewtest	 f;
	char		 note[128];

	(void)state;
	fixture_open(&f, 3, 4, 6, 100, 30);
	viewtest_render(&f);
	/* Nothing is computed until a key asks. */
	assert_null(f.v.stats);
	assert_int_equal(heads_note(&f.v, note, sizeof note), 0);
	viewtest_type(&f, ")");
	assert_string_equal(f.v.message, "no score to rank by: x and X "
	    "choose one");
	assert_null(f.v.stats);
	/* x: entropy, max, sink, prev, self, distance; no diff alone. */
	viewtest_type(&f, "xxx");
	assert_int_equal(f.v.score, STATS_SINK);
	assert_non_null(f.v.stats);
	assert_float_equal(heads_score(&f.v, 0, 0), 1, EPS);
	assert_float_equal(heads_score(&f.v, 0, 1), 0, EPS);
	viewtest_type(&f, "xxx");
	assert_int_equal(f.v.score, STATS_DISTANCE);
	assert_float_equal(heads_score(&f.v, 0, 1), 11.0 / 6, 1e-5);
	assert_float_equal(heads_score(&f.v, 2, 3), 2.5, 1e-5);
	assert_float_equal(heads_score_max(&f.v), 2.5, 1e-5);
	assert_int_equal(heads_note(&f.v, note, sizeof note), 1);
	assert_string_equal(note, "distance 2.5");

	/* The model's ranking: the first step lands on its first head. */
	viewtest_type(&f, "}");
	assert_int_equal(f.v.layer, 0);
	assert_int_equal(f.v.head, 0);
	heads_note(&f.v, note, sizeof note);
	assert_string_equal(note, "rank 1 of 12 by distance 2.5");
	viewtest_type(&f, "}");
	assert_int_equal(f.v.layer, 2);
	assert_int_equal(f.v.head, 3);
	viewtest_type(&f, "}");
	assert_int_equal(f.v.layer, 0);
	assert_int_equal(f.v.head, 1);
	heads_note(&f.v, note, sizeof note);
	assert_string_equal(note, "rank 3 of 12 by distance 1.83");
	viewtest_type(&f, "{");
	assert_int_equal(f.v.layer, 2);
	assert_int_equal(f.v.head, 3);
	viewtest_type(&f, "3}");			/* rank 5: 1.3 */
	assert_int_equal(f.v.layer, 1);
	assert_int_equal(f.v.head, 3);
	viewtest_type(&f, "99}");			/* clamped: the last */
	assert_int_equal(f.v.layer, 2);
	assert_int_equal(f.v.head, 1);
	viewtest_render(&f);
	assert_true(shows(&f.c, "head 1 of 4 │ rank 12 of 12 by distance "
	    "1.5 │"));

	/* The layer's ranking starts over, at its first head. */
	viewtest_type(&f, "K)");
	assert_int_equal(f.v.layer, 1);
	assert_int_equal(f.v.head, 0);
	heads_note(&f.v, note, sizeof note);
	assert_string_equal(note, "rank 1 of 4 in the layer by distance "
	    "1.83");
	viewtest_type(&f, ")");
	assert_int_equal(f.v.head, 3);
	viewtest_type(&f, "))");
	assert_int_equal(f.v.head, 2);
	viewtest_type(&f, ")");				/* the last stays */
	assert_int_equal(f.v.head, 2);
	viewtest_type(&f, "(");
	assert_int_equal(f.v.head, 1);

	/* From an aggregate: ( lands on the layer's last head. */
	viewtest_type(&f, "m");
	assert_int_equal(f.v.kind, ANALYSIS_MEAN);
	assert_int_equal(heads_note(&f.v, note, sizeof note), 0);
	viewtest_type(&f, "(");
	assert_int_equal(f.v.kind, ANALYSIS_HEAD);
	assert_int_equal(f.v.head, 2);

	/* Another score ends the ranking; X goes back, to none. */
	viewtest_type(&f, "X");
	assert_int_equal(f.v.score, STATS_SELF);
	assert_int_equal(f.v.rank, VIEW_RANK_NONE);
	viewtest_type(&f, "XXXXX");
	assert_int_equal(f.v.score, VIEW_SCORE_NONE);
	/* Without tokens, induction has nothing to compare: "-", ranked
	   last, ties in order. */
	viewtest_type(&f, "XX");
	assert_int_equal(f.v.score, STATS_INDUCTION);
	assert_true(isnan(heads_score(&f.v, 0, 0)));
	heads_note(&f.v, note, sizeof note);
	assert_string_equal(note, "induction -");
	viewtest_type(&f, "}");
	assert_int_equal(f.v.layer, 0);
	assert_int_equal(f.v.head, 0);
	fixture_close(&f);
}

/* The head grid labels each head with the chosen score. */
static void
test_grid_labels(void **state)
{
	struct viewtest	f;

	(void)state;
	fixture_open(&f, 3, 4, 6, 100, 30);
	viewtest_type(&f, "gxxx");
	viewtest_render(&f);
	assert_true(shows(&f.c, "head 0: 1 "));
	assert_true(shows(&f.c, "head 3: 0 "));
	assert_true(shows(&f.c, "grid of 4 heads, head 0 │ sink 1 │"));
	fixture_close(&f);
}

/* ---- the overview --------------------------------------------------- */

/*
 * GPT-2 small's 12 x 12 heads in 120x40: layer numbers 2 cells and a
 * gap, so tiles of (120 - 3) / 12 = 9 cells across (8 of map); 40 rows
 * less the title, the head numbers and the status line leave 37, tiles
 * of 3 rows (a label, two of map).  Every head is drawn once, from the
 * store once; the next frame reads nothing.
 */
static void
test_overview_12x12(void **state)
{
	struct viewtest			 f;
	const struct overview_geometry	*g = &f.fr.geo.ov;
	uint64_t			 n;
	int				 y;

	(void)state;
	fixture_open(&f, 12, 12, 4, 120, 40);
	viewtest_render(&f);
	n = f.fr.fetches;
	viewtest_type(&f, "o");
	assert_true(f.v.overview);
	viewtest_render(&f);
	assert_int_equal(g->tile_w, 9);
	assert_int_equal(g->tile_h, 3);
	assert_int_equal(g->layers, 12);
	assert_int_equal(g->heads, 12);
	assert_int_equal(g->x, 3);
	assert_int_equal(g->y, 2);
	assert_int_equal(f.fr.fetches, n + 144);
	viewtest_render(&f);
	assert_int_equal(f.fr.fetches, n + 144);
	/* Head numbers over the columns, layer numbers by the rows. */
	viewtest_cell(&f.c, 3 + 11 * 9, 1, "1", CANVAS_DEFAULT, CANVAS_DEFAULT);
	viewtest_cell(&f.c, 3 + 11 * 9 + 1, 1, "1", CANVAS_DEFAULT,
	    CANVAS_DEFAULT);
	viewtest_cell(&f.c, 0, 2 + 11 * 3, "1", CANVAS_DEFAULT, CANVAS_DEFAULT);
	/* Each map of two rows of half blocks: 4 x 4 tokens in 8 x 4
	   pixels, two cells a token across. */
	for (y = 0; y < 2; y++)
		assert_string_equal(canvas_cell_const(&f.c, 3 + 11 * 9 + 7,
		    2 + 11 * 3 + 1 + y)->glyph, "\xe2\x96\x80");
	assert_true(shows(&f.c, "overview of 144 heads, head 0 of 12"));
	assert_true(shows(&f.c, "overview: Enter opens"));

	/* hjkl move the head across, the layer down; Enter opens it. */
	viewtest_type(&f, "jjjll");
	assert_int_equal(f.v.layer, 3);
	assert_int_equal(f.v.head, 2);
	viewtest_type(&f, "20l");
	assert_int_equal(f.v.head, 11);
	viewtest_render(&f);
	assert_true(view_click(&f.v, &f.fr, 3 + 5 * 9 + 4, 2 + 7 * 3 + 1));
	assert_int_equal(f.v.layer, 7);
	assert_int_equal(f.v.head, 5);
	assert_false(view_click(&f.v, &f.fr, 1, 5));	/* the numbers */
	view_key(&f.v, &f.fr, KEYS_ENTER);
	assert_false(f.v.overview);
	assert_int_equal(f.v.kind, ANALYSIS_HEAD);
	viewtest_render(&f);
	assert_true(shows(&f.c, "layer 7 of 12 │ head 5 of 12 │"));
	/* Esc leaves, o toggles, g and T go elsewhere. */
	viewtest_type(&f, "o");
	view_key(&f.v, &f.fr, KEYS_ESC);
	assert_false(f.v.overview);
	viewtest_type(&f, "oo");
	assert_false(f.v.overview);
	viewtest_type(&f, "og");
	assert_false(f.v.overview);
	assert_true(f.v.grid);
	fixture_close(&f);
}

/*
 * Too many layers for the height: tiles of the least size (2 rows), as
 * many layers as fit, scrolled to keep the chosen one; the score labels
 * shaded.
 */
static void
test_overview_scrolls(void **state)
{
	struct viewtest			 f;
	const struct overview_geometry	*g = &f.fr.geo.ov;

	(void)state;
	fixture_open(&f, 12, 12, 4, 80, 20);
	viewtest_type(&f, "o");
	viewtest_render(&f);
	/* 80 - 3 = 77 across: 6 a tile; 20 - 3 = 17 rows: 8 layers. */
	assert_int_equal(g->tile_w, 6);
	assert_int_equal(g->tile_h, 2);
	assert_int_equal(g->layers, 8);
	assert_int_equal(g->first_layer, 0);
	viewtest_type(&f, "11j");
	viewtest_render(&f);
	assert_int_equal(f.v.layer, 11);
	assert_int_equal(g->first_layer, 4);
	viewtest_cell(&f.c, 0, 2 + 7 * 2, "1", CANVAS_DEFAULT, CANVAS_DEFAULT);
	/*
	 * sink: 1 for the heads on key 0 ((h + l) % 4 = 0), else 0.  Their
	 * labels say so; a 1's label is shaded at the top of viridis
	 * (253, 231, 37: cube (255, 215, 0), xterm 220) with black text, a
	 * 0's at the bottom (68, 1, 84: (95, 0, 95), 53) with white.
	 */
	viewtest_type(&f, "xxx");
	viewtest_render(&f);
	/* layer 4 (row 0 now), head 0: 4 % 4 = 0 */
	viewtest_cell(&f.c, 3, 2, "1", 0, 220);
	viewtest_cell(&f.c, 3 + 6, 2, "0", 231, 53);
	fixture_close(&f);
}

/* ---- a difference --------------------------------------------------- */

static void
test_diverging_colormap(void **state)
{
	enum colormap	c;

	(void)state;
	assert_string_equal(colormap_name(COLORMAP_RDBU), "rdbu");
	assert_int_equal(colormap_parse("rdbu", &c), -1);	/* not a choice */
	assert_true(colormap_diverging(COLORMAP_RDBU));
	assert_false(colormap_diverging(COLORMAP_VIRIDIS));
	/* An odd count of levels, one of them 0. */
	assert_int_equal(colormap_levels(COLORMAP_RDBU, COLORS_256, 32), 31);
	assert_int_equal(colormap_levels(COLORMAP_RDBU, COLORS_256, 17), 17);
	assert_int_equal(colormap_levels(COLORMAP_VIRIDIS, COLORS_256, 32),
	    32);
	/*
	 * RdBu_r's ends and centre: (5, 48, 97) -> cube (0, 95, 95), 23
	 * (squared distance 2238); (247, 246, 246) -> grey 255 at 238
	 * (209; white 231: 226); (103, 0, 31) -> (95, 0, 0), 52 (1025).
	 */
	assert_int_equal(colormap_color(COLORMAP_RDBU, COLORS_256, 32, 0), 23);
	assert_int_equal(colormap_color(COLORMAP_RDBU, COLORS_256, 32, 0.5),
	    255);
	assert_int_equal(colormap_color(COLORMAP_RDBU, COLORS_256, 32, 1), 52);
	{
		int	rgb[3];

		colormap_rgb(COLORMAP_RDBU, 0.3, rgb);
		assert_int_equal(rgb[0], 144);
		assert_int_equal(rgb[1], 196);
		assert_int_equal(rgb[2], 221);
		colormap_rgb(COLORMAP_RDBU, 0.85, rgb);	/* halfway 0.8-0.9 */
		assert_int_equal(rgb[0], 196);		/* (214 + 177) / 2 */
		assert_int_equal(rgb[1], 60);
		assert_int_equal(rgb[2], 60);
	}
	/* 16 and 8 colours: blue, white, red. */
	assert_int_equal(colormap_color(COLORMAP_RDBU, COLORS_16, 32, 0.5),
	    15);
	assert_int_equal(colormap_color(COLORMAP_RDBU, COLORS_8, 32, 0), 4);
	assert_int_equal(colormap_color(COLORMAP_RDBU, COLORS_8, 32, 1), 1);
	/* Without colours, signs. */
	assert_string_equal(colormap_glyph(COLORMAP_RDBU, 0.5, 0), " ");
	assert_string_equal(colormap_glyph(COLORMAP_RDBU, 0, 0), "=");
	assert_string_equal(colormap_glyph(COLORMAP_RDBU, 0.3, 0), "-");
	assert_string_equal(colormap_glyph(COLORMAP_RDBU, 0.8, 1), "+");
	assert_string_equal(colormap_glyph(COLORMAP_RDBU, 1, 0), "#");
	assert_string_equal(colormap_glyph(COLORMAP_GRAY, 1, 1), "@");
}

/*
 * Signed pooling keeps the value of largest magnitude; the scales are
 * symmetric about 0, which lands on 0.5.  A 2 x 4 matrix pooled to
 * 1 x 2: blocks { 0.1, -0.3, 0, 0.1 } and { 0.2, 0.05, -0.25, 0 }.
 */
static void
test_signed_image(void **state)
{
	static const float	a[8] = { 0.1f, -0.3f, 0.2f, 0.05f,
					 0.0f, 0.1f, -0.25f, 0.0f };
	static const float	b[4] = { -0.4f, 0.2f, 0.1f, 0.0f };
	struct heatmap_window	w = { 0, 2, 0, 4 };
	struct heatmap_window	w2 = { 0, 2, 0, 2 };
	struct heatmap_range	r;
	float			out[4];

	(void)state;
	heatmap_pool(a, 4, &w, 1, 2, HEATMAP_MAX_ABS, out);
	assert_float_equal(out[0], -0.3, EPS);
	assert_float_equal(out[1], -0.25, EPS);
	/* max |v| = 0.3: -1 -> 0, -0.25 / 0.3 -> 0.5 - 0.41667 */
	heatmap_signed_image(a, 4, &w, 1, 2, HEATMAP_MAX, HEATMAP_LINEAR,
	    out, &r);
	assert_float_equal(r.max, 0.3, EPS);
	assert_float_equal(out[0], 0, EPS);
	assert_float_equal(out[1], 0.5 - 0.5 * 0.25 / 0.3, 1e-6);
	/* mean: -0.1 / 4 and 0 / 4 */
	heatmap_signed_image(a, 4, &w, 1, 2, HEATMAP_MEAN, HEATMAP_LINEAR,
	    out, &r);
	assert_float_equal(out[0], 0, EPS);		/* -0.025 is max */
	assert_float_equal(out[1], 0.5, EPS);
	/* 2 x 2 unpooled: linear by 0.4; p99 of { 0.4, 0.2, 0.1 } is 0.4
	   (ceil(3 x 0.99) = 3rd smallest); row by each row's max. */
	heatmap_signed_image(b, 2, &w2, 2, 2, HEATMAP_MAX, HEATMAP_P99, out,
	    &r);
	assert_float_equal(r.top, 0.4, EPS);
	assert_float_equal(out[0], 0, EPS);
	assert_float_equal(out[1], 0.75, EPS);
	assert_float_equal(out[2], 0.625, EPS);
	assert_float_equal(out[3], 0.5, EPS);
	heatmap_signed_image(b, 2, &w2, 2, 2, HEATMAP_MAX, HEATMAP_ROW, out,
	    &r);
	assert_float_equal(out[1], 0.75, EPS);
	assert_float_equal(out[2], 1, EPS);
	/* log: 4 decades below 0.4; 0.1 sits at 1 - log10(4) / 4 of them */
	heatmap_signed_image(b, 2, &w2, 2, 2, HEATMAP_MAX, HEATMAP_LOG, out,
	    &r);
	assert_float_equal(out[0], 0, EPS);
	assert_float_equal(out[2], 0.5 + 0.5 * (1 - log10(4) / 4), 1e-6);
	assert_float_equal(out[3], 0.5, EPS);
}

static const float diff_a[16] = {
	1.00f, 0.00f, 0.00f, 0.00f,
	0.50f, 0.50f, 0.00f, 0.00f,
	0.25f, 0.25f, 0.50f, 0.00f,
	0.25f, 0.25f, 0.25f, 0.25f,
};
static const float diff_b[16] = {
	1, 0, 0, 0,
	0, 1, 0, 0,
	0, 0, 1, 0,
	0, 0, 0, 1,
};
static const char *const diff_labels[4] = { "a", "b", "c", "d" };

/*
 * A minus B (the identity):
 *     0     0     0     0
 *     0.5  -0.5   0     0
 *     0.25  0.25 -0.5   0
 *     0.25  0.25  0.25 -0.75
 * p99 of the nine non-zero |v| is the largest, 0.75: -0.75 is the
 * bottom of rdbu, 0 its centre, 0.5 at (0.5 / 0.75 + 1) / 2 = 5 / 6.
 */
static void
test_diff_view(void **state)
{
	struct store		*a = viewtest_store(1, 1, 4, diff_a);
	struct store		*b = viewtest_store(1, 1, 4, diff_b);
	struct store		*d;
	struct view_source	 src;
	struct view		 v;
	struct frame		 fr;
	struct canvas		 c;
	struct error		 err = { 0 };
	char			 buf[256];

	(void)state;
	assert_int_equal(diff_store(a, b, &d, &err), 0);
	memset(&src, 0, sizeof src);
	src.store = d;
	src.scored = a;
	src.against = b;
	src.labels = diff_labels;
	src.model = "four minus one";
	assert_int_equal(view_init(&v, &src, &err), 0);
	assert_true(v.diverging);
	assert_int_equal(view_colormap(&v), COLORMAP_RDBU);
	assert_int_equal(frame_init(&fr, d, &err), 0);
	v.dump = 1;
	assert_int_equal(view_select(&v, 0, ANALYSIS_HEAD, 0, 3, &err), 0);
	assert_int_equal(view_select(&v, 0, ANALYSIS_ROLLOUT, 0, 3, &err),
	    -1);
	assert_string_equal(err.message, "--head: no rollout of a "
	    "difference (--against); expected a head number, mean or max");
	error_clear(&err);
	v.key = 1;
	/* 40 x 12 as test_view's dump: cell rows show tokens a/a, a/a, b/b,
	   b/c, c/c, c/d, d/d; 9 cells a token across. */
	assert_int_equal(canvas_init(&c, 40, 12), 0);
	assert_int_equal(draw_frame(&v, &fr, &c, &err), 0);
	viewtest_cell(&c, 4, 1, "\xe2\x96\x80", 255, 255);	/* 0: 238 grey */
	viewtest_cell(&c, 31, 7, "\xe2\x96\x80", 23, 23);	/* -0.75 */
	/*
	 * b's 0.5 at 5 / 6: level 25 of 31, at 25 / 30 of rdbu, a third of
	 * the way from (214, 96, 77) to (177, 24, 43): (202, 72, 66), in
	 * the cube (215, 95, 95), 167.
	 */
	viewtest_cell(&c, 4, 3, "\xe2\x96\x80", 167, 167);
	/* The words, wider. */
	canvas_free(&c);
	assert_int_equal(canvas_init(&c, 140, 12), 0);
	assert_int_equal(draw_frame(&v, &fr, &c, &err), 0);
	assert_true(shows(&c, "four minus one │ layer 0 of 1 │ head 0 of 1 │ "
	    "q 3 d → k 1 b = +0.2500 │ top k 3 d -0.7500"));
	assert_true(shows(&c, "-0.75 "));
	assert_true(shows(&c, "+0.75 = p99 of |diff| (max 0.75)"));
	assert_true(shows(&c, "rdbu · p99"));

	/* Without colours: signs, one token row per cell row. */
	canvas_free(&c);
	assert_int_equal(canvas_init(&c, 40, 12), 0);
	v.colors = COLORS_NONE;
	assert_int_equal(draw_frame(&v, &fr, &c, &err), 0);
	/* rows a, a, b, b, c, c, d of 4 tokens in 7 rows */
	canvas_row_text(&c, 3, buf, sizeof buf);
	assert_string_equal(buf, " b  +++++++++---------                  ");
	/* d's row: 0.25 three times (+), -0.75 (=), the cursor on b's
	   middle cell, 4 + 13 */
	canvas_row_text(&c, 7, buf, sizeof buf);
	assert_string_equal(buf, "▶d  +++++++++++++◆+++++++++++++=========");

	/* The scores read A; diff is B's distance from it. */
	view_key(&v, &fr, 'X');
	assert_int_equal(v.score, STATS_DIFF);
	/* mean |A - B| = (0.5 + 0.5 + 0.25 x 2 + 0.5 + 0.25 x 3 + 0.75) /
	   16 = 3.5 / 16 */
	assert_float_equal(heads_score(&v, 0, 0), 3.5 / 16, 1e-6);
	view_key(&v, &fr, 'X');
	assert_int_equal(v.score, STATS_DUPLICATE);
	/* sink of A: (1 + 0.5 + 0.25 + 0.25) / 4 */
	view_key(&v, &fr, 'x');
	view_key(&v, &fr, 'x');
	view_key(&v, &fr, 'x');
	view_key(&v, &fr, 'x');
	view_key(&v, &fr, 'x');
	assert_int_equal(v.score, STATS_SINK);
	assert_float_equal(heads_score(&v, 0, 0), 0.5, 1e-6);
	view_key(&v, &fr, 'c');
	assert_int_equal(view_colormap(&v), COLORMAP_RDBU);
	assert_string_equal(v.message, "a difference has one colormap: rdbu, "
	    "blue below 0, red above");
	view_key(&v, &fr, 'r');
	assert_int_equal(v.kind, ANALYSIS_HEAD);

	canvas_free(&c);
	frame_free(&fr);
	view_free(&v);
	store_free(d);
	store_free(a);
	store_free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_scores_and_ranking),
		cmocka_unit_test(test_grid_labels),
		cmocka_unit_test(test_overview_12x12),
		cmocka_unit_test(test_overview_scrolls),
		cmocka_unit_test(test_diverging_colormap),
		cmocka_unit_test(test_signed_image),
		cmocka_unit_test(test_diff_view),
	};

	if (viewtest_locale() != 0)
		return 77;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
