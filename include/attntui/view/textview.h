/*
 * textview.h - the input as running text, in the manner of CircuitsVis's
 * colored tokens: each token's background is the attention it gets from
 * the selected query (VIEW_TEXT_QUERY) or gives to the selected key
 * (VIEW_TEXT_KEY), scaled to the largest of them.  It takes the map's
 * place; the bars and the summary stay.
 */
#ifndef ATTNTUI_TEXTVIEW_H
#define ATTNTUI_TEXTVIEW_H

#include "attntui/view/paint.h"

/* Draw the text view where the map and its labels go. */
void	textview_draw(const struct paint *d);

#endif
