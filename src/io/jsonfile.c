/*
 * jsonfile.c - JSON documents with placed errors; see jsonfile.h.
 */
#include "build-config.h"

#include "attntui/io/jsonfile.h"

int
jsonfile_parse(const char *path, const char *what, const char *expected,
    const void *data, size_t len, json_t **root, struct error *err)
{
	json_error_t	jerr;

	if ((*root = json_loadb(data, len, JSON_REJECT_DUPLICATES,
	    &jerr)) != NULL)
		return 0;
	/* jansson says -1 where it knows no position. */
	return error_set(err, EXIT_USAGE, path, jerr.line > 0 ? jerr.line : 0,
	    jerr.column > 0 ? jerr.column : 0,
	    "%s: not valid JSON (%s), expected %s", what, jerr.text, expected);
}

const char *
jsonfile_type(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:	return "an object";
	case JSON_ARRAY:	return "an array";
	case JSON_STRING:	return "a string";
	case JSON_INTEGER:	return "an integer";
	case JSON_REAL:		return "a real number";
	case JSON_TRUE:
	case JSON_FALSE:	return "a boolean";
	case JSON_NULL:		return "null";
	}
	return "unknown";
}

int
jsonfile_uint(const json_t *v, uint64_t *out)
{
	json_int_t	i;

	if (!json_is_integer(v) || (i = json_integer_value(v)) < 0)
		return -1;
	*out = (uint64_t)i;
	return 0;
}
