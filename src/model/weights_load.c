/*
 * weights_load.c - a model's tensors from a seeded init or a safetensors
 * file; see weights_load.h.
 *
 * Both walk the one plan of weights_plan.c: init fills each tensor
 * into an arena on the pool; a file's tensors are bound by name and
 * shape, used in place when aligned F32, converted into the arena
 * otherwise.
 */
#include "build-config.h"

#include <sys/mman.h>

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attntui/base/pool.h"
#include "attntui/base/progress.h"
#include "attntui/base/rng.h"
#include "attntui/io/safetensors.h"
#include "attntui/io/safetensors_index.h"
#include "attntui/model/hf_config.h"
#include "attntui/model/weights.h"
#include "attntui/model/weights_load.h"
#include "attntui/model/weights_plan.h"

/* Init and conversion work in pieces this size, so threads share big
   tensors. */
#define WEIGHTS_FILL_CHUNK	(1 << 16)
/* Arena tensors start on a cache line; a large arena on a huge page. */
#define WEIGHTS_ALIGN		64
#define WEIGHTS_HUGE		((size_t)2 << 20)
/* The finite check reads the file in pieces this size (elements). */
#define WEIGHTS_SCAN_CHUNK	(1 << 20)

static const char *const weights_prefixes[] = {
	"", "transformer.", "model.", "bert."
};
#define WEIGHTS_N_PREFIXES \
	(sizeof weights_prefixes / sizeof *weights_prefixes)

/*
 * The layers weights_load_flags left to make: the plan's specs (offsets
 * into the arena, names, init), each layer's range of them, which are
 * made, and room for a fill's chunk table.
 */
struct weights_later {
	const struct config	*cfg;
	float			*arena;
	struct weights_spec	*specs;
	size_t			*range;		/* layer l's specs: [range[2l],
						   range[2l + 1]) */
	int64_t			 n_layers;
	atomic_int		*made;		/* per layer */
	size_t			*first_chunk;	/* a layer's specs + 1 */
	pthread_mutex_t		 lock;
};

struct weights_fill {
	const struct config		*cfg;
	const struct weights_plan	*pl;
	float				*arena;
	size_t				*first_chunk;	/* per spec */
	int				 counted;	/* on the loading bar */
};

/*
 * Chunk c of a job over the plan's tensors: the tensor by bisection (the
 * last spec whose first chunk is <= c: specs the job skips own no
 * chunk), and its elements [*first, *end).  0 when the chunk is empty.
 */
static int
weights_chunk(const struct weights_plan *pl, const size_t *first_chunk,
    size_t c, size_t chunk, size_t *spec, size_t *first, size_t *end)
{
	size_t	lo = 0, hi = pl->n, mid, n = 0;

	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (first_chunk[mid] <= c)
			lo = mid;
		else
			hi = mid;
	}
	weights_spec_elements(&pl->specs[lo], &n);
	*spec = lo;
	*first = (c - first_chunk[lo]) * chunk;
	*end = n - *first > chunk ? *first + chunk : n;
	return *first < n;
}

/* Chunks per spec for a job over the specs that want(): first_chunk. */
static size_t
weights_chunks(const struct weights_plan *pl, size_t chunk,
    int (*want)(const struct weights_spec *), size_t *first_chunk)
{
	size_t	chunks = 0, n, i;

	for (i = 0; i < pl->n; i++) {
		first_chunk[i] = chunks;
		if (!want(&pl->specs[i]))
			continue;
		weights_spec_elements(&pl->specs[i], &n);
		/* Every tensor gets at least one chunk, even empty ones. */
		chunks += n == 0 ? 1 : (n + chunk - 1) / chunk;
	}
	return chunks;
}

/* One chunk of one tensor: convert it from the file or fill it as init
   says. */
static void
weights_fill_item(void *arg, int64_t item, int worker)
{
	struct weights_fill		*f = arg;
	const struct weights_spec	*s;
	size_t				 spec, first, n, k;
	float				*dst;

	(void)worker;
	if (!weights_chunk(f->pl, f->first_chunk, (size_t)item,
	    WEIGHTS_FILL_CHUNK, &spec, &first, &n))
		return;
	s = &f->pl->specs[spec];
	dst = f->arena + s->offset + first;
	if (f->counted)
		progress_add((int64_t)(n - first));
	if (s->src != NULL) {
		/* weights_bind checked dtype and size. */
		safetensors_to_f32(s->src, first, n - first, dst);
		for (k = 0; s->add != 0.0f && k < n - first; k++)
			dst[k] += s->add;
		return;
	}
	switch (s->init) {
	case INIT_NORMAL:
		rng_normal_fill(f->cfg->weights.seed, s->name,
		    f->cfg->weights.std, first, n - first, dst);
		break;
	case INIT_ONE:
		for (k = 0; k < n - first; k++)
			dst[k] = 1.0f;
		break;
	case INIT_ZERO:
		memset(dst, 0, (n - first) * sizeof *dst);
		break;
	}
}

static int
weights_in_arena(const struct weights_spec *s)
{
	return s->in_arena;
}

static int
weights_fill_now(const struct weights_spec *s)
{
	return s->in_arena && !s->later;
}

/*
 * Fill pl's specs that want() into arena on the pool; counted on the
 * loading bar, or not (a layer made as the pass reaches it: the pass
 * has a bar of its own).
 */
static void
weights_fill(const struct config *cfg, struct pool *pool, float *arena,
    const struct weights_plan *pl, int (*want)(const struct weights_spec *),
    size_t *first_chunk, int counted)
{
	struct weights_fill	f;
	size_t			chunks;

	memset(&f, 0, sizeof f);
	f.counted = counted;
	f.cfg = cfg;
	f.pl = pl;
	f.arena = arena;
	f.first_chunk = first_chunk;
	chunks = weights_chunks(pl, WEIGHTS_FILL_CHUNK, want, first_chunk);
	pool_run(pool, (int64_t)chunks, weights_fill_item, &f);
}

static int
weights_from_file(const struct weights_spec *s)
{
	return s->src != NULL;
}

/* The finite check: per chunk, the first bad element, or SIZE_MAX. */
struct weights_scan {
	const struct weights_plan	*pl;
	size_t				*first_chunk;
	size_t				*bad;
};

static void
weights_scan_item(void *arg, int64_t item, int worker)
{
	struct weights_scan		*sc = arg;
	const struct st_tensor		*t;
	size_t				 spec, first, end, size, i;

	(void)worker;
	sc->bad[item] = SIZE_MAX;
	if (!weights_chunk(sc->pl, sc->first_chunk, (size_t)item,
	    WEIGHTS_SCAN_CHUNK, &spec, &first, &end))
		return;
	t = sc->pl->specs[spec].src;
	size = dtype_size(t->dtype);
	progress_add((int64_t)(end - first));
	i = dtype_first_nonfinite(t->dtype, (const char *)t->data +
	    first * size, end - first);
	if (i < end - first)
		sc->bad[item] = first + i;
}

/*
 * A checkpoint holding a NaN or an infinity would give attention of
 * NaNs: refuse it at load, naming the first such tensor and element.
 * The file's bits are read, on the pool, whatever the dtype.
 */
static int
weights_check_finite(struct pool *pool, const struct config *cfg,
    const struct weights_plan *pl, struct error *err)
{
	struct weights_scan	sc;
	size_t			chunks, c, spec, first, end;
	int			rc = 0;

	sc.pl = pl;
	if ((sc.first_chunk = calloc(pl->n + 1, sizeof *sc.first_chunk)) ==
	    NULL)
		return error_nomem(err, NULL);
	chunks = weights_chunks(pl, WEIGHTS_SCAN_CHUNK, weights_from_file,
	    sc.first_chunk);
	if ((sc.bad = calloc(chunks + 1, sizeof *sc.bad)) == NULL) {
		free(sc.first_chunk);
		return error_nomem(err, NULL);
	}
	pool_run(pool, (int64_t)chunks, weights_scan_item, &sc);
	for (c = 0; c < chunks; c++) {
		if (sc.bad[c] == SIZE_MAX)
			continue;
		weights_chunk(pl, sc.first_chunk, c, WEIGHTS_SCAN_CHUNK,
		    &spec, &first, &end);
		rc = error_set(err, EXIT_USAGE, cfg->weights.file, 0, 0,
		    "tensor '%s' holds a NaN or an infinity at element %zu; "
		    "expected finite weights", pl->specs[spec].name,
		    sc.bad[c]);
		break;
	}
	free(sc.bad);
	free(sc.first_chunk);
	return rc;
}

/*
 * Lay the arena's tensors out (each 64-byte aligned, for the vector
 * loads of BLAS and ops), allocate it, point their slots at it and fill
 * it on the pool: seeded values for init, conversions for a file.
 */
static int
weights_arena(const struct config *cfg, struct pool *pool,
    struct weights *w, struct weights_plan *pl, struct error *err)
{
	size_t			 total = 0, n, bytes, i, *first_chunk;
	const size_t		 align = WEIGHTS_ALIGN / sizeof(float);

	for (i = 0; i < pl->n; i++) {
		if (!pl->specs[i].in_arena)
			continue;
		if (weights_spec_elements(&pl->specs[i], &n) != 0 ||
		    n > SIZE_MAX / sizeof(float) - align ||
		    total > SIZE_MAX / sizeof(float) - align - n)
			return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
			    "weights too large");
		pl->specs[i].offset = total;
		total += (n + align - 1) / align * align;
	}
	if (total == 0)
		return 0;
	bytes = total * sizeof(float);
	if (bytes >= WEIGHTS_HUGE) {
		/* Whole 2 MiB pages, so that the kernel may back a large
		   arena with huge pages: filling it then takes a page
		   fault per 2 MiB, not per 4 KiB (GPT-2 small from BF16
		   loads in 0.18 s instead of 0.33 s). */
		bytes = (bytes + WEIGHTS_HUGE - 1) / WEIGHTS_HUGE *
		    WEIGHTS_HUGE;
		w->arena = aligned_alloc(WEIGHTS_HUGE, bytes);
#ifdef MADV_HUGEPAGE
		if (w->arena != NULL)
			(void)madvise(w->arena, bytes, MADV_HUGEPAGE);
#endif
	} else
		w->arena = aligned_alloc(WEIGHTS_ALIGN, bytes);
	if (w->arena == NULL)
		return error_set(err, EXIT_RUNTIME, NULL, 0, 0,
		    "out of memory for %zu weights", total);
	for (i = 0; i < pl->n; i++)
		if (pl->specs[i].in_arena)
			*pl->specs[i].slot = w->arena + pl->specs[i].offset;
	if ((first_chunk = calloc(pl->n + 1, sizeof *first_chunk)) == NULL)
		return error_nomem(err, NULL);
	weights_fill(cfg, pool, w->arena, pl, weights_fill_now, first_chunk,
	    1);
	free(first_chunk);
	return 0;
}

static void
weights_format_shape(char *buf, size_t len, int rank, const int64_t *shape)
{
	size_t	off;
	int	i;

	off = (size_t)snprintf(buf, len, "[");
	for (i = 0; i < rank && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%lld",
		    i == 0 ? "" : ", ", (long long)shape[i]);
	if (off < len)
		snprintf(buf + off, len - off, "]");
}

/*
 * The checkpoint being read: one safetensors file, or an index and its
 * shards.  The mappings belong to the weights (w->files) from the start,
 * so that weights_free releases them on any failure.
 */
struct weights_ckpt {
	struct weights			*w;
	const char			*path;	/* weights.file */
	struct safetensors_index	 ix;
	int				 sharded;
	size_t				 prefix;	/* weights_prefixes[] */
};

/* The tensor called full, or NULL when the checkpoint has none. */
static const struct st_tensor *
weights_lookup(const struct weights_ckpt *ck, const char *full)
{
	size_t	shard;

	if (!ck->sharded)
		return safetensors_find(&ck->w->files[0], full);
	if (safetensors_index_find(&ck->ix, full, &shard) != 0)
		return NULL;
	/* weights_open_shards checked every entry is in its shard. */
	return safetensors_find(&ck->w->files[shard], full);
}

static const struct st_tensor *
weights_lookup_as(const struct weights_ckpt *ck, size_t prefix,
    const char *name)
{
	char	full[WEIGHTS_NAME_LEN + 32];

	snprintf(full, sizeof full, "%s%s", weights_prefixes[prefix], name);
	return weights_lookup(ck, full);
}

/* The file holding t: what its errors name. */
static const char *
weights_file_of(const struct weights_ckpt *ck, const struct st_tensor *t)
{
	size_t	i;

	for (i = 0; i < ck->w->n_files; i++) {
		if (t >= ck->w->files[i].tensors && t <
		    ck->w->files[i].tensors + ck->w->files[i].n_tensors)
			return ck->w->files[i].path;
	}
	return ck->path;
}

/* "a shard named by model.safetensors.index.json for 'NAME' and N more" */
static void
weights_shard_role(const struct safetensors_index *ix, size_t shard,
    char *buf, size_t len)
{
	const char	*first = NULL, *base = strrchr(ix->path, '/');
	size_t		 i, more = 0;

	for (i = 0; i < ix->n_names; i++) {
		if (ix->shard_of[i] != shard)
			continue;
		if (first == NULL)
			first = ix->names[i];
		else
			more++;
	}
	base = base != NULL ? base + 1 : ix->path;
	if (more == 0)
		snprintf(buf, len, "a shard named by %s for '%s'", base,
		    first != NULL ? first : "");
	else
		snprintf(buf, len, "a shard named by %s for '%s' and %zu "
		    "more", base, first != NULL ? first : "", more);
}

/*
 * Map every shard the index names, once each, from the index's own
 * directory, and check each weight_map entry is in the shard it names.
 */
static int
weights_open_shards(struct weights_ckpt *ck, struct error *err)
{
	struct safetensors_index	*ix = &ck->ix;
	struct error			 inner = { 0 };
	const char			*slash = strrchr(ck->path, '/');
	size_t				 dir = slash != NULL ?
					    (size_t)(slash - ck->path) + 1 : 0;
	char				*path, role[256];
	size_t				 i;

	if ((ck->w->files = calloc(ix->n_shards, sizeof *ck->w->files)) ==
	    NULL)
		return error_nomem(err, NULL);
	for (i = 0; i < ix->n_shards; i++) {
		if ((path = malloc(dir + strlen(ix->shards[i]) + 1)) == NULL)
			return error_nomem(err, NULL);
		memcpy(path, ck->path, dir);
		strcpy(path + dir, ix->shards[i]);
		if (safetensors_open(path, &ck->w->files[i], &inner) != 0) {
			/* Say which index sent us there, and for what. */
			weights_shard_role(ix, i, role, sizeof role);
			error_set(err, inner.status, path, 0, 0, "%s (%s)",
			    inner.message != NULL ? inner.message : "error",
			    role);
			error_clear(&inner);
			free(path);
			return -1;
		}
		free(path);
		ck->w->n_files++;
	}
	for (i = 0; i < ix->n_names; i++) {
		if (safetensors_find(&ck->w->files[ix->shard_of[i]],
		    ix->names[i]) == NULL)
			return error_set(err, EXIT_USAGE, ck->path, 0, 0,
			    "weight_map puts tensor '%s' in '%s', which has "
			    "no such tensor", ix->names[i],
			    ix->shards[ix->shard_of[i]]);
	}
	return 0;
}

static int
weights_open(struct weights_ckpt *ck, struct error *err)
{
	if (ck->sharded) {
		if (safetensors_index_open(ck->path, &ck->ix, err) != 0)
			return -1;
		return weights_open_shards(ck, err);
	}
	if ((ck->w->files = calloc(1, sizeof *ck->w->files)) == NULL)
		return error_nomem(err, NULL);
	if (safetensors_open(ck->path, &ck->w->files[0], err) != 0)
		return -1;
	ck->w->n_files = 1;
	return 0;
}

/*
 * The one prefix the checkpoint uses: the one under which most of the
 * plan's tensors are found (a model saved from GPT2LMHeadModel has
 * "transformer.h.0...", one from GPT2Model "h.0...").  A tensor found
 * under two prefixes, or only under another, is refused: mixing two
 * models' tensors would run a model nobody trained.
 */
static int
weights_prefix(struct weights_ckpt *ck, const struct weights_plan *pl,
    struct error *err)
{
	size_t		 count[WEIGHTS_N_PREFIXES] = { 0 };
	const size_t	 np = WEIGHTS_N_PREFIXES;
	size_t		 i, p, best = 0;
	const char	*name;
	char		 other[64];

	for (i = 0; i < pl->n; i++) {
		for (p = 0; p < np; p++)
			if (weights_lookup_as(ck, p, pl->specs[i].name) != NULL)
				count[p]++;
	}
	for (p = 1; p < np; p++)
		if (count[p] > count[best])
			best = p;
	ck->prefix = best;
	for (i = 0; i < pl->n; i++) {
		name = pl->specs[i].name;
		for (p = 0; p < np; p++) {
			if (p == best ||
			    weights_lookup_as(ck, p, name) == NULL)
				continue;
			if (best == 0)
				snprintf(other, sizeof other, "no prefix");
			else
				snprintf(other, sizeof other, "the prefix "
				    "'%s'", weights_prefixes[best]);
			if (weights_lookup_as(ck, best, name) != NULL)
				return error_set(err, EXIT_USAGE, ck->path,
				    0, 0, "tensor '%s' is present both as "
				    "'%s%s' and as '%s%s', expected one "
				    "naming", name, weights_prefixes[best],
				    name, weights_prefixes[p], name);
			return error_set(err, EXIT_USAGE, ck->path, 0, 0,
			    "tensor '%s' is named '%s%s', but the other "
			    "tensors have %s: expected one prefix throughout",
			    name, weights_prefixes[p], name, other);
		}
	}
	return 0;
}

/*
 * Check one file tensor against its spec: aligned F32 is used where it
 * is mapped, anything else the arena holds converted.
 */
static int
weights_bind(const struct weights_ckpt *ck, struct weights_spec *s,
    const struct st_tensor *t, struct error *err)
{
	const char	*path = weights_file_of(ck, t);
	char		 want[96], found[96];
	int		 i, same = t->rank == s->rank;

	for (i = 0; same && i < s->rank; i++)
		if (t->shape[i] != s->shape[i])
			same = 0;
	if (!same) {
		weights_format_shape(want, sizeof want, s->rank, s->shape);
		weights_format_shape(found, sizeof found, t->rank, t->shape);
		return error_set(err, EXIT_USAGE, path, 0, 0,
		    "tensor '%s': expected shape %s, found %s", s->name,
		    want, found);
	}
	if (t->dtype != DTYPE_F32 && t->dtype != DTYPE_F16 && t->dtype != DTYPE_BF16)
		return error_set(err, EXIT_USAGE, path, 0, 0,
		    "tensor '%s': dtype %s is not supported, expected F32, "
		    "F16 or BF16", s->name, dtype_name(t->dtype));
	s->src = t;
	if (s->add != 0.0f)
		return 0;	/* offset norms: float copies in the arena */
	/* Floats may not be read through a misaligned pointer. */
	if (t->dtype == DTYPE_F32 &&
	    ((uintptr_t)t->data & (sizeof(float) - 1)) == 0) {
		*s->slot = t->data;
		s->in_arena = 0;
	} else if (t->dtype != DTYPE_F32 && s->slot16 != NULL) {
		/* A matrix stays as it is, widened where it is used. */
		*s->slot16 = t->data;
		*s->dtype_slot = t->dtype;
		s->in_arena = 0;
	}
	return 0;
}

static int
weights_file(const struct config *cfg, struct weights *w,
    struct weights_plan *pl, struct error *err)
{
	struct weights_ckpt	 ck;
	struct weights_spec	*s;
	const struct st_tensor	*t;
	char			 want[96], full[WEIGHTS_NAME_LEN + 48];
	size_t			 i;
	int			 rc = -1;

	if (cfg->weights.file == NULL && cfg->hf_dir != NULL)
		return hf_config_no_weights(cfg, err);
	if (cfg->weights.file == NULL)
		return error_set(err, EXIT_USAGE, cfg->path, 0, 0,
		    "weights.file is not set");
	memset(&ck, 0, sizeof ck);
	ck.w = w;
	ck.path = cfg->weights.file;
	ck.sharded = safetensors_is_index(ck.path);
	if (weights_open(&ck, err) != 0 || weights_prefix(&ck, pl, err) != 0)
		goto out;
	for (i = 0; i < pl->n; i++) {
		s = &pl->specs[i];
		if ((t = weights_lookup_as(&ck, ck.prefix, s->name)) == NULL) {
			weights_format_shape(want, sizeof want, s->rank,
			    s->shape);
			/* With a prefix, say the name looked for. */
			snprintf(full, sizeof full, " (as '%s%s')",
			    weights_prefixes[ck.prefix], s->name);
			error_set(err, EXIT_USAGE, ck.path, 0, 0,
			    "tensor '%s' %s is missing%s%s", s->name, want,
			    ck.sharded ? " from the weight_map" : "",
			    ck.prefix != 0 ? full : "");
			goto out;
		}
		if (weights_bind(&ck, s, t, err) != 0)
			goto out;
	}
	rc = 0;
out:
	safetensors_index_close(&ck.ix);
	return rc;
}

/*
 * The elements that loading reads or writes: every one the finite check
 * reads from a file, and every one the arena gets.  What the progress
 * bar counts.
 */
static int64_t
weights_work(const struct weights_plan *pl)
{
	size_t	i, n;
	int64_t	total = 0;

	for (i = 0; i < pl->n; i++) {
		if (weights_spec_elements(&pl->specs[i], &n) != 0)
			continue;
		if (pl->specs[i].src != NULL)
			total += (int64_t)n;
		if (weights_fill_now(&pl->specs[i]))
			total += (int64_t)n;
	}
	return total;
}

/* What weights_load_flags left to make; weights_free calls it. */
static void
weights_later_free(struct weights_later *lt)
{
	if (lt == NULL)
		return;
	pthread_mutex_destroy(&lt->lock);
	free(lt->specs);
	free(lt->range);
	free((void *)lt->made);
	free(lt->first_chunk);
	free(lt);
}

/*
 * Keep what making pl's later layers takes: their specs (each layer's
 * contiguous, as weights_plan_all adds them) and a chunk table.
 */
static int
weights_keep_later(const struct config *cfg, struct weights *w,
    const struct weights_plan *pl, struct error *err)
{
	struct weights_later	*lt;
	int64_t			 L = cfg->model.n_layers, l;
	size_t			 i;

	if ((lt = calloc(1, sizeof *lt)) == NULL)
		return error_nomem(err, NULL);
	w->later = lt;
	w->later_free = weights_later_free;
	pthread_mutex_init(&lt->lock, NULL);
	lt->cfg = cfg;
	lt->arena = w->arena;
	lt->n_layers = L;
	lt->specs = calloc(pl->n, sizeof *lt->specs);
	lt->range = calloc(2 * (size_t)L, sizeof *lt->range);
	lt->made = calloc((size_t)L, sizeof *lt->made);
	lt->first_chunk = calloc(pl->n + 1, sizeof *lt->first_chunk);
	if (lt->specs == NULL || lt->range == NULL || lt->made == NULL ||
	    lt->first_chunk == NULL)
		return error_nomem(err, NULL);
	memcpy(lt->specs, pl->specs, pl->n * sizeof *lt->specs);
	for (i = 0; i < pl->n; i++) {
		if ((l = pl->specs[i].layer) < 0 || l >= L)
			continue;
		if (lt->range[2 * l + 1] == 0)
			lt->range[2 * l] = i;
		lt->range[2 * l + 1] = i + 1;
	}
	for (l = 0; l < L; l++)
		atomic_init(&lt->made[l], 0);
	return 0;
}

void
weights_make_layer(const struct weights *w, int64_t layer, struct pool *pool)
{
	struct weights_later	*lt = w->later;
	struct weights_plan	 sub;

	if (lt == NULL || layer < 0 || layer >= lt->n_layers ||
	    atomic_load_explicit(&lt->made[layer], memory_order_acquire))
		return;
	pthread_mutex_lock(&lt->lock);
	if (!atomic_load_explicit(&lt->made[layer], memory_order_relaxed)) {
		memset(&sub, 0, sizeof sub);
		sub.specs = lt->specs + lt->range[2 * layer];
		sub.n = lt->range[2 * layer + 1] - lt->range[2 * layer];
		weights_fill(lt->cfg, pool, lt->arena, &sub, weights_in_arena,
		    lt->first_chunk, 0);
		atomic_store_explicit(&lt->made[layer], 1,
		    memory_order_release);
	}
	pthread_mutex_unlock(&lt->lock);
}

int
weights_load(const struct config *cfg, struct pool *pool, struct weights *w,
    struct error *err)
{
	return weights_load_flags(cfg, pool, 0, w, err);
}

int
weights_load_flags(const struct config *cfg, struct pool *pool, int flags,
    struct weights *w, struct error *err)
{
	struct weights_plan	pl;
	size_t			i;
	int			rc = 0, later = 0;

	if (weights_plan_build(cfg, w, &pl, err) != 0)
		return -1;
	/* Init fills every tensor in the arena; a file moves them out
	   as it finds them aligned F32. */
	for (i = 0; i < pl.n; i++) {
		pl.specs[i].in_arena = 1;
		pl.specs[i].later = (flags & WEIGHTS_BY_LAYER) &&
		    cfg->weights.source != WEIGHTS_FILE &&
		    pl.specs[i].layer >= 0;
		later |= pl.specs[i].later;
	}
	if (cfg->weights.source == WEIGHTS_FILE)
		rc = weights_file(cfg, w, &pl, err);
	progress_begin(cfg->weights.source == WEIGHTS_FILE ? "loading weights" :
	    "making weights", weights_work(&pl));
	if (rc == 0 && cfg->weights.source == WEIGHTS_FILE)
		rc = weights_check_finite(pool, cfg, &pl, err);
	if (rc == 0)
		rc = weights_arena(cfg, pool, w, &pl, err);
	progress_end();
	if (rc == 0 && later)
		rc = weights_keep_later(cfg, w, &pl, err);
	weights_plan_free(&pl);
	if (rc != 0) {
		weights_free(w);
		return -1;
	}
	weights_plan_fix_views(cfg, w);
	/* Gemma: torch.tensor(hidden_size ** 0.5, dtype=the weights'). */
	if (cfg->model.embed_scale)
		w->embed_scale = dtype_round(w->tok_dtype,
		    sqrt((double)cfg->model.d_model));
	return 0;
}

size_t
weights_count(const struct config *cfg)
{
	struct weights		w;
	struct weights_plan	pl;
	struct error		err = { 0 };
	size_t			n;

	if (weights_plan_build(cfg, &w, &pl, &err) != 0) {
		error_clear(&err);
		return 0;
	}
	n = pl.n;
	weights_plan_free(&pl);
	free(w.layers);
	return n;
}

int
weights_describe(const struct config *cfg, size_t i, char *name,
    size_t len, int *rank, int64_t shape[2])
{
	struct weights		w;
	struct weights_plan	pl;
	struct error		err = { 0 };
	int			rc = -1;

	if (weights_plan_build(cfg, &w, &pl, &err) != 0) {
		error_clear(&err);
		return -1;
	}
	if (i < pl.n && strlen(pl.specs[i].name) < len) {
		memcpy(name, pl.specs[i].name, strlen(pl.specs[i].name) + 1);
		*rank = pl.specs[i].rank;
		shape[0] = pl.specs[i].shape[0];
		shape[1] = pl.specs[i].shape[1];
		rc = 0;
	}
	weights_plan_free(&pl);
	free(w.layers);
	return rc;
}

/*
 * Tensors a checkpoint holds for what attntui never computes (the
 * language-model head, BERT's pooler and pretraining heads) or for
 * buffers that are no weights (GPT-2's causal mask, RoPE frequencies):
 * expected beside the plan, so not worth a warning.
 */
static int
weights_expected_extra(const char *name)
{
	static const char *const starts[] = { "lm_head.", "pooler.", "cls." };
	static const char *const parts[] = { ".attn.bias", ".attn.masked_bias",
	    "rotary_emb.inv_freq", "position_ids" };
	size_t	i;

	for (i = 0; i < sizeof starts / sizeof *starts; i++)
		if (strncmp(name, starts[i], strlen(starts[i])) == 0)
			return 1;
	for (i = 0; i < sizeof parts / sizeof *parts; i++)
		if (strstr(name, parts[i]) != NULL)
			return 1;
	return 0;
}

static int
weights_name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Is full one of the plan's names (sorted) under one of the prefixes? */
static int
weights_in_plan(const char *const *names, size_t n, const char *full)
{
	const char	*rest;
	size_t		 p, len;

	for (p = 0; p < WEIGHTS_N_PREFIXES; p++) {
		len = strlen(weights_prefixes[p]);
		if (strncmp(full, weights_prefixes[p], len) != 0)
			continue;
		rest = full + len;
		if (bsearch(&rest, names, n, sizeof *names,
		    weights_name_cmp) != NULL)
			return 1;
	}
	return 0;
}

/* full without the first prefix it starts with. */
static const char *
weights_strip(const char *full)
{
	size_t	p, len;

	for (p = 1; p < WEIGHTS_N_PREFIXES; p++) {
		len = strlen(weights_prefixes[p]);
		if (strncmp(full, weights_prefixes[p], len) == 0)
			return full + len;
	}
	return full;
}

int
weights_unused(const struct config *cfg, const struct weights *w,
    size_t *n, char *first, size_t len, struct error *err)
{
	struct weights		 pw;
	struct weights_plan	 pl;
	const char		**names, *name;
	size_t			 i, f, t;

	*n = 0;
	if (len > 0)
		first[0] = '\0';
	if (weights_plan_build(cfg, &pw, &pl, err) != 0)
		return -1;
	if ((names = calloc(pl.n + 1, sizeof *names)) == NULL) {
		weights_plan_free(&pl);
		free(pw.layers);
		return error_nomem(err, NULL);
	}
	for (i = 0; i < pl.n; i++)
		names[i] = pl.specs[i].name;
	qsort(names, pl.n, sizeof *names, weights_name_cmp);
	for (f = 0; f < w->n_files; f++) {
		for (t = 0; t < w->files[f].n_tensors; t++) {
			name = w->files[f].tensors[t].name;
			if (weights_in_plan(names, pl.n, name) ||
			    weights_expected_extra(weights_strip(name)))
				continue;
			if ((*n)++ == 0 && len > 0)
				snprintf(first, len, "%s", name);
		}
	}
	free(names);
	weights_plan_free(&pl);
	free(pw.layers);
	return 0;
}
