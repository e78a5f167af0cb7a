/*
 * dump.h - a canvas as text: ANSI SGR colours or plain characters.
 *
 * Each line starts in the default rendition; an SGR sequence is written
 * only where a cell's colours or attributes differ from the cell before
 * (a run shares one), "\033[0m" ends every line that changed anything,
 * and trailing default blanks are dropped.  Colours: 256 as 38;5;N and
 * 48;5;N, 16 and 8 as 30-37/90-97 and 40-47/100-107; with COLORS_NONE no
 * escape is written at all.
 */
#ifndef ATTNTUI_DUMP_H
#define ATTNTUI_DUMP_H

#include <stdio.h>

#include "attntui/view/canvas.h"
#include "attntui/view/colormap.h"

/* Write c to fp; 0, or -1 when writing failed. */
int	dump_canvas(const struct canvas *c, enum colors colors, FILE *fp);

#endif
