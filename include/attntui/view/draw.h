/*
 * draw.h - the panes of a frame, drawn from a view into a canvas.
 *
 * draw_frame() reads the view and changes nothing in it: it loads the
 * selection's matrix into the frame, draws, and leaves in the frame
 * where everything went (frame.h).  The panes each have a file:
 * draw.c (title, map, head grid, bars, status), textview.c (the text
 * view), sumpane.c (the layer summary) and helpbox.c (the help); they
 * share what paint.h holds.
 */
#ifndef ATTNTUI_DRAW_H
#define ATTNTUI_DRAW_H

#include <stddef.h>
#include <stdint.h>

#include "attntui/base/error.h"
#include "attntui/view/canvas.h"
#include "attntui/view/frame.h"
#include "attntui/view/view.h"

/*
 * Everything: title, heatmap, head grid or text, bars, summary, status,
 * help.  f is the caller's frame for v (frame_init on v's store), the
 * same from one frame to the next.
 */
int	draw_frame(const struct view *v, struct frame *f, struct canvas *c,
	    struct error *err);

/*
 * The bar of one weight: frac of width cells in eighths, as full blocks
 * "█" and one of "▏▎▍▌▋▊▉" (ascii: '#' and, from half a cell, '+'),
 * into buf.  Returns the cells it takes.
 */
int	draw_bar(double frac, int width, int ascii, char *buf, size_t len);

#endif
