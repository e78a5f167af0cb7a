/*
 * headcache.c - heads made on a thread of their own, kept in slots; see
 * headcache.h.
 *
 * One lock guards the slots, the wanted list and the fetch; the thread
 * lets go of it while it makes a head.  A slot is EMPTY, MAKING (the
 * thread writes it) or READY; the thread takes for a new head an empty
 * slot or one whose head is no longer wanted, and only the reader
 * changes what is wanted, so a wanted READY slot stays as it is until
 * the reader says otherwise: what headcache_get() hands out in place.
 *
 * The head the reader looks at is made at once; the others wait until
 * HEADCACHE_SETTLE_MS after the reader last changed what it wants, so
 * that on few cores they do not slow the drawing of the frame the
 * change was for (nor follow every key of a quick succession).
 */
#include "build-config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attntui/base/pool.h"
#include "attntui/compute/headcache.h"

#define HEADCACHE_SETTLE_MS	40

enum hc_state { HC_EMPTY, HC_MAKING, HC_READY };

struct hc_slot {
	float			*data;
	struct headcache_key	 key;
	enum hc_state		 state;
};

struct headcache {
	headcache_make_fn	 make;
	void			*ctx;
	size_t			 floats;
	int			 n_slots;
	struct hc_slot		 slots[HEADCACHE_MAX_SLOTS];
	struct headcache_key	 want[HEADCACHE_MAX_SLOTS];
	int			 n_want;
	struct timespec		 settled;	/* others wait for it */

	/* A fetch: made into the reader's buffer before anything else. */
	int			 fetch_pending, fetch_done;
	struct headcache_key	 fetch_key;
	float			*fetch_dst;

	pthread_t		 thread;
	pthread_mutex_t		 lock;
	pthread_cond_t		 work;	/* the thread waits here */
	pthread_cond_t		 done;	/* the reader waits here */
	atomic_int		 stop;	/* abandon the head in making */
	atomic_int		 never;	/* 0: a fetch goes on */
	int			 quit;
};

static int
hc_same(struct headcache_key a, struct headcache_key b)
{
	return a.layer == b.layer && a.head == b.head;
}

/* Where key is in the wanted list, or -1. */
static int
hc_wanted(const struct headcache *c, struct headcache_key key)
{
	int	i;

	for (i = 0; i < c->n_want; i++)
		if (hc_same(c->want[i], key))
			return i;
	return -1;
}

/* The slot that holds or is making key, or NULL. */
static struct hc_slot *
hc_holding(struct headcache *c, struct headcache_key key)
{
	int	i;

	for (i = 0; i < c->n_slots; i++)
		if (c->slots[i].state != HC_EMPTY &&
		    hc_same(c->slots[i].key, key))
			return &c->slots[i];
	return NULL;
}

/*
 * The next head to make, the first wanted one that no slot holds, and
 * the slot for it: an empty one, else one whose head is not wanted.
 */
static struct hc_slot *
hc_next(struct headcache *c, struct headcache_key *key)
{
	struct hc_slot	*s;
	int		 i, j;

	for (i = 0; i < c->n_want; i++) {
		if (hc_holding(c, c->want[i]) != NULL)
			continue;
		for (j = 0; j < c->n_slots; j++) {
			s = &c->slots[j];
			if (s->state == HC_EMPTY || (s->state == HC_READY &&
			    hc_wanted(c, s->key) < 0)) {
				*key = c->want[i];
				return s;
			}
		}
		return NULL;
	}
	return NULL;
}

/* The thread's part of a fetch: make it, say so.  Lock held. */
static void
hc_do_fetch(struct headcache *c)
{
	struct headcache_key	key = c->fetch_key;
	float			*dst = c->fetch_dst;

	c->fetch_pending = 0;
	pthread_mutex_unlock(&c->lock);
	c->make(c->ctx, key.layer, key.head, dst, &c->never);
	pthread_mutex_lock(&c->lock);
	c->fetch_done = 1;
	pthread_cond_broadcast(&c->done);
}

/* Is it before t? */
static int
hc_before(const struct timespec *t)
{
	struct timespec	now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec < t->tv_sec || (now.tv_sec == t->tv_sec &&
	    now.tv_nsec < t->tv_nsec);
}

static void *
hc_main(void *arg)
{
	struct headcache	*c = arg;
	struct headcache_key	 key;
	struct hc_slot		*s;
	int			 rc;

	pthread_mutex_lock(&c->lock);
	while (!c->quit) {
		if (c->fetch_pending) {
			hc_do_fetch(c);
			continue;
		}
		if ((s = hc_next(c, &key)) == NULL) {
			pthread_cond_wait(&c->work, &c->lock);
			continue;
		}
		if (!hc_same(key, c->want[0]) && hc_before(&c->settled)) {
			pthread_cond_timedwait(&c->work, &c->lock,
			    &c->settled);
			continue;
		}
		s->key = key;
		s->state = HC_MAKING;
		atomic_store(&c->stop, 0);
		pthread_mutex_unlock(&c->lock);
		rc = c->make(c->ctx, key.layer, key.head, s->data, &c->stop);
		pthread_mutex_lock(&c->lock);
		s->state = rc == 0 ? HC_READY : HC_EMPTY;
		pthread_cond_broadcast(&c->done);
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

static void
hc_destroy(struct headcache *c)
{
	int	i;

	for (i = 0; i < c->n_slots; i++)
		free(c->slots[i].data);
	pthread_mutex_destroy(&c->lock);
	pthread_cond_destroy(&c->work);
	pthread_cond_destroy(&c->done);
	free(c);
}

int
headcache_create(int n_slots, size_t head_floats, headcache_make_fn make,
    void *ctx, struct headcache **out, struct error *err)
{
	struct headcache	*c;
	pthread_condattr_t	 ca;
	int			 i, rc;

	*out = NULL;
	if (n_slots < 1 || n_slots > HEADCACHE_MAX_SLOTS || head_floats == 0 ||
	    head_floats > SIZE_MAX / sizeof(float))
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "head cache: bad size");
	if ((c = calloc(1, sizeof *c)) == NULL)
		return error_nomem(err, NULL);
	c->make = make;
	c->ctx = ctx;
	c->floats = head_floats;
	pthread_mutex_init(&c->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&c->work, &ca);
	pthread_condattr_destroy(&ca);
	pthread_cond_init(&c->done, NULL);
	atomic_init(&c->stop, 0);
	atomic_init(&c->never, 0);
	/* Untouched pages cost nothing until a slot is first filled. */
	for (i = 0; i < n_slots; i++, c->n_slots++)
		if ((c->slots[i].data = malloc(head_floats *
		    sizeof(float))) == NULL) {
			hc_destroy(c);
			return error_nomem(err, NULL);
		}
	if ((rc = pool_thread_start(&c->thread, hc_main, c)) != 0) {
		hc_destroy(c);
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "cannot start thread: %s", strerror(rc));
	}
	*out = c;
	return 0;
}

void
headcache_free(struct headcache *c)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&c->lock);
	c->quit = 1;
	atomic_store(&c->stop, 1);
	pthread_cond_signal(&c->work);
	pthread_mutex_unlock(&c->lock);
	pthread_join(c->thread, NULL);
	hc_destroy(c);
}

void
headcache_want(struct headcache *c, const struct headcache_key *want, int n)
{
	int	i, at;

	pthread_mutex_lock(&c->lock);
	c->n_want = n < c->n_slots ? n : c->n_slots;
	memcpy(c->want, want, (size_t)c->n_want * sizeof *want);
	clock_gettime(CLOCK_MONOTONIC, &c->settled);
	c->settled.tv_nsec += HEADCACHE_SETTLE_MS * 1000000L;
	if (c->settled.tv_nsec >= 1000000000L) {
		c->settled.tv_sec++;
		c->settled.tv_nsec -= 1000000000L;
	}
	/* Abandon a head nobody wants, or one that keeps the reader's
	   own head waiting. */
	for (i = 0; i < c->n_slots; i++) {
		if (c->slots[i].state != HC_MAKING)
			continue;
		at = hc_wanted(c, c->slots[i].key);
		if (at < 0 || (at > 0 && hc_holding(c, c->want[0]) == NULL))
			atomic_store(&c->stop, 1);
	}
	pthread_cond_signal(&c->work);
	pthread_mutex_unlock(&c->lock);
}

const float *
headcache_get(struct headcache *c, int64_t layer, int64_t head)
{
	struct headcache_key	 key = { layer, head };
	struct hc_slot		*s;
	const float		*p = NULL;

	pthread_mutex_lock(&c->lock);
	/* A wanted head always gets a slot: the thread makes it. */
	while (hc_wanted(c, key) >= 0) {
		if ((s = hc_holding(c, key)) != NULL &&
		    s->state == HC_READY) {
			p = s->data;
			break;
		}
		pthread_cond_wait(&c->done, &c->lock);
	}
	pthread_mutex_unlock(&c->lock);
	return p;
}

void
headcache_fetch(struct headcache *c, int64_t layer, int64_t head,
    float *dst)
{
	struct headcache_key	 key = { layer, head };
	struct hc_slot		*s;

	pthread_mutex_lock(&c->lock);
	while ((s = hc_holding(c, key)) != NULL && s->state == HC_MAKING)
		pthread_cond_wait(&c->done, &c->lock);
	if (s != NULL) {
		memcpy(dst, s->data, c->floats * sizeof *dst);
		pthread_mutex_unlock(&c->lock);
		return;
	}
	c->fetch_key = key;
	c->fetch_dst = dst;
	c->fetch_done = 0;
	c->fetch_pending = 1;
	atomic_store(&c->stop, 1);
	pthread_cond_signal(&c->work);
	while (!c->fetch_done)
		pthread_cond_wait(&c->done, &c->lock);
	pthread_mutex_unlock(&c->lock);
}
