/*
 * heads_bench.c - what head analysis costs the explorer.
 *
 *   heads_bench [T [LAYERS HEADS]]     (default: 1024 12 12, GPT-2 small)
 *
 * A synthetic store of LAYERS x HEADS causal heads (the packed triangle,
 * as the forward pass keeps GPT-2 small's at T = 1024; rows of random
 * weights over the keys up to the query, summing to 1) is shown in a
 * 120 x 40 frame, the size the overview must fill with 12 x 12 heads:
 *   1. scores: the first x, which computes every head's scores
 *      (stats_compute on a pool of 2 threads, as the explorer hands it
 *      the forward pass's), and its frame;
 *   2. overview: the first frame of the overview (o), which makes every
 *      head's thumbnail; then the median of 12 frames, each after a move
 *      in it (l, h), drawn from the cache;
 *   3. ranking: the median of 12 frames, each after } (the model's next
 *      head by the score).
 */
#include "build-config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attntui/base/pool.h"
#include "attntui/compute/attention.h"
#include "attntui/compute/store.h"
#include "attntui/view/draw.h"
#include "attntui/view/frame.h"
#include "attntui/view/view.h"

#include "benchtime.h"

#define WIDTH		120
#define HEIGHT		40
#define MOVES		12

/* A causal head's rows: random weights over keys 0 .. i, summing to 1. */
static void
fill_head(float *a, int64_t T, uint64_t *x)
{
	int64_t	i, j;
	double	sum;

	memset(a, 0, (size_t)T * (size_t)T * sizeof *a);
	for (i = 0; i < T; i++) {
		sum = 0;
		for (j = 0; j <= i; j++) {
			*x ^= *x << 13;
			*x ^= *x >> 7;
			*x ^= *x << 17;
			a[i * T + j] = (float)((*x >> 40) & 0xffff) + 1;
			sum += a[i * T + j];
		}
		for (j = 0; j <= i; j++)
			a[i * T + j] = (float)(a[i * T + j] / sum);
	}
}

static struct store *
make_store(int64_t T, int64_t L, int64_t H)
{
	struct attention_params	 p;
	struct store		*s;
	struct error		 err = { 0 };
	float			*a;
	uint64_t		 x = 88172645463325252ULL;
	int64_t			 l, h;

	memset(&p, 0, sizeof p);
	p.T = T;
	p.n_heads = p.n_kv_heads = H;
	p.d_head = 64;
	p.mask = MASK_CAUSAL;
	store_set_budget((uint64_t)L * (uint64_t)H * (uint64_t)T *
	    (uint64_t)T * 4 + 1);
	/* (the triangle needs half of that) */
	if (store_create(&p, L, &s, &err) != 0 ||
	    (a = malloc((size_t)T * (size_t)T * sizeof *a)) == NULL) {
		error_print(&err, stderr);
		exit(1);
	}
	for (l = 0; l < L; l++)
		for (h = 0; h < H; h++) {
			fill_head(a, T, &x);
			store_put_block(s, l, h, 0, T, a);
		}
	free(a);
	return s;
}

/* The action a and a frame drawn after it, in ms. */
static double
timed(struct view *v, struct frame *f, struct canvas *c, enum action a)
{
	struct error	err = { 0 };
	double		t0 = bench_now() * 1e3;

	view_action(v, f, a);
	if (draw_frame(v, f, c, &err) != 0) {
		error_print(&err, stderr);
		exit(1);
	}
	if (v->message[0] != '\0') {
		fprintf(stderr, "%s\n", v->message);
		exit(1);
	}
	return bench_now() * 1e3 - t0;
}

/* The median of MOVES frames, each after a[i % 2]. */
static double
timed_moves(struct view *v, struct frame *f, struct canvas *c,
    const enum action a[2])
{
	double	t[MOVES];
	int	i;

	for (i = 0; i < MOVES; i++)
		t[i] = timed(v, f, c, a[i % 2]);
	return bench_median(t, MOVES);
}

int
main(int argc, char **argv)
{
	static const enum action moves[2] = { ACTION_KEY_NEXT,
				    ACTION_KEY_PREV };
	static const enum action ranks[2] = { ACTION_RANK_MODEL_NEXT,
				    ACTION_RANK_MODEL_NEXT };
	int64_t			 T = argc > 1 ? atoll(argv[1]) : 1024;
	int64_t			 L = argc > 3 ? atoll(argv[2]) : 12;
	int64_t			 H = argc > 3 ? atoll(argv[3]) : 12;
	struct view_source	 src;
	struct store		*s;
	struct view		 v;
	struct frame		 f;
	struct canvas		 c;
	struct error		 err = { 0 };
	double			 score, open, move, rank;

	s = make_store(T, L, H);
	memset(&src, 0, sizeof src);
	src.store = s;
	src.model = "bench";
	if (pool_create(2, &src.pool, &err) != 0 ||
	    view_init(&v, &src, &err) != 0 || frame_init(&f, s, &err) != 0 ||
	    canvas_init(&c, WIDTH, HEIGHT) != 0) {
		error_print(&err, stderr);
		return 1;
	}
	timed(&v, &f, &c, ACTION_NONE);
	score = timed(&v, &f, &c, ACTION_SCORE_NEXT);
	open = timed(&v, &f, &c, ACTION_OVERVIEW);
	move = timed_moves(&v, &f, &c, moves);
	rank = timed_moves(&v, &f, &c, ranks);
	printf("T %lld, %lld x %lld heads, %dx%d: first x (scores) %.1f ms, "
	    "overview first frame %.1f ms, move %.2f ms, } %.2f ms\n",
	    (long long)T, (long long)L, (long long)H, WIDTH, HEIGHT, score,
	    open, move, rank);
	canvas_free(&c);
	frame_free(&f);
	view_free(&v);
	pool_free(src.pool);
	store_free(s);
	return 0;
}
