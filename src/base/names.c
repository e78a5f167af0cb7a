/*
 * names.c - an enum's names, from one table; see names.h.
 */
#include "build-config.h"

#include <string.h>

#include "attntui/base/names.h"

int
names_parse(const struct names *table, const char *name, int *value)
{
	const struct names	*row;

	for (row = table; row->name != NULL; row++) {
		if (strcmp(row->name, name) == 0) {
			*value = row->value;
			return 0;
		}
	}
	return -1;
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
