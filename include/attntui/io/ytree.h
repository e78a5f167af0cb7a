/*
 * ytree.h - a YAML document as a small tree whose nodes keep their place
 * (line and column), and the readers a schema is written with.
 *
 * ytree_parse() refuses a hostile document before any schema sees it:
 * more than one document, nesting deeper than 32, more than 10,000
 * nodes with aliases expanded, tags outside YAML 1.2's core schema.
 * The readers check one node against what the schema expects and, when
 * it is not that, fail with "expected WHAT for NAME, found ..." at the
 * node's place, status 2.
 */
#ifndef ATTNTUI_YTREE_H
#define ATTNTUI_YTREE_H

#include <stddef.h>
#include <stdint.h>

#include "attntui/base/error.h"
#include "attntui/base/names.h"

enum ytree_type { YTREE_SCALAR, YTREE_SEQUENCE, YTREE_MAPPING };

struct ytree_node {
	enum ytree_type		 type;
	int			 line;		/* 1-based */
	int			 column;	/* 1-based */
	char			*text;		/* scalar, NUL-terminated */
	size_t			 len;		/* may hold NULs from "\0" */
	int			 plain;		/* untagged plain: typed by
						   its content */
	struct ytree_node	**kids;		/* mapping: key, value, ... */
	size_t			 n_kids;
	size_t			 cap;
	size_t			 weight;	/* nodes, aliases expanded */
	struct ytree_node	*next;		/* every node, for freeing */
};

struct ytree {
	struct ytree_node	*root;		/* NULL: an empty document */
	struct ytree_node	*all;
};

/*
 * Parse buf[0..len), which path names in errors (a leading UTF-8 byte
 * order mark is skipped).  Fill *tree, freed with ytree_free, even on
 * failure.
 */
int	ytree_parse(const char *path, const char *buf, size_t len,
	    struct ytree *tree, struct error *err);
void	ytree_free(struct ytree *tree);

/* ---- reading nodes against a schema ---------------------------------- */

/* Where the nodes came from: what errors name, and where they go. */
struct ytree_reader {
	const char	*path;
	struct error	*err;
};

int	ytree_oom(const struct ytree_reader *r);

/* A usage error at n's place; returns -1. */
int	ytree_fail(const struct ytree_reader *r, const struct ytree_node *n,
	    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Is n the scalar s?  Is it null (~, null, or nothing)? */
int	ytree_is(const struct ytree_node *n, const char *s);
int	ytree_is_null(const struct ytree_node *n);

/* "expected WHAT for NAME, found ..." at n; returns -1. */
int	ytree_expected(const struct ytree_reader *r,
	    const struct ytree_node *n, const char *what, const char *name);

/*
 * A YAML 1.2 core-schema integer: [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-f]+,
 * its sign in *neg and magnitude in *value (*overflow when it does not
 * fit 64 bits).  -1 when n is not one.
 */
int	ytree_int(const struct ytree_node *n, int *neg, uint64_t *value,
	    int *overflow);

/* An integer in [min, max]; min is 0 or 1, and the message says which. */
int	ytree_get_uint(const struct ytree_reader *r,
	    const struct ytree_node *n, const char *name, uint64_t min,
	    uint64_t max, uint64_t *out);
/* An integer in [1, max]. */
int	ytree_get_int(const struct ytree_reader *r,
	    const struct ytree_node *n, const char *name, int64_t max,
	    int64_t *out);
/* A finite number, positive or (zero_ok) non-negative. */
int	ytree_get_float(const struct ytree_reader *r,
	    const struct ytree_node *n, const char *name, int zero_ok,
	    double *out);
int	ytree_get_bool(const struct ytree_reader *r,
	    const struct ytree_node *n, const char *name, int *out);
/* A non-empty string without NULs, into *out (freeing what it held). */
int	ytree_get_string(const struct ytree_reader *r,
	    const struct ytree_node *n, const char *name, char **out);
/* One of names (names.h); the message lists the choices. */
int	ytree_get_enum(const struct ytree_reader *r,
	    const struct ytree_node *n, const char *name,
	    const struct names *names, int *out);
/* A path, relative to the directory of r->path unless absolute. */
int	ytree_get_path(const struct ytree_reader *r,
	    const struct ytree_node *n, const char *name, char **out);

/* ---- mappings --------------------------------------------------------- */

/* A key a mapping may hold, and the slot its value goes to. */
struct ytree_key {
	const char	*name;
	int		 slot;
};

/* The nodes given for one key of a mapping, by slot. */
struct ytree_slot {
	const struct ytree_node	*key;
	const struct ytree_node	*value;
};

int	ytree_expect_mapping(const struct ytree_reader *r,
	    const struct ytree_node *n, const char *name);

/*
 * Sort map's pairs into slots[] by keys[0..n_keys): unknown keys (with
 * a "did you mean"), non-scalar keys and a key given twice (also as a
 * name and its alias) fail here.  where is "in model", "at top level".
 */
int	ytree_collect(const struct ytree_reader *r,
	    const struct ytree_node *map, const char *where,
	    const struct ytree_key *keys, size_t n_keys,
	    struct ytree_slot *slots);
const struct ytree_key *ytree_key_find(const struct ytree_node *k,
	    const struct ytree_key *keys, size_t n_keys);
/* The name a slot is documented under: the first key naming it. */
const char *ytree_key_canonical(const struct ytree_key *keys, int slot);

/* "missing key 'KEY' WHERE WHY" at the key that owns the mapping. */
int	ytree_missing(const struct ytree_reader *r,
	    const struct ytree_node *owner, const char *key,
	    const char *where, const char *why);

/*
 * Exactly one of slots[0..n) given: its slot into *which; otherwise an
 * error at the second one in document order, or at owner for none.
 */
int	ytree_exactly_one(const struct ytree_reader *r,
	    const struct ytree_node *owner, const struct ytree_slot *s,
	    const int *slots, size_t n, const struct ytree_key *keys,
	    const char *section, int *which);

#endif
