/*
 * overview.h - every head of every layer at once, the view bertviz
 * calls the model view: a row of tiles per layer, a column per head,
 * each tile a thumbnail of the head under a label row that shows the
 * chosen score (heads.h), shaded by it.  It takes the whole width
 * between the title and the status line; 12 x 12 heads fit a 120x40
 * terminal (tiles of 9 x 3 cells: a label row, two rows of map).  A
 * model with more layers or heads than fit scrolls to keep the chosen
 * head in view.  The thumbnails are made once, in the frame's cache of
 * every layer's heads.
 */
#ifndef ATTNTUI_OVERVIEW_H
#define ATTNTUI_OVERVIEW_H

#include "attntui/base/error.h"
#include "attntui/view/paint.h"

/* The smallest tile: two cells of map and a gap; a label row and one
   row of map. */
#define OVERVIEW_TILE_MIN_W	3
#define OVERVIEW_TILE_MIN_H	2

/* Draw the overview of d's view; where it went into d->f->geo.ov. */
int	overview_draw(const struct paint *d, struct error *err);

#endif
