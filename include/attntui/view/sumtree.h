/*
 * sumtree.h - the layer summary as a tree the explorer's pane folds and
 * unfolds, as torchinfo's depth does: a row shows when each of its
 * ancestors below the model's root is unfolded.  Rows are the summary's
 * own (pre-order, summary.h); unfolded holds a flag per row.
 */
#ifndef ATTNTUI_SUMTREE_H
#define ATTNTUI_SUMTREE_H

#include <stddef.h>
#include <stdint.h>

#include "attntui/model/summary.h"

#define SUMTREE_NONE	((size_t)-1)

/* Is row r shown: depth 1 or more, every ancestor unfolded? */
int	sumtree_visible(const struct summary *s, const unsigned char *unfolded,
	    size_t r);

/* The visible row d steps (+1, -1) from r, or r at either end. */
size_t	sumtree_step(const struct summary *s, const unsigned char *unfolded,
	    size_t r, int d);

/* The first visible row; SUMTREE_NONE when none is. */
size_t	sumtree_first(const struct summary *s, const unsigned char *unfolded);

/* The depth-1 row of layer (its block), or SUMTREE_NONE. */
size_t	sumtree_layer_row(const struct summary *s, int64_t layer);

/* The k-th visible row, from 0; SUMTREE_NONE past the last. */
size_t	sumtree_nth(const struct summary *s, const unsigned char *unfolded,
	    size_t k);

/* How many rows are visible, and r's place among them (r visible). */
size_t	sumtree_count(const struct summary *s, const unsigned char *unfolded);
size_t	sumtree_index(const struct summary *s, const unsigned char *unfolded,
	    size_t r);

#endif
