/*
 * names.h - an enum's names, from one table.
 *
 * A table is an array of { name, value } rows ended by a row whose name
 * is NULL; parsing and printing both read it, so a name cannot be
 * accepted without being printed the same way.  A value may have several
 * rows (aliases, such as "grey" for "gray"): the first is the one
 * printed.  A row marked NAMES_PRINT_ONLY names a value that is shown
 * but never written by a user (norm "none", which family attention has
 * by default): parsing and the list of choices pass it by.
 */
#ifndef ATTNTUI_NAMES_H
#define ATTNTUI_NAMES_H

#include <stddef.h>

#define NAMES_PRINT_ONLY	0x1

struct names {
	const char	*name;
	int		 value;
	int		 flags;
};

/* The value of the row named name into *value; -1 when none is. */
int		 names_parse(const struct names *table, const char *name,
		     int *value);
/* The same for name[0..len), which need not be NUL-terminated. */
int		 names_parse_len(const struct names *table, const char *name,
		     size_t len, int *value);

/* The name of value's first row; "?" when no row has that value. */
const char	*names_name(const struct names *table, int value);

/* The choices a user may write, "a, b or c" (no aliases), into buf. */
char		*names_list(const struct names *table, char *buf,
		     size_t size);

/*
 * Define int fn(const char *name, type *out), the parser of an enum
 * whose names are table: 0 with the value in *out, or -1 when no row is
 * named name.  One definition for every enum (as tig's DEFINE_ENUM).
 */
#define NAMES_PARSER(fn, type, table)					\
int									\
fn(const char *name, type *out)						\
{									\
	int	value_;							\
									\
	if (names_parse((table), name, &value_) != 0)			\
		return -1;						\
	*out = (type)value_;						\
	return 0;							\
}

#endif
