/*
 * jsontree.c - JSON parsed into a tree of positioned nodes; see jsontree.h.
 *
 * One pass, recursive descent.  The values of an array or object being
 * read wait on one shared stack; when it closes they are copied into a
 * block as one contiguous run, so a node's children are an array.
 */
#include "build-config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "attntui/io/jsontree.h"

#define JT_BLOCK	(1u << 20)	/* bytes of a block, at least */

struct jsontree_block {
	struct jsontree_block	*next;
	size_t			 used, cap;
	max_align_t		 data[];
};

struct jt_parser {
	struct jsontree		*jt;
	const unsigned char	*p, *end;
	struct jsontree_node	*stack;		/* children of open values */
	size_t			 top, cap;
	int			 depth;
	struct error		*err;
};

/* ---- memory ------------------------------------------------------------ */

static void *
jt_alloc(struct jsontree *jt, size_t n)
{
	struct jsontree_block	*b = jt->blocks;
	size_t			 cap;
	void			*p;

	n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	if (b == NULL || b->cap - b->used < n) {
		cap = n > JT_BLOCK ? n : JT_BLOCK;
		if (cap > SIZE_MAX - sizeof *b ||
		    (b = malloc(sizeof *b + cap)) == NULL)
			return NULL;
		b->next = jt->blocks;
		b->used = 0;
		b->cap = cap;
		jt->blocks = b;
	}
	p = (char *)b->data + b->used;
	b->used += n;
	return p;
}

/* ---- places and errors ------------------------------------------------- */

void
jsontree_place(const struct jsontree *jt, size_t off, int *line, int *column)
{
	const unsigned char	*s = (const unsigned char *)jt->text;
	size_t			 i;
	int			 ln = 1, col = 1;

	if (off > jt->len)
		off = jt->len;
	for (i = 0; i < off; i++) {
		if (s[i] == '\n') {
			if (ln < INT32_MAX)
				ln++;
			col = 1;
		} else if ((s[i] & 0xc0) != 0x80 && col < INT32_MAX)
			col++;
	}
	*line = ln;
	*column = col;
}

static int
jt_verror(const struct jsontree *jt, size_t off, struct error *err,
    const char *fmt, va_list ap)
{
	char	msg[512];
	int	line, column;

	vsnprintf(msg, sizeof msg, fmt, ap);
	jsontree_place(jt, off, &line, &column);
	return error_at(err, jt->name, line, column, "%s", msg);
}

int
jsontree_error(const struct jsontree *jt, const struct jsontree_node *n,
    struct error *err, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	jt_verror(jt, n != NULL ? n->off : 0, err, fmt, ap);
	va_end(ap);
	return -1;
}

static int
jt_fail(struct jt_parser *ps, const unsigned char *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
jt_fail(struct jt_parser *ps, const unsigned char *at, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	jt_verror(ps->jt, (size_t)(at - (const unsigned char *)ps->jt->text),
	    ps->err, fmt, ap);
	va_end(ap);
	return -1;
}

static int
jt_oom(struct jt_parser *ps)
{
	return error_set(ps->err, EXIT_RUNTIME, ps->jt->name, 0, 0,
	    "out of memory");
}

/* What the parser found at p, for "expected X, found Y". */
static const char *
jt_found(const struct jt_parser *ps, const unsigned char *p, char *buf,
    size_t len)
{
	if (p >= ps->end)
		return "the end of the file";
	if (*p >= 0x21 && *p < 0x7f)
		snprintf(buf, len, "'%c'", *p);
	else
		snprintf(buf, len, "byte 0x%02X", *p);
	return buf;
}

const char *
jsontree_type_name(const struct jsontree_node *n)
{
	if (n == NULL)
		return "nothing";
	switch ((enum jsontree_type)n->type) {
	case JSONTREE_NULL:	return "null";
	case JSONTREE_BOOL:	return "a boolean";
	case JSONTREE_INTEGER:	return "an integer";
	case JSONTREE_REAL:	return "a real number";
	case JSONTREE_STRING:	return "a string";
	case JSONTREE_ARRAY:	return "an array";
	case JSONTREE_OBJECT:	return "an object";
	}
	return "?";
}

int
jsontree_get(const struct jsontree *jt, const struct jsontree_node *obj,
    const char *key, const struct jsontree_node **out, struct error *err)
{
	const struct jsontree_node	*k;
	size_t				 len = strlen(key);
	uint32_t			 i;

	*out = NULL;
	for (i = 0; i < obj->n; i++) {
		k = &obj->u.kids[2 * i];
		if (k->n != len || memcmp(k->u.s, key, len) != 0)
			continue;
		if (*out != NULL)
			return jsontree_error(jt, k, err, "\"%s\" given twice; "
			    "expected each key once", key);
		*out = k + 1;
	}
	return 0;
}

/* ---- the parser -------------------------------------------------------- */

static void
jt_space(struct jt_parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\n' ||
	    *ps->p == '\t' || *ps->p == '\r'))
		ps->p++;
}

static int
jt_push(struct jt_parser *ps, struct jsontree_node **n)
{
	struct jsontree_node	*s;
	size_t			 cap;

	if (ps->top == ps->cap) {
		cap = ps->cap == 0 ? 1024 : ps->cap * 2;
		if ((s = reallocarray(ps->stack, cap, sizeof *s)) == NULL)
			return jt_oom(ps);
		ps->stack = s;
		ps->cap = cap;
	}
	*n = &ps->stack[ps->top++];
	memset(*n, 0, sizeof **n);
	(*n)->off = (uint32_t)(ps->p - (const unsigned char *)ps->jt->text);
	return 0;
}

static int
jt_hex4(const unsigned char *p, unsigned *v)
{
	int	i;

	*v = 0;
	for (i = 0; i < 4; i++) {
		*v <<= 4;
		if (p[i] >= '0' && p[i] <= '9')
			*v |= p[i] - '0';
		else if ((p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'f')
			*v |= (p[i] | 0x20) - 'a' + 10;
		else
			return -1;
	}
	return 0;
}

/* A \u escape at p (after the backslash): its code point, *p moved on. */
static int
jt_unicode_escape(struct jt_parser *ps, const unsigned char **pp,
    unsigned *cp)
{
	const unsigned char	*p = *pp;
	unsigned		 lo;

	if (ps->end - p < 5 || jt_hex4(p + 1, cp) != 0)
		return jt_fail(ps, p - 1, "expected four hex digits after \\u");
	p += 5;
	if (*cp >= 0xdc00 && *cp <= 0xdfff)
		return jt_fail(ps, *pp - 1, "\\u%04X is a lone low surrogate; "
		    "expected a character or a surrogate pair", *cp);
	if (*cp >= 0xd800 && *cp <= 0xdbff) {
		if (ps->end - p < 6 || p[0] != '\\' || p[1] != 'u' ||
		    jt_hex4(p + 2, &lo) != 0 || lo < 0xdc00 || lo > 0xdfff)
			return jt_fail(ps, *pp - 1, "\\u%04X is a lone high "
			    "surrogate; expected a low surrogate after it",
			    *cp);
		*cp = 0x10000 + ((*cp - 0xd800) << 10) + (lo - 0xdc00);
		p += 6;
	}
	*pp = p;
	return 0;
}

/* Bytes from p to the string's closing quote (or the end). */
static size_t
jt_raw_len(const unsigned char *p, const unsigned char *end)
{
	const unsigned char	*s = p;

	while (p < end && *p != '"')
		p += *p == '\\' && p + 1 < end ? 2 : 1;
	return (size_t)(p - s);
}

/*
 * The string whose opening quote is at ps->p.  Without escapes it stays
 * in place; with them it is decoded into a block (never longer than its
 * source).
 */
static int
jt_string(struct jt_parser *ps, struct jsontree_node *n)
{
	const unsigned char	*start = ps->p + 1, *p = start;
	unsigned char		*out = NULL, *o = NULL;
	utf8proc_int32_t	 c;
	utf8proc_ssize_t	 len;
	unsigned		 cp;

	for (;;) {
		if (p >= ps->end)
			return jt_fail(ps, ps->p, "unterminated string; "
			    "expected a closing '\"'");
		if (*p == '"')
			break;
		if (*p < 0x20)
			return jt_fail(ps, p, "control character U+%04X in a "
			    "string; expected it escaped", *p);
		if (*p == '\\' && out == NULL) {
			if ((out = jt_alloc(ps->jt, jt_raw_len(p, ps->end) +
			    (size_t)(p - start) + 1)) == NULL)
				return jt_oom(ps);
			memcpy(out, start, (size_t)(p - start));
			o = out + (p - start);
		}
		if (*p == '\\') {
			if (p + 1 >= ps->end)
				return jt_fail(ps, p, "unterminated string; "
				    "expected a closing '\"'");
			p++;
			switch (*p) {
			case '"': case '\\': case '/':
				*o++ = *p++;
				continue;
			case 'b': *o++ = '\b'; p++; continue;
			case 'f': *o++ = '\f'; p++; continue;
			case 'n': *o++ = '\n'; p++; continue;
			case 'r': *o++ = '\r'; p++; continue;
			case 't': *o++ = '\t'; p++; continue;
			case 'u':
				if (jt_unicode_escape(ps, &p, &cp) != 0)
					return -1;
				o += utf8proc_encode_char((utf8proc_int32_t)cp,
				    o);
				continue;
			default:
				return jt_fail(ps, p - 1, "invalid escape; "
				    "expected one of \\\" \\\\ \\/ \\b \\f \\n "
				    "\\r \\t \\uXXXX");
			}
		}
		if (*p < 0x80)
			len = 1;
		else if ((len = utf8proc_iterate(p, ps->end - p, &c)) < 0)
			return jt_fail(ps, p, "invalid UTF-8 (byte 0x%02X) in "
			    "a string; expected UTF-8 text", *p);
		if (o != NULL) {
			memcpy(o, p, (size_t)len);
			o += len;
		}
		p += len;
	}
	n->type = JSONTREE_STRING;
	if (out != NULL) {
		*o = '\0';
		n->u.s = (const char *)out;
		n->n = (uint32_t)(o - out);
	} else {
		*(unsigned char *)p = '\0';	/* over the closing quote */
		n->u.s = (const char *)start;
		n->n = (uint32_t)(p - start);
	}
	ps->p = p + 1;
	return 0;
}

static int
jt_digits(const unsigned char **p, const unsigned char *end)
{
	const unsigned char	*s = *p;

	while (*p < end && **p >= '0' && **p <= '9')
		(*p)++;
	return *p > s;
}

static int
jt_number(struct jt_parser *ps, struct jsontree_node *n)
{
	const unsigned char	*p = ps->p, *s = p;
	char			 buf[64], *e;
	int			 real = 0;

	if (p < ps->end && *p == '-')
		p++;
	if (p < ps->end && *p == '0')
		p++;
	else if (!jt_digits(&p, ps->end))
		return jt_fail(ps, s, "invalid number; expected a digit");
	if (p < ps->end && *p == '.') {
		p++;
		real = 1;
		if (!jt_digits(&p, ps->end))
			return jt_fail(ps, p, "invalid number; expected a "
			    "digit after '.'");
	}
	if (p < ps->end && (*p == 'e' || *p == 'E')) {
		p++;
		real = 1;
		if (p < ps->end && (*p == '+' || *p == '-'))
			p++;
		if (!jt_digits(&p, ps->end))
			return jt_fail(ps, p, "invalid number; expected a "
			    "digit in the exponent");
	}
	if ((size_t)(p - s) >= sizeof buf)
		real = 1;
	snprintf(buf, sizeof buf, "%.*s", (int)(p - s), (const char *)s);
	errno = 0;
	if (!real) {
		n->u.i = strtoll(buf, &e, 10);
		real = errno == ERANGE;
	}
	if (real) {
		/* Long numbers keep their first 63 characters' value. */
		n->u.d = strtod(buf, &e);
		n->type = JSONTREE_REAL;
	} else
		n->type = JSONTREE_INTEGER;
	ps->p = p;
	return 0;
}

static int
jt_word(struct jt_parser *ps, const char *word)
{
	size_t	len = strlen(word);

	if ((size_t)(ps->end - ps->p) < len ||
	    memcmp(ps->p, word, len) != 0)
		return 0;
	ps->p += len;
	return 1;
}

static int	jt_value(struct jt_parser *, struct jsontree_node **);

/* Move the children stack[base..top) into a block as n's kids. */
static int
jt_adopt(struct jt_parser *ps, size_t base, struct jsontree_node *n,
    size_t per)
{
	size_t	count = ps->top - base;

	if (count / per > UINT32_MAX)
		return jt_fail(ps, ps->p, "too many members");
	n->n = (uint32_t)(count / per);
	if (count > 0) {
		if ((n->u.kids = jt_alloc(ps->jt, count * sizeof *n->u.kids)) ==
		    NULL)
			return jt_oom(ps);
		memcpy(n->u.kids, ps->stack + base, count * sizeof *n->u.kids);
	}
	ps->top = base;
	return 0;
}

/*
 * An array or object whose bracket is at ps->p, as the node at stack
 * slot at (the stack may move while it fills).
 */
static int
jt_container(struct jt_parser *ps, size_t at, int object)
{
	const unsigned char	*open = ps->p;
	struct jsontree_node	*k, *v, node;
	char			 fb[16];
	size_t			 base;
	char			 close = object ? '}' : ']';

	if (++ps->depth > JSONTREE_MAX_DEPTH)
		return jt_fail(ps, open, "nested deeper than %d levels",
		    JSONTREE_MAX_DEPTH);
	ps->p++;
	base = ps->top;
	jt_space(ps);
	if (ps->p < ps->end && *ps->p == close)
		ps->p++;
	else for (;;) {
		jt_space(ps);
		if (object) {
			if (ps->p >= ps->end || *ps->p != '"')
				return jt_fail(ps, ps->p, "expected a string "
				    "key, found %s", jt_found(ps, ps->p, fb,
				    sizeof fb));
			if (jt_push(ps, &k) != 0 || jt_string(ps, k) != 0)
				return -1;
			jt_space(ps);
			if (ps->p >= ps->end || *ps->p != ':')
				return jt_fail(ps, ps->p, "expected ':' after "
				    "the key, found %s", jt_found(ps, ps->p,
				    fb, sizeof fb));
			ps->p++;
		}
		if (jt_value(ps, &v) != 0)
			return -1;
		jt_space(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == close) {
			ps->p++;
			break;
		}
		return jt_fail(ps, ps->p, "expected ',' or '%c', found %s",
		    close, jt_found(ps, ps->p, fb, sizeof fb));
	}
	node = ps->stack[at];
	node.type = object ? JSONTREE_OBJECT : JSONTREE_ARRAY;
	if (jt_adopt(ps, base, &node, object ? 2 : 1) != 0)
		return -1;
	ps->stack[at] = node;
	ps->depth--;
	return 0;
}

/* One value, pushed on the stack; *out points at it until the next push. */
static int
jt_value(struct jt_parser *ps, struct jsontree_node **out)
{
	struct jsontree_node	*n;
	char			 fb[16];
	size_t			 at;

	jt_space(ps);
	if (jt_push(ps, &n) != 0)
		return -1;
	at = ps->top - 1;
	if (ps->p >= ps->end)
		return jt_fail(ps, ps->p, "expected a value, found the end "
		    "of the file");
	switch (*ps->p) {
	case '{':
	case '[':
		if (jt_container(ps, at, *ps->p == '{') != 0)
			return -1;
		break;
	case '"':
		if (jt_string(ps, n) != 0)
			return -1;
		break;
	case 't':
	case 'f':
	case 'n':
		if (jt_word(ps, "true") || jt_word(ps, "false")) {
			n->type = JSONTREE_BOOL;
			n->u.i = ps->p[-2] == 'u';	/* "true" */
		} else if (jt_word(ps, "null"))
			n->type = JSONTREE_NULL;
		else
			return jt_fail(ps, ps->p, "expected a value (true, "
			    "false or null?), found %s", jt_found(ps, ps->p,
			    fb, sizeof fb));
		break;
	default:
		if (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9')) {
			if (jt_number(ps, n) != 0)
				return -1;
			break;
		}
		return jt_fail(ps, ps->p, "expected a value, found %s",
		    jt_found(ps, ps->p, fb, sizeof fb));
	}
	*out = &ps->stack[at];
	return 0;
}

int
jsontree_parse(struct jsontree *jt, const char *name, char *text, size_t len,
    struct error *err)
{
	struct jt_parser	 ps;
	struct jsontree_node	*v;
	char			 fb[16];
	int			 rc = -1;

	memset(jt, 0, sizeof *jt);
	jt->text = text;
	jt->len = len;
	if ((jt->name = strdup(name)) == NULL)
		return error_set(err, EXIT_RUNTIME, name, 0, 0,
		    "out of memory");
	memset(&ps, 0, sizeof ps);
	ps.jt = jt;
	ps.p = (const unsigned char *)text;
	ps.end = ps.p + len;
	ps.err = err;
	if (len > JSONTREE_MAX_LEN)
		return error_set(err, EXIT_USAGE, name, 0, 0, "larger than "
		    "4 GiB; expected a smaller JSON file");
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		jt_fail(&ps, ps.p, "a byte order mark; expected JSON text "
		    "without one");
		goto out;
	}
	if (jt_value(&ps, &v) != 0)
		goto out;
	jt_space(&ps);
	if (ps.p < ps.end) {
		jt_fail(&ps, ps.p, "expected the end of the file after the "
		    "value, found %s", jt_found(&ps, ps.p, fb, sizeof fb));
		goto out;
	}
	if ((jt->root = jt_alloc(jt, sizeof *jt->root)) == NULL) {
		jt_oom(&ps);
		goto out;
	}
	*jt->root = ps.stack[0];
	rc = 0;
out:
	free(ps.stack);
	return rc;
}

void
jsontree_free(struct jsontree *jt)
{
	struct jsontree_block	*b, *next;

	for (b = jt->blocks; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(jt->name);
	free(jt->text);
	memset(jt, 0, sizeof *jt);
}
