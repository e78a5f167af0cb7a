/*
 * benchtime.c - clocks and medians for the benchmarks; see benchtime.h.
 */
#include "build-config.h"

#include <stdlib.h>
#include <time.h>

#include "benchtime.h"

static double
bench_clock(clockid_t id)
{
	struct timespec	ts;

	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double
bench_now(void)
{
	return bench_clock(CLOCK_MONOTONIC);
}

double
bench_cpu_now(void)
{
	return bench_clock(CLOCK_PROCESS_CPUTIME_ID);
}

static int
bench_compare(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void
bench_sort(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, bench_compare);
}

double
bench_median(double *v, int n)
{
	bench_sort(v, n);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}
