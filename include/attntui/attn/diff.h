/*
 * diff.h - two stores of the same shape compared: this input's attention
 * minus another's (another checkpoint, or another prompt through the
 * same model, --against and --against-text).
 */
#ifndef ATTNTUI_DIFF_H
#define ATTNTUI_DIFF_H

#include <stdint.h>

#include "attntui/base/error.h"
#include "attntui/compute/store.h"

/*
 * 0 when a and b have the same layers, heads and tokens; else -1 with
 * err (status 2) giving both counts, b called what (a file name).
 */
int	diff_check(const struct store *a, const struct store *b,
	    const char *what, struct error *err);

/*
 * A derived store whose heads are a's minus b's, entry by entry, in
 * [-1, 1] (store_is_probability answers 0).  a and b are borrowed and
 * must outlive it; diff_check them first.
 */
int	diff_store(struct store *a, struct store *b, struct store **out,
	    struct error *err);

#endif
