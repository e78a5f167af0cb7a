/*
 * memcheck.h - refuse up front a model that would not fit in memory.
 */
#ifndef ATTNTUI_MEMCHECK_H
#define ATTNTUI_MEMCHECK_H

#include <stdint.h>

#include "attntui/base/error.h"
#include "attntui/model/config.h"

/*
 * Fail with err (status 2) when a run of cfg on seq_len tokens would
 * need more than the memory available now: the weights (seeded ones as
 * F32; a file's at the file's size, or its shards', since its matrices
 * are used mapped, F16 and BF16 ones widened a tile at a time), the
 * activations, the attention store (probabilities within its budget, Q
 * and K beyond it) and the one head the explorer or an export holds,
 * each named in the message.
 */
int		memcheck(const struct config *cfg, int64_t seq_len,
		    struct error *err);

/* Bytes available now (MemAvailable, else physical memory); 0 unknown. */
uint64_t	memcheck_available(void);

#endif
