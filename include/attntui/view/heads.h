/*
 * heads.h - head analysis in the explorer: the score that labels each
 * head in the head grid, the overview and the title; the keys that rank
 * the heads of the layer or of the whole model by it and step through
 * them in that order; and the overview of every layer's heads, its
 * selection being the view's layer and head.
 *
 * The scores are attn/stats.h's, computed once for the view's source
 * (a few hundredths of a second for GPT-2 small at T = 1024) the first
 * time a key asks for them, never by a frame: drawing reads v->stats.
 */
#ifndef ATTNTUI_HEADS_H
#define ATTNTUI_HEADS_H

#include <stddef.h>
#include <stdint.h>

#include "attntui/view/frame.h"
#include "attntui/view/keys.h"
#include "attntui/view/view.h"

/*
 * Make v->stats unless they are made: stats_compute on the source's
 * scored store (or its store), tokens and against.  -1 with v->message
 * saying why.
 */
int	heads_scores(struct view *v);

/* The chosen score of head (layer, head); NaN when none is chosen. */
double	heads_score(const struct view *v, int64_t layer, int64_t head);

/* A score as labels show it: three significant digits, "-" for NaN. */
const char *heads_value(double x, char *buf, size_t len);

/* The largest value of the chosen score over the model; 0 when none. */
double	heads_score_max(const struct view *v);

/*
 * What the title says of the selected head's score: "induction 0.8",
 * or once a ranking key was pressed "rank 3 of 144 by induction 0.8"
 * (of the layer's heads: "rank 1 of 4 in the layer ...").  0 with
 * buf[0] = '\0' when there is nothing to say (no score, an aggregate).
 */
int	heads_note(const struct view *v, char *buf, size_t len);

/* heads_action() and heads_click(), the keys and clicks of what this
   file keeps, are declared in view.h, which calls them. */

#endif
