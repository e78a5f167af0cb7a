/*
 * memcheck.h - refuse up front a model that would not fit in memory.
 */
#ifndef ATTNTUI_MEMCHECK_H
#define ATTNTUI_MEMCHECK_H

#include <stdint.h>

#include "attntui/model/config.h"
#include "attntui/base/error.h"

/*
 * Fail with err (status 2) when the F32 weights and activations of cfg
 * for seq_len tokens exceed the memory available now, naming both
 * figures.  Attention probabilities are not counted: the store keeps
 * them within a budget of its own, recomputing heads beyond it.
 */
int		memcheck(const struct config *cfg, int64_t seq_len,
		    struct error *err);

/* Bytes available now (MemAvailable, else physical memory); 0 unknown. */
uint64_t	memcheck_available(void);

#endif
