/*
 * probe.c - the induction probe's token ids; see probe.h.
 */
#include "build-config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "attntui/base/rng.h"
#include "attntui/model/probe.h"

#define PROBE_MAX	(1LL << 30)	/* tokens a copy, at most */

int
probe_parse(const char *spec, int64_t *n, struct error *err)
{
	const char	*p = "repeat:", *num = spec + strlen(p);
	char		*end;
	long long	 v;

	if (strncmp(spec, p, strlen(p)) != 0)
		goto bad;
	errno = 0;
	v = strtoll(num, &end, 10);
	if (num[0] < '0' || num[0] > '9' || *end != '\0' || errno != 0 ||
	    v < 1 || v > PROBE_MAX)
		goto bad;
	*n = v;
	return 0;
bad:
	return error_set(err, EXIT_USAGE, NULL, 0, 0, "--probe: expected "
	    "repeat:N, N a whole number from 1 to %lld, found '%s'",
	    PROBE_MAX, spec);
}

int64_t
probe_length(const struct probe_vocab *v, int64_t n)
{
	return 2 * n + (v->bos >= 0);
}

static int
probe_avoided(const struct probe_vocab *v, int64_t id)
{
	size_t	i;

	for (i = 0; i < v->n_avoid; i++)
		if (v->avoid[i] == id)
			return 1;
	return id == v->bos;
}

/* Some id in [0, size) may be drawn. */
static int
probe_drawable(const struct probe_vocab *v)
{
	int64_t	id;

	for (id = 0; id < v->size; id++)
		if (!probe_avoided(v, id))
			return 1;
	return 0;
}

int
probe_ids(const struct probe_vocab *v, int64_t n, uint64_t seed,
    int64_t *ids, struct error *err)
{
	uint64_t	key, k = 0;
	int64_t		i, id, *copy;

	if (v->size < 1 || !probe_drawable(v))
		return error_set(err, EXIT_USAGE, NULL, 0, 0, "--probe: the "
		    "vocabulary has no ordinary token to draw");
	key = rng_splitmix64(seed ^ rng_fnv1a64("probe", 5));
	if (v->bos >= 0)
		*ids++ = v->bos;
	copy = ids + n;
	for (i = 0; i < n; i++) {
		do
			id = (int64_t)(rng_splitmix64(key + k++) %
			    (uint64_t)v->size);
		while (probe_avoided(v, id));
		ids[i] = copy[i] = id;
	}
	return 0;
}
