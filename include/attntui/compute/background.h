/*
 * background.h - the forward pass on a thread of its own, for the
 * explorer: its store exists at once and its layers come ready one by
 * one (store_layers_ready), so that the caller's thread can draw the
 * first layer while the pass goes on with the others.
 *
 * The pass runs on the new thread as the pool's caller, with the pool's
 * workers; the thread that started it stays free (it draws and reads
 * keys).  While the pass runs, a recomputing store has no pool: a head
 * that the reader asks for is recomputed on the reader's own thread.
 * Signals are blocked on the new thread, so that they reach the
 * caller's.
 */
#ifndef ATTNTUI_BACKGROUND_H
#define ATTNTUI_BACKGROUND_H

#include "attntui/base/error.h"
#include "attntui/compute/forward.h"

struct background;

/*
 * Start cfg's pass over tok with weights w on pool (cfg, w, tok and pool
 * must outlive it).  Returns once the store exists, none of its layers
 * ready yet; -1 with err when the pass could not start (bad shapes, no
 * memory for the store).
 */
int		 background_start(const struct config *cfg,
		     const struct weights *w, const struct tokens *tok,
		     struct pool *pool, struct background **out,
		     struct error *err);

/* The pass's store: read any layer that store_layers_ready() counts. */
struct store	*background_store(const struct background *b);

/*
 * Has the pass ended?  0 while it runs; 1 once it has succeeded (every
 * layer ready; a recomputing store now has the pool); -1 with err, once,
 * when it failed (the layers it finished stay readable; later polls say
 * -1 without err).  Only the thread that reads the store may poll: the
 * end hands it the store whole.
 */
int		 background_poll(struct background *b, struct error *err);

/* Wait for the pass to end; then as background_poll: 0 or -1 with err. */
int		 background_wait(struct background *b, struct error *err);

/*
 * Stop the pass now and wait for its thread: the layers ready stay
 * readable, the others never come (for a reader that has what it
 * needs: --dump).
 */
void		 background_stop(struct background *b);

/*
 * Stop the pass if it still runs (what is left is skipped: the thread
 * ends within one work item), wait for its thread, free it with its
 * store.  NULL is a no-op.
 */
void		 background_free(struct background *b);

#endif
