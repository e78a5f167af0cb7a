/*
 * viewtest.h - what the view floor's test programs share: a dense store
 * made from numbers in the test, and a check of one canvas cell.
 * Failures are cmocka failures.
 */
#ifndef ATTNTUI_TESTS_VIEWTEST_H
#define ATTNTUI_TESTS_VIEWTEST_H

#include <stdint.h>

#include "attntui/compute/store.h"
#include "attntui/view/canvas.h"
#include "attntui/view/frame.h"
#include "attntui/view/view.h"

/* A view of a store, its frame and a canvas, as a test drives them. */
struct viewtest {
	struct store	*s;
	float		*data;
	struct view	 v;
	struct frame	 fr;
	struct canvas	 c;
};

/* Draw f's view into its canvas (draw_frame must succeed). */
void		 viewtest_render(struct viewtest *f);

/* Each character of keys, typed. */
void		 viewtest_type(struct viewtest *f, const char *keys);

/* A dense store of layers x heads of T x T (no mask), from data in that
   order; the caller frees it. */
struct store	*viewtest_store(int64_t layers, int64_t heads, int64_t T,
		    const float *data);

/* A UTF-8 locale for LC_CTYPE, which canvas widths (wcwidth) need; -1
   (said on stderr) when there is none, and the test skips. */
int		 viewtest_locale(void);

/* The cell of c at (x, y) shows glyph in these colours. */
void		 viewtest_cell(const struct canvas *c, int x, int y,
		    const char *glyph, int fg, int bg);

#endif
