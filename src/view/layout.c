/*
 * layout.c - pane rectangles; see layout.h.
 */
#include "build-config.h"

#include <string.h>

#include "attntui/base/arith.h"
#include "attntui/view/layout.h"

/* The right column: three tenths of the width, within these bounds. */
#define LAYOUT_SIDE_TENTHS	3
#define LAYOUT_SIDE_W_MIN	24
#define LAYOUT_SIDE_W_MAX	60
/* From this height the bars (three fifths) and the summary share it. */
#define LAYOUT_SPLIT_MIN_H	14
#define LAYOUT_BARS_FIFTHS	3
/* Query labels: the widest label and LAYOUT_YLABELS_PAD, at least
   YLABELS_MIN_W cells, at most a quarter of the left side. */
#define LAYOUT_YLABELS_MIN_W	4
#define LAYOUT_YLABELS_PARTS	4
/* The legend's row, and the gap left of the right column. */
#define LAYOUT_LEGEND_H		1
#define LAYOUT_GAP		1

int
layout_inside(const struct rect *r, int x, int y)
{
	return x >= r->x && y >= r->y && x < r->x + r->w && y < r->y + r->h;
}

static void
layout_rect(struct rect *r, int x, int y, int w, int h)
{
	r->x = x;
	r->y = y;
	r->w = w > 0 ? w : 0;
	r->h = h > 0 ? h : 0;
}

/* The right column: bars above the summary, split about 60:40. */
static int
layout_side(int w, int h, int show_bars, int show_summary,
    struct layout *out)
{
	int	side, x, bh;

	if ((!show_bars && !show_summary) || w < LAYOUT_SIDE_MIN_W)
		return 0;
	side = (int)arith_clamp(w * LAYOUT_SIDE_TENTHS / 10, LAYOUT_SIDE_W_MIN,
	    LAYOUT_SIDE_W_MAX);
	x = w - side;
	if (show_bars && show_summary && h >= LAYOUT_SPLIT_MIN_H) {
		bh = h * LAYOUT_BARS_FIFTHS / 5;
		layout_rect(&out->bars, x, 1, side, bh);
		layout_rect(&out->summary, x, 1 + bh, side, h - bh);
	} else if (show_bars)
		layout_rect(&out->bars, x, 1, side, h);
	else
		layout_rect(&out->summary, x, 1, side, h);
	return side + LAYOUT_GAP;
}

void
layout_compute(int w, int h, int show_bars, int show_summary, int ylabel_w,
    struct layout *out)
{
	int	body, side, left, yl;

	memset(out, 0, sizeof *out);
	if (w < LAYOUT_MIN_W || h < LAYOUT_MIN_H) {
		out->too_small = 1;
		return;
	}
	layout_rect(&out->title, 0, 0, w, 1);
	layout_rect(&out->status, 0, h - 1, w, 1);
	body = h - 2;
	side = layout_side(w, body, show_bars, show_summary, out);
	left = w - side;
	yl = (int)arith_clamp(ylabel_w + LAYOUT_YLABELS_PAD,
	    LAYOUT_YLABELS_MIN_W, left / LAYOUT_YLABELS_PARTS);
	layout_rect(&out->ylabels, 0, 1, yl,
	    body - LAYOUT_XLABELS - LAYOUT_LEGEND_H);
	layout_rect(&out->heat, yl, 1, left - yl,
	    body - LAYOUT_XLABELS - LAYOUT_LEGEND_H);
	layout_rect(&out->xlabels, yl, 1 + out->heat.h, left - yl,
	    LAYOUT_XLABELS);
	layout_rect(&out->legend, yl, h - 1 - LAYOUT_LEGEND_H, left - yl,
	    LAYOUT_LEGEND_H);
}
