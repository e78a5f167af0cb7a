/*
 * pool.c - a fixed set of threads sharing an item counter; see pool.h.
 */
#include "build-config.h"

#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attntui/base/pool.h"

/* More threads than this only adds contention on a 2-core target. */
#define POOL_MAX_THREADS	256
/*
 * Polls before sleeping.  A forward pass calls pool_run about ten times
 * per layer with microseconds between calls; waking a sleeping thread
 * costs far more than that on a virtual machine (measured: a 2-thread
 * GPT-2-small forward at T=128 no faster than 1 thread), so threads
 * poll for a while (well under a millisecond) before they block.
 */
#define POOL_SPINS		(1 << 17)
#define POOL_YIELD_EVERY	256

struct pool_worker {
	struct pool	*pool;
	pthread_t	 thread;
	int		 id;
};

struct pool {
	int			 n;		/* threads, caller included */
	struct pool_worker	*workers;	/* n - 1 of them */
	pthread_mutex_t		 run_lock;	/* one pool_run at a time */
	pthread_mutex_t		 lock;
	pthread_cond_t		 start;
	pthread_cond_t		 done;
	atomic_ullong		 generation;	/* bumped per pool_run */
	atomic_int		 open;		/* the run takes workers */
	atomic_int		 active;	/* workers in the run */
	atomic_int		 quit;

	pool_fn			 fn;
	void			*ctx;
	int64_t			 n_items;
	atomic_llong		 next;
};

int
pool_online_cores(void)
{
	long	n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	if (n > POOL_MAX_THREADS)
		return POOL_MAX_THREADS;
	return (int)n;
}

/* Take items until none are left; shared by workers and the caller. */
static void
pool_drain(struct pool *p, int worker)
{
	long long	item;

	for (;;) {
		item = atomic_fetch_add(&p->next, 1);
		if (item >= p->n_items)
			break;
		p->fn(p->ctx, item, worker);
	}
}

/*
 * One turn of a poll.  Every POOL_YIELD_EVERY turns the thread yields:
 * on a machine shared with other work, a poller that only pauses holds
 * a core that the thread it waits for may need (measured on 2 cores
 * with another job on one: a GPT-2-small pass at T = 1024 in 1.90 s,
 * not 2.17); on an idle one yielding returns at once.
 */
static inline void
pool_relax(int turn)
{
	if (turn % POOL_YIELD_EVERY == POOL_YIELD_EVERY - 1) {
		sched_yield();
		return;
	}
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
}

/* Wait for a run after seen (or quit): poll first, then sleep. */
static unsigned long long
pool_wait_start(struct pool *p, unsigned long long seen)
{
	unsigned long long	g;
	int			i;

	for (i = 0; i < POOL_SPINS; i++) {
		if (atomic_load(&p->quit))
			return seen;
		if ((g = atomic_load(&p->generation)) != seen)
			return g;
		pool_relax(i);
	}
	pthread_mutex_lock(&p->lock);
	while (!atomic_load(&p->quit) &&
	    (g = atomic_load(&p->generation)) == seen)
		pthread_cond_wait(&p->start, &p->lock);
	pthread_mutex_unlock(&p->lock);
	return atomic_load(&p->quit) ? seen : g;
}

/*
 * Join run g, unless it is closed: the caller waits for the workers in
 * its run, not for those that come late.  On a machine shared with other
 * work a worker may wake milliseconds after a run began and ended; were
 * every worker waited for, every run (a forward pass makes 130) would
 * cost the caller that delay.  A worker that counts itself in while a
 * run is open reads that run's fields, written before it opened; one
 * that finds no run open leaves them alone.
 */
static void
pool_join(struct pool *p, unsigned long long g, int worker)
{
	atomic_fetch_add(&p->active, 1);
	if (atomic_load(&p->open) && atomic_load(&p->generation) == g)
		pool_drain(p, worker);
	if (atomic_fetch_sub(&p->active, 1) == 1) {
		pthread_mutex_lock(&p->lock);
		pthread_cond_signal(&p->done);
		pthread_mutex_unlock(&p->lock);
	}
}

static void *
pool_main(void *arg)
{
	struct pool_worker	*wk = arg;
	struct pool		*p = wk->pool;
	unsigned long long	 seen = 0;

	for (;;) {
		seen = pool_wait_start(p, seen);
		if (atomic_load(&p->quit))
			break;
		pool_join(p, seen, wk->id);
	}
	return NULL;
}

int
pool_thread_start(pthread_t *thread, void *(*fn)(void *), void *arg)
{
	sigset_t	all, old;
	int		rc;

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	rc = pthread_create(thread, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}

int
pool_create(int threads, struct pool **out, struct error *err)
{
	struct pool	*p;
	int		 i, rc;

	*out = NULL;
	if (threads <= 0)
		threads = pool_online_cores();
	if (threads > POOL_MAX_THREADS)
		threads = POOL_MAX_THREADS;
	if ((p = calloc(1, sizeof *p)) == NULL)
		return error_nomem(err, NULL);
	p->n = threads;
	atomic_init(&p->next, 0);
	atomic_init(&p->generation, 0);
	atomic_init(&p->open, 0);
	atomic_init(&p->active, 0);
	atomic_init(&p->quit, 0);
	pthread_mutex_init(&p->run_lock, NULL);
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->start, NULL);
	pthread_cond_init(&p->done, NULL);
	if (threads > 1 && (p->workers = calloc((size_t)threads - 1,
	    sizeof *p->workers)) == NULL) {
		pool_free(p);
		return error_nomem(err, NULL);
	}
	for (i = 0, rc = 0; i < threads - 1 && rc == 0; i++) {
		p->workers[i].pool = p;
		p->workers[i].id = i + 1;
		rc = pool_thread_start(&p->workers[i].thread, pool_main,
		    &p->workers[i]);
		if (rc != 0)
			p->n = i + 1;	/* free joins only those started */
	}
	if (rc != 0) {
		pool_free(p);
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "cannot start thread: %s", strerror(rc));
	}
	*out = p;
	return 0;
}

int
pool_threads(const struct pool *p)
{
	if (p == NULL)
		return 1;
	return p->n;
}

void
pool_run(struct pool *p, int64_t n_items, pool_fn fn, void *ctx)
{
	int	i;

	if (n_items <= 0)
		return;
	if (p == NULL || p->n == 1 || n_items == 1) {
		int64_t	k;

		for (k = 0; k < n_items; k++)
			fn(ctx, k, 0);
		return;
	}
	/* Another thread's run (a head made ahead, the scores asked for
	   while the pass runs) waits for this one to end. */
	pthread_mutex_lock(&p->run_lock);
	p->fn = fn;
	p->ctx = ctx;
	p->n_items = n_items;
	atomic_store(&p->next, 0);
	atomic_store(&p->open, 1);
	pthread_mutex_lock(&p->lock);
	atomic_fetch_add(&p->generation, 1);
	pthread_cond_broadcast(&p->start);
	pthread_mutex_unlock(&p->lock);

	pool_drain(p, 0);

	/* Every item is taken: wait for those being done, no one else. */
	atomic_store(&p->open, 0);
	for (i = 0; i < POOL_SPINS && atomic_load(&p->active) > 0; i++)
		pool_relax(i);
	pthread_mutex_lock(&p->lock);
	while (atomic_load(&p->active) > 0)
		pthread_cond_wait(&p->done, &p->lock);
	pthread_mutex_unlock(&p->lock);
	pthread_mutex_unlock(&p->run_lock);
}

void
pool_free(struct pool *p)
{
	int	i;

	if (p == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	atomic_store(&p->quit, 1);
	pthread_cond_broadcast(&p->start);
	pthread_mutex_unlock(&p->lock);
	for (i = 0; i < p->n - 1 && p->workers != NULL; i++)
		pthread_join(p->workers[i].thread, NULL);
	pthread_mutex_destroy(&p->run_lock);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->start);
	pthread_cond_destroy(&p->done);
	free(p->workers);
	free(p);
}
