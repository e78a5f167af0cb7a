/*
 * config.c - load and validate the YAML model config of spec/config.md.
 *
 * Two passes.  The first turns libyaml's events into a small tree; the
 * resource limits live there (file size, nesting depth, nodes after
 * alias expansion), so a hostile file is refused before any schema code
 * sees it.  The second walks the tree against the schema in document
 * order, so that the first error reported is the first one in the file.
 */
#include "build-config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <yaml.h>

#include "attntui/base/file.h"
#include "attntui/model/config.h"

/* Resource limits: a config is a page of text, never more. */
#define CONFIG_MAX_BYTES	(1024 * 1024)
#define CONFIG_MAX_DEPTH	32
#define CONFIG_MAX_NODES	10000

/*
 * Sane bounds on dimensions: far above any published model, far below
 * anything whose products could overflow an int64_t size computation.
 */
#define MAX_VOCAB	16777216
#define MAX_SEQ		1048576
#define MAX_D_MODEL	65536
#define MAX_LAYERS	1024
#define MAX_HEADS	1024
#define MAX_D_HEAD	65536
#define MAX_D_FF	1048576
#define MAX_TYPE_VOCAB	1024
#define MAX_ATTN_WIDTH	1048576		/* n_heads * d_head */

/* weights defaults: the seed is arbitrary but fixed, so runs repeat. */
#define DEFAULT_SEED	42
#define DEFAULT_STD	0.02
/* max_seq when positions are not learned and nothing else bounds it. */
#define DEFAULT_MAX_SEQ	4096

#define FOUND_MAX	48	/* bytes of a value quoted in a message */

/* ---- the tree ------------------------------------------------------- */

enum node_type { NODE_SCALAR, NODE_SEQUENCE, NODE_MAPPING };

struct node {
	enum node_type	 type;
	int		 line;		/* 1-based */
	int		 column;	/* 1-based */
	char		*text;		/* scalar, NUL-terminated */
	size_t		 len;		/* may hold NULs from "\0" */
	int		 plain;		/* untagged plain: type by content */
	struct node	**kids;		/* mapping: key, value, key, ... */
	size_t		 n_kids;
	size_t		 cap;
	size_t		 weight;	/* nodes, aliases expanded */
	struct node	*next;		/* every node, for freeing */
};

struct anchor {
	char		*name;
	struct node	*node;
};

struct tree {
	const char	*path;
	const char	*buf;
	size_t		 len;
	struct error	*err;
	struct node	*all;
	struct node	*root;
	int		 documents;
	struct anchor	*anchors;
	size_t		 n_anchors;
	size_t		 anchors_cap;
	struct node	*stack[CONFIG_MAX_DEPTH];
	char		*stack_anchor[CONFIG_MAX_DEPTH];
	size_t		 stack_start[CONFIG_MAX_DEPTH];
	size_t		 depth;
	size_t		 expanded;	/* nodes so far, aliases expanded */
};

static int
tree_oom(struct tree *t)
{
	return error_set(t->err, EXIT_RUNTIME, t->path, 0, 0,
	    "out of memory");
}

/*
 * libyaml reader errors (bad UTF-8, control characters) give a byte
 * offset only; turn it into a 1-based line and column in characters.
 */
static void
tree_offset_place(const char *buf, size_t len, size_t offset, int *line,
    int *column)
{
	size_t	i;

	*line = 1;
	*column = 1;
	if (offset > len)
		offset = len;
	for (i = 0; i < offset; i++) {
		if (buf[i] == '\n') {
			(*line)++;
			*column = 1;
		} else if (((unsigned char)buf[i] & 0xc0) != 0x80)
			(*column)++;
	}
}

static int
tree_syntax_error(struct tree *t, const yaml_parser_t *p)
{
	const char	*problem = p->problem != NULL ? p->problem : "error";
	int		 line, column;

	if (p->error == YAML_MEMORY_ERROR)
		return tree_oom(t);
	if (p->error == YAML_READER_ERROR) {
		tree_offset_place(t->buf, t->len, p->problem_offset, &line,
		    &column);
		if (p->problem_value != -1)
			return error_at(t->err, t->path, line, column,
			    "invalid input: %s (#%X); expected UTF-8 text",
			    problem, (unsigned)p->problem_value);
		return error_at(t->err, t->path, line, column,
		    "invalid input: %s", problem);
	}
	line = (int)p->problem_mark.line + 1;
	column = (int)p->problem_mark.column + 1;
	if (p->context != NULL)
		return error_at(t->err, t->path, line, column,
		    "YAML syntax error: %s (%s that began at line %d)",
		    problem, p->context, (int)p->context_mark.line + 1);
	return error_at(t->err, t->path, line, column,
	    "YAML syntax error: %s", problem);
}

/*
 * Only the YAML 1.2 core schema's tags mean anything here; anything else
 * is more likely a paste from another tool than something to ignore.
 */
static int
tree_tag(struct tree *t, const yaml_char_t *tag, const yaml_mark_t *mark,
    int *is_str)
{
	static const char	*core[] = { "int", "float", "bool", "null",
				    "seq", "map" };
	static const char	 prefix[] = "tag:yaml.org,2002:";
	const char		*s = (const char *)tag;
	size_t			 i;

	*is_str = 0;
	if (s == NULL)
		return 0;
	if (strcmp(s, "!") == 0 || strcmp(s, "tag:yaml.org,2002:str") == 0) {
		*is_str = 1;
		return 0;
	}
	if (strncmp(s, prefix, sizeof prefix - 1) == 0) {
		for (i = 0; i < sizeof core / sizeof core[0]; i++)
			if (strcmp(s + sizeof prefix - 1, core[i]) == 0)
				return 0;
	}
	return error_at(t->err, t->path, (int)mark->line + 1,
	    (int)mark->column + 1, "unsupported tag '%.64s'; expected no tag",
	    s);
}

static struct node *
tree_node(struct tree *t, enum node_type type, const yaml_mark_t *mark)
{
	struct node	*n;

	if ((n = calloc(1, sizeof *n)) == NULL)
		return NULL;
	n->type = type;
	n->line = (int)mark->line + 1;
	n->column = (int)mark->column + 1;
	n->weight = 1;
	n->next = t->all;
	t->all = n;
	return n;
}

/* Count nodes as if every alias were expanded: the billion-laughs guard. */
static int
tree_count(struct tree *t, size_t weight, const yaml_mark_t *mark)
{
	t->expanded += weight;
	if (t->expanded <= CONFIG_MAX_NODES)
		return 0;
	return error_at(t->err, t->path, (int)mark->line + 1,
	    (int)mark->column + 1,
	    "more than %d nodes with aliases expanded; expected a small "
	    "config", CONFIG_MAX_NODES);
}

/* Append n to the open collection, or make it the document's root. */
static int
tree_add(struct tree *t, struct node *n)
{
	struct node	*parent, **kids;
	size_t		 cap;

	if (t->depth == 0) {
		t->root = n;
		return 0;
	}
	parent = t->stack[t->depth - 1];
	if (parent->n_kids == parent->cap) {
		cap = parent->cap != 0 ? parent->cap * 2 : 8;
		kids = realloc(parent->kids, cap * sizeof *kids);
		if (kids == NULL)
			return tree_oom(t);
		parent->kids = kids;
		parent->cap = cap;
	}
	parent->kids[parent->n_kids++] = n;
	return 0;
}

/* Anchors are registered when complete, so no alias can make a cycle. */
static int
tree_anchor(struct tree *t, char *name, struct node *n)
{
	struct anchor	*a;
	size_t		 cap;

	if (t->n_anchors == t->anchors_cap) {
		cap = t->anchors_cap != 0 ? t->anchors_cap * 2 : 8;
		if ((a = realloc(t->anchors, cap * sizeof *a)) == NULL) {
			free(name);
			return tree_oom(t);
		}
		t->anchors = a;
		t->anchors_cap = cap;
	}
	t->anchors[t->n_anchors].name = name;
	t->anchors[t->n_anchors].node = n;
	t->n_anchors++;
	return 0;
}

static char *
tree_strdup(const yaml_char_t *s)
{
	return s != NULL ? strdup((const char *)s) : NULL;
}

static int
tree_alias(struct tree *t, const yaml_event_t *ev)
{
	const char	*name = (const char *)ev->data.alias.anchor;
	size_t		 i;

	for (i = t->n_anchors; i > 0; i--) {
		if (strcmp(t->anchors[i - 1].name, name) == 0) {
			if (tree_count(t, t->anchors[i - 1].node->weight,
			    &ev->start_mark) == -1)
				return -1;
			return tree_add(t, t->anchors[i - 1].node);
		}
	}
	return error_at(t->err, t->path, (int)ev->start_mark.line + 1,
	    (int)ev->start_mark.column + 1,
	    "alias '*%.64s' names no anchor defined before it", name);
}

static int
tree_scalar(struct tree *t, const yaml_event_t *ev)
{
	struct node	*n;
	char		*anchor;
	int		 is_str;

	if (tree_tag(t, ev->data.scalar.tag, &ev->start_mark, &is_str) == -1)
		return -1;
	if (tree_count(t, 1, &ev->start_mark) == -1)
		return -1;
	if ((n = tree_node(t, NODE_SCALAR, &ev->start_mark)) == NULL)
		return tree_oom(t);
	n->len = ev->data.scalar.length;
	if ((n->text = malloc(n->len + 1)) == NULL)
		return tree_oom(t);
	memcpy(n->text, ev->data.scalar.value, n->len);
	n->text[n->len] = '\0';
	n->plain = !is_str && ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	if (tree_add(t, n) == -1)
		return -1;
	if (ev->data.scalar.anchor == NULL)
		return 0;
	if ((anchor = tree_strdup(ev->data.scalar.anchor)) == NULL)
		return tree_oom(t);
	return tree_anchor(t, anchor, n);
}

static int
tree_open(struct tree *t, const yaml_event_t *ev, enum node_type type)
{
	const yaml_char_t	*tag, *anchor;
	struct node		*n;
	int			 is_str;

	if (type == NODE_MAPPING) {
		tag = ev->data.mapping_start.tag;
		anchor = ev->data.mapping_start.anchor;
	} else {
		tag = ev->data.sequence_start.tag;
		anchor = ev->data.sequence_start.anchor;
	}
	if (tree_tag(t, tag, &ev->start_mark, &is_str) == -1)
		return -1;
	if (t->depth == CONFIG_MAX_DEPTH)
		return error_at(t->err, t->path, (int)ev->start_mark.line + 1,
		    (int)ev->start_mark.column + 1,
		    "nesting deeper than %d levels; expected a flat config",
		    CONFIG_MAX_DEPTH);
	if (tree_count(t, 1, &ev->start_mark) == -1)
		return -1;
	if ((n = tree_node(t, type, &ev->start_mark)) == NULL)
		return tree_oom(t);
	if (tree_add(t, n) == -1)
		return -1;
	t->stack[t->depth] = n;
	t->stack_start[t->depth] = t->expanded - 1;
	t->stack_anchor[t->depth] = NULL;
	if (anchor != NULL &&
	    (t->stack_anchor[t->depth] = tree_strdup(anchor)) == NULL)
		return tree_oom(t);
	t->depth++;
	return 0;
}

static int
tree_close(struct tree *t)
{
	struct node	*n;
	char		*anchor;

	t->depth--;
	n = t->stack[t->depth];
	n->weight = t->expanded - t->stack_start[t->depth];
	anchor = t->stack_anchor[t->depth];
	t->stack_anchor[t->depth] = NULL;
	if (anchor == NULL)
		return 0;
	return tree_anchor(t, anchor, n);
}

static int
tree_event(struct tree *t, const yaml_event_t *ev, int *done)
{
	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		*done = 1;
		return 0;
	case YAML_DOCUMENT_START_EVENT:
		if (t->documents++ == 0)
			return 0;
		return error_at(t->err, t->path, (int)ev->start_mark.line + 1,
		    (int)ev->start_mark.column + 1,
		    "a second YAML document; expected one");
	case YAML_ALIAS_EVENT:
		return tree_alias(t, ev);
	case YAML_SCALAR_EVENT:
		return tree_scalar(t, ev);
	case YAML_SEQUENCE_START_EVENT:
		return tree_open(t, ev, NODE_SEQUENCE);
	case YAML_MAPPING_START_EVENT:
		return tree_open(t, ev, NODE_MAPPING);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return tree_close(t);
	default:
		return 0;
	}
}

static int
tree_build(struct tree *t)
{
	yaml_parser_t	 parser;
	yaml_event_t	 ev;
	int		 rc = 0, done = 0;

	if (!yaml_parser_initialize(&parser))
		return tree_oom(t);
	yaml_parser_set_input_string(&parser, (const unsigned char *)t->buf,
	    t->len);
	/* Fixed, so that reader offsets are byte offsets into t->buf. */
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			rc = tree_syntax_error(t, &parser);
			break;
		}
		rc = tree_event(t, &ev, &done);
		yaml_event_delete(&ev);
		if (rc == -1)
			break;
	}
	yaml_parser_delete(&parser);
	return rc;
}

static void
tree_free(struct tree *t)
{
	struct node	*n, *next;
	size_t		 i;

	for (n = t->all; n != NULL; n = next) {
		next = n->next;
		free(n->text);
		free(n->kids);
		free(n);
	}
	for (i = 0; i < t->n_anchors; i++)
		free(t->anchors[i].name);
	free(t->anchors);
	for (i = 0; i < t->depth; i++)
		free(t->stack_anchor[i]);
}

/* ---- values --------------------------------------------------------- */

struct walk {
	const char	*path;
	struct error	*err;
	struct config	*cfg;
};

static int
walk_oom(struct walk *w)
{
	return error_set(w->err, EXIT_RUNTIME, w->path, 0, 0,
	    "out of memory");
}

static int
node_is(const struct node *n, const char *s)
{
	return n->type == NODE_SCALAR && n->len == strlen(s) &&
	    memcmp(n->text, s, n->len) == 0;
}

static int
node_is_null(const struct node *n)
{
	return n->type == NODE_SCALAR && n->plain && (n->len == 0 ||
	    node_is(n, "~") || node_is(n, "null") || node_is(n, "Null") ||
	    node_is(n, "NULL"));
}

/* Quote at most FOUND_MAX bytes of s, escaping what a terminal would eat. */
static void
quote(const char *s, size_t len, char q, char *buf, size_t size)
{
	size_t	i, o = 0, max = len > FOUND_MAX ? FOUND_MAX : len;

	/* Cut on a character boundary, never inside a UTF-8 sequence. */
	while (max < len && max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	buf[o++] = q;
	for (i = 0; i < max && o + 8 < size; i++) {
		unsigned char	c = (unsigned char)s[i];

		if (c == q || c == '\\')
			o += (size_t)snprintf(buf + o, size - o, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			o += (size_t)snprintf(buf + o, size - o, "\\x%02X", c);
		else
			buf[o++] = (char)c;
	}
	if (max < len)
		o += (size_t)snprintf(buf + o, size - o, "...");
	snprintf(buf + o, size - o, "%c", q);
}

/*
 * What a message says was found instead of what was expected.  Where a
 * number or boolean is expected, a quoted "768" is a string and is
 * called one, or the message would read as if 768 were refused.
 */
static void
describe(const struct node *n, int typed, char *buf, size_t size)
{
	size_t	o = 0;

	if (n->type == NODE_MAPPING)
		snprintf(buf, size, "a mapping");
	else if (n->type == NODE_SEQUENCE)
		snprintf(buf, size, n->n_kids == 0 ? "an empty sequence" :
		    "a sequence");
	else if (node_is_null(n))
		snprintf(buf, size, "null");
	else {
		if (typed && !n->plain)
			o = (size_t)snprintf(buf, size, "the string ");
		quote(n->text, n->len, '"', buf + o, size - o);
	}
}

/* "expected WHAT for NAME, found ..." at n. */
static int
expected_typed(struct walk *w, const struct node *n, int typed,
    const char *what, const char *name)
{
	char	found[FOUND_MAX * 4 + 32];

	describe(n, typed, found, sizeof found);
	return error_at(w->err, w->path, n->line, n->column,
	    "expected %s for %s, found %s", what, name, found);
}

static int
expected(struct walk *w, const struct node *n, const char *what,
    const char *name)
{
	return expected_typed(w, n, 0, what, name);
}

/* YAML 1.2 core-schema integer: [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+. */
static int
parse_int(const struct node *n, int *neg, uint64_t *value, int *overflow)
{
	const char	*s = n->text;
	unsigned	 base = 10, digit;
	size_t		 i = 0, start;

	*neg = 0;
	*value = 0;
	*overflow = 0;
	if (n->type != NODE_SCALAR || !n->plain || n->len == 0)
		return -1;
	if (s[0] == '-' || s[0] == '+')
		*neg = s[i++] == '-';
	else if (n->len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
		base = s[1] == 'x' ? 16 : 8;
		i = 2;
	}
	start = i;
	for (; i < n->len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digit = (unsigned)(s[i] - '0');
		else if (base == 16 && s[i] >= 'a' && s[i] <= 'f')
			digit = (unsigned)(s[i] - 'a' + 10);
		else if (base == 16 && s[i] >= 'A' && s[i] <= 'F')
			digit = (unsigned)(s[i] - 'A' + 10);
		else
			return -1;
		if (digit >= base)
			return -1;
		if (*value > (UINT64_MAX - digit) / base)
			*overflow = 1;
		else
			*value = *value * base + digit;
	}
	return i > start ? 0 : -1;
}

/* An integer in [min, max]; min is 0 or 1, and the message says which. */
static int
get_uint(struct walk *w, const struct node *n, const char *name,
    uint64_t min, uint64_t max, uint64_t *out)
{
	const char	*what = min == 0 ? "a non-negative integer" :
			    "a positive integer";
	char		 bound[96];
	uint64_t	 v;
	int		 neg, overflow;

	if (parse_int(n, &neg, &v, &overflow) == -1 || (neg && v != 0) ||
	    (!overflow && v < min))
		return expected_typed(w, n, 1, what, name);
	if (overflow || v > max) {
		snprintf(bound, sizeof bound, "%s at most %llu", what,
		    (unsigned long long)max);
		return expected_typed(w, n, 1, bound, name);
	}
	*out = v;
	return 0;
}

static int
get_int(struct walk *w, const struct node *n, const char *name,
    int64_t max, int64_t *out)
{
	uint64_t	v;

	if (get_uint(w, n, name, 1, (uint64_t)max, &v) == -1)
		return -1;
	*out = (int64_t)v;
	return 0;
}

/* Core-schema float syntax; .inf and .nan are not finite, so not here. */
static int
float_syntax(const char *s, size_t len)
{
	size_t	i = 0, digits = 0;

	if (i < len && (s[i] == '-' || s[i] == '+'))
		i++;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (i < len && s[i] == '.')
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	if (digits == 0)
		return -1;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			i++;
		for (digits = 0; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
		if (digits == 0)
			return -1;
	}
	return i == len ? 0 : -1;
}

/*
 * A finite number, positive or (zero_ok) non-negative.  strtod follows
 * LC_NUMERIC, which the program may have set from the environment, so
 * the '.' is swapped for the locale's decimal point first.
 */
static int
get_float(struct walk *w, const struct node *n, const char *name,
    int zero_ok, double *out)
{
	const char	*what = zero_ok ? "a non-negative number" :
			    "a positive number";
	const char	*point = localeconv()->decimal_point;
	char		 buf[128], *end;
	size_t		 i, o = 0;
	double		 v;

	if (n->type != NODE_SCALAR || !n->plain || n->len > 64 ||
	    float_syntax(n->text, n->len) == -1)
		return expected_typed(w, n, 1, what, name);
	for (i = 0; i < n->len; i++) {
		if (n->text[i] == '.' && point != NULL && *point != '\0') {
			o += (size_t)snprintf(buf + o, sizeof buf - o, "%s",
			    point);
		} else
			buf[o++] = n->text[i];
		if (o >= sizeof buf - 8)
			return expected_typed(w, n, 1, what, name);
	}
	buf[o] = '\0';
	v = strtod(buf, &end);
	if (*end != '\0' || !isfinite(v) || v < 0 || (!zero_ok && v == 0))
		return expected_typed(w, n, 1, what, name);
	*out = v;
	return 0;
}

static int
get_bool(struct walk *w, const struct node *n, const char *name, int *out)
{
	if (n->plain && (node_is(n, "true") || node_is(n, "True") ||
	    node_is(n, "TRUE")))
		*out = 1;
	else if (n->plain && (node_is(n, "false") || node_is(n, "False") ||
	    node_is(n, "FALSE")))
		*out = 0;
	else
		return expected_typed(w, n, 1, "true or false", name);
	return 0;
}

/* A non-empty string; any scalar but null reads as its text. */
static int
get_string(struct walk *w, const struct node *n, const char *name,
    char **out)
{
	char	*s;

	if (n->type != NODE_SCALAR || node_is_null(n) || n->len == 0)
		return expected(w, n, "a non-empty string", name);
	if (memchr(n->text, '\0', n->len) != NULL)
		return expected(w, n, "a string without NUL characters", name);
	if ((s = strdup(n->text)) == NULL)
		return walk_oom(w);
	free(*out);
	*out = s;
	return 0;
}

/* One of names[] (NULL-terminated); the message lists them all. */
static int
get_enum(struct walk *w, const struct node *n, const char *name,
    const char *const *names, const int *values, int *out)
{
	char	list[256];
	size_t	i, o = 0;

	for (i = 0; names[i] != NULL; i++) {
		if (n->type == NODE_SCALAR && !node_is_null(n) &&
		    node_is(n, names[i])) {
			*out = values[i];
			return 0;
		}
	}
	for (i = 0; names[i] != NULL && o < sizeof list; i++)
		o += (size_t)snprintf(list + o, sizeof list - o, "%s%s",
		    i == 0 ? "" : names[i + 1] == NULL ? " or " : ", ",
		    names[i]);
	return expected(w, n, list, name);
}

/* A path from the config, relative to the config file's directory. */
static int
get_path(struct walk *w, const struct node *n, const char *name, char **out)
{
	const char	*slash = strrchr(w->path, '/');
	char		*file = NULL, *joined;
	size_t		 dir;

	if (get_string(w, n, name, &file) == -1)
		return -1;
	if (file[0] == '/' || slash == NULL) {
		free(*out);
		*out = file;
		return 0;
	}
	dir = (size_t)(slash - w->path) + 1;
	if ((joined = malloc(dir + strlen(file) + 1)) == NULL) {
		free(file);
		return walk_oom(w);
	}
	memcpy(joined, w->path, dir);
	strcpy(joined + dir, file);
	free(file);
	free(*out);
	*out = joined;
	return 0;
}

/* ---- keys ----------------------------------------------------------- */

struct key {
	const char	*name;
	int		 slot;
};

/* The nodes given for one key of a mapping, by slot. */
struct slot {
	const struct node	*key;
	const struct node	*value;
};

/* Edit distance, for the "did you mean" hint; long strings get none. */
static size_t
levenshtein(const char *a, size_t la, const char *b, size_t lb)
{
	size_t	row[65], i, j, diag, up;

	if (la > 64 || lb > 64)
		return SIZE_MAX;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			up = row[j];
			row[j] = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < row[j])
				row[j] = up + 1;
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			diag = up;
		}
	}
	return row[lb];
}

static int
unknown_key(struct walk *w, const struct node *k, const char *where,
    const struct key *keys, size_t n_keys)
{
	char		 name[FOUND_MAX * 4 + 16];
	const char	*best = NULL;
	size_t		 i, d, best_d = SIZE_MAX;

	quote(k->text, k->len, '\'', name, sizeof name);
	for (i = 0; i < n_keys; i++) {
		d = levenshtein(k->text, k->len, keys[i].name,
		    strlen(keys[i].name));
		if (d < best_d) {
			best_d = d;
			best = keys[i].name;
		}
	}
	/* Close enough to be a typo: two edits, or a third of the word. */
	if (best != NULL && (best_d <= 2 || best_d * 3 <= k->len))
		return error_at(w->err, w->path, k->line, k->column,
		    "unknown key %s %s; did you mean '%s'?", name, where, best);
	return error_at(w->err, w->path, k->line, k->column,
	    "unknown key %s %s", name, where);
}

static const struct key *
key_find(const struct node *k, const struct key *keys, size_t n_keys)
{
	size_t	i;

	for (i = 0; i < n_keys; i++)
		if (node_is(k, keys[i].name))
			return &keys[i];
	return NULL;
}

/* The name a slot is documented under: the first key naming it. */
static const char *
key_canonical(const struct key *keys, int slot)
{
	while (keys->slot != slot)
		keys++;
	return keys->name;
}

/*
 * Sort a mapping's pairs into slots: unknown keys, non-scalar keys and a
 * key given twice (also as canonical name and alias) stop here.
 */
static int
walk_collect(struct walk *w, const struct node *map, const char *where,
    const struct key *keys, size_t n_keys, struct slot *slots)
{
	const struct key	*key;
	const struct node	*k, *first;
	char			 found[FOUND_MAX * 4 + 32];
	size_t			 i;

	for (i = 0; i + 1 < map->n_kids; i += 2) {
		k = map->kids[i];
		if (k->type != NODE_SCALAR || node_is_null(k)) {
			describe(k, 0, found, sizeof found);
			return error_at(w->err, w->path, k->line, k->column,
			    "expected a key name %s, found %s", where, found);
		}
		if ((key = key_find(k, keys, n_keys)) == NULL)
			return unknown_key(w, k, where, keys, n_keys);
		if ((first = slots[key->slot].key) != NULL && node_is(first,
		    key->name))
			return error_at(w->err, w->path, k->line, k->column,
			    "duplicate key '%s' %s; first given at line %d",
			    key->name, where, first->line);
		if (first != NULL)
			return error_at(w->err, w->path, k->line, k->column,
			    "key '%s' %s is another name for '%.*s', given at "
			    "line %d; expected one of them", key->name, where,
			    (int)first->len, first->text, first->line);
		slots[key->slot].key = k;
		slots[key->slot].value = map->kids[i + 1];
	}
	return 0;
}

static int
expect_mapping(struct walk *w, const struct node *n, const char *name)
{
	if (n->type == NODE_MAPPING)
		return 0;
	return expected(w, n, "a mapping", name);
}

/* "missing key" at the key that owns the mapping. */
static int
missing(struct walk *w, const struct node *owner, const char *key,
    const char *where, const char *why)
{
	return error_at(w->err, w->path, owner->line, owner->column,
	    "missing key '%s' %s%s", key, where, why);
}

/*
 * "give exactly one of": at the second one given in document order, or
 * at the owner when none is.
 */
static int
exactly_one(struct walk *w, const struct node *owner, const struct slot *s,
    const int *slots, size_t n, const struct key *keys, const char *section,
    int *which)
{
	const struct node	*first = NULL;
	char			 list[128];
	size_t			 i, o = 0;
	int			 first_slot = -1;

	for (i = 0; i < n; i++)
		o += (size_t)snprintf(list + o, sizeof list - o, "%s%s.%s",
		    i == 0 ? "" : i + 1 == n ? " and " : ", ", section,
		    key_canonical(keys, slots[i]));
	for (i = 0; i < n; i++) {
		const struct node	*k = s[slots[i]].key;

		if (k == NULL)
			continue;
		if (first == NULL || k->line < first->line ||
		    (k->line == first->line && k->column < first->column)) {
			first = k;
			first_slot = slots[i];
		}
	}
	if (first == NULL)
		return error_at(w->err, w->path, owner->line, owner->column,
		    "expected exactly one of %s, found none", list);
	for (i = 0; i < n; i++) {
		const struct node	*k = s[slots[i]].key;

		if (k != NULL && k != first)
			return error_at(w->err, w->path, k->line, k->column,
			    "expected exactly one of %s, found both %s.%s and "
			    "%s.%s", list, section,
			    key_canonical(keys, first_slot), section,
			    key_canonical(keys, slots[i]));
	}
	*which = first_slot;
	return 0;
}

/* ---- model ---------------------------------------------------------- */

enum {
	M_NAME, M_FAMILY, M_VOCAB, M_MAX_SEQ, M_D_MODEL, M_N_LAYERS,
	M_N_HEADS, M_N_KV_HEADS, M_D_HEAD, M_D_FF, M_TYPE_VOCAB, M_POOLER,
	M_NORM, M_NORM_EPS, M_ACTIVATION, M_POSITION, M_ROPE_THETA, M_MASK,
	M_BIAS, M_TIE, M_COUNT
};

/* Canonical names first: the hint and messages prefer them. */
static const struct key model_keys[] = {
	{ "name", M_NAME }, { "family", M_FAMILY },
	{ "vocab_size", M_VOCAB }, { "max_seq", M_MAX_SEQ },
	{ "d_model", M_D_MODEL }, { "n_layers", M_N_LAYERS },
	{ "n_heads", M_N_HEADS }, { "n_kv_heads", M_N_KV_HEADS },
	{ "d_head", M_D_HEAD }, { "d_ff", M_D_FF },
	{ "type_vocab_size", M_TYPE_VOCAB }, { "pooler", M_POOLER },
	{ "norm", M_NORM }, { "norm_eps", M_NORM_EPS },
	{ "activation", M_ACTIVATION }, { "position", M_POSITION },
	{ "rope_theta", M_ROPE_THETA }, { "mask", M_MASK },
	{ "bias", M_BIAS }, { "tie_embeddings", M_TIE },
	/* Hugging Face config.json names. */
	{ "n_embd", M_D_MODEL }, { "hidden_size", M_D_MODEL },
	{ "n_layer", M_N_LAYERS }, { "num_hidden_layers", M_N_LAYERS },
	{ "n_head", M_N_HEADS }, { "num_attention_heads", M_N_HEADS },
	{ "num_key_value_heads", M_N_KV_HEADS }, { "head_dim", M_D_HEAD },
	{ "n_positions", M_MAX_SEQ },
	{ "max_position_embeddings", M_MAX_SEQ },
	{ "intermediate_size", M_D_FF }, { "rms_norm_eps", M_NORM_EPS },
	{ "layer_norm_epsilon", M_NORM_EPS }, { "layer_norm_eps", M_NORM_EPS },
};
#define N_MODEL_KEYS (sizeof model_keys / sizeof model_keys[0])

static const char *const family_names[] = { "gpt2", "llama", "bert",
    "attention", NULL };
static const int family_values[] = { FAMILY_GPT2, FAMILY_LLAMA,
    FAMILY_BERT, FAMILY_ATTENTION };
static const char *const norm_names[] = { "layernorm", "rmsnorm", NULL };
static const int norm_values[] = { NORM_LAYERNORM, NORM_RMSNORM };
static const char *const act_names[] = { "gelu", "gelu_tanh", "relu",
    "silu", "swiglu", NULL };
static const int act_values[] = { ACT_GELU, ACT_GELU_TANH, ACT_RELU,
    ACT_SILU, ACT_SWIGLU };
static const char *const pos_names[] = { "learned", "sinusoidal", "rope",
    "alibi", "none", NULL };
static const int pos_values[] = { POS_LEARNED, POS_SINUSOIDAL, POS_ROPE,
    POS_ALIBI, POS_NONE };

/* The family table of spec/config.md. */
static void
model_defaults(struct config_model *m)
{
	m->rope_theta = 10000.0;
	m->bias = 1;
	switch (m->family) {
	case FAMILY_GPT2:
		m->norm = NORM_LAYERNORM;
		m->activation = ACT_GELU_TANH;
		m->position = POS_LEARNED;
		m->mask = MASK_CAUSAL;
		m->tie_embeddings = 1;
		m->norm_eps = 1e-5;
		break;
	case FAMILY_LLAMA:
		m->norm = NORM_RMSNORM;
		m->activation = ACT_SWIGLU;
		m->position = POS_ROPE;
		m->mask = MASK_CAUSAL;
		m->bias = 0;
		m->norm_eps = 1e-6;
		break;
	case FAMILY_BERT:
		m->norm = NORM_LAYERNORM;
		m->activation = ACT_GELU;
		m->position = POS_LEARNED;
		m->mask = MASK_NONE;
		m->tie_embeddings = 1;
		m->norm_eps = 1e-12;
		m->type_vocab_size = 2;
		m->pooler = 1;
		break;
	case FAMILY_ATTENTION:
		m->norm = NORM_NONE;
		m->activation = ACT_NONE;
		m->position = POS_NONE;
		m->mask = MASK_NONE;
		m->n_layers = 1;
		break;
	}
}

/* causal | none | sliding:N, N in [1, MAX_SEQ]. */
static int
get_mask(struct walk *w, const struct node *n, const char *name,
    struct config_model *m)
{
	const char	*what = "causal, none or sliding:N with N from 1 to "
			    "1048576";
	struct node	 number;
	uint64_t	 v;
	int		 neg, overflow;

	if (n->type == NODE_SCALAR && node_is(n, "causal"))
		m->mask = MASK_CAUSAL;
	else if (n->type == NODE_SCALAR && node_is(n, "none"))
		m->mask = MASK_NONE;
	else if (n->type == NODE_SCALAR && n->len > 8 &&
	    strncmp(n->text, "sliding:", 8) == 0) {
		number = *n;
		number.text = n->text + 8;
		number.len = n->len - 8;
		number.plain = 1;
		if (number.text[0] < '0' || number.text[0] > '9' ||
		    parse_int(&number, &neg, &v, &overflow) == -1 ||
		    overflow || v < 1 || v > MAX_SEQ)
			return expected(w, n, what, name);
		m->mask = MASK_SLIDING;
		m->window = (int64_t)v;
	} else
		return expected(w, n, what, name);
	return 0;
}

static int
not_for(struct walk *w, const struct node *k, const char *name,
    const char *family)
{
	return error_at(w->err, w->path, k->line, k->column,
	    "%s does not apply to family %s", name, family);
}

/* One key of model:, in document order; the family is already known. */
static int
model_key(struct walk *w, int slot, const struct node *k,
    const struct node *v, const char *name)
{
	struct config_model	*m = &w->cfg->model;
	int			 attention = m->family == FAMILY_ATTENTION;
	int			 e;

	switch (slot) {
	case M_VOCAB:
	case M_D_FF:
	case M_NORM:
	case M_NORM_EPS:
	case M_ACTIVATION:
	case M_TIE:
		if (attention)
			return not_for(w, k, name, "attention");
		break;
	case M_TYPE_VOCAB:
	case M_POOLER:
		if (m->family != FAMILY_BERT)
			return error_at(w->err, w->path, k->line, k->column,
			    "%s applies to family bert only", name);
		break;
	}

	switch (slot) {
	case M_NAME:
		return get_string(w, v, name, &m->name);
	case M_VOCAB:
		return get_int(w, v, name, MAX_VOCAB, &m->vocab_size);
	case M_MAX_SEQ:
		return get_int(w, v, name, MAX_SEQ, &m->max_seq);
	case M_D_MODEL:
		return get_int(w, v, name, MAX_D_MODEL, &m->d_model);
	case M_N_LAYERS:
		if (get_int(w, v, name, MAX_LAYERS, &m->n_layers) == -1)
			return -1;
		if (attention && m->n_layers != 1)
			return expected(w, v, "1 (family attention is one "
			    "layer)", name);
		return 0;
	case M_N_HEADS:
		return get_int(w, v, name, MAX_HEADS, &m->n_heads);
	case M_N_KV_HEADS:
		return get_int(w, v, name, MAX_HEADS, &m->n_kv_heads);
	case M_D_HEAD:
		return get_int(w, v, name, MAX_D_HEAD, &m->d_head);
	case M_D_FF:
		return get_int(w, v, name, MAX_D_FF, &m->d_ff);
	case M_TYPE_VOCAB:
		return get_int(w, v, name, MAX_TYPE_VOCAB,
		    &m->type_vocab_size);
	case M_POOLER:
		return get_bool(w, v, name, &m->pooler);
	case M_NORM:
		e = get_enum(w, v, name, norm_names, norm_values, &slot);
		m->norm = (enum config_norm)slot;
		return e;
	case M_NORM_EPS:
		return get_float(w, v, name, 0, &m->norm_eps);
	case M_ACTIVATION:
		e = get_enum(w, v, name, act_names, act_values, &slot);
		m->activation = (enum config_activation)slot;
		return e;
	case M_POSITION:
		e = get_enum(w, v, name, pos_names, pos_values, &slot);
		m->position = (enum config_position)slot;
		return e;
	case M_ROPE_THETA:
		return get_float(w, v, name, 0, &m->rope_theta);
	case M_MASK:
		return get_mask(w, v, name, m);
	case M_BIAS:
		return get_bool(w, v, name, &m->bias);
	case M_TIE:
		return get_bool(w, v, name, &m->tie_embeddings);
	}
	return 0;
}

/* Where to blame a derived value: its own node, else the model: key. */
static const struct node *
slot_place(const struct slot *s, int slot, const struct node *owner)
{
	return s[slot].value != NULL ? s[slot].value : owner;
}

/* Checks across keys, and the defaults that depend on other keys. */
static int
model_derive(struct walk *w, const struct node *owner, const struct slot *s)
{
	struct config_model	*m = &w->cfg->model;
	const struct node	*at;
	static const int	 required[] = { M_VOCAB, M_D_MODEL,
				    M_N_LAYERS, M_N_HEADS };
	size_t			 i;

	for (i = 0; i < sizeof required / sizeof required[0]; i++) {
		if (s[required[i]].key != NULL)
			continue;
		if (m->family == FAMILY_ATTENTION &&
		    required[i] != M_D_MODEL && required[i] != M_N_HEADS)
			continue;
		return missing(w, owner, key_canonical(model_keys,
		    required[i]), "in model", "");
	}
	if (m->n_kv_heads == 0)
		m->n_kv_heads = m->n_heads;
	if (m->n_heads % m->n_kv_heads != 0) {
		at = slot_place(s, M_N_KV_HEADS, owner);
		return error_at(w->err, w->path, at->line, at->column,
		    "model.n_heads (%lld) is not divisible by model.n_kv_heads "
		    "(%lld); expected a divisor of it", (long long)m->n_heads,
		    (long long)m->n_kv_heads);
	}
	if (m->d_head == 0) {
		if (m->d_model % m->n_heads != 0) {
			at = slot_place(s, M_N_HEADS, owner);
			return error_at(w->err, w->path, at->line, at->column,
			    "model.d_model (%lld) is not divisible by "
			    "model.n_heads (%lld); expected a divisor, or "
			    "model.d_head", (long long)m->d_model,
			    (long long)m->n_heads);
		}
		m->d_head = m->d_model / m->n_heads;
	}
	/* Both bounded by MAX_HEADS and MAX_D_HEAD: no overflow. */
	if (m->n_heads * m->d_head > MAX_ATTN_WIDTH) {
		at = slot_place(s, s[M_D_HEAD].value != NULL ? M_D_HEAD :
		    M_N_HEADS, owner);
		return error_at(w->err, w->path, at->line, at->column,
		    "model.n_heads * model.d_head is %lld; expected at most %d",
		    (long long)(m->n_heads * m->d_head), MAX_ATTN_WIDTH);
	}
	if (m->position == POS_ROPE && m->d_head % 2 != 0) {
		at = slot_place(s, s[M_D_HEAD].value != NULL ? M_D_HEAD :
		    M_N_HEADS, owner);
		return error_at(w->err, w->path, at->line, at->column,
		    "model.d_head is %lld; expected an even number for "
		    "rope positions", (long long)m->d_head);
	}
	if (m->d_ff == 0 && m->family != FAMILY_ATTENTION)
		m->d_ff = 4 * m->d_model;
	/* Family attention takes seq_len instead, once input: is read. */
	if (m->max_seq == 0 && m->position == POS_LEARNED &&
	    m->family != FAMILY_ATTENTION)
		return missing(w, owner, "max_seq", "in model",
		    " (learned positions need a table size)");
	if (m->max_seq == 0 && m->family != FAMILY_ATTENTION)
		m->max_seq = DEFAULT_MAX_SEQ;
	return 0;
}

static int
walk_model(struct walk *w, const struct node *owner, const struct node *map)
{
	struct slot		 s[M_COUNT];
	const struct key	*key;
	char			 name[64];
	int			 family;
	size_t			 i;

	memset(s, 0, sizeof s);
	if (expect_mapping(w, map, "model") == -1 ||
	    walk_collect(w, map, "in model", model_keys, N_MODEL_KEYS, s) == -1)
		return -1;
	if (s[M_FAMILY].key == NULL)
		return missing(w, owner, "family", "in model",
		    " (gpt2, llama, bert or attention)");
	if (get_enum(w, s[M_FAMILY].value, "model.family", family_names,
	    family_values, &family) == -1)
		return -1;
	w->cfg->model.family = (enum config_family)family;
	model_defaults(&w->cfg->model);
	for (i = 0; i + 1 < map->n_kids; i += 2) {
		key = key_find(map->kids[i], model_keys, N_MODEL_KEYS);
		if (key->slot == M_FAMILY)
			continue;
		snprintf(name, sizeof name, "model.%s", key->name);
		if (model_key(w, key->slot, map->kids[i], map->kids[i + 1],
		    name) == -1)
			return -1;
	}
	return model_derive(w, owner, s);
}

/* ---- weights -------------------------------------------------------- */

enum { W_INIT, W_FILE, W_SEED, W_STD, W_COUNT };

static const struct key weights_keys[] = {
	{ "init", W_INIT }, { "file", W_FILE }, { "seed", W_SEED },
	{ "std", W_STD },
};
#define N_WEIGHTS_KEYS (sizeof weights_keys / sizeof weights_keys[0])

/* One key of weights:, in document order; the source is already known. */
static int
weights_key(struct walk *w, int slot, const struct node *k,
    const struct node *v)
{
	static const char *const	 init_names[] = { "random", NULL };
	static const int		 init_values[] = { 0 };
	struct config_weights_spec	*ws = &w->cfg->weights;
	int				 dummy;

	switch (slot) {
	case W_INIT:
		return get_enum(w, v, "weights.init", init_names, init_values,
		    &dummy);
	case W_FILE:
		ws->file_place.line = v->line;
		ws->file_place.column = v->column;
		return get_path(w, v, "weights.file", &ws->file);
	case W_SEED:
		return get_uint(w, v, "weights.seed", 0, UINT64_MAX,
		    &ws->seed);
	case W_STD:
		if (ws->source == WEIGHTS_FILE)
			return error_at(w->err, w->path, k->line, k->column,
			    "weights.std applies to weights.init only");
		return get_float(w, v, "weights.std", 1, &ws->std);
	}
	return 0;
}

static int
walk_weights(struct walk *w, const struct node *owner, const struct node *map)
{
	static const int	 sources[] = { W_INIT, W_FILE };
	const struct key	*key;
	struct slot		 s[W_COUNT];
	int			 which;
	size_t			 i;

	memset(s, 0, sizeof s);
	if (expect_mapping(w, map, "weights") == -1 ||
	    walk_collect(w, map, "in weights", weights_keys, N_WEIGHTS_KEYS,
	    s) == -1 ||
	    exactly_one(w, owner, s, sources, 2, weights_keys, "weights",
	    &which) == -1)
		return -1;
	w->cfg->weights.source = which == W_INIT ? WEIGHTS_INIT : WEIGHTS_FILE;
	for (i = 0; i + 1 < map->n_kids; i += 2) {
		key = key_find(map->kids[i], weights_keys, N_WEIGHTS_KEYS);
		if (weights_key(w, key->slot, map->kids[i],
		    map->kids[i + 1]) == -1)
			return -1;
	}
	return 0;
}

/* ---- input ---------------------------------------------------------- */

enum { I_TEXT, I_TOKENS, I_EMBEDDINGS, I_TOKENIZER, I_VOCAB, I_MERGES,
    I_SEQ_LEN, I_BOS, I_COUNT };

static const struct key input_keys[] = {
	{ "text", I_TEXT }, { "tokens", I_TOKENS },
	{ "embeddings", I_EMBEDDINGS }, { "tokenizer", I_TOKENIZER },
	{ "vocab", I_VOCAB }, { "merges", I_MERGES }, { "seq_len", I_SEQ_LEN },
	{ "bos", I_BOS },
};
#define N_INPUT_KEYS (sizeof input_keys / sizeof input_keys[0])

static const char *const tokenizer_names[] = { "whitespace", "chars",
    "bytes", "gpt2", NULL };
static const int tokenizer_values[] = { TOKENIZER_WHITESPACE,
    TOKENIZER_CHARS, TOKENIZER_BYTES, TOKENIZER_GPT2 };

static int
get_tokens(struct walk *w, const struct node *n, const char *name)
{
	struct config_input_spec	*in = &w->cfg->input;
	int64_t				 vocab = w->cfg->model.vocab_size;
	char				 what[96], elem[64];
	uint64_t			 id;
	size_t				 i;

	if (n->type != NODE_SEQUENCE || n->n_kids == 0)
		return expected(w, n, "a non-empty sequence of token ids",
		    name);
	if ((in->tokens = calloc(n->n_kids, sizeof *in->tokens)) == NULL)
		return walk_oom(w);
	snprintf(what, sizeof what, "a token id from 0 to %lld",
	    (long long)vocab - 1);
	for (i = 0; i < n->n_kids; i++) {
		snprintf(elem, sizeof elem, "%.32s[%zu]", name, i);
		if (get_uint(w, n->kids[i], elem, 0, UINT64_MAX, &id) == -1 ||
		    id >= (uint64_t)vocab)
			return expected(w, n->kids[i], what, elem);
		in->tokens[in->n_tokens++] = (int64_t)id;
	}
	return 0;
}

/* input.bos: a token id the tokenizer puts first, inside the vocabulary. */
static int
get_bos(struct walk *w, const struct node *k, const struct node *v,
    const char *name)
{
	struct config_input_spec	*in = &w->cfg->input;
	int64_t				 vocab = w->cfg->model.vocab_size;
	uint64_t			 id;
	char				 what[64];

	if (in->kind != INPUT_TEXT)
		return error_at(w->err, w->path, k->line, k->column,
		    "input.bos applies to input.text only");
	snprintf(what, sizeof what, "a token id from 0 to %lld",
	    (long long)vocab - 1);
	if (get_uint(w, v, name, 0, UINT64_MAX, &id) == -1 ||
	    id >= (uint64_t)vocab)
		return expected(w, v, what, name);
	in->bos = (int64_t)id;
	in->has_bos = 1;
	return 0;
}

static int
input_not_with(struct walk *w, const struct node *k, const char *name,
    const char *only)
{
	return error_at(w->err, w->path, k->line, k->column,
	    "input.%s applies to %s only", name, only);
}

/* One key of input:, in document order; the kind is already known. */
static int
input_key(struct walk *w, int slot, const struct node *k,
    const struct node *v, const char *name)
{
	static const char *const	 emb_names[] = { "random", NULL };
	static const int		 emb_values[] = { 0 };
	struct config_input_spec	*in = &w->cfg->input;
	int				 attention, e, value;
	char				 full[64];

	attention = w->cfg->model.family == FAMILY_ATTENTION;
	snprintf(full, sizeof full, "input.%s", name);
	switch (slot) {
	case I_TEXT:
	case I_TOKENS:
		if (attention)
			return error_at(w->err, w->path, k->line, k->column,
			    "%s does not apply to family attention (it has no "
			    "vocabulary); expected input.embeddings", full);
		if (slot == I_TEXT)
			return get_string(w, v, full, &in->text);
		return get_tokens(w, v, full);
	case I_EMBEDDINGS:
		if (!attention)
			return error_at(w->err, w->path, k->line, k->column,
			    "input.embeddings applies to family attention "
			    "only; expected input.text or input.tokens");
		return get_enum(w, v, full, emb_names, emb_values, &value);
	case I_TOKENIZER:
		if (in->kind != INPUT_TEXT)
			return input_not_with(w, k, name, "input.text");
		e = get_enum(w, v, full, tokenizer_names, tokenizer_values,
		    &value);
		in->tokenizer = (enum config_tokenizer)value;
		return e;
	case I_VOCAB:
		if (in->kind == INPUT_EMBEDDINGS)
			return input_not_with(w, k, name,
			    "input.text and input.tokens");
		return get_path(w, v, full, &in->vocab);
	case I_MERGES:
		if (in->kind != INPUT_TEXT)
			return input_not_with(w, k, name, "input.text");
		return get_path(w, v, full, &in->merges);
	case I_SEQ_LEN:
		if (in->kind != INPUT_EMBEDDINGS)
			return input_not_with(w, k, name, "input.embeddings");
		return get_int(w, v, full, MAX_SEQ, &in->seq_len);
	case I_BOS:
		return get_bos(w, k, v, full);
	}
	return 0;
}

static int
walk_input(struct walk *w, const struct node *owner, const struct node *map)
{
	static const int		 kinds[] = { I_TEXT, I_TOKENS,
					    I_EMBEDDINGS };
	struct config_input_spec	*in = &w->cfg->input;
	const struct key		*key;
	struct slot			 s[I_COUNT];
	int				 which;
	size_t				 i;

	memset(s, 0, sizeof s);
	in->place.line = owner->line;
	in->place.column = owner->column;
	if (expect_mapping(w, map, "input") == -1 ||
	    walk_collect(w, map, "in input", input_keys, N_INPUT_KEYS,
	    s) == -1 ||
	    exactly_one(w, owner, s, kinds, 3, input_keys, "input",
	    &which) == -1)
		return -1;
	in->kind = which == I_TEXT ? INPUT_TEXT : which == I_TOKENS ?
	    INPUT_TOKENS : INPUT_EMBEDDINGS;
	for (i = 0; i + 1 < map->n_kids; i += 2) {
		key = key_find(map->kids[i], input_keys, N_INPUT_KEYS);
		if (input_key(w, key->slot, map->kids[i], map->kids[i + 1],
		    key->name) == -1)
			return -1;
	}
	if (in->kind == INPUT_EMBEDDINGS && s[I_SEQ_LEN].key == NULL)
		return missing(w, owner, "seq_len", "in input",
		    " (input.embeddings needs a length)");
	if (in->tokenizer == TOKENIZER_GPT2 && s[I_VOCAB].key == NULL)
		return missing(w, owner, "vocab", "in input",
		    " (tokenizer gpt2 needs encoder.json)");
	if (in->tokenizer == TOKENIZER_GPT2 && s[I_MERGES].key == NULL)
		return missing(w, owner, "merges", "in input",
		    " (tokenizer gpt2 needs vocab.bpe)");
	if (in->tokenizer != TOKENIZER_GPT2 && s[I_MERGES].key != NULL)
		return error_at(w->err, w->path, s[I_MERGES].key->line,
		    s[I_MERGES].key->column,
		    "input.merges applies to tokenizer gpt2 only");
	return 0;
}

/* ---- the document ---------------------------------------------------- */

enum { T_MODEL, T_WEIGHTS, T_INPUT, T_COUNT };

static const struct key top_keys[] = {
	{ "model", T_MODEL }, { "weights", T_WEIGHTS }, { "input", T_INPUT },
};
#define N_TOP_KEYS (sizeof top_keys / sizeof top_keys[0])

/* The input's length against the model's, once both are known. */
static int
walk_lengths(struct walk *w, const struct node *input)
{
	struct config_model		*m = &w->cfg->model;
	struct config_input_spec	*in = &w->cfg->input;
	const struct node		*at;
	int64_t				 n;
	size_t				 i;

	if (m->max_seq == 0)
		m->max_seq = in->seq_len;
	n = in->kind == INPUT_TOKENS ? (int64_t)in->n_tokens : in->seq_len;
	if (n <= m->max_seq)
		return 0;
	at = input;
	for (i = 0; i + 1 < input->n_kids; i += 2)
		if (node_is(input->kids[i], "tokens") ||
		    node_is(input->kids[i], "seq_len"))
			at = input->kids[i + 1];
	return error_at(w->err, w->path, at->line, at->column,
	    "the input is %lld tokens long; expected at most model.max_seq "
	    "(%lld)", (long long)n, (long long)m->max_seq);
}

/* model.name's default: the config's base name without its extension. */
static char *
default_name(const char *path)
{
	const char	*base = strrchr(path, '/');
	const char	*dot;
	char		*name;
	size_t		 len;

	base = base != NULL ? base + 1 : path;
	dot = strrchr(base, '.');
	len = dot != NULL && dot != base ? (size_t)(dot - base) :
	    strlen(base);
	if ((name = malloc(len + 1)) == NULL)
		return NULL;
	memcpy(name, base, len);
	name[len] = '\0';
	return name;
}

static int
walk_root(struct walk *w, const struct node *root)
{
	struct config	*cfg = w->cfg;
	struct slot	 s[T_COUNT];

	memset(s, 0, sizeof s);
	if (root->type != NODE_MAPPING)
		return expected(w, root, "a mapping with model, weights and "
		    "input", "the config");
	if (walk_collect(w, root, "at top level", top_keys, N_TOP_KEYS,
	    s) == -1)
		return -1;
	if (s[T_MODEL].key == NULL)
		return missing(w, root, "model", "at top level", "");
	cfg->weights.source = WEIGHTS_INIT;
	cfg->weights.seed = DEFAULT_SEED;
	cfg->weights.std = DEFAULT_STD;
	if (walk_model(w, s[T_MODEL].key, s[T_MODEL].value) == -1)
		return -1;
	if (s[T_WEIGHTS].key != NULL && walk_weights(w, s[T_WEIGHTS].key,
	    s[T_WEIGHTS].value) == -1)
		return -1;
	/* Checked late: a mistake inside model: is more use to hear first. */
	if (s[T_INPUT].key == NULL)
		return missing(w, root, "input", "at top level",
		    " (text, tokens or embeddings)");
	if (walk_input(w, s[T_INPUT].key, s[T_INPUT].value) == -1)
		return -1;
	if (cfg->model.name == NULL &&
	    (cfg->model.name = default_name(w->path)) == NULL)
		return walk_oom(w);
	return walk_lengths(w, s[T_INPUT].value);
}

/* ---- entry points ---------------------------------------------------- */

int
config_load_buffer(const char *path, const char *buf, size_t len,
    struct config *cfg, struct error *err)
{
	struct tree	t;
	struct walk	w;
	int		rc;

	memset(cfg, 0, sizeof *cfg);
	if (len > CONFIG_MAX_BYTES)
		return error_at(err, path, 0, 0, "larger than 1 MiB (%d "
		    "bytes); expected a YAML config", CONFIG_MAX_BYTES);
	memset(&t, 0, sizeof t);
	t.path = path;
	t.buf = buf;
	t.len = len;
	t.err = err;
	if ((rc = tree_build(&t)) == 0 && t.root == NULL)
		rc = error_at(err, path, 1, 1, "empty config; expected a "
		    "mapping with model, weights and input");
	if (rc == 0) {
		w.path = path;
		w.err = err;
		w.cfg = cfg;
		if ((cfg->path = strdup(path)) == NULL)
			rc = walk_oom(&w);
		else
			rc = walk_root(&w, t.root);
	}
	tree_free(&t);
	if (rc == -1)
		config_free(cfg);
	return rc;
}

int
config_load(const char *path, struct config *cfg, struct error *err)
{
	char	*buf = NULL;
	size_t	 len = 0;
	int	 rc;

	memset(cfg, 0, sizeof *cfg);
	/* The whole file first: reader errors give a byte offset only. */
	if (file_read(path, "a YAML config", CONFIG_MAX_BYTES, &buf, &len,
	    err) == -1)
		return -1;
	rc = config_load_buffer(path, buf, len, cfg, err);
	free(buf);
	return rc;
}

void
config_free(struct config *cfg)
{
	free(cfg->path);
	free(cfg->model.name);
	free(cfg->weights.file);
	free(cfg->input.text);
	free(cfg->input.vocab);
	free(cfg->input.merges);
	free(cfg->input.tokens);
	memset(cfg, 0, sizeof *cfg);
}

const char *
config_family_name(enum config_family family)
{
	switch (family) {
	case FAMILY_GPT2:
		return "gpt2";
	case FAMILY_LLAMA:
		return "llama";
	case FAMILY_BERT:
		return "bert";
	case FAMILY_ATTENTION:
		return "attention";
	}
	return "?";
}

const char *
config_norm_name(enum config_norm norm)
{
	switch (norm) {
	case NORM_NONE:
		return "none";
	case NORM_LAYERNORM:
		return "layernorm";
	case NORM_RMSNORM:
		return "rmsnorm";
	}
	return "?";
}

const char *
config_activation_name(enum config_activation act)
{
	switch (act) {
	case ACT_NONE:
		return "none";
	case ACT_GELU:
		return "gelu";
	case ACT_GELU_TANH:
		return "gelu_tanh";
	case ACT_RELU:
		return "relu";
	case ACT_SILU:
		return "silu";
	case ACT_SWIGLU:
		return "swiglu";
	}
	return "?";
}

const char *
config_position_name(enum config_position pos)
{
	switch (pos) {
	case POS_NONE:
		return "none";
	case POS_LEARNED:
		return "learned";
	case POS_SINUSOIDAL:
		return "sinusoidal";
	case POS_ROPE:
		return "rope";
	case POS_ALIBI:
		return "alibi";
	}
	return "?";
}

const char *
config_mask_name(enum config_mask mask)
{
	switch (mask) {
	case MASK_NONE:
		return "none";
	case MASK_CAUSAL:
		return "causal";
	case MASK_SLIDING:
		return "sliding";
	}
	return "?";
}

const char *
config_tokenizer_name(enum config_tokenizer tok)
{
	switch (tok) {
	case TOKENIZER_WHITESPACE:
		return "whitespace";
	case TOKENIZER_CHARS:
		return "chars";
	case TOKENIZER_BYTES:
		return "bytes";
	case TOKENIZER_GPT2:
		return "gpt2";
	}
	return "?";
}
