/*
 * find.h - finding tokens by their labels, and reading "go to" input.
 *
 * Labels show a leading space as "␣" (U+2423); a search is for the text
 * as typed, so a space in the needle matches that marker as well as a
 * space.  ASCII letters match either case.
 */
#ifndef ATTNTUI_FIND_H
#define ATTNTUI_FIND_H

#include <stdint.h>

/* Does label contain needle? An empty needle matches everything. */
int	find_match(const char *label, const char *needle);

/*
 * The first token from from + dir on (dir 1 or -1, wrapping around the
 * n labels, from itself last) whose label contains needle, or is needle
 * when exact; -1 when none does.
 */
int64_t	find_next(const char *const *labels, int64_t n, int64_t from,
	    int dir, const char *needle, int exact);

/* How many of the n labels match (as find_next matches them). */
int64_t	find_count(const char *const *labels, int64_t n, const char *needle,
	    int exact);

/*
 * "N", "N,M", "N M" or ",M": a query N and a key M, each -1 when not
 * given.  -1 when text is none of these.
 */
int	find_goto(const char *text, int64_t *query, int64_t *key);

#endif
