/*
 * ytree.c - a YAML document as a small tree with places; see ytree.h.
 *
 * libyaml's events become nodes that keep their line and column.  The
 * resource limits live here (nesting depth, nodes after alias
 * expansion), so a hostile file is refused before any schema code sees
 * it.  The readers below check a node against what a schema expects and
 * say what was found, at its place.
 */
#include "build-config.h"

#include <locale.h>
#include <stdarg.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "attntui/base/names.h"
#include "attntui/base/text.h"
#include "attntui/io/ytree.h"

#define YTREE_MAX_DEPTH	32
#define YTREE_MAX_NODES	10000
#define YTREE_MAX_KEY	1024	/* libyaml's longest simple key */
#define FOUND_MAX	48	/* bytes of a value quoted in a message */

/* ---- the tree ------------------------------------------------------- */

struct anchor {
	char			*name;
	struct ytree_node	*node;
};

/* The tree as it is built from libyaml's events. */
struct ytree_build {
	const char		*path;
	const char		*buf;
	size_t			 len;
	struct error		*err;
	struct ytree_node	*all;
	struct ytree_node	*root;
	int			 documents;
	struct anchor		*anchors;
	size_t			 n_anchors;
	size_t			 anchors_cap;
	struct ytree_node	*stack[YTREE_MAX_DEPTH];
	char			*stack_anchor[YTREE_MAX_DEPTH];
	size_t			 stack_start[YTREE_MAX_DEPTH];
	size_t			 depth;
	size_t			 expanded;	/* nodes so far, aliases
						   expanded */
};
static int
tree_oom(struct ytree_build *t)
{
	return error_nomem(t->err, t->path);
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

/*
 * libyaml takes a key of more than 1024 characters for a plain scalar,
 * then finds its ':' out of place: say so when the text before the ':'
 * on its line is that long.
 */
static const char *
tree_long_key(const struct ytree_build *t, const yaml_parser_t *p)
{
	size_t	at = p->problem_mark.index, start = at, chars = 0;

	if (strcmp(p->problem, "mapping values are not allowed in this "
	    "context") != 0 || at > t->len)
		return "";
	while (start > 0 && t->buf[start - 1] != '\n')
		start--;
	for (; start < at; start++)
		if (((unsigned char)t->buf[start] & 0xc0) != 0x80 &&
		    t->buf[start] != ' ')
			chars++;
	return chars > YTREE_MAX_KEY ? "; a key is at most 1024 characters "
	    "long" : "";
}

static int
tree_syntax_error(struct ytree_build *t, const yaml_parser_t *p)
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
	    "YAML syntax error: %s%s", problem, tree_long_key(t, p));
}

/*
 * Only the YAML 1.2 core schema's tags mean anything here; anything else
 * is more likely a paste from another tool than something to ignore.
 */
static int
tree_tag(struct ytree_build *t, const yaml_char_t *tag, const yaml_mark_t *mark,
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

static struct ytree_node *
tree_node(struct ytree_build *t, enum ytree_type type, const yaml_mark_t *mark)
{
	struct ytree_node	*n;

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
tree_count(struct ytree_build *t, size_t weight, const yaml_mark_t *mark)
{
	t->expanded += weight;
	if (t->expanded <= YTREE_MAX_NODES)
		return 0;
	return error_at(t->err, t->path, (int)mark->line + 1,
	    (int)mark->column + 1,
	    "more than %d nodes with aliases expanded; expected a small "
	    "config", YTREE_MAX_NODES);
}

/* Append n to the open collection, or make it the document's root. */
static int
tree_add(struct ytree_build *t, struct ytree_node *n)
{
	struct ytree_node	*parent, **kids;
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
tree_anchor(struct ytree_build *t, char *name, struct ytree_node *n)
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
tree_alias(struct ytree_build *t, const yaml_event_t *ev)
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
tree_scalar(struct ytree_build *t, const yaml_event_t *ev)
{
	struct ytree_node	*n;
	char		*anchor;
	int		 is_str;

	if (tree_tag(t, ev->data.scalar.tag, &ev->start_mark, &is_str) == -1)
		return -1;
	if (tree_count(t, 1, &ev->start_mark) == -1)
		return -1;
	if ((n = tree_node(t, YTREE_SCALAR, &ev->start_mark)) == NULL)
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
tree_open(struct ytree_build *t, const yaml_event_t *ev, enum ytree_type type)
{
	const yaml_char_t	*tag, *anchor;
	struct ytree_node		*n;
	int			 is_str;

	if (type == YTREE_MAPPING) {
		tag = ev->data.mapping_start.tag;
		anchor = ev->data.mapping_start.anchor;
	} else {
		tag = ev->data.sequence_start.tag;
		anchor = ev->data.sequence_start.anchor;
	}
	if (tree_tag(t, tag, &ev->start_mark, &is_str) == -1)
		return -1;
	if (t->depth == YTREE_MAX_DEPTH)
		return error_at(t->err, t->path, (int)ev->start_mark.line + 1,
		    (int)ev->start_mark.column + 1,
		    "nesting deeper than %d levels; expected a flat config",
		    YTREE_MAX_DEPTH);
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
tree_close(struct ytree_build *t)
{
	struct ytree_node	*n;
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
tree_event(struct ytree_build *t, const yaml_event_t *ev, int *done)
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
		return tree_open(t, ev, YTREE_SEQUENCE);
	case YAML_MAPPING_START_EVENT:
		return tree_open(t, ev, YTREE_MAPPING);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return tree_close(t);
	default:
		return 0;
	}
}

static int
tree_build(struct ytree_build *t)
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

/* What is left of a build: the anchors' names, and its open nodes. */
static void
tree_build_free(struct ytree_build *t)
{
	size_t	i;

	for (i = 0; i < t->n_anchors; i++)
		free(t->anchors[i].name);
	free(t->anchors);
	for (i = 0; i < t->depth; i++)
		free(t->stack_anchor[i]);
}

int
ytree_parse(const char *path, const char *buf, size_t len,
    struct ytree *tree, struct error *err)
{
	struct ytree_build	t;
	int			rc;

	/*
	 * libyaml would skip a byte order mark itself, but the encoding is
	 * fixed (its reader offsets must be byte offsets into buf), which
	 * turns that off: skip it here.
	 */
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	memset(&t, 0, sizeof t);
	t.path = path;
	t.buf = buf;
	t.len = len;
	t.err = err;
	rc = tree_build(&t);
	tree->root = rc == 0 ? t.root : NULL;
	tree->all = t.all;
	tree_build_free(&t);
	return rc;
}

void
ytree_free(struct ytree *tree)
{
	struct ytree_node	*n, *next;

	for (n = tree->all; n != NULL; n = next) {
		next = n->next;
		free(n->text);
		free(n->kids);
		free(n);
	}
	tree->all = tree->root = NULL;
}

/* ---- values --------------------------------------------------------- */

int
ytree_oom(const struct ytree_reader *r)
{
	return error_nomem(r->err, r->path);
}

int
ytree_fail(const struct ytree_reader *r, const struct ytree_node *n,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;
	int	 len;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0 || (msg = malloc((size_t)len + 1)) == NULL)
		return ytree_oom(r);
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)len + 1, fmt, ap);
	va_end(ap);
	error_at(r->err, r->path, n->line, n->column, "%s", msg);
	free(msg);
	return -1;
}

int
ytree_is(const struct ytree_node *n, const char *s)
{
	return n->type == YTREE_SCALAR && n->len == strlen(s) &&
	    memcmp(n->text, s, n->len) == 0;
}

int
ytree_is_null(const struct ytree_node *n)
{
	return n->type == YTREE_SCALAR && n->plain && (n->len == 0 ||
	    ytree_is(n, "~") || ytree_is(n, "null") || ytree_is(n, "Null") ||
	    ytree_is(n, "NULL"));
}

/* s[0..len) quoted with q for a message, FOUND_MAX bytes at most. */
static char *
quote(const char *s, size_t len, char q, char *buf, size_t size)
{
	return text_quote(s, len, q, FOUND_MAX, buf, size);
}

/*
 * What a message says was found instead of what was expected.  Where a
 * number or boolean is expected, a quoted "768" is a string and is
 * called one, or the message would read as if 768 were refused.
 */
static void
describe(const struct ytree_node *n, int typed, char *buf, size_t size)
{
	size_t	o = 0;

	if (n->type == YTREE_MAPPING)
		snprintf(buf, size, "a mapping");
	else if (n->type == YTREE_SEQUENCE)
		snprintf(buf, size, n->n_kids == 0 ? "an empty sequence" :
		    "a sequence");
	else if (ytree_is_null(n))
		snprintf(buf, size, "null");
	else {
		if (typed && !n->plain)
			o = (size_t)snprintf(buf, size, "the string ");
		quote(n->text, n->len, '"', buf + o, size - o);
	}
}

/* "expected WHAT for NAME, found ..." at n. */
static int
ytree_expected_typed(const struct ytree_reader *r, const struct ytree_node *n,
    int typed, const char *what, const char *name)
{
	char	found[TEXT_QUOTE_SIZE(FOUND_MAX) + 16];

	describe(n, typed, found, sizeof found);
	return ytree_fail(r, n, "expected %s for %s, found %s", what, name,
	    found);
}

int
ytree_expected(const struct ytree_reader *r, const struct ytree_node *n,
    const char *what, const char *name)
{
	return ytree_expected_typed(r, n, 0, what, name);
}

/* YAML 1.2 core-schema integer: [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+. */
int
ytree_int(const struct ytree_node *n, int *neg, uint64_t *value,
    int *overflow)
{
	const char	*s = n->text;
	unsigned	 base = 10, digit;
	size_t		 i = 0, start;

	*neg = 0;
	*value = 0;
	*overflow = 0;
	if (n->type != YTREE_SCALAR || !n->plain || n->len == 0)
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
int
ytree_get_uint(const struct ytree_reader *r, const struct ytree_node *n,
    const char *name, uint64_t min, uint64_t max, uint64_t *out)
{
	const char	*what = min == 0 ? "a non-negative integer" :
			    "a positive integer";
	char		 bound[96];
	uint64_t	 v;
	int		 neg, overflow;

	if (ytree_int(n, &neg, &v, &overflow) == -1 || (neg && v != 0) ||
	    (!overflow && v < min))
		return ytree_expected_typed(r, n, 1, what, name);
	if (overflow || v > max) {
		snprintf(bound, sizeof bound, "%s at most %llu", what,
		    (unsigned long long)max);
		return ytree_expected_typed(r, n, 1, bound, name);
	}
	*out = v;
	return 0;
}

int
ytree_get_int(const struct ytree_reader *r, const struct ytree_node *n,
    const char *name, int64_t max, int64_t *out)
{
	uint64_t	v;

	if (ytree_get_uint(r, n, name, 1, (uint64_t)max, &v) == -1)
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
int
ytree_get_float(const struct ytree_reader *r, const struct ytree_node *n,
    const char *name, int zero_ok, double *out)
{
	const char	*what = zero_ok ? "a non-negative number" :
			    "a positive number";
	const char	*point = localeconv()->decimal_point;
	char		 buf[128], *end;
	size_t		 i, o = 0;
	double		 v;

	if (n->type != YTREE_SCALAR || !n->plain || n->len > 64 ||
	    float_syntax(n->text, n->len) == -1)
		return ytree_expected_typed(r, n, 1, what, name);
	for (i = 0; i < n->len; i++) {
		if (n->text[i] == '.' && point != NULL && *point != '\0') {
			o += (size_t)snprintf(buf + o, sizeof buf - o, "%s",
			    point);
		} else
			buf[o++] = n->text[i];
		if (o >= sizeof buf - 8)
			return ytree_expected_typed(r, n, 1, what, name);
	}
	buf[o] = '\0';
	v = strtod(buf, &end);
	if (*end != '\0' || !isfinite(v) || v < 0 || (!zero_ok && v == 0))
		return ytree_expected_typed(r, n, 1, what, name);
	*out = v;
	return 0;
}

int
ytree_get_bool(const struct ytree_reader *r, const struct ytree_node *n,
    const char *name, int *out)
{
	if (n->plain && (ytree_is(n, "true") || ytree_is(n, "True") ||
	    ytree_is(n, "TRUE")))
		*out = 1;
	else if (n->plain && (ytree_is(n, "false") || ytree_is(n, "False") ||
	    ytree_is(n, "FALSE")))
		*out = 0;
	else
		return ytree_expected_typed(r, n, 1, "true or false", name);
	return 0;
}

/* A non-empty string; any scalar but null reads as its text. */
int
ytree_get_string(const struct ytree_reader *r, const struct ytree_node *n,
    const char *name, char **out)
{
	char	*s;

	if (n->type != YTREE_SCALAR || ytree_is_null(n) || n->len == 0)
		return ytree_expected(r, n, "a non-empty string", name);
	if (memchr(n->text, '\0', n->len) != NULL)
		return ytree_expected(r, n, "a string without NUL characters",
		    name);
	if ((s = strdup(n->text)) == NULL)
		return ytree_oom(r);
	free(*out);
	*out = s;
	return 0;
}

/* One of names[] (NULL-terminated); the message lists them all. */
int
ytree_get_enum(const struct ytree_reader *r, const struct ytree_node *n,
    const char *name, const struct names *names, int *out)
{
	char	list[256];

	if (n->type == YTREE_SCALAR && !ytree_is_null(n) &&
	    names_parse_len(names, n->text, n->len, out) == 0)
		return 0;
	return ytree_expected(r, n, names_list(names, list, sizeof list),
	    name);
}

/* A path from the config, relative to the config file's directory. */
int
ytree_get_path(const struct ytree_reader *r, const struct ytree_node *n,
    const char *name, char **out)
{
	const char	*slash = strrchr(r->path, '/');
	char		*file = NULL, *joined;
	size_t		 dir;

	if (ytree_get_string(r, n, name, &file) == -1)
		return -1;
	if (file[0] == '/' || slash == NULL) {
		free(*out);
		*out = file;
		return 0;
	}
	dir = (size_t)(slash - r->path) + 1;
	if ((joined = malloc(dir + strlen(file) + 1)) == NULL) {
		free(file);
		return ytree_oom(r);
	}
	memcpy(joined, r->path, dir);
	strcpy(joined + dir, file);
	free(file);
	free(*out);
	*out = joined;
	return 0;
}

/* ---- keys ----------------------------------------------------------- */

static int
unknown_key(const struct ytree_reader *r, const struct ytree_node *k,
    const char *where, const struct ytree_key *keys, size_t n_keys)
{
	char			 name[TEXT_QUOTE_SIZE(FOUND_MAX)];
	const char		*best;
	struct text_suggest	 ts;
	size_t			 i;

	quote(k->text, k->len, '\'', name, sizeof name);
	text_suggest_init(&ts, k->text, k->len);
	for (i = 0; i < n_keys; i++)
		text_suggest_offer(&ts, keys[i].name);
	if ((best = text_suggest_best(&ts)) != NULL)
		return ytree_fail(r, k, "unknown key %s %s; did you mean '%s'?",
		    name, where, best);
	return ytree_fail(r, k, "unknown key %s %s", name, where);
}

const struct ytree_key *
ytree_key_find(const struct ytree_node *k, const struct ytree_key *keys,
    size_t n_keys)
{
	size_t	i;

	for (i = 0; i < n_keys; i++)
		if (ytree_is(k, keys[i].name))
			return &keys[i];
	return NULL;
}

/* The name a slot is documented under: the first key naming it. */
const char *
ytree_key_canonical(const struct ytree_key *keys, int slot)
{
	while (keys->slot != slot)
		keys++;
	return keys->name;
}

/*
 * Sort a mapping's pairs into slots: unknown keys, non-scalar keys and a
 * key given twice (also as canonical name and alias) stop here.
 */
int
ytree_collect(const struct ytree_reader *r, const struct ytree_node *map,
    const char *where, const struct ytree_key *keys, size_t n_keys,
    struct ytree_slot *slots)
{
	const struct ytree_key	*key;
	const struct ytree_node	*k, *first;
	char			 found[TEXT_QUOTE_SIZE(FOUND_MAX) + 16];
	size_t			 i;

	for (i = 0; i + 1 < map->n_kids; i += 2) {
		k = map->kids[i];
		if (k->type != YTREE_SCALAR || ytree_is_null(k)) {
			describe(k, 0, found, sizeof found);
			return ytree_fail(r, k,
			    "expected a key name %s, found %s", where, found);
		}
		if ((key = ytree_key_find(k, keys, n_keys)) == NULL)
			return unknown_key(r, k, where, keys, n_keys);
		if ((first = slots[key->slot].key) != NULL && ytree_is(first,
		    key->name))
			return ytree_fail(r, k,
			    "duplicate key '%s' %s; first given at line %d",
			    key->name, where, first->line);
		if (first != NULL)
			return ytree_fail(r, k,
			    "key '%s' %s is another name for '%.*s', given at "
			    "line %d; expected one of them", key->name, where,
			    (int)first->len, first->text, first->line);
		slots[key->slot].key = k;
		slots[key->slot].value = map->kids[i + 1];
	}
	return 0;
}

int
ytree_expect_mapping(const struct ytree_reader *r, const struct ytree_node *n,
    const char *name)
{
	if (n->type == YTREE_MAPPING)
		return 0;
	return ytree_expected(r, n, "a mapping", name);
}

/* "missing key" at the key that owns the mapping. */
int
ytree_missing(const struct ytree_reader *r, const struct ytree_node *owner,
    const char *key, const char *where, const char *why)
{
	return ytree_fail(r, owner, "missing key '%s' %s%s", key, where, why);
}

/*
 * "give exactly one of": at the second one given in document order, or
 * at the owner when none is.
 */
int
ytree_exactly_one(const struct ytree_reader *r, const struct ytree_node *owner,
    const struct ytree_slot *s, const int *slots, size_t n,
    const struct ytree_key *keys, const char *section, int *which)
{
	const struct ytree_node	*first = NULL;
	char			 list[128];
	size_t			 i, o = 0;
	int			 first_slot = -1;

	for (i = 0; i < n; i++)
		o += (size_t)snprintf(list + o, sizeof list - o, "%s%s.%s",
		    i == 0 ? "" : i + 1 == n ? " and " : ", ", section,
		    ytree_key_canonical(keys, slots[i]));
	for (i = 0; i < n; i++) {
		const struct ytree_node	*k = s[slots[i]].key;

		if (k == NULL)
			continue;
		if (first == NULL || k->line < first->line ||
		    (k->line == first->line && k->column < first->column)) {
			first = k;
			first_slot = slots[i];
		}
	}
	if (first == NULL)
		return ytree_fail(r, owner,
		    "expected exactly one of %s, found none", list);
	for (i = 0; i < n; i++) {
		const struct ytree_node	*k = s[slots[i]].key;

		if (k != NULL && k != first)
			return ytree_fail(r, k,
			    "expected exactly one of %s, found both %s.%s and "
			    "%s.%s", list, section,
			    ytree_key_canonical(keys, first_slot), section,
			    ytree_key_canonical(keys, slots[i]));
	}
	*which = first_slot;
	return 0;
}

