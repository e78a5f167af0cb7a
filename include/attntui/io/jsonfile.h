/*
 * jsonfile.h - JSON documents read with jansson, with errors that carry
 * the file's line and column, and the words messages use for values.
 */
#ifndef ATTNTUI_JSONFILE_H
#define ATTNTUI_JSONFILE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "attntui/base/error.h"

/*
 * Parse len bytes at data (duplicate keys refused) into *root, which the
 * caller releases with json_decref.  A syntax error is a usage error at
 * path:LINE:COL, "WHAT: not valid JSON (...), expected EXPECTED".
 */
int		 jsonfile_parse(const char *path, const char *what,
		     const char *expected, const void *data, size_t len,
		     json_t **root, struct error *err);

/* "an object", "a string", ...: a value's type, for messages. */
const char	*jsonfile_type(const json_t *v);

/* A JSON integer >= 0, into *out; -1 for anything else. */
int		 jsonfile_uint(const json_t *v, uint64_t *out);

#endif
