/*
 * diff.c - one store minus another; see diff.h.
 */
#include "build-config.h"

#include <stdlib.h>

#include "attntui/attn/diff.h"

struct diff {
	struct store	*a, *b;
	float		*tmp;		/* one of b's heads */
};

int
diff_check(const struct store *a, const struct store *b, const char *what,
    struct error *err)
{
	const struct store	*cross;

	cross = store_seq(a) != store_keys(a) ? a :
	    store_seq(b) != store_keys(b) ? b : NULL;
	if (cross != NULL)
		return error_set(err, EXIT_USAGE, NULL, 0, 0, "--against: "
		    "compares self-attention; %s is cross-attention (%lld "
		    "queries, %lld keys)", cross == a ? "this input" : what,
		    (long long)store_seq(cross), (long long)store_keys(cross));
	if (store_seq(a) != store_seq(b))
		return error_set(err, EXIT_USAGE, NULL, 0, 0, "--against: "
		    "this input has %lld tokens and %s has %lld; both sides "
		    "must have the same number", (long long)store_seq(a), what,
		    (long long)store_seq(b));
	if (store_layers(a) != store_layers(b) ||
	    store_heads(a) != store_heads(b))
		return error_set(err, EXIT_USAGE, NULL, 0, 0, "--against: "
		    "this model has %lld layers of %lld heads and %s has "
		    "%lld of %lld; both sides must have the same shape",
		    (long long)store_layers(a), (long long)store_heads(a),
		    what, (long long)store_layers(b),
		    (long long)store_heads(b));
	return 0;
}

static int
diff_head(void *ctx, int64_t layer, int64_t head, float *dst,
    struct error *err)
{
	struct diff	*d = ctx;
	size_t		 n = (size_t)store_seq(d->a) * (size_t)store_seq(d->a);
	size_t		 i;

	if (store_head(d->a, layer, head, dst, err) != 0 ||
	    store_head(d->b, layer, head, d->tmp, err) != 0)
		return -1;
	for (i = 0; i < n; i++)
		dst[i] -= d->tmp[i];
	return 0;
}

static void
diff_release(void *ctx)
{
	struct diff	*d = ctx;

	free(d->tmp);
	free(d);
}

int
diff_store(struct store *a, struct store *b, struct store **out,
    struct error *err)
{
	struct diff	*d;
	size_t		 T = (size_t)store_seq(a);

	*out = NULL;
	if ((d = calloc(1, sizeof *d)) == NULL ||
	    (d->tmp = malloc(T * T * sizeof *d->tmp)) == NULL) {
		free(d);
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory for a %zu x %zu head", T, T);
	}
	d->a = a;
	d->b = b;
	if (store_derive(store_layers(a), store_heads(a), store_seq(a), 1,
	    diff_head, diff_release, d, out, err) != 0) {
		diff_release(d);
		return -1;
	}
	return 0;
}
