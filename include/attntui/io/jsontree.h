/*
 * jsontree.h - JSON parsed into a tree whose every value knows its place.
 *
 * jansson gives no position for a value once parsed, and a tokenizer.json
 * of 33 MB with 800,000 strings takes it half a second.  This parser reads
 * a buffer it is given to own and modify: strings without escapes stay in
 * place (NUL-terminated over their closing quote), other strings and the
 * nodes go to a few large blocks.  Every node keeps its byte offset, which
 * jsontree_place turns into a line and a column (in characters) for an
 * error message.
 *
 * Accepted: RFC 8259 JSON in UTF-8 (a BOM is refused), nesting up to
 * JSONTREE_MAX_DEPTH.  Strings are checked for valid UTF-8 and may hold
 * U+0000 (their length is kept).  Duplicate keys are kept: whoever reads
 * an object decides (jsontree_get refuses them).
 */
#ifndef ATTNTUI_JSONTREE_H
#define ATTNTUI_JSONTREE_H

#include <stddef.h>
#include <stdint.h>

#include "attntui/base/error.h"

#define JSONTREE_MAX_DEPTH	128

enum jsontree_type {
	JSONTREE_NULL,
	JSONTREE_BOOL,
	JSONTREE_INTEGER,	/* fits int64_t */
	JSONTREE_REAL,		/* a fraction, an exponent or too large */
	JSONTREE_STRING,
	JSONTREE_ARRAY,
	JSONTREE_OBJECT
};

struct jsontree_node {
	uint32_t		 off;	/* byte offset of the value */
	uint32_t		 n;	/* string bytes; array elements;
					   object members */
	uint8_t			 type;	/* enum jsontree_type */
	union {
		const char		*s;	/* string, NUL-terminated */
		struct jsontree_node	*kids;	/* array: n values; object:
						   n (key, value) pairs */
		int64_t			 i;	/* integer; bool 0 or 1 */
		double			 d;	/* real */
	} u;
};

struct jsontree_block;

struct jsontree {
	char			*name;	/* owned: for messages */
	char			*text;	/* owned: the buffer, modified */
	size_t			 len;
	struct jsontree_node	*root;
	struct jsontree_block	*blocks;
};

/* The largest buffer jsontree_parse takes: offsets are 32-bit. */
#define JSONTREE_MAX_LEN	((size_t)UINT32_MAX - 1)

/*
 * Parse text[0..len), a malloc'd buffer that jt takes (freed by
 * jsontree_free, on failure too).  Errors are usage errors at name:LINE:COL saying what was
 * expected there.
 */
int	jsontree_parse(struct jsontree *jt, const char *name, char *text,
	    size_t len, struct error *err);

void	jsontree_free(struct jsontree *jt);

/* The 1-based line and column (in characters) of byte offset off. */
void	jsontree_place(const struct jsontree *jt, size_t off, int *line,
	    int *column);

/*
 * A usage error at node's place: "name:LINE:COL: message".  Returns -1.
 */
int	jsontree_error(const struct jsontree *jt, const struct jsontree_node *n,
	    struct error *err, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));

/* "an object", "a string", ... for "expected X, found Y" messages. */
const char *jsontree_type_name(const struct jsontree_node *n);

/*
 * Member key of object obj, in *out (NULL when absent).  A key given
 * twice is an error at the second.
 */
int	jsontree_get(const struct jsontree *jt, const struct jsontree_node *obj,
	    const char *key, const struct jsontree_node **out,
	    struct error *err);

#endif
