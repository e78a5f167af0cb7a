/*
 * background.c - the forward pass on a thread of its own; see
 * background.h.
 */
#include "build-config.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "attntui/base/pool.h"
#include "attntui/compute/background.h"

struct background {
	const struct config	*cfg;
	const struct weights	*w;
	const struct tokens	*tok;
	struct pool		*pool;

	pthread_t		 thread;
	int			 joined;
	atomic_int		 cancel;
	atomic_int		 finished;

	/* The handshake: the store exists, or the pass ended first. */
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
	struct store		*store;
	int			 over;

	/* The pass's own, read once the thread is joined. */
	struct forward_result	 res;
	struct error		 err;
	int			 rc;
	int			 told;		/* err handed over */
};

static void
background_store_made(void *ctx, struct store *s)
{
	struct background	*b = ctx;

	pthread_mutex_lock(&b->lock);
	b->store = s;
	pthread_cond_signal(&b->cond);
	pthread_mutex_unlock(&b->lock);
}

static void *
background_main(void *arg)
{
	struct background	*b = arg;
	struct forward_watch	 watch;

	memset(&watch, 0, sizeof watch);
	watch.store_made = background_store_made;
	watch.ctx = b;
	watch.cancel = &b->cancel;
	b->rc = forward_run_watched(b->cfg, b->w, b->tok, b->pool, &watch,
	    &b->res, &b->err);
	pthread_mutex_lock(&b->lock);
	b->over = 1;
	pthread_cond_signal(&b->cond);
	pthread_mutex_unlock(&b->lock);
	atomic_store(&b->finished, 1);
	return NULL;
}

static void
background_join(struct background *b)
{
	if (!b->joined) {
		pthread_join(b->thread, NULL);
		b->joined = 1;
	}
}

static void
background_destroy(struct background *b)
{
	forward_result_free(&b->res);
	error_clear(&b->err);
	pthread_mutex_destroy(&b->lock);
	pthread_cond_destroy(&b->cond);
	free(b);
}

int
background_start(const struct config *cfg, const struct weights *w,
    const struct tokens *tok, struct pool *pool, struct background **out,
    struct error *err)
{
	struct background	*b;
	int			 rc;

	*out = NULL;
	if ((b = calloc(1, sizeof *b)) == NULL)
		return error_nomem(err, NULL);
	b->cfg = cfg;
	b->w = w;
	b->tok = tok;
	b->pool = pool;
	atomic_init(&b->cancel, 0);
	atomic_init(&b->finished, 0);
	pthread_mutex_init(&b->lock, NULL);
	pthread_cond_init(&b->cond, NULL);
	if ((rc = pool_thread_start(&b->thread, background_main, b)) != 0) {
		background_destroy(b);
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "cannot start thread: %s", strerror(rc));
	}
	pthread_mutex_lock(&b->lock);
	while (b->store == NULL && !b->over)
		pthread_cond_wait(&b->cond, &b->lock);
	pthread_mutex_unlock(&b->lock);
	if (b->store == NULL) {
		/* It failed before it made a store: its error is ours. */
		background_join(b);
		error_clear(err);
		*err = b->err;
		memset(&b->err, 0, sizeof b->err);
		background_destroy(b);
		return -1;
	}
	*out = b;
	return 0;
}

struct store *
background_store(const struct background *b)
{
	return b->store;
}

int
background_poll(struct background *b, struct error *err)
{
	if (!atomic_load(&b->finished))
		return 0;
	if (!b->joined) {
		background_join(b);
		/* Nobody else reads the store now: it may have the pool. */
		if (b->rc == 0)
			store_use_pool(b->store, b->pool);
	}
	if (b->rc == 0)
		return 1;
	if (!b->told) {
		b->told = 1;
		error_clear(err);
		*err = b->err;
		memset(&b->err, 0, sizeof b->err);
	}
	return -1;
}

int
background_wait(struct background *b, struct error *err)
{
	background_join(b);
	return background_poll(b, err) == 1 ? 0 : -1;
}

void
background_stop(struct background *b)
{
	atomic_store(&b->cancel, 1);
	background_join(b);
}

void
background_free(struct background *b)
{
	if (b == NULL)
		return;
	background_stop(b);
	background_destroy(b);
}
