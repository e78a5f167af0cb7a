/*
 * render_bench.c - what a head switch costs the explorer.
 *
 *   render_bench [T ...]        (default: 1024 4096)
 *
 * For each T, a synthetic store of 1 layer x 4 heads (rows of random
 * weights that sum to 1, dense) is shown in a 200 x 60 frame:
 *   1. time: view_action(next head) + draw_frame() into the canvas,
 *      i.e. fetching the head, pooling T x T into the map, drawing every
 *      pane; median of the switches;
 *   2. bytes: the real tui (tui_run, ncurses) runs in a pseudo-terminal
 *      (forkpty) as xterm-256color, 200 x 60; after the first frame the
 *      bench types 'n' and counts the bytes the terminal receives until
 *      it has been quiet for 300 ms; median of the switches; then the
 *      mean bytes of four key-cursor moves ('l').
 *
 *   render_bench --recompute CONFIG T THREADS
 *
 * A real store that recomputes heads: CONFIG's model (seeded weights)
 * over T tokens on THREADS threads, past the store's budget, so that it
 * keeps q and k.  Switches to a neighbour (the next head, the next
 * layer, in turn), each after LOOK_MS of looking at the last one, and
 * switches five heads on (no neighbour: recomputed when asked for, as
 * every switch was before heads were made ahead); the time of
 * view_action() + draw_frame(), medians.
 */
#include "build-config.h"

#include <errno.h>
#include <locale.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "attntui/base/pool.h"
#include "attntui/compute/attention.h"
#include "attntui/compute/forward.h"
#include "attntui/compute/store.h"
#include "attntui/model/config.h"
#include "attntui/model/tokens.h"
#include "attntui/model/weights.h"
#include "attntui/model/weights_load.h"
#include "attntui/tui/tui.h"
#include "attntui/view/draw.h"
#include "attntui/view/frame.h"
#include "attntui/view/view.h"

#include "benchtime.h"

#define WIDTH		200
#define HEIGHT		60
#define HEADS		4
#define SWITCHES	12
#define LOOK_MS		300	/* --recompute: looking at a head */

static struct store *
make_store(int64_t T)
{
	struct attention_params	 p;
	struct store		*s;
	struct error		 err = { 0 };
	float			*block;
	uint64_t		 x = 88172645463325252ULL;
	int64_t			 h, r0, r1, i, j;
	double			 sum;

	memset(&p, 0, sizeof p);
	p.T = T;
	p.n_heads = p.n_kv_heads = HEADS;
	p.d_head = 64;
	p.mask = MASK_NONE;
	store_set_budget((uint64_t)HEADS * (uint64_t)T * (uint64_t)T * 4 + 1);
	if (store_create(&p, 1, &s, &err) != 0) {
		error_print(&err, stderr);
		exit(1);
	}
	block = malloc((size_t)ATTENTION_BLOCK * (size_t)T * sizeof *block);
	for (h = 0; h < HEADS; h++) {
		for (r0 = 0; r0 < T; r0 += ATTENTION_BLOCK) {
			r1 = r0 + ATTENTION_BLOCK < T ? r0 + ATTENTION_BLOCK :
			    T;
			for (i = 0; i < r1 - r0; i++) {
				float	*row = block + i * T;

				sum = 0;
				for (j = 0; j < T; j++) {
					x ^= x << 13;
					x ^= x >> 7;
					x ^= x << 17;
					row[j] = (float)((x >> 40) & 0xffff) *
					    (float)((x >> 20) & 0xff) + 1;
					sum += row[j];
				}
				for (j = 0; j < T; j++)
					row[j] = (float)(row[j] / sum);
			}
			store_put_block(s, 0, h, r0, r1, block);
		}
	}
	free(block);
	return s;
}


static void
view_of(struct view *v, struct store *s)
{
	struct view_source	src;
	struct error		err = { 0 };

	memset(&src, 0, sizeof src);
	src.store = s;
	src.model = "bench";
	if (view_init(v, &src, &err) != 0) {
		error_print(&err, stderr);
		exit(1);
	}
}

/* A frame of v drawn into c, or the bench ends with the error. */
static void
bench_draw(struct view *v, struct frame *f, struct canvas *c)
{
	struct error	err = { 0 };

	if (draw_frame(v, f, c, &err) != 0) {
		error_print(&err, stderr);
		exit(1);
	}
}

/*
 * A view of s after action first, drawn once (buffers allocated, the
 * first head or grid read); then the median time of SWITCHES frames,
 * each drawn after action a[i % 2].
 */
static double
bench_frames(struct store *s, enum action first, const enum action a[2])
{
	struct view	v;
	struct frame	f;
	struct canvas	c;
	struct error	err = { 0 };
	double		t[SWITCHES], t0;
	int		i;

	view_of(&v, s);
	canvas_init(&c, WIDTH, HEIGHT);
	if (frame_init(&f, s, &err) != 0) {
		error_print(&err, stderr);
		exit(1);
	}
	view_action(&v, &f, first);
	bench_draw(&v, &f, &c);
	for (i = 0; i < SWITCHES; i++) {
		t0 = bench_now() * 1e3;
		view_action(&v, &f, a[i % 2]);
		bench_draw(&v, &f, &c);
		t[i] = bench_now() * 1e3 - t0;
	}
	canvas_free(&c);
	frame_free(&f);
	view_free(&v);
	return bench_median(t, SWITCHES);
}

/* Read from fd until it is quiet for quiet_ms; the bytes read. */
static long
drain(int fd, int quiet_ms)
{
	struct pollfd	pfd = { fd, POLLIN, 0 };
	char		buf[65536];
	long		total = 0;
	ssize_t		n;

	while (poll(&pfd, 1, quiet_ms) > 0) {
		if ((n = read(fd, buf, sizeof buf)) <= 0)
			break;
		total += n;
	}
	return total;
}

static double
bench_bytes(struct store *s, double *first, double *move)
{
	struct winsize		ws = { HEIGHT, WIDTH, 0, 0 };
	struct tui_options	o = { 0, COLORS_256, 0, NULL };
	struct view		v;
	struct error		err = { 0 };
	double			b[SWITCHES];
	pid_t			pid;
	int			fd, i, status;

	if ((pid = forkpty(&fd, NULL, NULL, &ws)) < 0) {
		perror("forkpty");
		exit(1);
	}
	if (pid == 0) {
		setenv("TERM", "xterm-256color", 1);
		unsetenv("NO_COLOR");
		setlocale(LC_CTYPE, "C.UTF-8");
		view_of(&v, s);
		if (tui_run(&v, &o, &err) != 0) {
			error_print(&err, stderr);
			_exit(1);
		}
		_exit(0);
	}
	*first = (double)drain(fd, 1000);
	for (i = 0; i < SWITCHES; i++) {
		if (write(fd, "n", 1) != 1)
			break;
		b[i] = (double)drain(fd, 300);
	}
	*move = 0;
	for (int k = 0; k < 4; k++)
		if (write(fd, "l", 1) == 1)
			*move += (double)drain(fd, 300) / 4;
	if (write(fd, "q", 1) != 1)
		kill(pid, SIGTERM);
	drain(fd, 300);
	waitpid(pid, &status, 0);
	close(fd);
	return bench_median(b, i);
}

static void
fail_with(struct error *err)
{
	error_print(err, stderr);
	exit(1);
}

/* CONFIG's pass over T tokens: a store, which recomputes at this size. */
static struct store *
computed_store(const char *path, int64_t T, int threads, struct config *cfg,
    struct weights *w, struct pool **pool)
{
	struct forward_result	r;
	struct tokens		tok = { 0 };
	struct error		err = { 0 };
	int64_t			i;

	forward_blas_single();
	if (config_load(path, cfg, &err) != 0 ||
	    pool_create(threads, pool, &err) != 0 ||
	    weights_load(cfg, *pool, w, &err) != 0)
		fail_with(&err);
	tok.n = (size_t)T;
	if ((tok.ids = calloc(tok.n, sizeof *tok.ids)) == NULL)
		exit(1);
	for (i = 0; i < T; i++)
		tok.ids[i] = (i * 7919) % cfg->model.vocab_size;
	if (forward_run(cfg, w, &tok, *pool, &r, &err) != 0)
		fail_with(&err);
	free(tok.ids);
	free(r.hidden);
	return r.store;
}

/*
 * Median ms of SWITCHES switches by action a[i % 2] (count times), each
 * after LOOK_MS of looking at the frame before.
 */
static double
bench_looking(struct view *v, struct frame *f, struct canvas *c,
    const enum action a[2], int64_t count)
{
	struct timespec	look = { LOOK_MS / 1000,
			    LOOK_MS % 1000 * 1000000L };
	double		t[SWITCHES], t0;
	int		i;

	for (i = 0; i < SWITCHES; i++) {
		nanosleep(&look, NULL);
		t0 = bench_now() * 1e3;
		v->count = count;
		view_action(v, f, a[i % 2]);
		bench_draw(v, f, c);
		t[i] = bench_now() * 1e3 - t0;
	}
	return bench_median(t, SWITCHES);
}

static int
bench_recompute(const char *path, int64_t T, int threads)
{
	static const enum action near[2] = { ACTION_HEAD_NEXT,
				    ACTION_LAYER_NEXT };
	static const enum action far[2] = { ACTION_HEAD_NEXT,
				    ACTION_HEAD_NEXT };
	struct config	 cfg;
	struct weights	 w;
	struct pool	*pool;
	struct store	*s;
	struct view	 v;
	struct frame	 f;
	struct canvas	 c;
	struct error	 err = { 0 };
	double		 t0, first, nms, fms;

	s = computed_store(path, T, threads, &cfg, &w, &pool);
	view_of(&v, s);
	canvas_init(&c, WIDTH, HEIGHT);
	if (frame_init(&f, s, &err) != 0)
		fail_with(&err);
	t0 = bench_now() * 1e3;
	bench_draw(&v, &f, &c);
	first = bench_now() * 1e3 - t0;
	nms = bench_looking(&v, &f, &c, near, 0);
	fms = bench_looking(&v, &f, &c, far, 5);
	printf("T=%lld threads=%d store=%s first_ms=%.1f neighbour_ms=%.2f "
	    "far_ms=%.2f\n", (long long)T, threads,
	    store_mode_name(store_mode(s)), first, nms, fms);
	canvas_free(&c);
	frame_free(&f);
	view_free(&v);
	store_free(s);
	weights_free(&w);
	pool_free(pool);
	config_free(&cfg);
	return 0;
}

int
main(int argc, char **argv)
{
	static const int64_t	defaults[] = { 1024, 4096 };
	static const enum action next_head[2] = { ACTION_HEAD_NEXT,
				    ACTION_HEAD_NEXT };
	static const enum action grid_move[2] = { ACTION_KEY_NEXT,
				    ACTION_KEY_PREV };
	struct store		*s;
	int64_t			 T;
	double			 ms, bytes, first, move, grid;
	int			 i, n = argc > 1 ? argc - 1 : 2;

	if (argc == 5 && strcmp(argv[1], "--recompute") == 0)
		return bench_recompute(argv[2], atoll(argv[3]), atoi(argv[4]));
	printf("%-6s %-9s %-22s %-18s %-18s %-20s %s\n", "T", "frame",
	    "render (median, ms)", "bytes per switch", "first frame bytes",
	    "bytes per key move", "grid move (ms)");
	for (i = 0; i < n; i++) {
		T = argc > 1 ? atoll(argv[i + 1]) : defaults[i];
		s = make_store(T);
		ms = bench_frames(s, ACTION_NONE, next_head);
		bytes = bench_bytes(s, &first, &move);
		grid = bench_frames(s, ACTION_GRID, grid_move);
		printf("%-6lld %dx%-6d %-22.2f %-18.0f %-18.0f %-20.0f %.2f\n",
		    (long long)T, WIDTH, HEIGHT, ms, bytes, first, move, grid);
		fflush(stdout);
		store_free(s);
	}
	return 0;
}
