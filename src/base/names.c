/*
 * names.c - an enum's names as one table; see names.h.
 */
#include "build-config.h"

#include <stdio.h>
#include <string.h>

#include "attntui/base/names.h"

const char *
names_name(const struct name_value *t, size_t n, int value)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (t[i].value == value)
			return t[i].name;
	return "?";
}

int
names_value(const struct name_value *t, size_t n, const char *s,
    size_t len, int *value)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strlen(t[i].name) == len && memcmp(t[i].name, s,
		    len) == 0) {
			*value = t[i].value;
			return 0;
		}
	}
	return -1;
}

char *
names_list(const struct name_value *t, size_t n, char *buf, size_t size)
{
	size_t	i, o = 0;

	if (size > 0)
		buf[0] = '\0';
	for (i = 0; i < n && o < size; i++)
		o += (size_t)snprintf(buf + o, size - o, "%s%s", i == 0 ? "" :
		    i + 1 == n ? " or " : ", ", t[i].name);
	return buf;
}
