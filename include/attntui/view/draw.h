/*
 * draw.h - the panes of a frame, drawn from a view into a canvas.
 *
 * view_render() calls draw_frame() once the selection's matrix is
 * loaded; the pieces are public so that tests can check them alone.
 */
#ifndef ATTNTUI_DRAW_H
#define ATTNTUI_DRAW_H

#include <stddef.h>

#include "attntui/view/canvas.h"
#include "attntui/base/error.h"
#include "attntui/view/view.h"

/* Everything: title, heatmap or head grid, bars, summary, status, help. */
int	draw_frame(struct view *v, struct canvas *c, struct error *err);

/*
 * The bar of one weight: frac of width cells in eighths, as full blocks
 * "█" and one of "▏▎▍▌▋▊▉" (ascii: '#' and, from half a cell, '+'),
 * into buf.  Returns the cells it takes.
 */
int	draw_bar(double frac, int width, int ascii, char *buf, size_t len);

/* n as "1.23M", "456K", "789" into buf (4 significant digits at most). */
char	*draw_count(uint64_t n, char *buf, size_t len);

#endif
