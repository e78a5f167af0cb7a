/*
 * headcache.h - heads made on a thread of their own and kept in a few
 * slots: the head a reader looks at first, then the ones it is likely to
 * look at next, while it looks.  A recomputing store (store.h) uses it
 * so that a switch to a neighbouring head finds it already made.
 *
 * One reader (the thread that shows heads) and one maker: every head is
 * made by make() on the cache's thread, which may use a pool, so that
 * nothing else runs on that pool meanwhile.  make(ctx, layer, head,
 * dst, stop) fills dst (head_floats floats) and returns 0, or returns -1
 * early once *stop is nonzero: a head the reader no longer wants is
 * abandoned, not finished.  The thread blocks every signal.
 */
#ifndef ATTNTUI_HEADCACHE_H
#define ATTNTUI_HEADCACHE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "attntui/base/error.h"

#define HEADCACHE_MAX_SLOTS	8

struct headcache;

struct headcache_key {
	int64_t	layer, head;
};

typedef int	(*headcache_make_fn)(void *ctx, int64_t layer, int64_t head,
		    float *dst, const atomic_int *stop);

/*
 * A cache of n_slots (1 to HEADCACHE_MAX_SLOTS) heads of head_floats
 * floats each, allocated when first filled; -1 with err when its thread
 * cannot start.
 */
int		 headcache_create(int n_slots, size_t head_floats,
		     headcache_make_fn make, void *ctx,
		     struct headcache **out, struct error *err);
/* Abandon what is being made, wait for the thread, free the slots. */
void		 headcache_free(struct headcache *c);

/*
 * The reader looks at want[0] now and may look at want[1 .. n) next,
 * most likely first (as many as there are slots).  Heads no longer
 * wanted may lose their slots, and the head being made is abandoned
 * unless it is wanted.  Wakes the thread.
 */
void		 headcache_want(struct headcache *c,
		     const struct headcache_key *want, int n);

/*
 * A wanted head in its slot, waited for while it is being made; NULL
 * when (layer, head) is not wanted.  Valid until the next
 * headcache_want().
 */
const float	*headcache_get(struct headcache *c, int64_t layer,
		     int64_t head);

/*
 * Head (layer, head) into dst: copied from a slot that holds it, else
 * made on the cache's thread ahead of anything wanted.  Waits.
 */
void		 headcache_fetch(struct headcache *c, int64_t layer,
		     int64_t head, float *dst);

#endif
