/*
 * forward_bench.c - time attntui's forward pass on GPT-2-small shape.
 *
 * One process per sequence length, so that the peak RSS it reports is
 * this job's alone.  Weights are generated once (timed apart: init_s);
 * each run is the whole forward pass with every head's probabilities
 * kept in the store.  With --peak it also measures sgemm throughput on
 * this machine, the yardstick for "fraction of peak"; with --heads, the
 * median time the store takes to hand over one head (a recompute, past
 * its budget); with --stats, the median time --stats' head scores take
 * after each pass (stats_s; the tokens then repeat, each id twice, so
 * that the induction and duplicate scores have earlier copies to sum);
 * with --norms, the pass computes the value norms too.
 *
 * CONFIG is a YAML config or a Hugging Face model directory.
 *
 * usage: forward_bench CONFIG T THREADS RUNS [--peak | --heads | --stats |
 *        --norms]
 * prints: one line of key=value pairs
 */
#include "build-config.h"

#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "attntui/attn/stats.h"
#include "attntui/base/pool.h"
#include "attntui/model/hf_config.h"
#include "attntui/compute/forward.h"
#include "attntui/compute/store.h"
#include "attntui/model/config.h"
#include "attntui/model/tokens.h"
#include "attntui/model/weights.h"
#include "attntui/model/weights_load.h"

#include "benchtime.h"

/* Best sgemm GFLOP/s over a few 2048^3 products: the measured peak. */
static double
sgemm_peak(int threads)
{
	const int	 n = 2048;
	float		*a, *b, *c;
	double		 best = 0, t;
	int		 i;

	openblas_set_num_threads(threads);
	a = malloc(sizeof *a * n * n);
	b = malloc(sizeof *b * n * n);
	c = malloc(sizeof *c * n * n);
	if (a == NULL || b == NULL || c == NULL)
		return 0;
	for (i = 0; i < n * n; i++) {
		a[i] = (float)(i % 7) * 0.01f;
		b[i] = (float)(i % 5) * 0.02f;
	}
	for (i = 0; i < 6; i++) {
		t = bench_now();
		cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n,
		    1.0f, a, n, b, n, 0.0f, c, n);
		t = bench_now() - t;
		if (2.0 * n * n * n / t / 1e9 > best)
			best = 2.0 * n * n * n / t / 1e9;
	}
	free(a);
	free(b);
	free(c);
	return best;
}

/* Median milliseconds of store_head over HEAD_FETCHES heads of r. */
#define HEAD_FETCHES	24
static double
head_ms(struct forward_result *r, int64_t T, struct error *err)
{
	double	 t[HEAD_FETCHES], t0;
	float	*dst = malloc(sizeof *dst * (size_t)T * (size_t)T);
	int64_t	 L = store_layers(r->store), H = store_heads(r->store);
	int	 i;

	if (dst == NULL)
		return -1;
	for (i = 0; i < HEAD_FETCHES; i++) {
		t0 = bench_now();
		if (store_head(r->store, i % L, (i * 5) % H, dst, err) != 0)
			return -1;
		t[i] = (bench_now() - t0) * 1e3;
	}
	free(dst);
	return bench_median(t, HEAD_FETCHES);
}

int
main(int argc, char **argv)
{
	struct config		 cfg;
	struct weights		 w;
	struct tokens		 tok = { 0 };
	struct forward_result	 r;
	struct pool		*pool = NULL;
	struct error		 err = { 0 };
	struct rusage		 ru;
	struct stats		 st;
	double			*times, *stimes, *cpu, t, c, init;
	int64_t			 T;
	int			 threads, runs, i, flags = 0, stats;
	const char		*opt = argc > 5 ? argv[5] : "";

	if (argc < 5) {
		fprintf(stderr, "usage: forward_bench CONFIG T THREADS RUNS "
		    "[--peak | --heads | --stats | --norms]\n");
		return 2;
	}
	T = atoll(argv[2]);
	threads = atoi(argv[3]);
	runs = atoi(argv[4]);
	forward_blas_single();
	if (hf_config_open(argv[1], &cfg, &err) != 0 ||
	    pool_create(threads, &pool, &err) != 0)
		goto fail;
	init = bench_now();
	if (weights_load(&cfg, pool, &w, &err) != 0)
		goto fail;
	init = bench_now() - init;
	tok.n = (size_t)T;
	tok.ids = calloc(tok.n, sizeof *tok.ids);
	times = calloc((size_t)runs, sizeof *times);
	stimes = calloc((size_t)runs, sizeof *stimes);
	cpu = calloc((size_t)runs, sizeof *cpu);
	if (tok.ids == NULL || times == NULL || stimes == NULL || cpu == NULL)
		return 1;
	stats = strcmp(opt, "--stats") == 0;
	if (strcmp(opt, "--norms") == 0)
		flags = FORWARD_VALUE_NORMS;
	for (i = 0; i < T; i++)
		tok.ids[i] = ((stats ? i % ((T + 1) / 2) : i) * 7919) %
		    cfg.model.vocab_size;
	for (i = 0; i < runs; i++) {
		t = bench_now();
		c = bench_cpu_now();
		if (forward_run_flags(&cfg, &w, &tok, pool, flags, &r,
		    &err) != 0)
			goto fail;
		times[i] = bench_now() - t;
		cpu[i] = bench_cpu_now() - c;
		if (stats) {
			t = bench_now();
			if (stats_compute(r.store, &tok, NULL, pool, &st,
			    &err) != 0)
				goto fail;
			stimes[i] = bench_now() - t;
			stats_free(&st);
		}
		if (i == runs - 1 && argc > 5 &&
		    strcmp(argv[5], "--heads") == 0)
			printf("store=%s head_ms=%.2f ",
			    store_mode_name(store_mode(r.store)),
			    head_ms(&r, T, &err));
		forward_result_free(&r);
	}
	getrusage(RUSAGE_SELF, &ru);
	t = bench_median(times, runs);	/* sorts times: times[0] is the least */
	printf("T=%lld threads=%d runs=%d median_s=%.4f min_s=%.4f "
	    "cpu_s=%.4f peak_rss_mb=%.1f init_s=%.4f", (long long)T, threads,
	    runs, t, times[0], bench_median(cpu, runs), ru.ru_maxrss / 1024.0, init);
	if (strcmp(opt, "--peak") == 0)
		printf(" sgemm_gflops=%.1f", sgemm_peak(threads));
	if (stats)
		printf(" stats_s=%.4f", bench_median(stimes, runs));
	printf("\n");
	free(times);
	free(stimes);
	free(cpu);
	free(tok.ids);
	weights_free(&w);
	pool_free(pool);
	config_free(&cfg);
	return 0;
fail:
	error_print(&err, stderr);
	return 1;
}
