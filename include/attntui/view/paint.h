/*
 * paint.h - what the panes of a frame share while they are drawn: the
 * frame being drawn (view, frame, canvas) and the small pieces every
 * pane uses, the pooled maps among them (the heatmap, the head grid's
 * and the overview's thumbnails).  draw.c draws the frame pane by pane;
 * textview.c, sumpane.c, helpbox.c and overview.c draw their panes with
 * these.
 */
#ifndef ATTNTUI_PAINT_H
#define ATTNTUI_PAINT_H

#include <stddef.h>
#include <stdint.h>

#include "attntui/view/canvas.h"
#include "attntui/view/heatmap.h"
#include "attntui/view/frame.h"
#include "attntui/view/view.h"

/* One frame being drawn: the state it shows, where it goes. */
struct paint {
	const struct view	*v;
	struct frame		*f;
	struct canvas		*c;
};

/* The colour of val in [0, 1], from the palette of the frame. */
int	paint_color(const struct paint *d, double val);

/* A side pane's header row, reversed when the pane has the focus. */
void	paint_pane_header(const struct paint *d, const struct rect *r,
	    enum view_focus pane, const char *text);

/* The digits of the largest number of n from 0, n - 1. */
int	paint_digits(int64_t n);

/* The first row to show so that row at is among rows of total. */
int64_t	paint_scroll(int64_t first, int64_t at, int64_t rows, int64_t total);

/* A box's border (line drawing, or + - | when ascii), blank inside. */
void	paint_box(struct canvas *c, int x, int y, int w, int h, int ascii);

/* A legend row in r: lo, a colour ramp (or shades), hi. */
void	paint_legend(const struct paint *d, const struct rect *r,
	    const char *lo, const char *hi);

/* n as "1.23M", "456K", "789" into buf (4 significant digits at most). */
char	*paint_count(uint64_t n, char *buf, size_t len);

/* One pooled map: where it goes and what it shows. */
struct paint_map {
	int			 x, y, w, h;	/* cells */
	struct heatmap_window	 win;
	int64_t			 nq, nk;	/* window sizes */
	int			 rows, cols;	/* pixel grid */
	int			 half;
	const float		*pix;		/* rows x cols in [0, 1] */
	struct heatmap_range	 range;
};

/* Two pixel rows a cell (half blocks): with colours, outside ASCII. */
int	paint_half(const struct view *v);

/* The display rows of m: two a cell with half blocks. */
int	paint_spots_down(const struct paint_map *m);

/*
 * The pixel grid of m (its w, h, nq and nk set): as many pixels as the
 * window has tokens, up to the display's (two pixel rows a cell with
 * half blocks); each pixel then takes its share of the cells, so that
 * the map fills them.  rows 0 when nothing fits.
 */
void	paint_map_fit(const struct view *v, struct paint_map *m);

/* The cells of m: half blocks, shading or coloured spaces. */
void	paint_map_cells(const struct paint *d, const struct paint_map *m);

/*
 * The cache key of thumbnails of v's heads that fill w x h cells (the
 * pixel grid the cells hold, the whole sequence, v's scale, pooling and
 * signedness), of v's layer.
 */
void	paint_thumb_key(const struct view *v, int w, int h,
	    struct thumbs_key *key);

/* A thumbnail made under key (frame_thumb), filling w x h cells at
   (x, y). */
void	paint_thumb(const struct paint *d, const struct thumbs_key *key,
	    const float *pix, int x, int y, int w, int h);

#endif
