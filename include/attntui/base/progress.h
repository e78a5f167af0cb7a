/*
 * progress.h - a progress bar on a terminal for work that takes a while.
 *
 * Off until progress_output() names a terminal (main.c does, for stderr
 * when it is one and no curses screen is up): library code may then
 * report any long work with progress_begin(), progress_add() from any
 * thread, and progress_end(), and nothing else needs to know.  A bar is
 * drawn only once its work has taken PROGRESS_DELAY seconds, redrawn at
 * most every PROGRESS_EVERY, with the time left estimated from the rate
 * so far, and cleared by progress_end(), so that short work shows
 * nothing and what follows starts on a clean line.  One bar at a time:
 * a begin while a bar is open ends it.
 */
#ifndef ATTNTUI_PROGRESS_H
#define ATTNTUI_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

#define PROGRESS_DELAY	1.0	/* seconds before a bar appears */
#define PROGRESS_EVERY	0.1	/* seconds between redraws */

/*
 * Draw bars on fd, a terminal cols columns wide (0: 80); fd -1 turns
 * them off.  Not while a bar is open.
 */
void	progress_output(int fd, int cols);

/* Start counting total units of the work called what (kept, not
   copied: a string literal or one that outlives the bar). */
void	progress_begin(const char *what, int64_t total);
/* n more units done; safe from any thread, cheap when off. */
void	progress_add(int64_t n);
/* The work is over: clear the bar if one was drawn. */
void	progress_end(void);

/*
 * The bar's line for done of total after elapsed seconds, at most cols
 * cells: "what [#####.....]  45%  0:12 left" (the time left once some
 * work is done; the bar as wide as the rest leaves).  Into buf[len];
 * returns the bytes written.  What progress_add() draws, for tests.
 */
size_t	progress_line(char *buf, size_t len, const char *what,
	    int64_t done, int64_t total, double elapsed, int cols);

#endif
