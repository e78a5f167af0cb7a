/*
 * names.c - an enum's names, from one table; see names.h.
 */
#include "build-config.h"

#include <stdio.h>
#include <string.h>

#include "attntui/base/names.h"

int
names_parse_len(const struct names *table, const char *name, size_t len,
    int *value)
{
	const struct names	*row;

	for (row = table; row->name != NULL; row++) {
		if ((row->flags & NAMES_PRINT_ONLY) == 0 &&
		    strlen(row->name) == len &&
		    memcmp(row->name, name, len) == 0) {
			*value = row->value;
			return 0;
		}
	}
	return -1;
}

int
names_parse(const struct names *table, const char *name, int *value)
{
	return names_parse_len(table, name, strlen(name), value);
}

const char *
names_name(const struct names *table, int value)
{
	const struct names	*row;

	for (row = table; row->name != NULL; row++)
		if (row->value == value)
			return row->name;
	return "?";
}

/* Is row the first of its value, and one a user may write? */
static int
names_listed(const struct names *table, const struct names *row)
{
	const struct names	*before;

	if (row->flags & NAMES_PRINT_ONLY)
		return 0;
	for (before = table; before != row; before++)
		if (before->value == row->value)
			return 0;
	return 1;
}

char *
names_list(const struct names *table, char *buf, size_t size)
{
	const struct names	*row;
	size_t			 n = 0, i = 0, o = 0;

	for (row = table; row->name != NULL; row++)
		n += names_listed(table, row);
	if (size > 0)
		buf[0] = '\0';
	for (row = table; row->name != NULL && o < size; row++) {
		if (!names_listed(table, row))
			continue;
		o += (size_t)snprintf(buf + o, size - o, "%s%s", i == 0 ? "" :
		    i + 1 == n ? " or " : ", ", row->name);
		i++;
	}
	return buf;
}
