/*
 * pool.h - one fixed pool of compute threads.
 *
 * pool_run() hands out items 0..n-1 to the threads (the caller is one
 * of them) and returns when all are done.  Runs from several threads
 * take turns (an item must not start a run of its own: it would wait for
 * itself).  A NULL pool is the caller
 * alone: code that takes a pool runs single-threaded without one.  Items are the unit of
 * determinism: callers cut their work into items whose boundaries do
 * not depend on the thread count, so results never do either.
 * OpenBLAS is kept to one thread of its own (forward_blas_single), so
 * that the pool is the only source of parallelism and nothing
 * oversubscribes.
 */
#ifndef ATTNTUI_POOL_H
#define ATTNTUI_POOL_H

#include <pthread.h>
#include <stdint.h>

#include "attntui/base/error.h"

struct pool;

/* fn runs item on thread worker (0 .. pool_threads() - 1). */
typedef void (*pool_fn)(void *ctx, int64_t item, int worker);

/* threads counts the caller; 0 means the online cores. */
int	pool_create(int threads, struct pool **out, struct error *err);
int	pool_threads(const struct pool *p);
void	pool_run(struct pool *p, int64_t n_items, pool_fn fn, void *ctx);
void	pool_free(struct pool *p);

/* The online cores, at least 1. */
int	pool_online_cores(void);

/*
 * Start *thread running fn(arg) with every signal blocked: a signal
 * must reach the thread that waits on input (the tui's), where the
 * interrupted read notices it.  Every thread attntui starts is started
 * so.  0, or pthread_create's error number.
 */
int	pool_thread_start(pthread_t *thread, void *(*fn)(void *), void *arg);

#endif
