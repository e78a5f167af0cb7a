/*
 * names.h - an enum's names as one table, from which both parsing and
 * printing come: no parallel arrays, no switch that spells them again.
 */
#ifndef ATTNTUI_NAMES_H
#define ATTNTUI_NAMES_H

#include <stddef.h>

struct name_value {
	const char	*name;
	int		 value;
};

#define NAMES_COUNT(t)	(sizeof (t) / sizeof (t)[0])

/* The name of value in t[0..n), or "?" when it has none. */
const char	*names_name(const struct name_value *t, size_t n, int value);

/* The value named s[0..len) in t[0..n) into *value; -1 when none is. */
int		 names_value(const struct name_value *t, size_t n,
		     const char *s, size_t len, int *value);

/* "a, b or c" into buf; returns buf. */
char		*names_list(const struct name_value *t, size_t n, char *buf,
		     size_t size);

#endif
