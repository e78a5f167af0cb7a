/*
 * find.c - token search and "go to" input; see find.h.
 */
#include "build-config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "attntui/view/find.h"

#define FIND_MARKER	"\xe2\x90\xa3"	/* ␣ */
#define FIND_MARKER_LEN	3

/* Does label start with needle (a space matching the marker)? */
static int
find_prefix(const char *label, const char *needle)
{
	for (; *needle != '\0'; needle++) {
		if (*needle == ' ' && strncmp(label, FIND_MARKER,
		    FIND_MARKER_LEN) == 0) {
			label += FIND_MARKER_LEN;
			continue;
		}
		if (*label == '\0' || tolower((unsigned char)*label) !=
		    tolower((unsigned char)*needle))
			return 0;
		label++;
	}
	return 1;
}

int
find_match(const char *label, const char *needle)
{
	if (*needle == '\0')
		return 1;
	for (; *label != '\0'; label++)
		if (find_prefix(label, needle))
			return 1;
	return 0;
}

static int
find_is(const char *label, const char *needle, int exact)
{
	return exact ? strcmp(label, needle) == 0 : find_match(label, needle);
}

int64_t
find_next(const char *const *labels, int64_t n, int64_t from, int dir,
    const char *needle, int exact)
{
	int64_t	i, t;

	for (i = 1; i <= n; i++) {
		t = ((from + dir * i) % n + n) % n;
		if (find_is(labels[t], needle, exact))
			return t;
	}
	return -1;
}

int64_t
find_count(const char *const *labels, int64_t n, const char *needle,
    int exact)
{
	int64_t	i, c = 0;

	for (i = 0; i < n; i++)
		c += find_is(labels[i], needle, exact);
	return c;
}

/* A number at *p, skipping spaces; -1 when there is none. */
static int64_t
find_number(const char **p)
{
	char		*end;
	long long	 v;

	while (**p == ' ')
		(*p)++;
	if (**p < '0' || **p > '9')
		return -1;
	errno = 0;
	v = strtoll(*p, &end, 10);
	if (errno != 0)
		return -1;
	*p = end;
	return v;
}

int
find_goto(const char *text, int64_t *query, int64_t *key)
{
	const char	*p = text;

	*query = find_number(&p);
	while (*p == ' ')
		p++;
	if (*p == ',')
		p++;
	*key = find_number(&p);
	while (*p == ' ')
		p++;
	if (*p != '\0' || (*query < 0 && *key < 0))
		return -1;
	return 0;
}
