/*
 * layout.h - where each pane goes in a w x h terminal.
 *
 *   title                                   (row 0)
 *   ylabels | heatmap        | bars         (right column when shown
 *           | xlabels        | ---------      and the terminal is wide
 *           | legend         | summary        enough)
 *   status                                  (last row)
 *
 * Below LAYOUT_MIN_W x LAYOUT_MIN_H only a notice fits: too_small.  A
 * narrow terminal drops the right column before it squeezes the map.
 */
#ifndef ATTNTUI_LAYOUT_H
#define ATTNTUI_LAYOUT_H

#define LAYOUT_MIN_W	24
#define LAYOUT_MIN_H	8
#define LAYOUT_SIDE_MIN_W 64	/* a right column needs this much width */
#define LAYOUT_XLABELS	2	/* tick row and label row */
#define LAYOUT_YLABELS_PAD 2	/* query marker before a label, gap after */

struct rect {
	int	x, y, w, h;
};

struct layout {
	int		too_small;
	struct rect	title;
	struct rect	status;
	struct rect	ylabels;
	struct rect	heat;
	struct rect	xlabels;
	struct rect	legend;
	struct rect	bars;		/* w == 0 when hidden */
	struct rect	summary;	/* likewise */
};

/* Lay out a w x h screen; the side panes only where asked and room. */
void	layout_compute(int w, int h, int show_bars, int show_summary,
	    int ylabel_w, struct layout *out);

/* Is (x, y) inside r? */
int	layout_inside(const struct rect *r, int x, int y);

#endif
