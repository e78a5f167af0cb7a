/*
 * probe.h - the induction probe of --probe=repeat:N: N random ordinary
 * tokens, then the same N again, after the tokenizer's BOS when it adds
 * one.  A head that attends from each token of the second copy to the
 * token that followed its first occurrence is an induction head (Olsson
 * et al. 2022), and random tokens leave it nothing else to go by.
 *
 * The tokenizer fills a probe_vocab: what it can emit and what it must
 * not be asked for.  Draw k (k = 0, 1, ...) is
 *     r = splitmix64(splitmix64(seed ^ fnv1a64("probe")) + k)
 *     id = r mod size
 * and an id in avoid is skipped for the next draw, so that the sequence
 * depends on the seed and the vocabulary alone.
 */
#ifndef ATTNTUI_PROBE_H
#define ATTNTUI_PROBE_H

#include <stddef.h>
#include <stdint.h>

#include "attntui/base/error.h"

struct probe_vocab {
	int64_t		 size;		/* draw from ids 0 .. size - 1 */
	const int64_t	*avoid;		/* never drawn (special tokens) */
	size_t		 n_avoid;
	int64_t		 bos;		/* put first, or -1 */
};

/* "repeat:N", N >= 1, into *n; -1 with err (status 2) otherwise. */
int	probe_parse(const char *spec, int64_t *n, struct error *err);

/* The probe's length: 2 N, plus one for a BOS. */
int64_t	probe_length(const struct probe_vocab *v, int64_t n);

/*
 * The probe's ids into ids[0 .. probe_length()); -1 with err when the
 * vocabulary leaves nothing to draw.
 */
int	probe_ids(const struct probe_vocab *v, int64_t n, uint64_t seed,
	    int64_t *ids, struct error *err);

#endif
