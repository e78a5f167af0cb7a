/*
 * progress.c - a progress bar on a terminal; see progress.h.
 *
 * The counters are atomics, so that pool items on any thread can add to
 * them; whichever thread finds a redraw due draws, one at a time, with
 * a single write(2) of "\r", the line and an erase to its end.
 */
#include "build-config.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "attntui/base/progress.h"
#include "attntui/base/text.h"

#define PROGRESS_COLS		80	/* the terminal does not say */
#define PROGRESS_BAR_MIN	10	/* narrower than this: no bar */
#define PROGRESS_LINE_MAX	512

static atomic_int		 progress_fd = -1;
static int			 progress_cols = PROGRESS_COLS;
static const char *_Atomic	 progress_what;
static atomic_llong		 progress_total;
static atomic_llong		 progress_done;
static atomic_llong		 progress_start;	/* ns */
static atomic_llong		 progress_next;	/* ns: next draw */
static atomic_int		 progress_open;
static atomic_int		 progress_drawn;
static atomic_flag		 progress_drawing = ATOMIC_FLAG_INIT;

static long long
progress_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void
progress_output(int fd, int cols)
{
	progress_cols = cols > 0 ? cols : PROGRESS_COLS;
	atomic_store(&progress_fd, fd);
}

/* "m:ss" or "h:mm:ss" of s seconds, rounded up. */
static void
progress_clock(char *buf, size_t len, double s)
{
	long	t = s < 0 ? 0 : (long)s + (s > (long)s);

	if (t >= 3600)
		snprintf(buf, len, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60,
		    t % 60);
	else
		snprintf(buf, len, "%ld:%02ld", t / 60, t % 60);
}

size_t
progress_line(char *buf, size_t len, const char *what, int64_t done,
    int64_t total, double elapsed, int cols)
{
	char	tail[64], left[32] = "";
	int	pct, bar, fill, i, n;

	if (len == 0)
		return 0;
	if (done > total)
		done = total;
	pct = total > 0 ? (int)(100 * done / total) : 0;
	if (done > 0 && total > 0 && elapsed > 0) {
		progress_clock(left, sizeof left, elapsed *
		    (double)(total - done) / (double)done);
		strcat(left, " left");
	}
	snprintf(tail, sizeof tail, " %3d%%%s%s", pct, left[0] != '\0' ?
	    "  " : "", left);
	/* The last column stays empty: a terminal may wrap after it. */
	bar = cols - 1 - (int)strlen(what) - 3 - (int)strlen(tail);
	if (bar < PROGRESS_BAR_MIN) {
		n = snprintf(buf, len, "%s%s", what, tail);
		return n < 0 ? 0 : (size_t)n >= len ? len - 1 : (size_t)n;
	}
	fill = total > 0 ? (int)((int64_t)bar * done / total) : 0;
	n = snprintf(buf, len, "%s [", what);
	for (i = 0; i < bar && n >= 0 && (size_t)n + 1 < len; i++)
		buf[n++] = i < fill ? '#' : '.';
	if (n >= 0 && (size_t)n < len)
		n += snprintf(buf + n, len - (size_t)n, "]%s", tail);
	return n < 0 ? 0 : (size_t)n >= len ? len - 1 : (size_t)n;
}

static void
progress_draw(int fd, long long now)
{
	char	line[PROGRESS_LINE_MAX];
	size_t	n;

	line[0] = '\r';
	n = 1 + progress_line(line + 1, sizeof line - 4, atomic_load(
	    &progress_what), atomic_load(&progress_done), atomic_load(
	    &progress_total), (double)(now - atomic_load(&progress_start)) *
	    1e-9, progress_cols);
	memcpy(line + n, "\033[K", 3);
	text_write_all(fd, line, n + 3);
	atomic_store(&progress_drawn, 1);
}

void
progress_begin(const char *what, int64_t total)
{
	long long	now = progress_now();

	if (atomic_load(&progress_open))
		progress_end();
	atomic_store(&progress_what, what);
	atomic_store(&progress_total, total);
	atomic_store(&progress_done, 0);
	atomic_store(&progress_start, now);
	atomic_store(&progress_next, now + (long long)(PROGRESS_DELAY * 1e9));
	atomic_store(&progress_drawn, 0);
	atomic_store(&progress_open, 1);
}

void
progress_add(int64_t n)
{
	int		fd = atomic_load_explicit(&progress_fd,
			    memory_order_relaxed);
	long long	now;

	if (fd < 0 || !atomic_load_explicit(&progress_open,
	    memory_order_relaxed))
		return;
	atomic_fetch_add(&progress_done, n);
	now = progress_now();
	if (now < atomic_load(&progress_next) ||
	    atomic_flag_test_and_set(&progress_drawing))
		return;
	if (now >= atomic_load(&progress_next) && atomic_load(&progress_open)) {
		atomic_store(&progress_next, now +
		    (long long)(PROGRESS_EVERY * 1e9));
		progress_draw(fd, now);
	}
	atomic_flag_clear(&progress_drawing);
}

void
progress_end(void)
{
	int	fd = atomic_load(&progress_fd);

	if (!atomic_exchange(&progress_open, 0))
		return;
	/* Wait out a draw in flight, so that the clearing comes last. */
	while (atomic_flag_test_and_set(&progress_drawing))
		;
	if (fd >= 0 && atomic_load(&progress_drawn))
		text_write_all(fd, "\r\033[K", 4);
	atomic_store(&progress_drawn, 0);
	atomic_flag_clear(&progress_drawing);
}
