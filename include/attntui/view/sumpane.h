/*
 * sumpane.h - the layer summary pane: the summary's tree, folded and
 * unfolded as the view says (sumtree.h), each row with its output shape,
 * parameters and mult-adds as --summary prints them, the selected row
 * lit, and the attention settings (heads, key/value heads, mask and
 * window, positions) at the foot.
 */
#ifndef ATTNTUI_SUMPANE_H
#define ATTNTUI_SUMPANE_H

#include "attntui/view/paint.h"

void	sumpane_draw(const struct paint *d);

#endif
