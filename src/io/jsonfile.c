/*
 * jsonfile.c - JSON documents with placed errors; see jsonfile.h.
 */
#include "build-config.h"

#include <stdlib.h>
#include <string.h>

#include "attntui/io/jsonfile.h"

/* Nesting the locator follows at most; jansson's own limit is 2048. */
#define JSONFILE_MAX_DEPTH	2048

/* A cursor over text jansson has accepted: no error paths needed. */
struct jcur {
	const char	*buf;
	size_t		 len, pos;
};

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

static void
jcur_space(struct jcur *c)
{
	while (c->pos < c->len && (c->buf[c->pos] == ' ' ||
	    c->buf[c->pos] == '\t' || c->buf[c->pos] == '\n' ||
	    c->buf[c->pos] == '\r'))
		c->pos++;
}

/* \u00XX of an ASCII character (the cursor past the u); else NUL. */
static char
jcur_ascii_escape(struct jcur *c)
{
	char	hex[3] = { 0, 0, 0 };
	char	ch = '\0';

	if (c->pos + 4 <= c->len && strncmp(c->buf + c->pos, "00", 2) == 0 &&
	    c->buf[c->pos + 2] >= '0' && c->buf[c->pos + 2] < '8') {
		hex[0] = c->buf[c->pos + 2];
		hex[1] = c->buf[c->pos + 3];
		ch = (char)strtol(hex, NULL, 16);
	}
	c->pos += 4;
	return ch;
}

/*
 * A string at the cursor (on its quote), compared with want: escapes of
 * ASCII characters are decoded; any other escape never matches, as no
 * key the readers look for holds one.  Leaves the cursor past it.
 */
static int
jcur_string_is(struct jcur *c, const char *want)
{
	size_t	 w = 0;
	int	 same = 1;
	char	 ch;

	c->pos++;
	while (c->pos < c->len && c->buf[c->pos] != '"') {
		ch = c->buf[c->pos++];
		if (ch == '\\' && c->pos < c->len) {
			ch = c->buf[c->pos++];
			switch (ch) {
			case 'n':	ch = '\n'; break;
			case 't':	ch = '\t'; break;
			case 'r':	ch = '\r'; break;
			case 'b':	ch = '\b'; break;
			case 'f':	ch = '\f'; break;
			case 'u':
				ch = jcur_ascii_escape(c);
				break;
			}
		}
		if (want[w] == '\0' || want[w] != ch || ch == '\0')
			same = 0;
		else
			w++;
	}
	c->pos++;
	return same && want[w] == '\0';
}

/* Step over the value at the cursor, whatever it is. */
static void
jcur_skip(struct jcur *c)
{
	size_t	depth = 0;

	do {
		jcur_space(c);
		if (c->pos >= c->len)
			return;
		switch (c->buf[c->pos]) {
		case '"':
			(void)jcur_string_is(c, "");
			break;
		case '{':
		case '[':
			depth++;
			c->pos++;
			break;
		case '}':
		case ']':
			depth--;
			c->pos++;
			break;
		default:	/* , : numbers, literals */
			c->pos++;
			while (c->pos < c->len &&
			    strchr(",:{}[]\" \t\r\n", c->buf[c->pos]) == NULL)
				c->pos++;
			break;
		}
	} while (depth > 0);
}

/* Into the member named key of the object at the cursor; -1: none. */
static int
jcur_member(struct jcur *c, const char *key)
{
	c->pos++;			/* '{' */
	for (;;) {
		jcur_space(c);
		if (c->pos >= c->len || c->buf[c->pos] != '"')
			return -1;	/* '}' */
		if (jcur_string_is(c, key)) {
			jcur_space(c);
			c->pos++;	/* ':' */
			jcur_space(c);
			return 0;
		}
		jcur_space(c);
		c->pos++;		/* ':' */
		jcur_skip(c);
		jcur_space(c);
		if (c->pos < c->len && c->buf[c->pos] == ',')
			c->pos++;
	}
}

/* Into element n of the array at the cursor; -1: none. */
static int
jcur_element(struct jcur *c, unsigned long n)
{
	unsigned long	i;

	c->pos++;			/* '[' */
	for (i = 0;; i++) {
		jcur_space(c);
		if (c->pos >= c->len || c->buf[c->pos] == ']')
			return -1;
		if (i == n)
			return 0;
		jcur_skip(c);
		jcur_space(c);
		if (c->pos < c->len && c->buf[c->pos] == ',')
			c->pos++;
	}
}

static void
jcur_place(const struct jcur *c, size_t pos, int *line, int *column)
{
	size_t	i, start = 0;

	*line = 1;
	for (i = 0; i < pos && i < c->len; i++)
		if (c->buf[i] == '\n') {
			(*line)++;
			start = i + 1;
		}
	*column = (int)(pos - start) + 1;
}

int
jsonfile_locate(const char *buf, size_t len, const char *const *path,
    size_t depth, int *line, int *column)
{
	struct jcur	 c = { buf, len, 0 };
	size_t		 i, found;
	int		 rc = 0;

	jcur_space(&c);
	found = c.pos;
	for (i = 0; i < depth && i < JSONFILE_MAX_DEPTH; i++) {
		if (c.pos >= len)
			rc = -1;
		else if (path[i][0] == '#' && buf[c.pos] == '[')
			rc = jcur_element(&c, strtoul(path[i] + 1, NULL, 10));
		else if (path[i][0] != '#' && buf[c.pos] == '{')
			rc = jcur_member(&c, path[i]);
		else
			rc = -1;
		if (rc == -1)
			break;
		found = c.pos;
	}
	jcur_place(&c, found, line, column);
	return rc;
}
