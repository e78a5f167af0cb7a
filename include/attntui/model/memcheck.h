/*
 * memcheck.h - refuse up front a model that would not fit in memory.
 */
#ifndef ATTNTUI_MEMCHECK_H
#define ATTNTUI_MEMCHECK_H

#include <stdint.h>

#include "attntui/model/config.h"
#include "attntui/base/error.h"

/*
 * Fail with err (status 2) when the weights and activations of cfg for
 * seq_len tokens exceed the memory available now, naming both figures.
 * Seeded weights count as F32; a file's weights as the file's size (or
 * its shards'), since its matrices are used mapped, F16 and BF16 ones
 * widened a tile at a time.  Attention probabilities are not counted:
 * the store keeps them within a budget of its own, recomputing heads
 * beyond it.
 */
int		memcheck(const struct config *cfg, int64_t seq_len,
		    struct error *err);

/* Bytes available now (MemAvailable, else physical memory); 0 unknown. */
uint64_t	memcheck_available(void);

#endif
