/*
 * thumbs.c - the head grid's thumbnail cache; see thumbs.h.
 */
#include "build-config.h"

#include <stdlib.h>
#include <string.h>

#include "attntui/view/thumbs.h"

void
thumbs_init(struct thumbs *t)
{
	memset(t, 0, sizeof *t);
}

void
thumbs_free(struct thumbs *t)
{
	free(t->pix);
	free(t->made);
	thumbs_init(t);
}

static int
thumbs_same(const struct thumbs_key *a, const struct thumbs_key *b)
{
	return a->layer == b->layer && a->scale == b->scale &&
	    a->pool == b->pool && a->win.r0 == b->win.r0 &&
	    a->win.r1 == b->win.r1 && a->win.c0 == b->win.c0 &&
	    a->win.c1 == b->win.c1 && a->rows == b->rows &&
	    a->cols == b->cols && a->sign == b->sign;
}

static size_t
thumbs_pixels(const struct thumbs *t)
{
	return (size_t)t->key.rows * (size_t)t->key.cols;
}

int
thumbs_use(struct thumbs *t, const struct thumbs_key *key, int64_t heads,
    struct error *err)
{
	size_t	n;

	if (t->pix != NULL && t->heads == heads && thumbs_same(&t->key, key))
		return 0;
	thumbs_free(t);
	if (key->rows < 1 || key->cols < 1 || heads < 1)
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "no thumbnails of %dx%d pixels for %lld heads",
		    key->rows, key->cols, (long long)heads);
	n = (size_t)key->rows * (size_t)key->cols;
	if (n > SIZE_MAX / sizeof *t->pix / (size_t)heads ||
	    (t->pix = malloc(n * (size_t)heads * sizeof *t->pix)) == NULL ||
	    (t->made = calloc((size_t)heads, sizeof *t->made)) == NULL) {
		thumbs_free(t);
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory for the head grid");
	}
	t->key = *key;
	t->heads = heads;
	return 0;
}

const float *
thumbs_get(const struct thumbs *t, int64_t head)
{
	if (t->pix == NULL || head < 0 || head >= t->heads || !t->made[head])
		return NULL;
	return t->pix + (size_t)head * thumbs_pixels(t);
}

const float *
thumbs_make(struct thumbs *t, int64_t head, const float *a, int64_t stride)
{
	float	*pix = t->pix + (size_t)head * thumbs_pixels(t);

	(t->key.sign ? heatmap_signed_image : heatmap_image)(a, stride,
	    &t->key.win, t->key.rows, t->key.cols, t->key.pool, t->key.scale,
	    pix, NULL);
	t->made[head] = 1;
	return pix;
}
