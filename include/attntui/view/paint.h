/*
 * paint.h - what the panes of a frame share while they are drawn: the
 * frame being drawn (view, frame, canvas) and the small pieces every
 * pane uses.  draw.c draws the frame pane by pane; textview.c,
 * sumpane.c and helpbox.c draw their panes with these.
 */
#ifndef ATTNTUI_PAINT_H
#define ATTNTUI_PAINT_H

#include <stddef.h>
#include <stdint.h>

#include "attntui/view/canvas.h"
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

/* The first row to show so that row at is among rows of total. */
int64_t	paint_scroll(int64_t first, int64_t at, int64_t rows, int64_t total);

/* A box's border (line drawing, or + - | when ascii), blank inside. */
void	paint_box(struct canvas *c, int x, int y, int w, int h, int ascii);

/* A legend row in r: lo, a colour ramp (or shades), hi. */
void	paint_legend(const struct paint *d, const struct rect *r,
	    const char *lo, const char *hi);

/* n as "1.23M", "456K", "789" into buf (4 significant digits at most). */
char	*paint_count(uint64_t n, char *buf, size_t len);

#endif
