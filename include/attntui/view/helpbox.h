/*
 * helpbox.h - the help overlay: every help line of the key table, then
 * a count's, the summary pane's and the mouse's, in a box over the
 * frame.  Descriptions wrap at spaces within their column; the box
 * takes as many columns (up to three) as it needs to show every line,
 * and where even one column does not fit the screen's height it scrolls
 * (view->help_first; frame's help_lines and help_rows say how far).
 */
#ifndef ATTNTUI_HELPBOX_H
#define ATTNTUI_HELPBOX_H

#include "attntui/view/paint.h"

void	helpbox_draw(const struct paint *d);

/*
 * The line'th piece (from 0) of text wrapped at spaces into width cells,
 * into buf; returns the number of pieces.  A word wider than width is
 * cut.
 */
int	helpbox_wrap(const char *text, int width, int line, char *buf,
	    size_t len);

#endif
