/*
 * frame.c - what a frame worked out and the data it draws from; see
 * frame.h.
 */
#include "build-config.h"

#include <stdlib.h>
#include <string.h>

#include "attntui/view/frame.h"

int
frame_init(struct frame *f, struct store *s, struct error *err)
{
	int64_t	i;
	size_t	n;

	memset(f, 0, sizeof *f);
	thumbs_init(&f->thumbs);
	thumbs_init(&f->model_thumbs);
	f->store = s;
	f->L = store_layers(s);
	f->H = store_heads(s);
	f->Tq = store_seq(s);
	f->Tk = store_keys(s);
	f->widths_ascii = -1;
	if (analysis_init(&f->an, s, err) != 0)
		return -1;
	n = (size_t)f->Tq * (size_t)f->Tk;
	f->n_words = f->Tq > f->Tk ? f->Tq : f->Tk;
	f->buffer = malloc(n * sizeof *f->buffer);
	f->matrix = f->buffer;
	f->order = malloc((size_t)f->Tk * sizeof *f->order);
	f->words = calloc((size_t)f->n_words, sizeof *f->words);
	if (f->buffer == NULL || f->order == NULL || f->words == NULL) {
		frame_free(f);
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory for the view");
	}
	for (i = 0; i < f->Tk; i++)
		f->order[i] = i;
	return 0;
}

void
frame_free(struct frame *f)
{
	analysis_free(&f->an);
	thumbs_free(&f->thumbs);
	thumbs_free(&f->model_thumbs);
	free(f->buffer);
	free(f->head);
	free(f->pix);
	free(f->order);
	free(f->words);
	memset(f, 0, sizeof *f);
}

/*
 * One head, read in place from a dense F32 store (at T = 4096 a copy is
 * 64 MB, half the time of a head switch), else copied into *scratch,
 * allocated on first use.  NULL with err on failure.
 */
static const float *
frame_head(struct frame *f, int64_t layer, int64_t head, float **scratch,
    struct error *err)
{
	const float	*a;

	f->fetches++;
	if ((a = store_head_data(f->store, layer, head)) != NULL)
		return a;
	if (*scratch == NULL && (*scratch = malloc((size_t)f->Tq *
	    (size_t)f->Tk * sizeof **scratch)) == NULL) {
		error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory for the head grid");
		return NULL;
	}
	if (analysis_get(&f->an, layer, ANALYSIS_HEAD, head, *scratch,
	    err) != 0)
		return NULL;
	return *scratch;
}

int
frame_load(struct frame *f, int64_t layer, enum analysis_kind kind,
    int64_t head, struct error *err)
{
	if (f->have && f->have_kind == kind && f->have_layer == layer &&
	    (kind != ANALYSIS_HEAD || f->have_head == head))
		return 0;
	f->have = 0;
	/* A store that recomputes heads makes this one and its
	   neighbours ahead, while the user looks at it. */
	if (kind == ANALYSIS_HEAD)
		store_prefetch(f->store, layer, head);
	if (kind == ANALYSIS_HEAD)
		f->matrix = frame_head(f, layer, head, &f->buffer, err);
	else if (analysis_get(&f->an, layer, kind, head, f->buffer,
	    err) == 0)
		f->matrix = f->buffer;
	else
		f->matrix = NULL;
	if (f->matrix == NULL) {
		f->matrix = f->buffer;
		return -1;
	}
	f->have = 1;
	f->have_kind = kind;
	f->have_layer = layer;
	f->have_head = head;
	return 0;
}

/* Thumbnail i of cache t (of n) under key: head of layer. */
static const float *
frame_cached_thumb(struct frame *f, struct thumbs *t,
    const struct thumbs_key *key, int64_t n, int64_t layer, int64_t head,
    int64_t i, struct error *err)
{
	const float	*pix, *a;

	if (thumbs_use(t, key, n, err) != 0)
		return NULL;
	if ((pix = thumbs_get(t, i)) != NULL)
		return pix;
	if ((a = frame_head(f, layer, head, &f->head, err)) == NULL)
		return NULL;
	return thumbs_make(t, i, a, f->Tk);
}

const float *
frame_thumb(struct frame *f, const struct thumbs_key *key, int64_t head,
    struct error *err)
{
	return frame_cached_thumb(f, &f->thumbs, key, f->H, key->layer, head,
	    head, err);
}

const float *
frame_model_thumb(struct frame *f, const struct thumbs_key *key,
    int64_t layer, int64_t head, struct error *err)
{
	struct thumbs_key	k = *key;

	k.layer = -1;
	return frame_cached_thumb(f, &f->model_thumbs, &k, f->L * f->H,
	    layer, head, layer * f->H + head, err);
}

float *
frame_pixels(struct frame *f, size_t n)
{
	float	*p;

	if (n <= f->pix_len)
		return f->pix;
	if ((p = realloc(f->pix, n * sizeof *p)) == NULL)
		return NULL;
	f->pix = p;
	f->pix_len = n;
	return p;
}

int64_t
frame_text_token(const struct frame *f, int x, int y)
{
	int64_t	t;
	int32_t	line = f->text_first + (y - f->text_y);

	if (y < f->text_y || y >= f->text_y + f->text_h)
		return -1;
	for (t = 0; t < f->n_text; t++)
		if (f->words[t].line == line && x >= f->text_x +
		    f->words[t].x && x < f->text_x + f->words[t].x +
		    f->words[t].w)
			return t;
	return -1;
}
