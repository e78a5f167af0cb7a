/*
 * benchtime.h - what the benchmarks time with: clocks in seconds, and
 * medians.
 */
#ifndef ATTNTUI_BENCHTIME_H
#define ATTNTUI_BENCHTIME_H

/* Seconds on the monotonic clock. */
double	bench_now(void);

/* CPU seconds of every thread: on a machine shared with other jobs,
   what the work cost without the time it waited for a core. */
double	bench_cpu_now(void);

/* Sort v[0 .. n) ascending. */
void	bench_sort(double *v, int n);

/* The median of v[0 .. n) (the mean of the middle two for even n);
   sorts v, so v[0] is then the least. */
double	bench_median(double *v, int n);

#endif
